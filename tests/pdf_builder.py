"""Write realistic case-study PDFs from a small spec, for the PDF loader tests.

Drawn with reportlab's canvas so every layout feature the loader must handle is real PDF
geometry: a running header and a "Page N" footer on every page, footnote calls as small
raised text ("text[^2]" in the spec), footnote bodies in small print at the bottom of the
page where their call appears, ruled tables (grid lines) that may break across a page
with the header repeated (header cells wrap inside their column), a two-level table
header, figure boxes with captions, bulleted list items, an optional two-column section, and
sections of three or more columns, each column with its own notes at its foot. Only the
standard Helvetica fonts are used, so text must fit WinAnsi (ASCII, dashes, curly quotes,
the middle dot).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

BODY, BOLD = "Helvetica", "Helvetica-Bold"
BODY_SIZE, LEADING = 10.0, 13.0
SUP_SIZE, SUP_RISE = 6.0, 3.5
NOTE_SIZE, NOTE_LEADING = 8.0, 10.0
CELL_SIZE, ROW_HEIGHT, CELL_LEADING = 9.0, 16.0, 11.0
BULLET_INDENT = 12.0
MARGIN, GUTTER = 72.0, 24.0
_CALL = re.compile(r"\[\^(\d+)\]")


@dataclass
class TableSpec:
    """A ruled table; `group_header` is [(label, span), ...] over the columns ("" = none)."""

    header: list[str]
    rows: list[list[str]]
    caption: str | None = None
    source: str | None = None
    group_header: list[tuple[str, int]] | None = None
    break_after_rows: int | None = None  # force a page break after this many body rows
    repeat_header: bool = True


@dataclass
class FigureSpec:
    """A figure: caption above an empty box, optional source line below."""

    caption: str
    height: float = 110.0
    source: str | None = None


@dataclass
class ListItem:
    """A bulleted list item: the bullet hangs in the margin, wrapped lines are indented.

    The default bullet is the middle dot: reportlab writes U+2022 as WinAnsi code 127,
    which pdfminer cannot map back (it reads as "(cid:127)").
    """

    text: str
    bullet: str = "\u00b7"


Block = str | TableSpec | FigureSpec | ListItem


@dataclass
class Section:
    """A heading and its blocks; a two-column section starts on a new page. A section of
    `columns` > 1 deals its blocks out to that many columns in order, on the page where it
    starts; each column's notes are printed right under the column's text."""

    heading: str | None
    blocks: list[Block] = field(default_factory=list)
    two_column: bool = False
    columns: int = 1


@dataclass
class CaseStudySpec:
    """A whole document: title, sections, footnote bodies by number, running header."""

    title: str
    sections: list[Section]
    footnotes: dict[int, str] = field(default_factory=dict)
    running_header: str = "NATIONAL PUBLIC SAFETY PARTNERSHIP CASE STUDY"


def _pieces(text: str) -> list[tuple[str, bool]]:
    """A word as (text, is_superscript) pieces: "residents.[^1]" -> [("residents.", F), ("1", T)]."""
    out: list[tuple[str, bool]] = []
    pos = 0
    for m in _CALL.finditer(text):
        if m.start() > pos:
            out.append((text[pos : m.start()], False))
        out.append((m.group(1), True))
        pos = m.end()
    if pos < len(text):
        out.append((text[pos:], False))
    return out


class _Writer:
    """A tiny page-layout engine over a reportlab canvas."""

    def __init__(self, spec: CaseStudySpec, path: Path) -> None:
        self.spec = spec
        self.width, self.height = letter
        self.canvas = Canvas(str(path), pagesize=letter)
        self.page = 0
        self.notes: list[int] = []
        self.frames: list[tuple[float, float, float]] = []
        self._new_page()

    # -- pages and frames -------------------------------------------------------------
    def _new_page(self, columns: int = 1) -> None:
        if self.page:
            self._finish_page()
            self.canvas.showPage()
        self.page += 1
        self.notes = []
        full = self.width - 2 * MARGIN
        top = self.height - MARGIN
        if columns == 2:
            col = (full - GUTTER) / 2
            self.frames = [(MARGIN, col, top), (MARGIN + col + GUTTER, col, top)]
        else:
            self.frames = [(MARGIN, full, top)]
        self.x, self.w, self.y = self.frames.pop(0)

    def _next_frame(self) -> None:
        if self.frames:
            self.x, self.w, self.y = self.frames.pop(0)
        else:
            self._new_page(columns=1)

    def _notes_height(self, notes: list[int]) -> float:
        if not notes:
            return 0.0
        lines = sum(len(self._wrap(self.spec.footnotes.get(n, ""), self.width - 2 * MARGIN - 10, NOTE_SIZE))
                    for n in notes)
        return 12.0 + lines * NOTE_LEADING

    def _bottom(self, notes: list[int] | None = None) -> float:
        return MARGIN + self._notes_height(self.notes if notes is None else notes)

    def _finish_page(self) -> None:
        c = self.canvas
        c.setFont(BODY, 9)
        c.drawString(MARGIN, self.height - 40, self.spec.running_header)
        c.drawRightString(self.width - MARGIN, 36, f"Page {self.page}")
        if self.notes:
            y = MARGIN + self._notes_height(self.notes) - 4
            c.line(MARGIN, y, MARGIN + 120, y)
            y -= 4 + NOTE_SIZE
            for n in self.notes:
                c.setFont(BODY, SUP_SIZE - 1)
                c.drawString(MARGIN, y + 3, str(n))
                for line in self._wrap(self.spec.footnotes.get(n, ""), self.width - 2 * MARGIN - 10, NOTE_SIZE):
                    c.setFont(BODY, NOTE_SIZE)
                    c.drawString(MARGIN + 8, y, line)
                    y -= NOTE_LEADING

    # -- text -------------------------------------------------------------------------
    @staticmethod
    def _word_width(word: str, size: float, font: str = BODY) -> float:
        return sum(stringWidth(t, font, SUP_SIZE if sup else size) for t, sup in _pieces(word))

    def _wrap(self, text: str, width: float, size: float, font: str = BODY) -> list[str]:
        lines: list[str] = []
        for word in text.split():
            trial = f"{lines[-1]} {word}" if lines else word
            if lines and self._word_width(trial, size, font) <= width:
                lines[-1] = trial
            else:
                lines.append(word)
        return lines

    def _draw_rich(self, x: float, y: float, text: str, size: float, font: str = BODY) -> None:
        for piece, sup in _pieces(text):
            if sup:
                self.canvas.setFont(font, SUP_SIZE)
                self.canvas.drawString(x, y + SUP_RISE, piece)
                x += stringWidth(piece, font, SUP_SIZE)
            else:
                self.canvas.setFont(font, size)
                self.canvas.drawString(x, y, piece)
                x += stringWidth(piece, font, size)

    def paragraph(
        self, text: str, size: float = BODY_SIZE, font: str = BODY, after: float = 8.0, bullet: str | None = None
    ) -> None:
        leading = size * 1.3
        indent = BULLET_INDENT if bullet else 0.0
        for index, line in enumerate(self._wrap(text, self.w - indent, size, font)):
            calls = [int(n) for n in _CALL.findall(line)]
            if self.y - leading < self._bottom(self.notes + calls):
                self._next_frame()
            self.notes += [n for n in calls if n not in self.notes]
            self.y -= leading
            if bullet and index == 0:
                self.canvas.setFont(font, size)
                self.canvas.drawString(self.x, self.y, bullet)
            self._draw_rich(self.x + indent, self.y, line, size, font)
        self.y -= after

    # -- tables and figures -------------------------------------------------------------
    def _col_widths(self, n: int) -> list[float]:
        first = self.w * 0.22
        rest = (self.w - first) / max(n - 1, 1)
        return [first] + [rest] * (n - 1)

    def _cell(self, text: str, x: float, w: float, y: float, left: bool, font: str = BODY) -> None:
        self.notes += [int(n) for n in _CALL.findall(text) if int(n) not in self.notes]
        width = self._word_width(text, CELL_SIZE, font)
        tx = x + 4 if left else x + w - 4 - width
        self._draw_rich(tx, y, text, CELL_SIZE, font)

    def _header(self, t: TableSpec, widths: list[float]) -> None:
        c, x0 = self.canvas, self.x
        xs = [x0 + sum(widths[:i]) for i in range(len(widths) + 1)]
        if t.group_header:
            top = self.y
            mid = top - ROW_HEIGHT
            col = 0
            for label, span in t.group_header:
                if label:
                    self._cell(label, xs[col], xs[col + span] - xs[col], top - 11.5, True, BOLD)
                    c.line(xs[col], mid, xs[col + span], mid)
                c.line(xs[col], top, xs[col], top - ROW_HEIGHT)
                col += span
            c.line(xs[-1], top, xs[-1], top - ROW_HEIGHT)
            c.line(xs[0], top, xs[-1], top)
            self.y = mid
        self._row(t.header, widths, BOLD, top_rule=not t.group_header)

    def _row(self, cells: list[str], widths: list[float], font: str = BODY, top_rule: bool = True) -> None:
        """One ruled row; a header (bold) cell too wide for its column wraps onto more lines."""
        c, x0 = self.canvas, self.x
        xs = [x0 + sum(widths[:i]) for i in range(len(widths) + 1)]
        wrap = font == BOLD
        pairs = zip(cells, widths, strict=False)
        lines = [(self._wrap(t, w - 8, CELL_SIZE, font) or [""]) if wrap else [t] for t, w in pairs]
        height = ROW_HEIGHT + CELL_LEADING * (max(len(ls) for ls in lines) - 1)
        top, bottom = self.y, self.y - height
        if top_rule:
            c.line(xs[0], top, xs[-1], top)
        c.line(xs[0], bottom, xs[-1], bottom)
        for x in xs:
            c.line(x, top, x, bottom)
        for i, cell_lines in enumerate(lines):
            for k, text in enumerate(cell_lines):
                y = top - (ROW_HEIGHT - 4.5) - k * CELL_LEADING
                self._cell(text, xs[i], widths[i], y, i == 0 or font == BOLD, font)
        self.y = bottom

    def table(self, t: TableSpec) -> None:
        widths = self._col_widths(len(t.header))
        head = ROW_HEIGHT * (2 if t.group_header else 1)
        if self.y - (30 + head + 2 * ROW_HEIGHT) < self._bottom():
            self._next_frame()
        if t.caption:
            self.paragraph(t.caption, font=BOLD, after=4)
        self._header(t, widths)
        for i, row in enumerate(t.rows):
            forced = t.break_after_rows is not None and i == t.break_after_rows
            if forced or self.y - ROW_HEIGHT < self._bottom():
                self._next_frame()
                if t.repeat_header:
                    self._header(t, widths)
            self._row(row, widths)
        self.y -= 6
        if t.source:
            self.paragraph(t.source, size=NOTE_SIZE, after=10)

    def figure(self, f: FigureSpec) -> None:
        if self.y - (f.height + 40) < self._bottom():
            self._next_frame()
        self.paragraph(f.caption, font=BOLD, after=4)
        self.canvas.rect(self.x, self.y - f.height, self.w, f.height)
        self.y -= f.height + 6
        if f.source:
            self.paragraph(f.source, size=NOTE_SIZE, after=10)

    def _column_notes(self, x: float, w: float, y: float, calls: list[int]) -> float:
        """Draw notes `calls` in a column from `y` down; return the y under them."""
        c = self.canvas
        for n in calls:
            c.setFont(BODY, SUP_SIZE - 1)
            c.drawString(x, y + 3, str(n))
            for line in self._wrap(self.spec.footnotes.get(n, ""), w - 8, NOTE_SIZE):
                c.setFont(BODY, NOTE_SIZE)
                c.drawString(x + 8, y, line)
                y -= NOTE_LEADING
        return y

    def _columns_section(self, s: Section) -> None:
        if s.heading:
            self.paragraph(s.heading, size=12, font=BOLD, after=6)
        full = self.width - 2 * MARGIN
        col = (full - GUTTER * (s.columns - 1)) / s.columns
        top, page_notes, per = self.y, list(self.notes), -(-len(s.blocks) // s.columns)
        feet: list[tuple[float, list[int]]] = []
        for i in range(s.columns):
            self.x, self.w, self.y, self.notes = MARGIN + i * (col + GUTTER), col, top, []
            for block in s.blocks[i * per:(i + 1) * per]:
                self.block(block)
            feet.append((self.y, list(self.notes)))
        ends = [self._column_notes(MARGIN + i * (col + GUTTER), col, foot - 6, calls)
                for i, (foot, calls) in enumerate(feet)]
        self.x, self.w, self.y, self.notes = MARGIN, full, min(ends) - 10, page_notes

    def section(self, s: Section) -> None:
        if s.columns > 1:
            self._columns_section(s)
            return
        if s.two_column:
            self._new_page(columns=1)
            if s.heading:
                self.paragraph(s.heading, size=12, font=BOLD, after=6)
            col = (self.width - 2 * MARGIN - GUTTER) / 2
            self.frames = [(MARGIN + col + GUTTER, col, self.y)]
            self.x, self.w = MARGIN, col
            for block in s.blocks:
                self.block(block)
            self._new_page(columns=1)
            return
        if s.heading:
            self.paragraph(s.heading, size=12, font=BOLD, after=6)
        for block in s.blocks:
            self.block(block)

    def block(self, block: Block) -> None:
        if isinstance(block, TableSpec):
            self.table(block)
        elif isinstance(block, FigureSpec):
            self.figure(block)
        elif isinstance(block, ListItem):
            self.paragraph(block.text, bullet=block.bullet)
        else:
            self.paragraph(block)

    def write(self) -> None:
        self.paragraph(self.spec.title, size=18, font=BOLD, after=12)
        for s in self.spec.sections:
            self.section(s)
        self._finish_page()
        self.canvas.save()


def build_case_study_pdf(spec: CaseStudySpec, path: Path | str) -> Path:
    """Write `spec` as a PDF at `path` and return the path."""
    out = Path(path)
    _Writer(spec, out).write()
    return out
