"""Tables on a PDF page, from its words and ruling lines, read by the one table algorithm.

Ruled tables keep pdfplumber's ruling-line finder (its `lines` strategy, on the page's edges):
the ruled cells give the column bands and the spans of merged header cells, and each printed
line inside a ruled row is a line of the table (a ruled row may hold several printed rows, as
the NICS report's does). Unruled tables are runs of lines whose words line up in columns; their
bands come from the alignment of the data lines (`extractors.tables.bands`). Both end in the
same header/body logic (`extractors.tables.grid`), so they read the same way.
"""

from __future__ import annotations

import statistics
from typing import Any

from pdfplumber.table import Table, cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges
from pdfplumber.utils import filter_edges

from extractors.layout.pdf_words import Line, Word, words_to_lines, words_to_text
from extractors.tables.bands import find_bands, words_to_line
from extractors.tables.cells import is_measure, is_value
from extractors.tables.grid import Box, Piece, PrintedLine, TableGrid, lines_to_grid
from extractors.vocab.vocabulary import Vocabulary

_TOLERANCE = 1.5  # points: a word edge this close to a band edge is aligned with it
_MAX_HEADER_LINES = 6
_MAX_WORDS_PER_CELL = 5.0


# ---- ruled tables ------------------------------------------------------------------------

def edges_to_ruled_cells(edges: list[dict[str, Any]]) -> list[list[Box]]:
    """The cells of each ruled table, as pdfplumber's lines strategy finds them (default tolerances)."""
    base = filter_edges(edges, "v", min_length=1) + filter_edges(edges, "h", min_length=1)
    merged = filter_edges(merge_edges(base, 3, 3, 3, 3), min_length=3)
    cells = intersections_to_cells(edges_to_intersections(merged, 3, 3))
    return [list(group) for group in cells_to_tables(cells)]


def _column_ranges(rows: list[Any]) -> list[tuple[float, float]]:
    """Each column's x-range: the narrowest (unmerged) cell seen at that index."""
    ncols = max(len(r.cells) for r in rows)
    ranges = []
    for i in range(ncols):
        cells = [r.cells[i] for r in rows if i < len(r.cells) and r.cells[i] is not None]
        ranges.append((max(c[0] for c in cells), min(c[2] for c in cells)) if cells else (0.0, 0.0))
    return ranges


def _span(cell: Box, cols: list[tuple[float, float]]) -> tuple[int, int] | None:
    """The columns a (possibly merged) cell covers."""
    hits = [i for i, (a, b) in enumerate(cols) if b > a and cell[0] - 1 <= (a + b) / 2 <= cell[2] + 1]
    return (hits[0], hits[-1]) if hits else None


def _inside(word: Word, box: Box) -> bool:
    return box[0] <= word.xc <= box[2] and box[1] <= word.yc <= box[3]


def _cell_words(words: list[Word], rows: list[Any]) -> dict[tuple[int, Box], list[Word]]:
    """Each word in the smallest ruled cell that holds it, keyed by (row index, cell)."""
    out: dict[tuple[int, Box], list[Word]] = {}
    cells = sorted(
        ((r, c) for r, row in enumerate(rows) for c in row.cells if c is not None),
        key=lambda rc: (rc[1][2] - rc[1][0]) * (rc[1][3] - rc[1][1]),
    )
    for word in words:
        xc, yc = word.xc, word.yc  # `_inside`, the word's centre computed once, not once per cell
        for r, cell in cells:
            if cell[0] <= xc <= cell[2] and cell[1] <= yc <= cell[3]:
                out.setdefault((r, cell), []).append(word)
                break
    return out


def _is_banner(row: Any, words: list[Word], width: float) -> bool:
    """A row that is empty, or one cell across the whole table holding one phrase (a title, a note)."""
    cells = [c for c in row.cells if c is not None]
    inside = sorted((w for w in words if _inside(w, row.bbox)), key=lambda w: (round(w.top), w.x0))
    if not inside:
        return True
    if len(cells) != 1 or (cells[0][2] - cells[0][0]) < 0.9 * width:
        return False
    return all(len(_segments(line)) == 1 for line in words_to_lines(inside))


