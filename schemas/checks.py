"""Sum checks: each total a table prints, against the relation established for it.

Crime tables are checked against the vocabulary's definitions (violent crime = homicide + rape +
robbery + aggravated assault), with each optional component (arson in property crime) counted
or not as most of the table's rows show. Any table is checked against the relations
`sum_relations` establishes from its labels and rows; a printed total whose parts cannot be
established gets one `info` finding, never an error per row. Every message names the relation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from extractors.model.records import Cell, CrimeStat, Finding, Table
from extractors.vocab.vocabulary import TotalRule, vocabulary
from schemas.registry import TOTAL, TOTALS_NOT_CHECKED
from schemas.sum_relations import Lines, Relation, evaluate, formula, half_unit, infer_relations


def _label(column: str) -> str:
    return column.replace("_", " ")


def _variants(rule: TotalRule) -> list[tuple[str, ...]]:
    """The sums a table may mean by its total: the components, then with each optional one."""
    parts = list(rule.components)
    variants = [tuple(parts)]
    for optional in rule.optional:
        parts = [*parts, optional]
        variants.append(tuple(parts))
    return variants


def _crime_sum(stat: CrimeStat, parts: tuple[str, ...]) -> int:
    return int(sum(stat.values.get(p) or 0 for p in parts))


def _by_table(stats: list[CrimeStat]) -> dict[str, list[CrimeStat]]:
    grouped: dict[str, list[CrimeStat]] = {}
    for stat in stats:
        grouped.setdefault(stat.table_id, []).append(stat)
    return grouped


def crime_total_findings(stats: list[CrimeStat], document_name: str) -> list[Finding]:
    """Each crime_stats row whose total differs from the vocabulary's sum of its components."""
    findings = []
    for table_id, rows in _by_table(stats).items():
        for rule in vocabulary().total_rules:
            needed = [rule.total, *rule.components]
            complete = [s for s in rows if all(s.values.get(c) is not None for c in needed)]
            if not complete:
                continue
            holding = {v: sum(_crime_sum(s, v) == s.values[rule.total] for s in complete) for v in _variants(rule)}
            chosen = [v for v, n in holding.items() if n == max(holding.values())]  # a tie: the rows cannot say
            parts = chosen[0]
            shown = [p for p in parts if any(s.values.get(p) is not None for s in complete)]
            relation = f"{_label(rule.total)} = {' + '.join(_label(p) for p in shown)}"
            failing = [s for s in complete if all(_crime_sum(s, v) != s.values[rule.total] for v in chosen)]
            if failing and len(failing) == len(complete) > 1:
                findings.append(_crime_not_checked(table_id, rule, relation, len(complete), document_name))
                continue
            findings += [_crime_finding(s, rule, shown, relation, document_name) for s in failing]
    return findings


def _crime_finding(stat: CrimeStat, rule: TotalRule, parts: list[str], relation: str, name: str) -> Finding:
    expected = _crime_sum(stat, tuple(parts))
    observed = int(stat.values[rule.total])  # type: ignore[arg-type]
    addends = " + ".join(f"{int(stat.values.get(p) or 0):,}" for p in parts)
    start, end = stat.cells.get(rule.total, (stat.start, stat.end))
    return TOTAL.finding(
        dataset="crime_stats", table_id=stat.table_id, year=stat.year, expected=str(expected), observed=str(observed),
        place=f"{stat.table_id} {stat.year} {rule.total}", start=start, end=end,
        compared=tuple(stat.cells[p] for p in parts if p in stat.cells),
        message=f"{name}, {stat.table_id}, {stat.year}: {_label(rule.total)} is printed as {observed:,}, but by "
        f"{relation} (the offense definitions) it is {addends} = {expected:,} (off by {observed - expected:+,}).",
    )


def _crime_not_checked(table_id: str, rule: TotalRule, relation: str, years: int, name: str) -> Finding:
    return TOTALS_NOT_CHECKED.finding(
        table_id=table_id, expected=relation, observed=f"holds in 0 of {years} years",
        place=f"{table_id} {rule.total} not checked",
        message=f"{name}, {table_id}: {relation} holds in none of its {years} years, so the table counts "
        f"{_label(rule.total)} another way (or was misread); its {_label(rule.total)} totals are not checked.",
    )


@dataclass(frozen=True)
class _Axis:
    """A table seen along one axis, and how to name its lines and find a record's cell."""

    lines: Lines
    line_noun: str  # "column" or "row"
    record_noun: str
    record_names: tuple[str, ...]
    cell: Callable[[int, int], Cell | None]  # (line, record) -> the printed cell


def _is_summable(header: str) -> bool:
    vocab = vocabulary()
    return (vocab.crime_column(header) not in ("year", "population") and not vocab.is_rate_header(header)
            and not vocab.is_percent_change_header(header))


def _axes(table: Table) -> tuple[_Axis, _Axis] | None:
    grid = [{cell.column_index: cell for cell in row} for row in table.rows()]
    numeric = []
    for index in range(1, len(table.columns)):
        printed = [row[index] for row in grid if index in row and row[index].raw.strip()]
        numbers = sum(cell.value is not None for cell in printed)
        if numbers and 2 * numbers >= len(printed) and _is_summable(table.columns[index]):
            numeric.append(index)
    if len(numeric) < 2 or not grid:
        return None
    values = np.full((len(grid), len(numeric)), np.nan)
    blank = np.zeros(values.shape, dtype=bool)
    half = np.zeros(values.shape)
    for r, row in enumerate(grid):
        for j, index in enumerate(numeric):
            cell = row.get(index)
            if cell is None or not cell.raw.strip():
                values[r, j], blank[r, j] = 0.0, True
            elif cell.value is not None:
                values[r, j], half[r, j] = cell.value, half_unit(cell.raw)
    kind = vocabulary().total_kind
    headers = tuple(table.columns[i] for i in numeric)
    row_names = tuple(
        " ".join(c.raw.strip() for i, c in sorted(row.items()) if i not in numeric and c.raw.strip()) for row in grid
    )
    columns = _Axis(
        Lines(headers, tuple(kind(h) for h in headers), values, blank, half), "column", "row", row_names,
        lambda line, record: grid[record].get(numeric[line]),
    )
    rows = _Axis(
        Lines(row_names, tuple(kind(n) for n in row_names), values.T.copy(), blank.T.copy(), half.T.copy()), "row",
        "column", headers, lambda line, record: grid[line].get(numeric[record]),
    )
    return columns, rows


