"""Reading order: single-column pages top to bottom, two-column pages column by column.

A page is read as two columns when a vertical gutter near the middle splits several lines
into a left and a right part that both look like prose. Lines (or tables) that cross the
gutter, such as a title or a full-width table, end one two-column section and start the
next; within a section the left column is read fully before the right one.
"""

from __future__ import annotations

import statistics

from extractors.layout.pdf_words import Line
from extractors.tables.grid import TableGrid

Item = Line | TableGrid
_MIN_GUTTER = 8.0  # points of white space that separate two columns on one baseline
_MIN_SIDE_CHARS = 15  # a column line holds prose, not a lone number


def _split_at(line: Line, x: float) -> tuple[Line, Line] | None:
    """Left and right parts of a line at x, or None if a word or a normal space covers x."""
    left = [w for w in line.words if w.x1 <= x]
    right = [w for w in line.words if w.x0 >= x]
    if len(left) + len(right) != len(line.words):
        return None
    if left and right and right[0].x0 - left[-1].x1 < _MIN_GUTTER:
        return None
    return Line(left), Line(right)


def find_gutter(lines: list[Line], width: float) -> float | None:
    """The x of a two-column gutter, or None for a single-column page."""
    best: tuple[int, float] | None = None
    x = 0.3 * width
    while x <= 0.7 * width:
        splits = []
        for line in lines:
            parts = _split_at(line, x)
            if parts and parts[0].words and parts[1].words:
                splits.append(parts)
        if len(splits) >= 3:
            left_chars = statistics.median(len(p[0].text) for p in splits)
            right_chars = statistics.median(len(p[1].text) for p in splits)
            if min(left_chars, right_chars) >= _MIN_SIDE_CHARS and (best is None or len(splits) > best[0]):
                best = (len(splits), x)
        x += 2.0
    return best[1] if best else None


def _crosses(item: Item, x: float) -> bool:
    if isinstance(item, TableGrid):
        return item.x0 < x < item.x1
    return _split_at(item, x) is None


def reading_order(lines: list[Line], tables: list[TableGrid], width: float) -> list[list[Item]]:
    """Flows of items in reading order; each flow is one column run or a full-width run."""
    gutter = find_gutter(lines, width)
    items: list[Item] = sorted([*lines, *tables], key=lambda it: it.top)
    if gutter is None:
        return [items] if items else []
    flows: list[list[Item]] = []
    left: list[Item] = []
    right: list[Item] = []
    full: list[Item] = []

    def flush_columns() -> None:
        for part in (left, right):
            if part:
                flows.append(sorted(part, key=lambda it: it.top))
        left.clear()
        right.clear()

    for item in items:
        if _crosses(item, gutter):
            flush_columns()
            full.append(item)
            continue
        if full:
            flows.append(list(full))
            full.clear()
        if isinstance(item, TableGrid):
            (left if item.x1 <= gutter else right).append(item)
            continue
        parts = _split_at(item, gutter)
        assert parts is not None
        if parts[0].words:
            left.append(parts[0])
        if parts[1].words:
            right.append(parts[1])
    flush_columns()
    if full:
        flows.append(list(full))
    return flows
