"""PDF bytes to the plain-text page convention of `extractors.model.pages`.

Pure functions, pdfplumber-style: bytes -> pdfplumber document -> per-page words, tables
and lines -> furniture removed across pages -> footnotes, reading order, paragraphs ->
`LoadedDocument`. Failures become `ExtractionError(stage="load")` with a reason a person
understands; recoverable damage becomes a warning on the document.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pdfplumber

from extractors.layout.furniture import repeated_keys, split_furniture
from extractors.layout.pdf_boxes import page_boxes
from extractors.layout.pdf_paragraphs import body_size, flows_to_paragraphs, split_column_notes, split_footnotes
from extractors.layout.pdf_tables import page_tables
from extractors.layout.pdf_words import (
    Box,
    Line,
    Word,
    chars_to_words,
    derotate_chars,
    derotate_edges,
    inside,
    mark_superscripts,
    orientation,
    unturn_box,
    words_to_lines,
)
from extractors.layout.reading_order import reading_order
from extractors.load.pdf_ink import InkPage
from extractors.model.errors import ExtractionError
from extractors.model.pages import LoadedDocument, PageText
from extractors.tables.grid import TableGrid
from extractors.vocab.vocabulary import Vocabulary, vocabulary

CID_LIMIT = 0.5  # above this share of (cid:NN) characters the text is unreadable


@dataclass
class RawPage:
    """What one page yields before cross-page decisions (furniture, body size)."""

    number: int
    width: float
    height: float
    lines: list[Line]
    prose_words: list[Word]
    tables: list[TableGrid]
    chars: int = 0
    cid_chars: int = 0
    invisible_chars: int = 0  # white or uninked, tiny, or off the page
    invisible_mode_chars: int = 0  # drawn in text render mode 3 or 7 (as OCR text layers are)
    turn: int = 0  # degrees the content is turned; words and tables are in the upright frame
    frame: tuple[float, float] = (0.0, 0.0)  # the page's own width and height (pdfplumber's frame)
    images: int = 0  # an empty page has no text and no images; an image-only page has images

    def to_page(self, box: Box) -> Box:
        """An upright-frame box in the page's own frame."""
        return unturn_box(box, self.frame[0], self.frame[1], self.turn)


def _fail(reason: str) -> ExtractionError:
    return ExtractionError(stage="load", reason=reason)


def _exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, the exceptions it wraps (args, cause, context), depth first."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        stack += [a for a in current.args if isinstance(a, BaseException)]
        stack += [e for e in (current.__cause__, current.__context__) if e is not None]


def out_of_memory(exc: BaseException) -> bool:
    """The parser ran out of memory (the child's limit), however deep pdfminer wrapped it: the
    isolation layer reports that with the limit, so a run with a higher limit tries again."""
    return any(isinstance(e, MemoryError) or "allocate" in str(e) for e in _exception_chain(exc))


def exception_to_reason(exc: BaseException) -> str:
    """A reason a person understands for a PDF that pdfplumber/pdfminer could not open."""
    chain = list(_exception_chain(exc))
    names = [type(e).__name__ for e in chain]
    if any("Password" in n or "Encrypt" in n for n in names):
        return "encrypted PDF (a password is required)"
    if any(isinstance(e, RecursionError) for e in chain):
        return "damaged PDF: cross-reference table loops"
    if any(isinstance(e, MemoryError) or "allocate" in str(e) for e in chain):
        return "a stream inflates beyond the memory limit (a decompression bomb or a huge page)"
    detail = next((str(e) for e in reversed(chain) if str(e).strip()), names[-1])
    return f"damaged PDF: {detail.strip()[:100]}"


def check_header(data: bytes) -> None:
    """Reject what is obviously not a PDF before handing it to the parser."""
    if not data:
        raise _fail("empty file (0 bytes)")
    if b"%PDF" not in data[:1024]:
        raise _fail("not a PDF (no %PDF header)")


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip()
        if message and message not in self.messages:
            self.messages.append(message)


