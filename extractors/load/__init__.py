"""Bytes to pages: plain text, Markdown (markdown-it-py), PDF (pdfplumber, invisible ink dropped) and OCR,
each into the page model of `model.pages`."""