def _ruled_lines(rows: list[Any], words: list[Word], cols: list[tuple[float, float]]) -> list[PrintedLine]:
    """Each printed line inside each ruled row, its words placed in the ruled cells that hold them."""
    by_row: dict[int, list[tuple[Box, list[Word]]]] = {}
    for (index, cell), ws in _cell_words(words, rows).items():
        by_row.setdefault(index, []).append((cell, ws))
    lines: list[PrintedLine] = []
    for r in range(len(rows)):
        cell_of = {id(w): cell for cell, ws in by_row.get(r, ()) for w in ws}
        members = [w for _, ws in by_row.get(r, ()) for w in ws]
        for line in words_to_lines(members):
            pieces = []
            for cell in dict.fromkeys(cell_of[id(w)] for w in line.words):
                span = _span(cell, cols)
                inside = [w for w in line.words if cell_of[id(w)] == cell]
                if span is None or not inside:
                    continue
                for part, part_span in _split_merged(inside, span, cols):
                    box = (min(w.x0 for w in part), min(w.top for w in part),
                           max(w.x1 for w in part), max(w.bottom for w in part))
                    pieces.append(Piece(part_span[0], part_span[1], words_to_text(part), box[0], box[2], box))
            if pieces:
                lines.append(PrintedLine(tuple(sorted(pieces, key=lambda p: p.first)), ruled_row=r))
    return lines


def _column_at(word: Word, cols: list[tuple[float, float]]) -> int | None:
    return next((i for i, (a, b) in enumerate(cols) if a - 1 <= word.xc <= b + 1), None)


def _split_merged(
    words: list[Word], span: tuple[int, int], cols: list[tuple[float, float]]
) -> list[tuple[list[Word], tuple[int, int]]]:
    """A merged cell whose line holds labels of its columns apart ("Handgun   Long Gun   *Other"
    under no rules) is one piece per column; a phrase over several columns stays one spanning piece."""
    if span[0] == span[1]:
        return [(words, span)]
    parts: list[list[Word]] = [[words[0]]]
    for prev, word in zip(words, words[1:], strict=False):
        apart = word.x0 - prev.x1 >= max(prev.size, word.size) and _column_at(word, cols) != _column_at(prev, cols)
        if apart:
            parts.append([word])
        else:
            parts[-1].append(word)
    if len(parts) == 1:
        return [(words, span)]
    out = []
    for part in parts:
        column = _column_at(part[0], cols)
        out.append((part, (column, column) if column is not None else span))
    return out


def ruled_grid(cells: list[Box], words: list[Word]) -> TableGrid | None:
    """One ruled table read by the table algorithm, or None if it is not really a table."""
    table = Table(None, cells)
    rows = list(table.rows)
    width = table.bbox[2] - table.bbox[0]
    inside = [w for w in words if _inside(w, table.bbox)]
    while rows and _is_banner(rows[0], inside, width):
        rows.pop(0)
    while rows and _is_banner(rows[-1], inside, width):
        rows.pop()
    if len(rows) < 2:
        return None
    cols = _column_ranges(rows)
    if sum(1 for a, b in cols if b > a) < 2:
        return None
    lines = _ruled_lines(rows, inside, cols)
    return lines_to_grid(lines, len(cols), None) if len(lines) >= 2 else None


def _partly_ruled(grid: TableGrid, words: list[Word]) -> bool:
    """Rules that frame only some columns: most body rows go on outside the frame, on the same
    line, with a few words (a label column left of ruled numbers; prose beside a table has more)."""
    assert grid.box is not None
    x0, top, x1, bottom = grid.box
    outside = [w for w in words if top <= w.yc <= bottom and not x0 - 1 <= w.xc <= x1 + 1]
    rows = [[c.box for c in row if c.box] for row in grid.rows]
    rows = [boxes for boxes in rows if boxes]
    beside = 0
    for boxes in rows:
        low, high = min(b[1] for b in boxes), max(b[3] for b in boxes)
        count = sum(1 for w in outside if low <= w.yc <= high)
        beside += 1 <= count <= 6
    return beside * 2 > len(rows)


def ruled_tables(words: list[Word], edges: list[dict[str, Any]]) -> list[TableGrid]:
    """Tables framed by rules; a frame around some columns only is left to the unruled reading."""
    grids = [ruled_grid(cells, words) for cells in edges_to_ruled_cells(edges)]
    return [g for g in grids if g is not None and g.box is not None and not _partly_ruled(g, words)]


# ---- unruled tables ----------------------------------------------------------------------

def _segments(line: Line) -> list[list[Word]]:
    """The line cut where the gap between words is wider than a normal space."""
    segs: list[list[Word]] = [[line.words[0]]]
    for prev, word in zip(line.words, line.words[1:], strict=False):
        if word.x0 - prev.x1 >= 1.0 * max(prev.size, word.size) and not word.sup:
            segs.append([word])
        else:
            segs[-1].append(word)
    return segs