@contextmanager
def parser_warnings() -> Iterator[list[str]]:
    """Collect the warnings pdfminer logs (e.g. data loss in a corrupt stream)."""
    handler = _ListHandler()
    logger = logging.getLogger("pdfminer")
    level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


_TINY_POINTS = 1.0


def is_out_of_sight(char: dict[str, Any], width: float, height: float, *, rotated: bool = False) -> bool:
    """Text a reader cannot see though it is inked (`pdf_ink` drops the uninked): smaller than a
    point, or (on an unrotated page, where coordinates are trustworthy) outside the page."""
    if float(char.get("size") or 0.0) < _TINY_POINTS:
        return True
    if rotated:
        return False
    return char["x1"] < 0 or char["x0"] > width or char["bottom"] < 0 or char["top"] > height




def page_to_raw(page: InkPage, vocab: Vocabulary) -> RawPage:
    """Words, tables and prose lines of one pdfplumber page; its characters and ruling lines are
    read once. Content turned on the page (a landscape table on a portrait page, a page with
    /Rotate) is turned upright first and read in its own direction. Characters that leave no ink
    never reach `page.chars` (`InkPage`); those too small or off the page are dropped here."""
    width, height = float(page.width), float(page.height)
    rotated = bool(getattr(page, "rotation", 0) % 360)
    chars = []
    hidden = seen = cids = 0
    turns: Counter[int] = Counter()
    for char in page.chars:  # one pass: what is seen, what is not, unmapped glyphs, turns
        text = str(char.get("text", ""))
        if is_out_of_sight(char, width, height, rotated=rotated):
            hidden += bool(text.strip())
            continue
        chars.append(char)
        if text.strip():
            seen += 1
            turns[orientation(char)] += 1
        cids += text.startswith("(cid:")
    unseen = page.hidden
    raw = RawPage(
        number=page.page_number,
        width=width,
        height=height,
        lines=[],
        prose_words=[],
        tables=[],
        chars=seen,
        cid_chars=cids,
        invisible_chars=hidden + unseen["ink"],
        invisible_mode_chars=unseen["mode"],
        frame=(width, height),
        images=len(page.images),
    )
    raw.turn = turns.most_common(1)[0][0] if turns else 0
    edges = page.edges
    if raw.turn:
        chars = derotate_chars(chars, width, height, raw.turn)
        edges = derotate_edges(edges, width, height, raw.turn)
        if raw.turn in (90, 270):
            raw.width, raw.height = height, width
    words = mark_superscripts(chars_to_words(chars))
    raw.tables = page_tables(words, edges, vocab)
    boxes = [t.box for t in raw.tables if t.box]
    raw.prose_words = [w for w in words if not any(inside(w, box) for box in boxes)]
    raw.lines = words_to_lines(raw.prose_words)
    return raw


def raw_to_page_text(raw: RawPage, repeated: set[tuple[str, str]], size: float) -> PageText:
    """The page in the plain-text convention: paragraphs, tables, footnotes, furniture."""
    content, furniture = split_furniture(raw.lines, raw.height, repeated)
    content, notes = split_footnotes(content, size)
    flows, column_notes = split_column_notes(reading_order(content, raw.tables, raw.width), size)
    text = "\n\n".join(flows_to_paragraphs(flows, size) + column_notes + notes)
    return PageText(
        number=raw.number,
        text=text,
        furniture=tuple(line.text for line in furniture),
        boxes=page_boxes(text, [ln for ln in raw.lines if not any(ln is f for f in furniture)], raw.tables,
                         raw.number, raw.to_page),
    )


