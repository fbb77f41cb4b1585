"""Checks of what a crime table prints beside its counts: rates and percent changes, and a
note for every column the pipeline did not understand.

Tolerances are the rounding of the printed number: half a unit of its last digit, plus
0.1% of the value for a rate (tables print populations rounded)."""

from __future__ import annotations

import re

from extractors.model.printed_numbers import MAX_DIGITS, MAX_YEAR, MIN_YEAR, overlong_number, parse_number
from extractors.model.records import Cell, CrimeStat, Finding, Table
from extractors.structure.crime_stats import rate_columns
from extractors.vocab.vocabulary import vocabulary
from schemas.registry import NUMBER_TOO_LONG, PERCENT_CHANGE, RATE, UNRECOGNISED
from schemas.sum_relations import half_unit

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _label(column: str) -> str:
    return column.replace("_", " ")


def rate_findings(table: Table, stats: list[CrimeStat], document_name: str) -> list[Finding]:
    """Each printed rate against count / population x the vocabulary's rate base."""
    vocab = vocabulary()
    raws = {(cell.start, cell.end): cell.raw for cell in table.cells}
    findings = []
    for stat in stats:
        population = stat.values.get("population")
        for name, rate in stat.values.items():
            if not name.endswith("_rate") or rate is None:
                continue
            count = stat.values.get(name.removesuffix("_rate"))
            if count is None or not population:
                continue
            expected = count / population * vocab.rate_base
            raw = _printed(raws, stat, rate)
            if abs(float(rate) - expected) <= half_unit(raw) + 0.001 * expected:
                continue
            offense = _label(name.removesuffix("_rate"))
            start, end = stat.cells.get(name, (stat.start, stat.end))
            compared = tuple(stat.cells[c] for c in (name.removesuffix("_rate"), "population") if c in stat.cells)
            findings.append(
                RATE.finding(
                    table_id=table.table_id,
                    year=stat.year, expected=f"{expected:.2f}", observed=raw, start=start, end=end,
                    compared=compared, place=f"{table.table_id} {stat.year} {name}",
                    message=f"{document_name}, {table.table_id}, {stat.year}: the {offense} rate is printed as {raw} "
                    f"but {count:,} / {population:,} x {vocab.rate_base:,.0f} = {expected:,.2f}.",
                )
            )
    return findings


def _printed(raws: dict[tuple[int, int], str], stat: CrimeStat, value: float) -> str:
    """The rate as printed (for its decimals), found among the row's cells."""
    for (start, end), raw in raws.items():
        if stat.start <= start and end <= stat.end and _matches(raw, value):
            return raw
    return f"{value:g}"


def _matches(raw: str, value: float) -> bool:
    parsed = parse_number(raw)
    return parsed is not None and abs(parsed - value) < 1e-9


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")


def _change(old: float, new: float) -> float | None:
    return None if not old else (new - old) / old * 100


def _percent_finding(
    table: Table, cell: Cell, subject: str, years: tuple[int, int], counts: tuple[Cell, Cell],
    candidates: list[float], document_name: str,
) -> Finding | None:
    if cell.value is None or not candidates:
        return None
    if any(abs(cell.value - c) <= half_unit(cell.raw) for c in candidates):
        return None
    expected = candidates[0]
    return PERCENT_CHANGE.finding(
        table_id=table.table_id, year=years[1],
        expected=f"{expected:.1f}", observed=cell.raw, start=cell.start, end=cell.end,
        compared=tuple((c.start, c.end) for c in counts),
        place=f"{table.table_id} {subject} {years[0]}-{years[1]} {cell.column}",
        message=f"{document_name}, {table.table_id}: the change in {_label(subject)} from {years[0]} to "
        f"{years[1]} is printed as {cell.raw} but {_number(counts[0].value or 0)} -> {_number(counts[1].value or 0)} "
        f"is {expected:+.1f}%.",
    )


def percent_change_findings(table: Table, document_name: str) -> list[Finding]:
    """A "% change" column: against the previous year's row (years as rows), or between the
    years its header names, else the first and last (or last two) year columns."""
    vocab = vocabulary()
    names = list(table.columns)
    year_columns = {i: int(n) for i, n in enumerate(names) if n.isdigit() and MIN_YEAR <= int(n) <= MAX_YEAR}
    findings = []
    for index, header in enumerate(names):
        subject = vocab.percent_change_subject(header)
        if subject is None:
            continue
        if year_columns:
            findings += _years_as_columns_changes(table, index, year_columns, document_name)
        else:
            findings += _years_as_rows_changes(table, index, subject, document_name)
    return [f for f in findings if f is not None]


