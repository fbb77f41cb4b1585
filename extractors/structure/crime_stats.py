"""Crime-statistics tables to one row per year, in canonical columns.

Columns are recognised through the synonyms in `data/vocabulary.yaml`; years may be rows
(the usual layout) or columns (offenses as rows).
"""

from __future__ import annotations

from extractors.model.printed_numbers import MAX_YEAR, MIN_YEAR
from extractors.model.records import Cell, CrimeStat, Table
from extractors.vocab.vocabulary import Vocabulary, vocabulary

# The three functions below that take `vocab=None` are also read by `schemas/` (which declares
# the crime_stats columns at import and checks tables after the run); without a vocabulary
# they use the packaged one. The extractors always pass theirs.


def crime_stat_columns(vocab: Vocabulary | None = None) -> tuple[str, ...]:
    """Every canonical count column a crime_stats row can have, in vocabulary order."""
    names = dict.fromkeys((vocab or vocabulary()).crime_column_by_header.values())
    names.pop("year", None)
    return tuple(names)


def crime_rate_columns(vocab: Vocabulary | None = None) -> tuple[str, ...]:
    """The printed rate columns ("<offense>_rate", per the vocabulary's rate base) a row can have."""
    return tuple(f"{name}_rate" for name in crime_stat_columns(vocab) if name != "population")


def rate_columns(names: list[str], mapped: dict[int, str], vocab: Vocabulary | None = None) -> dict[int, str]:
    """Column index -> "<offense>_rate". A header naming no offense ("Rate per 100,000") is
    the rate of the count column printed just before it."""
    vocab = vocab or vocabulary()
    rates = {}
    for index, name in enumerate(names):
        subject = vocab.rate_subject(name)
        if subject == "":
            subject = mapped.get(index - 1)
        if subject and subject not in ("year", "population") and f"{subject}_rate" not in rates.values():
            rates[index] = f"{subject}_rate"
    return rates


def _rate(cell: Cell | None) -> float | None:
    return None if cell is None else cell.value


def _year(value: float | None) -> int | None:
    if value is None or value != int(value) or not MIN_YEAR <= value <= MAX_YEAR:
        return None
    return int(value)


def _span(cell: Cell) -> tuple[int, int]:
    return cell.start, cell.end


def _count(cell: Cell | None) -> int | None:
    return None if cell is None or cell.value is None else int(round(cell.value))


def _count_columns(names: list[str], vocab: Vocabulary) -> dict[int, str]:
    """Column index -> canonical name, for count columns (rates and % change are not counts)."""
    mapped = {}
    for index, name in enumerate(names):
        if vocab.is_rate_header(name) or vocab.is_percent_change_header(name):
            continue
        canonical = vocab.crime_column(name)
        if canonical and canonical not in mapped.values():
            mapped[index] = canonical
    return mapped


def _years_as_rows(table: Table, mapped: dict[int, str], vocab: Vocabulary) -> list[CrimeStat]:
    rates = rate_columns(list(table.columns), mapped, vocab)
    year_index = next(index for index, name in mapped.items() if name == "year")
    stats = []
    for row in table.rows():
        by_index = {cell.column_index: cell for cell in row}
        year = _year(by_index[year_index].value) if year_index in by_index else None
        if year is None:
            continue
        values: dict[str, int | float | None] = {
            name: _count(by_index.get(index)) for index, name in mapped.items() if name != "year"
        }
        values.update({name: _rate(by_index.get(index)) for index, name in rates.items()})
        columns = {**{i: n for i, n in mapped.items() if n != "year"}, **rates}
        spans = {name: _span(by_index[index]) for index, name in columns.items() if index in by_index}
        stats.append(CrimeStat(table.table_id, year, values, row[0].start, row[-1].end, table.page, spans))
    return stats


def _years_as_columns(table: Table, vocab: Vocabulary) -> list[CrimeStat]:
    year_by_index = {
        index: year
        for index, name in enumerate(table.columns)
        if (year := _year(float(name) if name.isdigit() else None)) is not None
    }
    rows = table.rows()
    offense_rows = {
        name: {cell.column_index: cell for cell in row}
        for row in rows
        if row and (name := vocab.crime_column(row[0].raw)) and name != "year"
    }
    if len(year_by_index) < 1 or len(offense_rows) < 2:
        return []
    labels = [row[0].raw for row in rows if row]
    by_label = {row[0].raw: {cell.column_index: cell for cell in row} for row in rows if row}
    row_names = {i: vocab.crime_column(label) for i, label in enumerate(labels)}
    rate_rows = {name: by_label[labels[i]] for i, name in rate_columns(labels, row_names, vocab).items()}
    stats = []
    for index, year in year_by_index.items():
        cells = [row[index] for row in offense_rows.values() if index in row]
        values: dict[str, int | float | None] = {
            name: _count(row.get(index)) for name, row in offense_rows.items()
        }
        values.update({name: _rate(row.get(index)) for name, row in rate_rows.items()})
        start = min((cell.start for cell in cells), default=table.start)
        end = max((cell.end for cell in cells), default=table.end)
        spans = {name: _span(row[index]) for name, row in {**offense_rows, **rate_rows}.items() if index in row}
        stats.append(CrimeStat(table.table_id, year, values, start, end, table.page, spans))
    return stats


def table_to_crime_stats(table: Table, vocab: Vocabulary) -> list[CrimeStat]:
    """Rows of crime_stats for a table, or [] when the table is not about crime counts."""
    mapped = _count_columns(list(table.columns), vocab)
    offenses = [name for name in mapped.values() if name not in ("year", "population")]
    if "year" in mapped.values() and offenses:
        return _years_as_rows(table, mapped, vocab)
    return _years_as_columns(table, vocab)
