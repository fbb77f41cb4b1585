"""Generated tables with nested totals: a state-by-state budget table in which a Total column
is the sum of two subtotals and an "Others" column, each subtotal the sum of its parts, and a
Total row the sum of the state rows. Every row adds up unless a row is broken on purpose.

Used by the tests (a consistent table gets no finding, a broken row exactly one) and by
`benchmarks/mutation.py` (perturbations that break or keep the sums); the generator knows the
structure, the checks must find it from the printed table alone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana",
)
COLUMNS = ("State", "Total", "Federal subtotal", "Federal grants", "Federal loans", "State subtotal",
           "General fund", "Bonds", "Others")
# column -> the columns it is the sum of (indices into COLUMNS)
RELATIONS = {1: (2, 5, 8), 2: (3, 4), 5: (6, 7)}
LEAVES = (3, 4, 6, 7, 8)


@dataclass(frozen=True)
class BudgetTable:
    rows: tuple[tuple[str, tuple[int, ...]], ...]  # state, values of COLUMNS[1:]; the Total row last
    caption: str = "Table 4. Operating funds by state, fiscal year 2021 (thousands of dollars)"

    def text(self) -> str:
        """A document with the table as tab-separated lines, as text extracted from a PDF gives it."""
        lines = ["\t".join(COLUMNS)]
        lines += ["\t".join([name, *(f"{value:,}" for value in values)]) for name, values in self.rows]
        return (f"Funding review\n\nThe table below lists operating funds by source.\n\n{self.caption}\n\n"
                + "\n".join(lines) + "\n\nSource: State budget offices.\n\nThe figures are in thousands.\n")

    def cells(self) -> dict[tuple[int, int], int]:
        """(row, column index) -> value, for every number of the table."""
        return {(r, c + 1): v for r, (_, values) in enumerate(self.rows) for c, v in enumerate(values)}


def _complete(leaves: dict[int, int]) -> tuple[int, ...]:
    values = dict(leaves)
    for total in sorted(RELATIONS, reverse=True):  # subtotals before the Total
        values[total] = sum(values[p] for p in RELATIONS[total])
    return tuple(values[c] for c in range(1, len(COLUMNS)))


def budget_table(seed: int = 0, states: int = 22, *, broken_row: int | None = None) -> BudgetTable:
    """`states` state rows and a Total row; with `broken_row`, that row's federal grants are
    printed 1,000 too high while its subtotals are not (the Total row adds the rows as printed)."""
    rng = random.Random(seed)
    rows = []
    for index, name in enumerate(STATES[:states]):
        leaves = {c: rng.randrange(1_000, 900_000) for c in LEAVES}
        values = list(_complete(leaves))
        if index == broken_row:
            values[3 - 1] += 1_000
        rows.append((name, tuple(values)))
    totals = tuple(sum(values[c] for _, values in rows) for c in range(len(COLUMNS) - 1))
    return BudgetTable((*rows, ("Total", totals)))