def _crime_seeds(lines: Lines) -> tuple[tuple[int, tuple[int, ...]], ...]:
    """The vocabulary's totals among these lines, each with the variant most records show."""
    vocab = vocabulary()
    named = {vocab.crime_column(label): i for i, label in enumerate(lines.labels) if _is_summable(label)}
    seeds = []
    for rule in vocab.total_rules:
        if rule.total not in named or not all(c in named for c in rule.components):
            continue
        variants = [tuple(named[p] for p in v if p in named) for v in _variants(rule)]
        parts = max(dict.fromkeys(variants), key=lambda v: int(evaluate(lines, named[rule.total], v).holds.sum()))
        seeds.append((named[rule.total], parts))
    return tuple(seeds)


def table_total_findings(table: Table, document_name: str, *, crime_table: bool = False) -> list[Finding]:
    """Every printed total (a Total column, a Total row, a subtotal, a column the rows show is a
    sum) against the relation established for it. In a crime table the vocabulary's totals are
    known structure, checked on crime_stats by `crime_total_findings`, not again here."""
    axes = _axes(table)
    if axes is None:
        return []
    seeds = [_crime_seeds(axis.lines) if crime_table else () for axis in axes]
    first = [infer_relations(axis.lines, seed)[0] for axis, seed in zip(axes, seeds, strict=True)]
    totals = [frozenset(r.total for r in relations) for relations in first]  # the other axis's dependent records
    findings: list[Finding] = []
    unresolved: list[str] = []
    for axis, seed, dependent, across in zip(axes, seeds, reversed(totals), reversed(first), strict=True):
        relations, open_totals = infer_relations(axis.lines, seed, dependent)
        for relation in relations:
            if relation.source == "vocabulary":
                continue
            findings += [_finding(table, axis, relation, r, document_name) for r in relation.outcome.failing
                         if not _inherited(axis.lines, relation, r, across)]
        unresolved += [f"{axis.line_noun} {axis.lines.labels[i]!r}" for i in open_totals]
    if unresolved:
        shown = ", ".join(unresolved)
        findings.append(TOTALS_NOT_CHECKED.finding(
            table_id=table.table_id, expected="a set of columns or rows that adds up to each total", observed=shown,
            place=f"{table.table_id} totals not checked", start=table.start, end=table.end,
            message=f"{document_name}, {table.table_id}: prints a total ({shown}) but no set of its columns or rows "
            "adds up to it in most rows, so its sums are not checked.",
        ))
    return findings


_SOURCES = {"labels": "the table's total labels", "rows": "found in the table's own rows"}


def _inherited(lines: Lines, relation: Relation, record: int, across: list[Relation]) -> bool:
    """A record that is itself a total along the other axis (the Total row) is off by exactly
    what the records it adds up are off by: the error is theirs, and is reported there."""
    off = lines.values[:, relation.total] - relation.outcome.expected
    for other in across:
        if other.total == record and other.outcome.holds.any():
            parts = np.nan_to_num(off[list(other.parts)])
            return bool(np.any(parts != 0)) and abs(float(np.sum(parts)) - float(off[record])) < 1e-6
    return False


def _decimals(raw: str) -> int:
    digits = "".join(ch for ch in raw if ch.isdigit() or ch == ".")
    return len(digits.split(".")[1]) if "." in digits else 0


def _finding(table: Table, axis: _Axis, relation: Relation, record: int, name: str) -> Finding:
    lines, total = axis.lines, relation.total
    cell = axis.cell(total, record)
    parts = [c for c in (axis.cell(p, record) for p in relation.parts) if c is not None and c.raw.strip()]
    raws = [c.raw for c in parts]
    decimals = max((_decimals(raw) for raw in [*raws, cell.raw if cell else ""]), default=0)
    expected = float(relation.outcome.expected[record])
    observed = float(lines.values[record, total])
    where = axis.record_names[record] or f"{axis.record_noun} {record + 1}"
    total_name = lines.labels[total] or f"{axis.line_noun} {total + 1}"
    law = formula(lines, relation, axis.line_noun)
    sums = "exactly" if relation.outcome.exact else "within rounding"
    shown = {key: f"{value:,.{decimals}f}" for key, value in
             (("observed", observed), ("expected", expected))}
    return TOTAL.finding(
        dataset="table_cells", table_id=table.table_id, expected=f"{expected:.{decimals}f}",
        observed=cell.raw if cell else f"{observed:g}", start=cell.start if cell else None,
        end=cell.end if cell else None, place=f"{table.table_id} {axis.record_noun} {where}: {total_name}",
        compared=tuple((c.start, c.end) for c in parts),
        message=f"{name}, {table.table_id}, {axis.record_noun} {where!r}: {total_name} is printed as "
        f"{shown['observed']}, but {law} gives {shown['expected']} (off by {observed - expected:+,.{decimals}f}); "
        f"that relation ({_SOURCES[relation.source]}) holds {sums} in {relation.holding} of {relation.tested} "
        f"{axis.record_noun}s.",
    )
