"""The page model every loader produces: one convention for text files and PDFs.

Loaders (text or PDF) turn bytes into `PageText` records that follow one plain-text
convention, so that everything downstream (normalization, tables, footnotes) is written
once:

- paragraphs are separated by a blank line; lines inside a paragraph by a single newline;
- a footnote *call* in the running text is written with Unicode superscript digits
  ("budgeted).²"); text files may also carry calls glued to a number ("$54,124.1"),
  which normalization resolves;
- a footnote *body* is a paragraph that starts with its number in superscript digits
  followed by a space ("¹ United States Census Bureau ...");
- a table is a caption line ("Table 1. ..."), then one line per row with cells separated
  by tabs (header row first), then optionally a "Source: ..." line;
- page furniture (running headers, footers, page numbers) is removed from `text` and kept
  in `furniture` so it can be reported but never reaches prose or claims;
- where the text is printed (PDFs): `PageText.boxes` gives, for spans of the page's text
  (each word the loader wrote, each table cell), the box it is printed in. Offsets are
  page-local; `LoadedDocument.text_boxes()` turns them into offsets of `source_text`, which
  normalization hands to `NormalizedDocument`, so any span of the normalized text (a cell, a
  claim, a footnote call) maps back to page + box (`NormalizedDocument.bbox`). A loader or a
  normalization that rewrites text keeps this working by keeping `source_offsets` (each
  normalized character's source offset) and passing `text_boxes()` through unchanged.

Tables travel in this convention as tab rows, one per table row, the header (every header
line joined per column) first; `extractors.tables` finds them (from word positions in a PDF,
from character columns, tabs and pipes in text) and writes them so.

Who decides where a block ends: a loader that sees the layout (PDF geometry, a Markdown
parse) writes each block as one paragraph, so a newline inside it is a wrapped line
(`blocks_known`), and may say what a block is (`PageText.kinds`: a Markdown heading). A
plain-text file keeps its line breaks as printed, and normalization decides which of them
end a block (a title over its subtitle, a heading over its text).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

PAGE_BREAK = "\f"


@dataclass(frozen=True)
class TextBox:
    """Where the characters `start`..`end` of a text are printed: a page and a box in PDF points
    (x0, top, x1, bottom, top-down, in the frame pdfplumber reports for the page)."""

    start: int
    end: int
    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class PageText:
    """The text of one page (or of a whole text file that has no page breaks)."""

    number: int | None
    text: str
    furniture: tuple[str, ...] = ()
    boxes: tuple[TextBox, ...] = ()  # page-local offsets into `text`, sorted by start
    kinds: tuple[tuple[int, str], ...] = ()  # (page-local offset, kind) of blocks the loader knows ("heading")


@dataclass(frozen=True)
class LoadedDocument:
    """What a loader hands to normalization: pages plus facts about the file."""

    kind: str  # "pdf" or "text"
    pages: tuple[PageText, ...]
    page_count: int | None = None
    warnings: tuple[str, ...] = field(default=())
    blocks_known: bool = False  # the loader wrote one paragraph per block (see the module docstring)

    @property
    def source_text(self) -> str:
        """Pages joined by form feeds: the text that source offsets point into."""
        return PAGE_BREAK.join(page.text for page in self.pages)

    def block_kinds(self) -> dict[int, str]:
        """The kinds the loader knows, by the offset in `source_text` where the block starts."""
        out: dict[int, str] = {}
        offset = 0
        for page in self.pages:
            out.update({offset + start: kind for start, kind in page.kinds})
            offset += len(page.text) + len(PAGE_BREAK)
        return out

    def text_boxes(self) -> tuple[TextBox, ...]:
        """Every page's boxes with offsets into `source_text`, sorted by start."""
        out: list[TextBox] = []
        offset = 0
        for page in self.pages:
            out += [replace(box, start=box.start + offset, end=box.end + offset) for box in page.boxes]
            offset += len(page.text) + len(PAGE_BREAK)
        return tuple(sorted(out, key=lambda box: box.start))


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
    """(start offset, line) for every line, without the newline."""
    out, position = [], 0
    for line in text.split("\n"):
        out.append((position, line))
        position += len(line) + 1
    return out
