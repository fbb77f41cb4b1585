"""Plain-text case studies (as extracted from their PDFs by some other tool) to pages.

The text keeps its line breaks as printed (normalization reads which of them end a block);
CR, CRLF and LF line ends read alike, a byte order mark is dropped, and running headers,
footers and page numbers of a text with pages (form feeds) are set aside as furniture.
"""

from __future__ import annotations

import codecs

from extractors.layout.furniture import text_page_furniture
from extractors.model.errors import ExtractionError
from extractors.model.pages import PAGE_BREAK, LoadedDocument, PageText

MAX_LINE_CHARS = 200_000


def _decode(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (len(data) > 3 and data[1:4:2] == b"\0\0"):
        raise ExtractionError("load", "text is UTF-16, not UTF-8: re-save the file as UTF-8")
    if b"\0" in data:
        raise ExtractionError("load", "binary content: the file holds NUL bytes, so it is not a text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ExtractionError(
            "load",
            f"not valid UTF-8 (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "re-save the file as UTF-8 (it may be Latin-1 or Windows-1252)",
        ) from None


def bytes_to_text(data: bytes) -> str:
    """The file's text, decoded strictly, with one kind of line end (also for Markdown)."""
    text = decoded_lines(_decode(data))
    if not text.strip():  # nothing but white space, or a byte-order mark alone
        raise ExtractionError("load", "empty file: no text to read")
    if max((len(line) for line in text.splitlines()), default=0) > MAX_LINE_CHARS:
        raise ExtractionError("load", f"a line longer than {MAX_LINE_CHARS:,} characters: not a prose document")
    return text


def text_bytes_to_document(data: bytes) -> LoadedDocument:
    """Decode strictly; a form feed starts a new page, otherwise the text is one unpaged page."""
    text = bytes_to_text(data)
    chunks = text.split(PAGE_BREAK)
    if len(chunks) == 1:
        return LoadedDocument("text", (PageText(None, text),), None)
    pages = tuple(
        PageText(number, page, furniture)
        for number, (page, furniture) in enumerate(text_page_furniture(chunks), start=1)
    )
    return LoadedDocument("text", pages, len(pages))


def decoded_lines(text: str) -> str:
    """One line end for all: CRLF and a lone CR (old Mac files) read as LF; BOMs dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