def document_to_raw_pages(
    pdf: Any, max_pages: int, warnings: list[str], vocab: Vocabulary, *, read_invisible_mode: bool = False
) -> list[RawPage]:
    """Read every page; a page that fails is kept empty with a warning."""
    if len(pdf.pages) > max_pages:
        raise _fail(f"more than {max_pages} pages ({len(pdf.pages)})")
    raws = []
    failures: list[str] = []
    for plain in pdf.pages:
        page = InkPage(plain, read_invisible_mode=read_invisible_mode)
        try:
            raws.append(page_to_raw(page, vocab))
        except RecursionError as exc:
            raise _fail(exception_to_reason(exc)) from exc
        except Exception as exc:  # noqa: BLE001 - one bad page must not lose the document
            if out_of_memory(exc):
                raise MemoryError from exc
            failures.append(exception_to_reason(exc))
            warnings.append(f"page {page.page_number} could not be read: {failures[-1]}")
            raws.append(RawPage(page.page_number, float(page.width), float(page.height), [], [], []))
        finally:
            page.close()
            plain.close()
    if raws and len(failures) == len(raws):
        raise _fail(failures[0])
    return raws


def check_text_layer(raws: list[RawPage], warnings: list[str]) -> None:
    """Refuse documents without readable text; warn when some glyphs are unmapped or hidden."""
    total = sum(r.chars for r in raws)
    cids = sum(r.cid_chars for r in raws)
    hidden = sum(r.invisible_chars for r in raws)
    unpainted = sum(r.invisible_mode_chars for r in raws)
    if total == 0 and unpainted:
        raise _fail(
            f"no visible text: all {unpainted + hidden} characters are drawn invisible (text render mode 3, "
            "as in the text layer OCR puts under a scan); psp ingest --ocr reads that layer"
        )
    if total == 0 and hidden:
        raise _fail(f"no visible text: all {hidden} characters are invisible (white or uninked, tiny or off the page)")
    if total == 0 and not any(r.images for r in raws):
        raise _fail(f"empty PDF: no text and no images on its {len(raws)} page(s)")
    if total == 0:
        raise _fail("no text layer (image-only pages)")
    if hidden:
        warnings.append(f"{hidden} characters of invisible text (white or uninked, tiny or off the page) were ignored")
    if unpainted:
        warnings.append(f"{unpainted} characters drawn invisible (text render mode 3) were not read")
    if cids > CID_LIMIT * total:
        raise _fail("unreadable glyphs: text is mostly (cid:NN) codes with no Unicode mapping")
    if cids:
        warnings.append(f"{cids} of {total} characters have no Unicode mapping and read as (cid:NN)")


def pdf_bytes_to_document(
    data: bytes, vocab: Vocabulary | None = None, *, max_pages: int = 2000, ocr: bool = False
) -> LoadedDocument:
    """Load a PDF given as bytes into pages of plain text (see `extractors.model.pages`).

    Text drawn in render mode 3 (invisible) is not read, except with `ocr`: a scan's OCR text
    layer is drawn so, and OCR is what the user asked for. `vocab` (table captions and source
    notes) defaults to the packaged vocabulary, for a caller in a parsing child process that was
    handed only the bytes."""
    vocab = vocab or vocabulary()
    check_header(data)
    warnings: list[str] = []
    with parser_warnings() as logged:
        try:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                raws = document_to_raw_pages(pdf, max_pages, warnings, vocab, read_invisible_mode=ocr)
        except ExtractionError:
            raise
        except Exception as exc:  # noqa: BLE001 - every parser failure becomes a reason
            if out_of_memory(exc):
                raise MemoryError from exc
            raise _fail(exception_to_reason(exc)) from exc
    warnings = [f"PDF parser: {m}" for m in logged] + warnings
    check_text_layer(raws, warnings)
    size = body_size([w for r in raws for w in r.prose_words])
    repeated = repeated_keys([r.lines for r in raws], [r.height for r in raws])
    pages = tuple(raw_to_page_text(r, repeated, size) for r in raws)
    return LoadedDocument(kind="pdf", pages=pages, page_count=len(raws), warnings=tuple(warnings), blocks_known=True)
