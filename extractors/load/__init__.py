"""Bytes to pages: plain text, PDF (pdfplumber) and OCR, each into the page model of `model.pages`."""
