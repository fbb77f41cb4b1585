"""Checks across documents: one site's statistics as printed by different case studies."""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

import pandas as pd

from extractors.model.records import Finding
from extractors.structure.crime_stats import crime_stat_columns
from schemas.registry import VALUE_CONFLICT

CROSS_PREFIX = "cross."
_PLACE = ["start", "end", "page"]


def is_cross_finding(findings: pd.DataFrame) -> pd.Series:
    """Which rows of `validation` compare documents (and so change when another document does)."""
    return findings["check"].astype(str).str.startswith(CROSS_PREFIX)


def _site_key(site: object, state: object) -> tuple[str, str] | None:
    if not isinstance(site, str) or not site.strip():
        return None
    return site.strip().lower(), state.strip().lower() if isinstance(state, str) else ""


class _Printed(NamedTuple):
    doc_id: str
    table_id: str
    value: float
    start: int | None  # the table row (or column) it is printed in
    end: int | None
    page: int | None


def value_conflict_findings(
    crime_stats: pd.DataFrame, documents: pd.DataFrame, cells: pd.DataFrame | None = None
) -> dict[str, list[Finding]]:
    """doc_id -> findings: the same site (and state), statistic and year printed with different
    values in two documents. Each affected document gets one finding per conflicting other
    document, so both sides show it. Counts and populations are compared, rates are not (they
    follow from them). With the documents' `table_cells`, a finding points at the cell that
    prints the value, else at its table row."""
    if crime_stats.empty or documents.empty:
        return {}
    docs = {row.doc_id: row for row in documents.itertuples(index=False)}
    site_keys = {doc_id: _site_key(row.site, row.state) for doc_id, row in docs.items()}
    printed: dict[tuple[tuple[str, str], int, str], list[_Printed]] = defaultdict(list)
    columns = {c: crime_stats[c].tolist() for c in ["doc_id", "table_id", "year", *_PLACE]}
    for stat in [c for c in crime_stat_columns() if c in crime_stats.columns]:
        rows = zip(columns["doc_id"], columns["table_id"], columns["year"], crime_stats[stat].tolist(),
                   *(columns[c] for c in _PLACE), strict=True)
        for doc_id, table_id, year, value, *place in rows:
            if not pd.isna(value) and not pd.isna(year) and site_keys.get(doc_id):
                printed[(site_keys[doc_id], int(year), stat)].append(
                    _Printed(doc_id, table_id, float(value), *(None if pd.isna(v) else int(v) for v in place))
                )
    findings: dict[str, list[Finding]] = {}
    by_table = _cells_by_table(cells) if cells is not None and len(cells) else {}
    for (key, year, stat), group in sorted(printed.items()):
        if len({p.doc_id for p in group}) < 2 or len({p.value for p in group}) < 2:
            continue
        group = [_in_cell(p, by_table.get((p.doc_id, p.table_id))) for p in group]
        for mine in group:
            for other in group:
                if other.doc_id != mine.doc_id and other.value != mine.value:
                    findings.setdefault(mine.doc_id, []).append(_finding(mine, other, key, year, stat, docs))
    return findings


_Cell = tuple[int, int, float]  # start, end, value


def _cells_by_table(cells: pd.DataFrame) -> dict[tuple[str, str], list[_Cell]]:
    """(doc_id, table_id) -> its cells that have a place and a value, in their order (a cell
    missing any of them matches no printed value)."""
    by_table: dict[tuple[str, str], list[_Cell]] = {}
    columns = (cells[c].tolist() for c in ("doc_id", "table_id", "start", "end", "value"))
    for doc_id, table_id, start, end, value in zip(*columns, strict=True):
        if not any(pd.isna(v) for v in (doc_id, table_id, start, end, value)):
            by_table.setdefault((doc_id, table_id), []).append((int(start), int(end), float(value)))
    return by_table


def _in_cell(printed: _Printed, cells: list[_Cell] | None) -> _Printed:
    """The value's own cell: the one cell of its row (or column) printing it, when there is one."""
    if cells is None or printed.start is None or printed.end is None:
        return printed
    inside = [(s, e) for s, e, v in cells if s >= printed.start and e <= printed.end and v == printed.value]
    if len(inside) != 1:
        return printed
    return printed._replace(start=inside[0][0], end=inside[0][1])


def _finding(mine: _Printed, other: _Printed, key: tuple[str, str], year: int, stat: str, docs: dict) -> Finding:
    source, other_source = docs[mine.doc_id].source, docs[other.doc_id].source
    site = docs[mine.doc_id].site
    label = stat.replace("_", " ")
    return VALUE_CONFLICT.finding(
        table_id=mine.table_id, year=year,
        expected=f"{other.value:.15g}", observed=f"{mine.value:.15g}", start=mine.start, end=mine.end, page=mine.page,
        place=f"{key[0]} {year} {stat} {mine.table_id} vs {other.doc_id} {other.table_id}",
        message=f"{source}, {mine.table_id}, {year}: {label} for {site} is {mine.value:,.0f}, but {other_source} "
        f"({other.table_id}) prints {other.value:,.0f} for the same site and year.",
    )