def _is_data(segs: list[list[Word]]) -> bool:
    """A line with a quantity right of its first part ("Programs (3)" is a header, not one)."""
    return len(segs) >= 2 and any(is_measure(words_to_text(seg)) for seg in segs[1:])


def _header_above(above: Line, below: Line, extent: tuple[float, float], vocab: Vocabulary) -> bool:
    """Whether a line just above a table's data is one of its header lines."""
    if below.top - above.bottom > 1.6 * max(above.size, below.size):
        return False
    if vocab.table_caption.match(above.text) or vocab.source_note.match(above.text):
        return False
    margin = max(2 * above.size, 0.25 * (extent[1] - extent[0]))
    if above.x0 < extent[0] - margin or above.x1 > extent[1] + margin:
        return False
    if len(_segments(above)) > 1:
        return True
    words = above.text.split()
    return len(words) <= 10 and not (len(words) >= 4 and above.text.rstrip().endswith((".", ":")))


def _after_caption(lines: list[Line], top: int, first_data: int, data: list[Line], vocab: Vocabulary) -> int:
    """Past the rest of a caption just above the header ("... in 2000, 2002 and 2004"): lines of one
    phrase that start, like the caption, left of the value columns."""
    if top == 0 or not vocab.table_caption.match(lines[top - 1].text):
        return top
    label_end = statistics.median(_segments(line)[0][-1].x1 for line in data)
    while top < first_data and len(_segments(lines[top])) == 1 and lines[top].x0 < label_end:
        top += 1
    return top


def _grid_of(region: list[Line], data: list[Line]) -> TableGrid | None:
    size = statistics.median(line.size for line in data)
    bands = find_bands([line.words for line in data], 0.35 * size, 0.6 * size)
    if len(bands) < 2:
        return None
    printed = [
        words_to_line(line.words, bands, 1.0 * size, _TOLERANCE, boxes=True, joiner=words_to_text) for line in region
    ]
    body = [p for p, line in zip(printed, region, strict=True) if any(line is d for d in data)]
    words = [len(p.text.split()) for line in body for p in line.pieces]
    values = [is_value(p.text) for line in body for p in line.pieces if p.first > 0]
    if not values or sum(words) / len(words) > _MAX_WORDS_PER_CELL or sum(values) < 0.5 * len(values):
        return None
    return lines_to_grid(printed, len(bands), bands, _TOLERANCE)


def unruled_tables(lines: list[Line], vocab: Vocabulary) -> list[TableGrid]:
    """Runs of lines (two or more with quantities in aligned columns, and the header lines
    above them), read as tables. Prose never lines up in columns with numbers in most of them."""
    segs = [_segments(line) for line in lines]
    data = [_is_data(s) for s in segs]
    found = []
    used = -1
    i = 0
    while i < len(lines):
        if not data[i]:
            i += 1
            continue
        last, k = i, i + 1
        while k < len(lines) and lines[k].top - lines[k - 1].bottom <= 1.6 * lines[k].size:
            if data[k]:
                last = k
            elif k - last > 2:
                break
            k += 1
        data_lines = [lines[j] for j in range(i, last + 1) if data[j]]
        if len(data_lines) >= 2:
            extent = (min(ln.x0 for ln in data_lines), max(ln.x1 for ln in data_lines))
            top = i
            while top - 1 > used and i - top < _MAX_HEADER_LINES and not data[top - 1] and _header_above(
                lines[top - 1], lines[top], extent, vocab
            ):
                top -= 1
            top = _after_caption(lines, top, i, data_lines, vocab)
            grid = _grid_of(lines[top : last + 1], data_lines)
            if grid is not None:
                found.append(grid)
                used = last
        i = last + 1
    return found


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def page_tables(words: list[Word], edges: list[dict[str, Any]], vocab: Vocabulary) -> list[TableGrid]:
    """Every table of a page, top to bottom. Ruled tables with a header are read from their rules;
    the other words are read for unruled tables, and a ruled block with no header of its own that
    such a table covers is a band of its rows (rules that shade groups of rows), not a table."""
    ruled = ruled_tables(words, edges)
    headed = [g for g in ruled if any(g.columns)]
    rest = [w for w in words if not any(g.box and _inside(w, g.box) for g in headed)]
    unruled = unruled_tables(words_to_lines(rest), vocab)
    headless = [
        g for g in ruled
        if not any(g.columns) and g.box and not any(u.box and _overlap(u.box, g.box) for u in unruled)
    ]
    return sorted(headed + unruled + headless, key=lambda g: g.top)
