"""Fault injection: how many sum-breaking perturbations of a document's consistent table rows
the checks catch.

    python benchmarks/mutation.py [DOCUMENT ...]   (default: every .txt file in raw/)

For each crime-table row whose total already equals its components, every count cell of the
total rule (the total and each component) is perturbed in the ways numbers get mistyped: off
by one, off by ten and a hundred, a dropped digit, a repeated digit, two digits swapped. The
document text is rewritten in place of the printed cell and run through the real extraction
and checks; a perturbation that breaks the sum must produce a `table.total_equals_components`
finding for that row. The table is read from the document, nothing about it is assumed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.layout.normalize import loaded_to_normalized  # noqa: E402
from extractors.model.pages import LoadedDocument, PageText  # noqa: E402
from extractors.structure.crime_stats import table_to_crime_stats  # noqa: E402
from extractors.structure.tables import document_to_tables  # noqa: E402
from extractors.vocab.vocabulary import vocabulary  # noqa: E402
from schemas.checks import crime_total_findings  # noqa: E402


def findings_of(text: str) -> tuple[list, list]:
    doc = loaded_to_normalized(LoadedDocument("text", (PageText(None, text),)), vocabulary())
    tables = document_to_tables(doc)
    stats = [stat for table in tables for stat in table_to_crime_stats(table)]
    return tables, crime_total_findings(stats, "mutant")


def mistypes(value: int) -> set[int]:
    digits = str(value)
    out = {value + 1, value - 1, value + 10, value - 10, value + 100, value - 100}
    out |= {int(digits[:i] + digits[i + 1 :]) for i in range(len(digits)) if len(digits) > 1}
    out |= {int(digits[:i] + digits[i] + digits[i:]) for i in range(len(digits))}
    out |= {int(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :]) for i in range(len(digits) - 1)}
    return {v for v in out if v >= 0 and v != value}


def printed(value: int, like: str) -> str:
    return f"{value:,}" if "," in like else str(value)


def mutate_document(text: str) -> tuple[int, int, list[str]]:
    """(perturbations that break a sum, how many were caught, descriptions of the missed)."""
    tables, findings = findings_of(text)
    flagged = {(f.table_id, f.year) for f in findings}
    rules = vocabulary().total_rules
    breaking = caught = 0
    missed = []
    for table in tables:
        by_year = {stat.year: stat for stat in table_to_crime_stats(table)}
        for row in table.rows():
            year_cells = [c for c in row if vocabulary().crime_column(c.column) == "year"]
            year = int(year_cells[0].value) if year_cells and year_cells[0].value else None
            if year not in by_year or (table.table_id, year) in flagged:
                continue
            for rule in rules:
                names = [rule.total, *rule.components]
                cells = [c for c in row if vocabulary().crime_column(c.column) in names and c.value is not None]
                if len(cells) != len(names):
                    continue
                for cell in cells:
                    for value in mistypes(int(cell.value)):
                        mutant = text[: cell.start] + printed(value, cell.raw) + text[cell.end :]
                        breaking += 1
                        _, mutant_findings = findings_of(mutant)
                        if any(f.year == year and f.table_id == table.table_id for f in mutant_findings):
                            caught += 1
                        else:
                            missed.append(f"{table.table_id} {year} {cell.column}: {cell.raw} -> {value}")
    return breaking, caught, missed


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "raw").glob("*.txt"))
    total_breaking = total_caught = 0
    for path in paths:
        loaded = LoadedDocument("text", (PageText(None, path.read_text("utf-8")),))
        text = loaded_to_normalized(loaded, vocabulary()).text
        breaking, caught, missed = mutate_document(text)
        total_breaking += breaking
        total_caught += caught
        rate = caught / breaking if breaking else 1.0
        print(f"{path.name}: {caught}/{breaking} sum-breaking perturbations caught ({rate:.1%})")
        for line in missed[:10]:
            print(f"  missed {line}")
    if total_breaking:
        print(f"detection rate: {total_caught / total_breaking:.1%} of {total_breaking} perturbations")


if __name__ == "__main__":
    main()
