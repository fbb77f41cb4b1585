"""Where the report draws each finding: the one cell or text span it is about, the values it was
compared with, and the chart bar that shows it. Pure: a document's rows (review/rows.py) in, marks out.

A finding's `start`/`end` is the span of the value it is about (the printed total, the rate, the
claim), `compared` the spans of the values it was checked against (the total's parts, the table
cells behind a claim). A span that is exactly a table cell marks that cell; a span over a whole
row or table marks the row or the table; any other span is marked in the text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from review.rows import same

SEVERITY_ORDER = ("error", "warning", "info")


@dataclass(frozen=True)
class FindingRef:
    """What a mark needs to know about one finding."""

    finding_id: str
    severity: str
    check: str
    expected: str
    observed: str
    message: str
    waived: bool


@dataclass
class Mark:
    """The findings about one cell or span, and those that compared it with their own value."""

    about: list[FindingRef] = field(default_factory=list)
    compared: list[FindingRef] = field(default_factory=list)

    @property
    def style(self) -> str:
        """"flag" (an open finding is about it), "waived" (only waived ones are), "cmp" (compared
        by an open finding), "cmp waived" or ""."""
        if any(not f.waived for f in self.about):
            return "flag"
        if self.about:
            return "waived"
        if any(not f.waived for f in self.compared):
            return "cmp"
        return "cmp waived" if self.compared else ""

    @property
    def severity(self) -> str:
        open_findings = [f.severity for f in self.about if not f.waived] or [f.severity for f in self.about]
        return next((s for s in SEVERITY_ORDER if s in open_findings), "")


@dataclass
class Marks:
    cells: dict[int, Mark] = field(default_factory=dict)  # a cell's start -> its mark
    spans: dict[tuple[int, int], Mark] = field(default_factory=dict)  # text spans outside tables
    rows: dict[int, list[FindingRef]] = field(default_factory=dict)  # first cell of a row -> findings on the row
    tables: dict[str, list[FindingRef]] = field(default_factory=dict)  # table_id -> findings on the whole table
    unplaced: list[FindingRef] = field(default_factory=list)  # no span: a missing footnote, a load warning
    bars: dict[str, dict[tuple[str, int], str]] = field(default_factory=dict)  # table_id -> (column, year) -> style


def _ref(f) -> FindingRef:  # noqa: ANN001 - a findings row
    return FindingRef(str(f.finding_id), str(f.severity), str(f.check), str(f.expected), str(f.observed),
                      str(f.message), bool(f.waived))


def _spans(value: object) -> list[tuple[int, int]]:
    if value is None or isinstance(value, float):
        return []
    return [(int(span["start"]), int(span["end"])) for span in value]  # type: ignore[attr-defined]


def findings_to_marks(
    findings: Sequence[Any], cells: Sequence[Any], tables: Sequence[Any], crime_stats: Sequence[Any]
) -> Marks:
    """Every finding of one document placed on its cell, row, table or text span (rows of the
    document's datasets, as `review.rows.rows_of` gives them)."""
    marks = Marks()
    cell_at = {int(c.start): (int(c.end), str(c.table_id)) for c in cells}
    cell_value = {int(c.start): c.value for c in cells}
    table_spans = {str(t.table_id): (int(t.start), int(t.end)) for t in tables if pd.notna(t.start) and pd.notna(t.end)}
    starts = sorted(cell_at)
    for f in findings:
        ref = _ref(f)
        if pd.isna(f.start) or pd.isna(f.end):
            marks.unplaced.append(ref)
        else:
            start, end = int(f.start), int(f.end)
            table = next((t for t, (a, b) in table_spans.items() if a <= start <= b), None)
            if start in cell_at and cell_at[start][0] == end:
                marks.cells.setdefault(start, Mark()).about.append(ref)
                _flag_bar(marks, f, cell_at[start][1], cell_value.get(start), crime_stats)
            elif table is not None and (start, end) == table_spans[table]:
                marks.tables.setdefault(table, []).append(ref)
            elif table is not None and (first := next((s for s in starts if start <= s < end), None)) is not None:
                marks.rows.setdefault(first, []).append(ref)
            else:
                marks.spans.setdefault((start, end), Mark()).about.append(ref)
        for start, end in _spans(getattr(f, "compared", None)):
            mark = marks.cells.setdefault(start, Mark()) if start in cell_at else marks.spans.setdefault(
                (start, end), Mark())
            mark.compared.append(ref)
    return marks


_NOT_COUNTS = ("doc_id", "site", "table_id", "year", "start", "end", "page")


def _flag_bar(marks: Marks, f, table_id: str, value: float | None, crime_stats: Sequence[Any]) -> None:  # noqa: ANN001
    """The chart bar of a flagged cell: its table's crime_stats column holding the cell's value in
    the finding's year."""
    if pd.isna(f.year) or value is None or pd.isna(value):
        return
    year = int(f.year)
    row = next((s for s in crime_stats if same(s.table_id, table_id) and same(s.year, year)), None)
    if row is None:
        return
    style = "waived" if f.waived else "flag"
    for column, printed in zip(row._fields, row, strict=True):
        if column in _NOT_COUNTS or pd.isna(printed):
            continue
        if pd.api.types.is_number(printed) and abs(float(printed) - float(value)) < 1e-9:
            bars = marks.bars.setdefault(table_id, {})
            if bars.get((str(column), year)) != "flag":
                bars[(str(column), year)] = style
