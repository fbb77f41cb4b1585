"""Reading order: single-column pages top to bottom, pages of N columns column by column.

A region (at first the page) is cut in two when a vertical gutter near its middle splits
several lines into a left and a right part that both look like prose. Lines (or tables) that
cross the gutter, such as a title or a full-width table, end one section and start the next;
within a section the left side is read fully before the right one, and each side is cut
again the same way (recursive XY-cut), so three or more columns read one after another.
"""

from __future__ import annotations

import bisect
import math
import statistics
from dataclasses import dataclass

from extractors.layout.pdf_words import Line
from extractors.tables.grid import TableGrid

Item = Line | TableGrid


@dataclass(frozen=True)
class Flow:
    """Items read in order: one column of a section (`column`), or a run across its region."""

    items: list[Item]
    column: bool

_MIN_GUTTER = 8.0  # points of white space that separate two columns on one baseline
_MIN_SIDE_CHARS = 15  # a column line holds prose, not a lone number
_SURE_SPLITS = 3  # lines split by a gutter that make it sure, whatever else the page holds


def _split_at(line: Line, x: float) -> tuple[Line, Line] | None:
    """Left and right parts of a line at x, or None if a word or a normal space covers x."""
    left = [w for w in line.words if w.x1 <= x]
    right = [w for w in line.words if w.x0 >= x]
    if len(left) + len(right) != len(line.words):
        return None
    if left and right and right[0].x0 - left[-1].x1 < _MIN_GUTTER:
        return None
    return Line(left), Line(right)


def _gutter_support(lines: list[Line], x: float, nested: bool) -> int:
    """How many of `lines` (top to bottom) a gutter at x explains (0 when it does not hold): the lines it splits
    into a left and a right part that both read as prose, when there are several; else, at
    page level only, the longest run of lines, one of them split, that no line crosses (short
    columns: a column of one or two lines beside a longer one). Inside a side (`nested`) only
    lines split into prose on both sides count: a justified column's wide word spaces line up
    by chance on a line or two, never on several lines of prose."""
    splits: list[tuple[Line, Line]] = []
    run, longest = 0, 0
    has_split = False
    for line in lines:
        parts = _split_at(line, x)
        if parts is None:
            run, has_split = 0, False
            continue
        run += 1
        if parts[0].words and parts[1].words:
            splits.append(parts)
            has_split = True
        if has_split:
            longest = max(longest, run)
    if not splits:
        return 0
    if min(statistics.median(len(p[side].text) for p in splits) for side in (0, 1)) < _MIN_SIDE_CHARS:
        return 0
    if nested:
        prose = sum(1 for p in splits if min(len(p[0].text), len(p[1].text)) >= _MIN_SIDE_CHARS)
        return prose if prose >= _SURE_SPLITS else 0
    return max(len(splits) if len(splits) >= _SURE_SPLITS else 0, longest if longest >= 2 else 0)


def _partition_ranges(lines: list[Line]) -> list[tuple[float, float]]:
    """Merged x-ranges where `_split_at` parts some line into a left and a right side (no word
    across, a gutter-wide gap between the two words beside it; a line's words run left to right):
    a gutter anywhere else splits no line in two, so it has no support (a cheap first pass)."""
    ranges = []
    for line in lines:
        reach = line.words[0].x1 if line.words else 0.0
        for before, after in zip(line.words, line.words[1:], strict=False):
            if reach <= after.x0 and after.x0 - before.x1 >= _MIN_GUTTER:
                ranges.append((reach, after.x0))
            reach = max(reach, after.x1)
    merged: list[tuple[float, float]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


def _in_ranges(x: float, ranges: list[tuple[float, float]]) -> bool:
    index = bisect.bisect_right(ranges, (x, math.inf)) - 1
    return index >= 0 and ranges[index][0] <= x <= ranges[index][1]


def find_gutter(lines: list[Line], right: float, left: float = 0.0, nested: bool = False) -> float | None:
    """The x of a gutter that parts the region from `left` to `right` in two columns, or None
    when the region holds one column (`nested`: the region is a side of a cut region)."""
    best: tuple[int, float] | None = None
    ranges = _partition_ranges(lines)
    lines = sorted(lines, key=lambda ln: ln.top)  # once, not once per x tried
    x = left + 0.3 * (right - left)
    while x <= left + 0.7 * (right - left):
        support = _gutter_support(lines, x, nested) if _in_ranges(x, ranges) else 0
        if support and (best is None or support > best[0]):
            best = (support, x)
        x += 2.0
    return best[1] if best else None


def _crosses(item: Item, x: float) -> bool:
    if isinstance(item, TableGrid):
        return item.x0 < x < item.x1
    return _split_at(item, x) is None


def _by_top(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda it: it.top)


def _region_flows(items: list[Item], left: float, right: float, column: bool) -> list[Flow]:
    """Flows of a region's items (sorted by top): cut at its gutter into sections of a left and a
    right side, each side read as a region of its own, and runs across the gutter between them."""
    gutter = find_gutter([it for it in items if isinstance(it, Line)], right, left, nested=column)
    if gutter is None:
        return [Flow(items, column)] if items else []
    flows: list[Flow] = []
    sides: tuple[list[Item], list[Item]] = ([], [])
    full: list[Item] = []

    def flush_sides() -> None:
        for part, (low, high) in zip(sides, ((left, gutter), (gutter, right)), strict=True):
            if part:
                flows.extend(_region_flows(_by_top(part), low, high, column=True))
            part.clear()

    for item in items:
        if _crosses(item, gutter):
            flush_sides()
            full.append(item)
            continue
        if full:
            flows.append(Flow(list(full), column))
            full.clear()
        if isinstance(item, TableGrid):
            sides[0 if item.x1 <= gutter else 1].append(item)
            continue
        parts = _split_at(item, gutter)
        assert parts is not None
        for part, side in zip(parts, sides, strict=True):
            if part.words:
                side.append(part)
    flush_sides()
    if full:
        flows.append(Flow(full, column))
    return flows


def reading_order(lines: list[Line], tables: list[TableGrid], width: float) -> list[Flow]:
    """Flows of a page's items in reading order: the columns of each section, left to right, and
    the runs across the page between sections."""
    return _region_flows(_by_top([*lines, *tables]), 0.0, width, column=False)