def _years_as_rows_changes(table: Table, index: int, subject: str, document_name: str) -> list[Finding | None]:
    vocab = vocabulary()
    names = list(table.columns)
    columns = {vocab.crime_column(n): i for i, n in enumerate(names) if not vocab.is_rate_header(n)}
    year_index = columns.get("year")
    sources = [columns[subject]] if subject in columns else []
    if not subject and index > 0:  # a bare "% change": of the column before it, or of that rate's count
        sources = [index - 1]
        rate_of = vocab.rate_subject(names[index - 1])
        if rate_of and rate_of in columns:
            sources.append(columns[rate_of])
    if year_index is None or not sources:
        return []
    label = subject or names[sources[0]]
    rows = [{c.column_index: c for c in row} for row in table.rows()]
    out: list[Finding | None] = []
    for previous, current in zip(rows, rows[1:], strict=False):
        cell = current.get(index)
        years = [r.get(year_index) for r in (previous, current)]
        if cell is None or any(y is None or y.value is None for y in years):
            continue
        changes = []
        for source in sources:
            old, new = previous.get(source), current.get(source)
            if old is not None and new is not None and old.value is not None and new.value is not None:
                change = _change(old.value, new.value)
                if change is not None:
                    changes.append((change, old, new))
        if changes:
            span = (int(years[0].value), int(years[1].value))  # type: ignore[union-attr]
            out.append(_percent_finding(table, cell, label, span, changes[0][1:], [c[0] for c in changes],
                                        document_name))
    return out


def _years_as_columns_changes(
    table: Table, index: int, year_columns: dict[int, int], document_name: str
) -> list[Finding | None]:
    named = [int(y) for y in _YEAR.findall(table.columns[index])]
    by_year = {year: i for i, year in year_columns.items()}
    ordered = sorted(i for i in year_columns if i < index) or sorted(year_columns)
    pairs = [(by_year[named[0]], by_year[named[-1]])] if len(named) >= 2 and set(named) <= set(by_year) else []
    if not pairs and len(ordered) >= 2:
        pairs = [(ordered[0], ordered[-1]), (ordered[-2], ordered[-1])]
    out: list[Finding | None] = []
    for row in table.rows():
        by_index = {c.column_index: c for c in row}
        cell = by_index.get(index)
        subject = vocabulary().crime_column(row[0].raw) if row else None
        if cell is None or not pairs or not subject:
            continue
        candidates = []
        for old_i, new_i in pairs:
            old, new = by_index.get(old_i), by_index.get(new_i)
            if old is not None and new is not None and old.value is not None and new.value is not None:
                change = _change(old.value, new.value)
                if change is not None:
                    candidates.append((change, old, new, year_columns[old_i], year_columns[new_i]))
        if candidates:
            change, old_v, new_v, old_y, new_y = candidates[0]
            out.append(_percent_finding(table, cell, subject, (old_y, new_y), (old_v, new_v),
                                        [c[0] for c in candidates], document_name))
    return out


def unrecognised_column_findings(table: Table, stats: list[CrimeStat], document_name: str) -> list[Finding]:
    """Say what was not understood: a table read as no crime data, or columns of a crime table
    that are neither counts, rates, percent changes nor the label column."""
    vocab = vocabulary()
    names = list(table.columns)

    def finding(place: str, observed: str, message: str) -> Finding:
        return UNRECOGNISED.finding(
            table_id=table.table_id,
            expected="columns named in extractors/vocab/data/vocabulary.yaml", observed=observed,
            place=f"{table.table_id} {place}", start=table.start, end=table.end, message=message,
        )

    if not stats:
        shown = ", ".join(repr(n) for n in names[:8])
        return [finding("not crime data", shown, f"{document_name}, {table.table_id}: not read as crime statistics; "
                        f"no year and crime columns among {shown} (add synonyms to vocabulary.yaml if it is one).")]
    if any(n.isdigit() for n in names):
        return []  # years as columns: the offenses are the rows
    mapped = {i for i, n in enumerate(names) if vocab.crime_column(n) and not vocab.is_rate_header(n)}
    counts = {i: vocab.crime_column(n) or "" for i, n in enumerate(names) if i in mapped}
    known = mapped | set(rate_columns(names, counts)) | {
        i for i, n in enumerate(names) if vocab.percent_change_subject(n) is not None
    }
    unknown = [n for i, n in enumerate(names) if i not in known and n.strip()]
    if not unknown:
        return []
    shown = ", ".join(repr(n) for n in unknown)
    return [finding("unrecognised columns", shown, f"{document_name}, {table.table_id}: column(s) {shown} not "
                    "recognised, so not in crime_stats (add synonyms to vocabulary.yaml if they are crime counts).")]


def overlong_number_findings(table: Table, document_name: str) -> list[Finding]:
    """Cells printed as numbers too long to be one (more than MAX_DIGITS integer digits): the
    cell keeps its text and has no value, so the row's sums and rates are not checked."""
    return [
        NUMBER_TOO_LONG.finding(
            table_id=table.table_id,
            expected=f"a number of at most {MAX_DIGITS} digits", observed=_shortened(cell.raw),
            place=f"{table.table_id} row {cell.row} column {cell.column_index}", start=cell.start, end=cell.end,
            message=f"{document_name}, {table.table_id}, row {cell.row + 1}, {cell.column or 'column'}: "
            f"a number of {sum(c.isdigit() for c in cell.raw):,} digits ({_shortened(cell.raw)}), too long to be a "
            "count or rate; kept as text with no value.",
        )
        for cell in table.cells
        if cell.row >= 0 and overlong_number(cell.raw)
    ]


def _shortened(raw: str, keep: int = 24) -> str:
    return raw if len(raw) <= keep else raw[:keep] + "..."
