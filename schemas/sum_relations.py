"""Which lines of a table add up to which: sum relations inferred from the table, before any
row is flagged against them.

A table is seen along one axis at a time: its *lines* are the columns (a Total column is the sum
of other columns, in every row) or the rows (a Total row is the sum of other rows, in every
column), and its *records* are the other axis. A relation `total = part + part ...` is a
candidate when the vocabulary defines it (`seeds`), when a label marks the total ("Total",
"Subtotal"), or, for an unlabelled line, when adjacent lines add up to it. A candidate is
*established* only when it holds in most records (and in at least two that are not trivial);
nested totals are established level by level, the relation with the fewest parts first, so a
Total is the sum of its subtotals and the lines no subtotal covers ("Others"), never of the
subtotals and their parts at once. A record is flagged only against an established relation.

Sums are exact when the table's own records say so (integers that add up exactly in most
records); otherwise each printed number may be off by half a unit of its last digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

MIN_EVIDENCE = 2  # records, with two nonzero parts, in which a labelled relation holds
MIN_EVIDENCE_UNLABELLED = 3  # the same for a relation no label announces
HOLDS_PER_FAILURE = 2  # an established relation holds in at least twice as many records as it fails


def half_unit(raw: str) -> float:
    """Half a unit of a printed number's last digit: how far rounding may have moved it."""
    digits = re.sub(r"[^\d.]", "", raw)
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return 0.5 * 10**-decimals + 1e-9


@dataclass(frozen=True)
class Lines:
    """A table along one axis: `values[record, line]` (NaN where a cell is no number), whether
    the cell is blank (a blank part adds nothing; a blank total is not printed), and half a unit
    of the printed number's last digit."""

    labels: tuple[str, ...]
    kinds: tuple[str, ...]  # "total", "subtotal" or "" per line (from its label)
    values: np.ndarray
    blank: np.ndarray
    half_units: np.ndarray


@dataclass(frozen=True)
class Outcome:
    """A candidate relation tested on every record."""

    tested: np.ndarray  # the record prints the total and a number for every part
    holds: np.ndarray
    expected: np.ndarray  # the sum of the parts
    exact: bool  # sums are exact (else within rounding)

    @property
    def failing(self) -> list[int]:
        return [int(i) for i in np.flatnonzero(self.tested & ~self.holds)]


@dataclass(frozen=True)
class Relation:
    total: int
    parts: tuple[int, ...]
    source: str  # "vocabulary", "labels" or "rows"
    outcome: Outcome

    @property
    def holding(self) -> int:
        return int(self.outcome.holds.sum())

    @property
    def tested(self) -> int:
        return int(self.outcome.tested.sum())


def evaluate(lines: Lines, total: int, parts: tuple[int, ...]) -> Outcome:
    values = lines.values[:, list(parts)]
    expected = values.sum(axis=1)
    printed = lines.values[:, total]
    tested = ~np.isnan(printed) & ~lines.blank[:, total] & ~np.isnan(expected)
    difference = np.abs(np.where(tested, printed - expected, 0.0))
    scale = np.maximum(1.0, np.abs(np.nan_to_num(printed)))
    exactly = tested & (difference <= 1e-9 * scale)
    rounding = lines.half_units[:, list(parts)].sum(axis=1) + lines.half_units[:, total]
    roughly = tested & (difference <= rounding + 1e-9 * scale)
    used = np.concatenate([values, printed[:, None]], axis=1)[tested]
    integers = bool(np.all(np.isclose(used, np.round(used)))) if used.size else True
    exact = integers and int(exactly.sum()) >= int((roughly & ~exactly).sum())
    return Outcome(tested, exactly if exact else roughly, expected, exact)


def _established(
    lines: Lines, total: int, parts: tuple[int, ...], outcome: Outcome, labelled: bool, independent: np.ndarray
) -> bool:
    """Holds in most records that say anything (all-zero records prove nothing, nor do records
    that are themselves totals of the others), and in enough records with two nonzero parts; a
    relation no label announces must hold exactly."""
    values = np.nan_to_num(lines.values[:, list(parts)])
    informative = independent & ((values != 0).any(axis=1) | (np.nan_to_num(lines.values[:, total]) != 0))
    evidence = int((outcome.holds & informative & ((values != 0).sum(axis=1) >= 2)).sum())
    holding = int((outcome.holds & informative).sum())
    failing = int((outcome.tested & ~outcome.holds & informative).sum())
    if not labelled and not outcome.exact:
        return False
    needed = MIN_EVIDENCE if labelled else MIN_EVIDENCE_UNLABELLED
    return evidence >= needed and holding >= HOLDS_PER_FAILURE * failing


