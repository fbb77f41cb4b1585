"""Tables on a PDF page, written as tab-separated rows (header row first).

Ruled tables come from pdfplumber's table finder (lines strategy). Cell text is rebuilt
from our own words so superscript calls survive ("Population¹"), multi-line header cells
are flattened into one header row ("Pre-Pawn Handgun"), and ruled rows that hold several
printed rows (the NICS report rules every fifth state) are split back into printed rows.
Unruled tables are found conservatively from aligned, mostly numeric lines only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from extractors.layout.pdf_words import Line, Word, inside, words_to_lines, words_to_text

BBox = tuple[float, float, float, float]
_NUMBER = re.compile(r"[-+−(]?[$€£]?\d[\d,.]*%?\)?[¹²³⁴⁵⁶⁷⁸⁹⁰]*")
_RULED = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass(frozen=True)
class TableBlock:
    """A table found on a page: its box and its rows of cell texts (header row first)."""

    bbox: BBox
    rows: tuple[tuple[str, ...], ...]

    @property
    def top(self) -> float:
        return self.bbox[1]

    @property
    def bottom(self) -> float:
        return self.bbox[3]

    @property
    def x0(self) -> float:
        return self.bbox[0]

    @property
    def x1(self) -> float:
        return self.bbox[2]

    def lines(self) -> list[str]:
        """One line per row, cells joined by tabs."""
        return ["\t".join(row) for row in self.rows]


def is_number(text: str) -> bool:
    """Whether a cell reads as a printed number ("12,430", "5.6%", "$750,000")."""
    return bool(_NUMBER.fullmatch(text.strip()))


def _column_ranges(rows: list[Any]) -> list[tuple[float, float]]:
    """Each column's x-range: the narrowest (unmerged) cell seen at that index."""
    ncols = max(len(r.cells) for r in rows)
    ranges = []
    for i in range(ncols):
        cells = [r.cells[i] for r in rows if i < len(r.cells) and r.cells[i] is not None]
        if not cells:
            ranges.append((0.0, 0.0))
            continue
        ranges.append((max(c[0] for c in cells), min(c[2] for c in cells)))
    return ranges


def _span(cell: BBox, cols: list[tuple[float, float]]) -> list[int]:
    """The columns a (possibly merged) cell covers."""
    return [i for i, (a, b) in enumerate(cols) if b > a and cell[0] - 1 <= (a + b) / 2 <= cell[2] + 1]


def _column_of(word: Word, cols: list[tuple[float, float]]) -> int | None:
    for i, (a, b) in enumerate(cols):
        if a - 1 <= word.xc <= b + 1:
            return i
    return None


def _is_banner(row: Any, words: list[Word], width: float) -> bool:
    """A row that is one cell across the whole table (a title or notes), or empty."""
    cells = [c for c in row.cells if c is not None]
    if not any(inside(w, row.bbox) for w in words):
        return True
    return len(cells) == 1 and (cells[0][2] - cells[0][0]) >= 0.9 * width


def _row_lines(words: list[Word], ncols: int, cols: list[tuple[float, float]]) -> list[list[str]]:
    """Printed lines of one ruled row, each as a list of cell texts."""
    out = []
    for line in words_to_lines(words):
        cells: list[list[Word]] = [[] for _ in range(ncols)]
        for word in line.words:
            col = _column_of(word, cols)
            if col is not None:
                cells[col].append(word)
        out.append([words_to_text(c) for c in cells])
    return out


def _split_printed_rows(lines: list[list[str]]) -> list[list[str]]:
    """Merge wrapped cell lines; keep lines that are rows of their own as separate rows."""
    rows: list[list[str]] = []
    first_filled = 0
    for cells in lines:
        filled = [i for i, c in enumerate(cells) if c]
        if not filled:
            continue
        starts_row = bool(cells[0]) and len(filled) >= 2 and len(filled) >= 0.5 * first_filled
        if not rows or starts_row:
            rows.append(list(cells))
            first_filled = len(filled)
            continue
        rows[-1] = [(a + " " + b).strip() if b else a for a, b in zip(rows[-1], cells, strict=True)]
    return rows


def _flatten_header(header_rows: list[Any], words: list[Word], cols: list[tuple[float, float]]) -> list[str]:
    """One header row from several levels: group labels prefix the columns they span."""
    parts: list[list[str]] = [[] for _ in cols]
    for r_index, row in enumerate(header_rows):
        for cell in row.cells:
            if cell is None:
                continue
            span = _span(cell, cols)
            cell_lines = words_to_lines([w for w in words if inside(w, cell)])
            if not span or not cell_lines:
                continue
            if len(span) == 1:
                parts[span[0]].append(" ".join(ln.text for ln in cell_lines))
                continue
            below = any(
                inside(w, c) for later in header_rows[r_index + 1 :] for c in later.cells if c for w in words
            )
            groups = cell_lines if below else cell_lines[:-1]
            for line in groups:
                for col in span:
                    parts[col].append(line.text)
            if not below:
                leaf = cell_lines[-1]
                for col in span:
                    parts[col].append(words_to_text([w for w in leaf.words if _column_of(w, cols) == col]))
    return [" ".join(p for p in col_parts if p) for col_parts in parts]


