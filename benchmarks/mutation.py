"""Fault injection: how many sum-breaking perturbations of consistent tables the total checks
catch, and how many sum-keeping perturbations of them raise a false alarm.

    python benchmarks/mutation.py [DOCUMENT ...]   (default: every .txt file in raw/)

Two kinds of table are perturbed, each through the real extraction and checks:

- the crime tables of the documents: for each row whose total already equals its components,
  every count cell of the total rule is mistyped the ways numbers get mistyped (off by one, ten
  and a hundred, a dropped, repeated or swapped digit), and must then be flagged in that row;
  and two components of the row are swapped, or a count moved from one to another, which keeps
  the sum and must not be flagged;
- generated budget tables with nested totals (`tests/budget_tables.py`: a Total column of two
  subtotals and "Others", each subtotal of two parts, a Total row): every number of some rows
  is mistyped and must be flagged in its row or its column; and an amount is added to a part,
  to every total above it in its row and to the Total row below it, which keeps every sum.

The table is read from the printed document; the checks know nothing of how it was made.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.layout.normalize import loaded_to_normalized  # noqa: E402
from extractors.model.pages import LoadedDocument, PageText  # noqa: E402
from extractors.model.records import Finding  # noqa: E402
from extractors.structure.crime_stats import table_to_crime_stats  # noqa: E402
from extractors.structure.tables import document_to_tables  # noqa: E402
from extractors.vocab.vocabulary import vocabulary  # noqa: E402
from schemas.checks import crime_total_findings, table_total_findings  # noqa: E402
from schemas.registry import TOTAL  # noqa: E402
from tests.budget_tables import COLUMNS, RELATIONS, BudgetTable, budget_table  # noqa: E402


def findings_of(text: str) -> tuple[list, list[Finding]]:
    doc = loaded_to_normalized(LoadedDocument("text", (PageText(None, text),)), vocabulary())
    tables = document_to_tables(doc, vocabulary())
    findings = []
    for table in tables:
        stats = table_to_crime_stats(table, vocabulary())
        findings += crime_total_findings(stats, "mutant")
        findings += table_total_findings(table, "mutant", crime_table=bool(stats))
    return tables, [f for f in findings if f.check == TOTAL.id]


def mistypes(value: int) -> set[int]:
    digits = str(value)
    out = {value + 1, value - 1, value + 10, value - 10, value + 100, value - 100}
    out |= {int(digits[:i] + digits[i + 1 :]) for i in range(len(digits)) if len(digits) > 1}
    out |= {int(digits[:i] + digits[i] + digits[i:]) for i in range(len(digits))}
    out |= {int(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]) for i in range(len(digits) - 1)}
    return {v for v in out if v >= 0 and v != value}


def printed(value: int, like: str) -> str:
    return f"{value:,}" if "," in like else str(value)


class Tally:
    def __init__(self) -> None:
        self.breaking = self.caught = self.keeping = self.false_alarms = 0
        self.missed: list[str] = []
        self.alarms: list[str] = []

    def broken(self, caught: bool, what: str) -> None:
        self.breaking += 1
        self.caught += caught
        if not caught:
            self.missed.append(what)

    def kept(self, alarms: list[Finding], what: str) -> None:
        self.keeping += 1
        self.false_alarms += bool(alarms)
        if alarms:
            self.alarms.append(f"{what}: {alarms[0].message}")


def _crime_rows(text: str) -> Iterator[tuple[object, int, list]]:
    """(table, year, the row's cells of one total rule) for each row whose total adds up."""
    tables, findings = findings_of(text)
    flagged = {(f.table_id, f.year) for f in findings}
    vocab = vocabulary()
    for table in tables:
        years = {stat.year for stat in table_to_crime_stats(table, vocab)}
        for row in table.rows():
            year_cells = [c for c in row if vocab.crime_column(c.column) == "year"]
            year = int(year_cells[0].value) if year_cells and year_cells[0].value else None
            if year not in years or (table.table_id, year) in flagged:
                continue
            for rule in vocab.total_rules:
                names = [rule.total, *rule.components]
                cells = [c for c in row if vocab.crime_column(c.column) in names and c.value is not None]
                if len(cells) == len(names):
                    yield table, year, sorted(cells, key=lambda c: names.index(vocab.crime_column(c.column)))


def mutate_document(text: str, tally: Tally) -> None:
    _, baseline = findings_of(text)
    known = {f.place for f in baseline}
    for table, year, cells in _crime_rows(text):
        for cell in cells:
            for value in mistypes(int(cell.value)):
                mutant = text[: cell.start] + printed(value, cell.raw) + text[cell.end :]
                _, found = findings_of(mutant)
                caught = any(f.year == year and f.table_id == table.table_id for f in found)
                tally.broken(caught, f"{table.table_id} {year} {cell.column}: {cell.raw} -> {value}")
        parts = cells[1:]
        for a, b in zip(parts, parts[1:], strict=False):
            for move in ("swap", "shift"):
                values = (b.value, a.value) if move == "swap" else (a.value + 7, b.value - 7)
                if values[1] < 0:
                    continue
                first, second = (printed(int(v), c.raw) for v, c in zip(values, (a, b), strict=True))
                mutant = text[: a.start] + first + text[a.end : b.start] + second + text[b.end :]
                _, found = findings_of(mutant)
                tally.kept([f for f in found if f.place not in known], f"{table.table_id} {year} {move} "
                           f"{a.column}/{b.column}")


def _with(table: BudgetTable, changes: dict[tuple[int, int], int]) -> BudgetTable:
    rows = []
    for r, (name, values) in enumerate(table.rows):
        rows.append((name, tuple(changes.get((r, c + 1), v) for c, v in enumerate(values))))
    return BudgetTable(tuple(rows), table.caption)


def _ancestors(column: int) -> list[int]:
    """The totals a column adds up into, nearest first (Federal grants -> Federal subtotal, Total)."""
    found = []
    for total, parts in RELATIONS.items():
        if column in parts:
            found += [total, *_ancestors(total)]
    return found


def mutate_budget_tables(tally: Tally, seeds: range = range(3), rows_per_table: int = 4) -> None:
    for seed in seeds:
        table = budget_table(seed)
        cells = table.cells()
        last = len(table.rows) - 1
        sampled = random.Random(seed).sample(range(last), rows_per_table) + [last]
        for r in sampled:
            name = table.rows[r][0]
            for c in range(1, len(COLUMNS)):
                for value in sorted(mistypes(cells[(r, c)]))[::3]:
                    _, found = findings_of(_with(table, {(r, c): value}).text())
                    caught = any(f"row {name}:" in f.place or f"column {COLUMNS[c]}:" in f.place for f in found)
                    tally.broken(caught, f"budget {seed} {name} {COLUMNS[c]}: {cells[(r, c)]:,} -> {value:,}")
        for r in sampled[:-1]:
            for leaf in (3, 4, 6, 7, 8):
                changes = {}
                for c in [leaf, *_ancestors(leaf)]:
                    changes[(r, c)] = cells[(r, c)] + 1_234
                    changes[(last, c)] = cells[(last, c)] + 1_234
                _, found = findings_of(_with(table, changes).text())
                tally.kept(found, f"budget {seed} {table.rows[r][0]} +1,234 in {COLUMNS[leaf]} and its totals")


def _report(label: str, tally: Tally) -> None:
    rate = tally.caught / tally.breaking if tally.breaking else 1.0
    print(f"{label}: {tally.caught}/{tally.breaking} sum-breaking perturbations caught ({rate:.1%}); "
          f"{tally.false_alarms}/{tally.keeping} sum-keeping perturbations raised a false alarm")
    for line in tally.missed[:10]:
        print(f"  missed {line}")
    for line in tally.alarms[:10]:
        print(f"  false alarm {line}")


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "raw").glob("*.txt"))
    total = Tally()
    for path in paths:
        loaded = LoadedDocument("text", (PageText(None, path.read_text("utf-8")),))
        text = loaded_to_normalized(loaded, vocabulary()).text
        tally = Tally()
        mutate_document(text, tally)
        _report(path.name, tally)
        for name in ("breaking", "caught", "keeping", "false_alarms"):
            setattr(total, name, getattr(total, name) + getattr(tally, name))
    nested = Tally()
    mutate_budget_tables(nested)
    _report("generated budget tables with nested totals", nested)
    for name in ("breaking", "caught", "keeping", "false_alarms"):
        setattr(total, name, getattr(total, name) + getattr(nested, name))
    print(f"detection rate: {total.caught / max(total.breaking, 1):.1%} of {total.breaking} sum-breaking "
          f"perturbations; false alarms: {total.false_alarms} of {total.keeping} sum-keeping perturbations")


if __name__ == "__main__":
    main()
