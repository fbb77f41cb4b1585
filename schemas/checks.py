"""Checks across extracted records. Each finding has a stable check id, a severity, both numbers,
and a message that names the document and the place."""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from extractors.model.records import Cell, CrimeStat, Finding, Footnote, FootnoteRef, Table
from extractors.vocab.vocabulary import TotalRule, vocabulary

TOTAL_CHECK = "table.total_equals_components"


def _label(column: str) -> str:
    return column.replace("_", " ")


def _sum_variants(row: pd.Series, rule: TotalRule) -> list[tuple[int, tuple[str, ...]]]:
    """Sums the table could mean: the components, plus each optional component it prints."""
    parts = list(rule.components)
    variants = [(int(sum(row[p] for p in parts)), tuple(parts))]
    for optional in rule.optional:
        if optional in row and pd.notna(row[optional]):
            parts = [*parts, optional]
            variants.append((int(sum(row[p] for p in parts)), tuple(parts)))
    return variants


def _total_schema(rule: TotalRule) -> pa.DataFrameSchema:
    def total_matches(frame: pd.DataFrame) -> pd.Series:
        return frame.apply(lambda row: any(row[rule.total] == s for s, _ in _sum_variants(row, rule)), axis=1)

    return pa.DataFrameSchema(checks=[pa.Check(total_matches, name=f"{rule.total}_equals_components")])


def crime_total_findings(stats: list[CrimeStat], document_name: str) -> list[Finding]:
    """Run each total rule as a pandera check over the rows that print the total and every component."""
    findings = []
    frame = pd.DataFrame(
        [{"table_id": s.table_id, "year": s.year, "start": s.start, "end": s.end, **s.values} for s in stats]
    )
    cells = {(s.table_id, s.year): s.cells for s in stats}
    for rule in vocabulary().total_rules:
        needed = [rule.total, *rule.components]
        if frame.empty or not set(needed) <= set(frame.columns):
            continue
        complete = frame.dropna(subset=needed)
        try:
            _total_schema(rule).validate(complete, lazy=True)
            continue
        except SchemaErrors as errors:
            failing = errors.failure_cases["index"].dropna().astype(int).unique()
        for index in failing:
            row = complete.loc[index]
            expected, parts = _sum_variants(row, rule)[0]
            observed = int(row[rule.total])
            formula = " + ".join(_label(p).title() for p in parts)
            spans = cells[(row["table_id"], int(row["year"]))]
            start, end = spans.get(rule.total, (int(row["start"]), int(row["end"])))
            findings.append(
                Finding(
                    check=TOTAL_CHECK,
                    severity="error",
                    dataset="crime_stats",
                    table_id=row["table_id"],
                    year=int(row["year"]),
                    expected=str(expected),
                    observed=str(observed),
                    place=f"{row['table_id']} {int(row['year'])} {rule.total}",
                    start=start,
                    end=end,
                    compared=tuple(spans[p] for p in parts if p in spans),
                    message=(
                        f"{document_name}, {row['table_id']}, {int(row['year'])}: {_label(rule.total)} is "
                        f"{observed:,} but {formula} = {expected:,} (off by {observed - expected:+,})."
                    ),
                )
            )
    return findings


def _numeric_columns(table: Table) -> set[int]:
    vocab = vocabulary()
    skip = {"year", "population"}
    return {
        index
        for index, name in enumerate(table.columns)
        if index > 0 and vocab.crime_column(name) not in skip and not vocab.is_rate_header(name)
        and not vocab.is_percent_change_header(name)
    }