def _descendants(line: int, established: dict[int, Relation]) -> set[int]:
    found: set[int] = set()
    stack = [line]
    while stack:
        relation = established.get(stack.pop())
        if relation:
            for part in relation.parts:
                if part not in found:
                    found.add(part)
                    stack.append(part)
    return found


def _top_level(lines: set[int], established: dict[int, Relation]) -> tuple[int, ...]:
    """Lines with every established total standing in for its parts."""
    covered = set().union(*(_descendants(line, established) for line in lines))
    return tuple(sorted(lines - covered))


def _prefix(label: str) -> str:
    """The group a two-level header puts a line in: "Finland Total" -> "finland"."""
    words = label.lower().split()
    return " ".join(w for w in words if w not in ("total", "totals", "subtotal")) if len(words) > 1 else ""


def _candidates(lines: Lines, total: int, established: dict[int, Relation]) -> list[tuple[int, ...]]:
    n = len(lines.labels)
    others = set(range(n)) - {total} - _ancestors(total, established)
    runs: list[tuple[int, ...]] = []
    for step in (1, -1):
        run: list[int] = []
        line = total + step
        while 0 <= line < n and line in others:
            if lines.kinds[line] and line not in established:
                break  # a total not yet resolved ends the run
            run.append(line)
            if len(run) >= 2:
                runs.append(tuple(sorted(run)))
            line += step
    found = list(runs)
    if lines.kinds[total] == "total":
        found.append(_top_level(others, established))
        found.append(tuple(sorted(i for i in others if not lines.kinds[i])))
    if lines.kinds[total] and (group := _prefix(lines.labels[total])):
        found.append(_top_level({i for i in others if _prefix(lines.labels[i]) == group}, established))
    unique = []
    for parts in found:
        if len(parts) >= 2 and parts not in unique and not _double_counts(parts, established):
            unique.append(parts)
    return unique


def _ancestors(line: int, established: dict[int, Relation]) -> set[int]:
    return {total for total in established if line in _descendants(total, established)}


def _double_counts(parts: tuple[int, ...], established: dict[int, Relation]) -> bool:
    chosen = set(parts)
    return any(chosen & _descendants(part, established) for part in parts)


def infer_relations(
    lines: Lines, seeds: tuple[tuple[int, tuple[int, ...]], ...] = (), dependent: frozenset[int] = frozenset()
) -> tuple[list[Relation], list[int]]:
    """The relations established for these lines (seeds first, as given), and the labelled
    totals for which none could be. `dependent` records are totals along the other axis: they
    are checked, but are no evidence for or against a relation (they follow from the others)."""
    independent = np.array([r not in dependent for r in range(lines.values.shape[0])], dtype=bool)
    established: dict[int, Relation] = {
        total: Relation(total, parts, "vocabulary", evaluate(lines, total, parts)) for total, parts in seeds
    }
    tried: dict[tuple[int, tuple[int, ...]], Outcome] = {}
    while True:
        best: Relation | None = None
        for total in range(len(lines.labels)):
            if total in established:
                continue
            labelled = bool(lines.kinds[total])
            for parts in _candidates(lines, total, established):
                key = (total, parts)
                if key not in tried:
                    tried[key] = evaluate(lines, total, parts)
                outcome = tried[key]
                if not _established(lines, total, parts, outcome, labelled, independent):
                    continue
                relation = Relation(total, parts, "labels" if labelled else "rows", outcome)
                if best is None or _better(relation, best):
                    best = relation
        if best is None:
            break
        established[best.total] = best
    relations = [established[t] for t in sorted(established)]
    unresolved = [i for i, kind in enumerate(lines.kinds) if kind and i not in established]
    return relations, unresolved


def _better(a: Relation, b: Relation) -> bool:
    """Exact before rounded, then more records holding, then fewer parts (the innermost level of
    nested totals first), labelled before inferred."""
    def key(r: Relation) -> tuple:
        return (not r.outcome.exact, -r.holding, len(r.parts), r.source != "labels", r.total)

    return key(a) < key(b)


def formula(lines: Lines, relation: Relation, noun: str = "line") -> str:
    """The relation in words: "Total = Federal subtotal + State subtotal + Others"."""
    names = [lines.labels[p] or f"{noun} {p + 1}" for p in relation.parts]
    if len(names) > 5 and all(b == a + 1 for a, b in pairwise(relation.parts)):
        shown = f"the {len(names)} {noun}s from {names[0]} to {names[-1]}"
    else:
        shown = " + ".join(names)
    return f"{lines.labels[relation.total] or f'{noun} {relation.total + 1}'} = {shown}"
