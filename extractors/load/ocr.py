"""OCR for PDFs without a text layer: page images rendered in memory, text read by `tesseract`.

Opt-in (`psp ingest --ocr`): OCR text is noisier than a text layer, so a document read this
way carries the warning `OCR_WARNING` and is marked `ocr = true` in `documents`. OCR needs
Debian's `tesseract-ocr` binary, so this is the one extractor that starts a subprocess; it
writes no files (PNG bytes go to tesseract's stdin, text comes back on its stdout). The PDF
parser is imported only when OCR runs (in the parsing child process), not by the flow.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from typing import Any

from extractors.model.errors import ExtractionError
from extractors.model.pages import PAGE_BREAK, LoadedDocument, PageText

OCR_WARNING = "text read by OCR"
RESOLUTION = 300  # dpi: tesseract is most accurate on body text at about 300 dpi
TESSERACT_ARGS = ("stdin", "stdout", "-l", "eng", "--psm", "3", "--dpi", str(RESOLUTION))
MISSING = "no text layer and OCR is not available: install tesseract-ocr"


def _fail(reason: str) -> ExtractionError:
    return ExtractionError(stage="load", reason=reason)


def tesseract_path() -> str | None:
    """The `tesseract` binary on PATH, or None when Debian's tesseract-ocr is not installed."""
    return shutil.which("tesseract")


def ocr_text_to_page_text(text: str) -> str:
    """Tesseract's output in the page convention: lines of a paragraph joined by one newline,
    paragraphs by one blank line, no trailing spaces or form feeds."""
    lines = [line.rstrip() for line in text.replace(PAGE_BREAK, "\n").splitlines()]
    paragraphs = re.split(r"\n\s*\n", "\n".join(lines).strip())
    return "\n\n".join(p.strip("\n") for p in paragraphs if p.strip())


def image_to_text(png: bytes, binary: str, timeout_s: float) -> str:
    """Text of one page image (PNG bytes) as tesseract reads it."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # one thread: parallel workers do not oversubscribe
    try:
        done = subprocess.run(  # noqa: S603 - a fixed argument list, no shell
            [binary, *TESSERACT_ARGS], input=png, capture_output=True, timeout=timeout_s, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise _fail(f"OCR of a page took longer than {timeout_s:g} s and was stopped") from exc
    except OSError as exc:
        raise _fail(f"{MISSING} ({exc.strerror or exc})") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise _fail(f"OCR failed (tesseract exit code {done.returncode}): {detail[-1] if detail else 'no message'}")
    return done.stdout.decode("utf-8", "replace")


def page_to_png(page: Any) -> bytes:
    """One pdfplumber page rendered (by pypdfium2) to PNG bytes at `RESOLUTION` dpi."""
    image = page.to_image(resolution=RESOLUTION).original
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", dpi=(RESOLUTION, RESOLUTION))
    return buffer.getvalue()


def pdf_bytes_to_ocr_document(data: bytes, *, max_pages: int = 2000, page_timeout_s: float = 120) -> LoadedDocument:
    """Load an image-only PDF (bytes) by OCR into pages of plain text (see `extractors.model.pages`)."""
    # imported here, in the parsing child, so the flow process never loads the PDF parser for OCR
    import pdfplumber

    from extractors.load.pdf import check_header, exception_to_reason

    binary = tesseract_path()
    if binary is None:
        raise _fail(MISSING)
    check_header(data)
    pages: list[PageText] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > max_pages:
                raise _fail(f"more than {max_pages} pages ({len(pdf.pages)})")
            for page in pdf.pages:
                try:
                    text = image_to_text(page_to_png(page), binary, page_timeout_s)
                finally:
                    page.close()
                pages.append(PageText(number=page.page_number, text=ocr_text_to_page_text(text)))
    except ExtractionError:
        raise
    except Exception as exc:  # noqa: BLE001 - every rendering failure becomes a reason
        raise _fail(f"OCR could not render the pages: {exception_to_reason(exc)}") from exc
    if not any(page.text for page in pages):
        raise _fail("no text layer, and OCR found no text in the page images")
    return LoadedDocument(
        kind="pdf", pages=tuple(pages), page_count=len(pages), warnings=(OCR_WARNING,), blocks_known=True
    )


def read_by_ocr(loaded: LoadedDocument) -> bool:
    """Whether a loaded document's text came from OCR (for the `documents.ocr` column)."""
    return OCR_WARNING in loaded.warnings