def _header_count(rows: list[Any], words: list[Word], cols: list[tuple[float, float]]) -> int:
    """How many leading rows form the header (0 when the first row is already data)."""
    count = 0
    prev_merged = False
    for row in rows:
        cells = [c for c in row.cells if c is not None]
        merged = len(cells) < len(cols)
        first = cols[0][1] if cols else 0.0
        numeric = any(is_number(w.text) for w in words if inside(w, row.bbox) and w.xc > first)
        if count == 0:
            if numeric and not merged:
                return 0
            count = 1
            prev_merged = merged
            continue
        if not prev_merged or numeric:
            break
        count += 1
        prev_merged = merged
    return count


def ruled_table(table: Any, words: list[Word]) -> TableBlock | None:
    """Turn one pdfplumber table into a TableBlock, or None if it is not really a table."""
    rows = list(table.rows)
    width = table.bbox[2] - table.bbox[0]
    while rows and _is_banner(rows[0], words, width):
        rows.pop(0)
    while rows and _is_banner(rows[-1], words, width):
        rows.pop()
    if len(rows) < 2:
        return None
    cols = _column_ranges(rows)
    if sum(1 for a, b in cols if b > a) < 2:
        return None
    n_header = _header_count(rows, words, cols)
    out: list[tuple[str, ...]] = []
    if n_header:
        header = _flatten_header(rows[:n_header], words, cols)
        out.append(tuple(header))
    for row in rows[n_header:]:
        row_words = [w for w in words if inside(w, row.bbox)]
        for cells in _split_printed_rows(_row_lines(row_words, len(cols), cols)):
            out.append(tuple(cells))
    if len(out) < 2:
        return None
    bbox = (table.bbox[0], rows[0].bbox[1], table.bbox[2], rows[-1].bbox[3])
    return TableBlock(bbox=bbox, rows=tuple(out))


def page_ruled_tables(page: Any, words: list[Word]) -> list[TableBlock]:
    """All ruled tables of a pdfplumber page, top to bottom."""
    blocks = []
    for table in page.find_tables(table_settings=_RULED):
        block = ruled_table(table, words)
        if block is not None:
            blocks.append(block)
    return sorted(blocks, key=lambda b: b.top)


def _segments(line: Line) -> list[list[Word]]:
    """Split a line where the gap between words is wider than a normal space."""
    segs: list[list[Word]] = [[line.words[0]]]
    for prev, word in zip(line.words, line.words[1:], strict=False):
        if word.x0 - prev.x1 >= 1.0 * max(prev.size, word.size) and not word.sup:
            segs.append([word])
        else:
            segs[-1].append(word)
    return segs


def _aligned(a: list[list[Word]], b: list[list[Word]]) -> bool:
    """Same number of segments and each segment overlaps the one above it horizontally."""
    if len(a) != len(b):
        return False
    for sa, sb in zip(a, b, strict=True):
        if min(sa[-1].x1, sb[-1].x1) - max(sa[0].x0, sb[0].x0) < -2:
            return False
    return True


def _numeric_row(segs: list[list[Word]]) -> bool:
    texts = [words_to_text(s) for s in segs[1:]]
    return sum(is_number(t) for t in texts) >= max(2, len(texts) / 2)


def unruled_tables(lines: list[Line]) -> list[tuple[int, int, TableBlock]]:
    """Runs of aligned lines (a header and at least two numeric rows, 3+ columns).

    Returned as (first line index, end line index, block). Conservative on purpose: prose
    never has three wide gaps on consecutive lines with numbers in most columns.
    """
    segs = [_segments(line) for line in lines]
    found = []
    i = 0
    while i < len(lines):
        j = i + 1
        while (
            j < len(lines)
            and len(segs[i]) >= 3
            and _aligned(segs[j - 1], segs[j])
            and _numeric_row(segs[j])
            and lines[j].top - lines[j - 1].bottom < 1.5 * lines[j].size
        ):
            j += 1
        data_rows = j - i - 1 if not _numeric_row(segs[i]) else j - i
        if len(segs[i]) >= 3 and data_rows >= 2 and j - i >= 3:
            rows = tuple(tuple(words_to_text(s) for s in segs[k]) for k in range(i, j))
            run = lines[i:j]
            bbox = (min(ln.x0 for ln in run), run[0].top, max(ln.x1 for ln in run), run[-1].bottom)
            found.append((i, j, TableBlock(bbox=bbox, rows=rows)))
            i = j
        else:
            i += 1
    return found