def table_total_findings(table: Table, document_name: str) -> list[Finding]:
    """A Total column (row sums) or a Total row (column sums) printed in any table."""
    vocab = vocabulary()
    rows = table.rows()
    numeric = _numeric_columns(table)
    total_columns = [i for i in numeric if vocab.is_total_label(table.columns[i])]
    total_rows = [r for r, cells in enumerate(rows) if cells and vocab.is_total_label(cells[0].raw)]
    findings = []

    def finding(place: str, where: str, expected: float, observed: float, cell: Cell, parts: list[Cell]) -> Finding:
        return Finding(
            check=TOTAL_CHECK, severity="error", dataset="table_cells", table_id=table.table_id,
            expected=f"{expected:g}", observed=f"{observed:g}", place=f"{table.table_id} {place}",
            start=cell.start, end=cell.end, compared=tuple((p.start, p.end) for p in parts if p.raw.strip()),
            message=f"{document_name}, {table.table_id}, {where}: the printed total is {observed:,.0f} "
            f"but its components add up to {expected:,.0f}.",
        )

    by_place = [{cell.column_index: cell for cell in cells} for cells in rows]
    grid = [{index: _addend(cell) for index, cell in cells.items()} for cells in by_place]
    for column in total_columns:
        for r, values in enumerate(grid):
            part_columns = sorted(numeric - set(total_columns))
            parts = [values.get(i, 0.0) for i in part_columns]
            total = values.get(column)
            if total is None or any(p is None for p in parts):
                continue
            if abs(sum(parts) - total) > 0.5:
                label = rows[r][0].raw if rows[r] else f"row {r}"
                components = [by_place[r][i] for i in part_columns if i in by_place[r]]
                findings.append(finding(f"row {label}", f"row {label!r}", sum(parts), total, by_place[r][column],
                                        components))
    for r in total_rows:
        for column in numeric:
            values = [row.get(column, 0.0) for i, row in enumerate(grid) if i not in total_rows]
            total = grid[r].get(column)
            if total is None or any(v is None for v in values):
                continue
            if abs(sum(values) - total) > 0.5:
                name = table.columns[column]
                components = [row[column] for i, row in enumerate(by_place) if i not in total_rows and column in row]
                findings.append(finding(f"column {name}", f"column {name!r}", sum(values), total,
                                        by_place[r][column], components))
    return findings


def _addend(cell: Cell) -> float | None:
    """A cell's part in a sum: its number; a blank cell adds nothing; other text cannot be summed."""
    if cell.value is not None:
        return cell.value
    return 0.0 if not cell.raw.strip() else None


def footnote_findings(footnotes: list[Footnote], refs: list[FootnoteRef], document_name: str) -> list[Finding]:
    bodies = {f.number: f for f in footnotes}
    called = {}
    for ref in refs:
        called.setdefault(ref.number, ref)
    findings = []
    known = set(bodies) | set(called)
    for number in range(1, max(known, default=0) + 1):
        if number not in known:
            findings.append(
                Finding(
                    check="footnote.sequence_gap", severity="warning", dataset="footnotes", footnote=number,
                    expected=str(number), observed="absent", place=f"footnote {number}",
                    message=f"{document_name}: footnote {number} is missing: footnotes run 1 to "
                    f"{max(known)} but {number} has neither a call nor a body.",
                )
            )
    for number, ref in sorted(called.items()):
        if number not in bodies:
            findings.append(
                Finding(
                    check="footnote.marker_without_body", severity="warning", dataset="footnote_refs",
                    footnote=number, expected="a footnote body", observed="none", place=f"footnote {number} call",
                    start=ref.start, end=ref.end,
                    message=f"{document_name}: footnote call {number} (page {ref.page or '?'}, offset {ref.start}) "
                    "has no footnote text.",
                )
            )
    for number, body in sorted(bodies.items()):
        if number not in called:
            findings.append(
                Finding(
                    check="footnote.body_without_marker", severity="warning", dataset="footnotes", footnote=number,
                    expected="a call in the text", observed="none", place=f"footnote {number} body",
                    start=body.start, end=body.end,
                    message=f"{document_name}: footnote {number} ({body.text[:60]!r}) is never called in the text.",
                )
            )
    return findings
