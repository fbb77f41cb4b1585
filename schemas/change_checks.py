"""Stated changes against the document's crime tables: the direction, and the size.

"Robberies fell 12 percent from 2019 to 2021" is compared with the table's robberies in 2019
and 2021: a table that shows a rise contradicts the direction (`claim.direction_contradicts_table`);
one that shows a fall of 7.0% contradicts the size (`claim.change_matches_table`). The size is
read within the stated precision: "9 percent" covers 8.0 to 9.99 (rounded or cut), "more than
10 percent" anything from 9 up. "Rose by 15" is an amount, "rose from 20 to 35" two levels, each
compared with the table's counts. A claim about a district, or whose years are not both in a
table, is not compared.
"""

from __future__ import annotations

import re

from extractors.claims.grammar import claim_vocabulary
from extractors.model.records import Claim, CrimeStat, Finding
from schemas.claim_facts import (
    QUALIFIED_TOLERANCE,
    cell_spans,
    claim_finding,
    claim_year,
    compared_years,
    mentions_subarea,
    number_text,
    offense_of,
    short,
    stats_for,
)
from schemas.registry import CHANGE, DIRECTION

_CHANGES = ("increase", "decrease")


def article(word: str) -> str:
    """ "a" or "an" before a word ("an increase", "a decrease")."""
    return "an" if word[:1].lower() in "aeiou" else "a"


Counts = tuple[float, float, str, tuple[tuple[int, int], ...]]  # the two years' counts, table, their cells


def _table_counts(stats: list[CrimeStat], offense: str, years: tuple[int, int]) -> Counts | None:
    before, after = (stats_for(stats, year, offense) for year in years)
    if not before or not after:
        return None
    first, second = before[0].values[offense], after[0].values[offense]
    if first is None or second is None:
        return None
    cells = cell_spans(before[0], offense) + cell_spans(after[0], offense)
    return float(first), float(second), after[0].table_id, cells


def _rates(stats: list[CrimeStat], offense: str, years: tuple[int, int]) -> tuple[float, float, str] | None:
    """The offense's rate per population in both years (a claim about "the violent crime rate")."""
    rows = [next((s for s in stats_for(stats, y, offense) if s.values.get("population")), None) for y in years]
    if rows[0] is None or rows[1] is None:
        return None
    first, second = (float(s.values[offense]) / float(s.values["population"]) for s in rows)  # type: ignore[arg-type]
    return first, second, rows[1].table_id


def _unit_of(value: float, *, count: bool) -> float:
    """One unit of the stated number's last digit: 12 -> 1, 9.4 -> 0.1; a count of thousands
    with trailing zeros ("9,600") is rounded to them."""
    if value != int(value):
        decimals = len(f"{value:g}".split(".")[1]) if "." in f"{value:g}" else 0
        return 10.0**-decimals
    digits = str(int(abs(value)))
    zeros = len(digits) - len(digits.rstrip("0"))
    return 10.0**zeros if count and abs(value) >= 1000 and zeros < len(digits) else 1.0


def _agrees(stated: float, actual: float, unit: float, qualifier: str | None) -> bool:
    vocab = claim_vocabulary()
    if qualifier in vocab.lower_bound_qualifiers:
        return actual >= stated - unit
    if qualifier in vocab.upper_bound_qualifiers:
        return actual <= stated + unit
    if qualifier:
        return abs(actual - stated) <= max(unit, QUALIFIED_TOLERANCE * stated)
    return abs(actual - stated) < unit


def _forms(value: float) -> list[str]:
    """How a number may be printed in the sentence."""
    if value == int(value):
        return [re.escape(f"{int(value):,}"), str(int(value))]
    return [re.escape(f"{value:g}"), re.escape(f"{value:,}")]


def _stated_as(claim: Claim, pattern: str) -> bool:
    """The claim's number follows `pattern` in its sentence ("by" for "rose by 15")."""
    numbers = "|".join(_forms(claim.value))
    return re.search(rf"{pattern}\s+(?:{numbers})(?![\d,.])", claim.sentence, re.IGNORECASE) is not None


def _from_to_pairs(claims: list[Claim]) -> dict[str, tuple[Claim, Claim]]:
    """"rose from 20 to 35": the claim of the second number -> (the first claim, the second)."""
    pairs = {}
    for first, second in zip(claims, claims[1:], strict=False):
        if (first.sentence != second.sentence or first.paragraph != second.paragraph or first.unit != "count"
                or second.unit != "count" or first.change not in _CHANGES or second.change != first.change):
            continue
        a, b = "|".join(_forms(first.value)), "|".join(_forms(second.value))
        if re.search(rf"\bfrom\s+(?:{a})(?![\d,.])[^.;]*?\bto\s+(?:{b})(?![\d,.])", first.sentence, re.IGNORECASE):
            pairs[second.claim_id] = (first, second)
    return pairs


def _pair_years(first: Claim, second: Claim) -> tuple[int, int] | None:
    a, b = claim_year(first), claim_year(second)
    if a and b and a != b and first.period == str(a) and second.period == str(b):
        return a, b
    return compared_years(first) if first.period == second.period else None


def change_findings(claims: list[Claim], stats: list[CrimeStat], name: str) -> list[Finding]:
    """Every stated change of a table's offense against the table, once per claim."""
    claims = list(claims)
    pairs = _from_to_pairs(claims)
    paired = {c.claim_id for pair in pairs.values() for c in pair}
    out: list[Finding] = []
    for claim in claims:
        offense = offense_of(claim.measure)
        if claim.change not in _CHANGES or not offense or mentions_subarea(claim.sentence):
            continue
        if claim.claim_id in pairs:
            out += _pair_findings(*pairs[claim.claim_id], offense, stats, name)
            continue
        years = compared_years(claim)
        if claim.claim_id in paired or years is None or years[0] == years[1]:
            continue
        counts = _table_counts(stats, offense, years)
        if counts is None or counts[0] == counts[1]:
            continue
        table_says = "increase" if counts[1] > counts[0] else "decrease"
        if table_says != claim.change:
            out.append(_direction_finding(claim, offense, years, counts, table_says, name))
        else:
            out += _size_findings(claim, offense, years, counts, stats, name)
    return out


def _direction_finding(claim: Claim, offense: str, years: tuple[int, int], counts: Counts, table_says: str,
                       name: str) -> Finding:
    first, second, table_id, cells = counts
    change = claim.change or ""
    return claim_finding(
        DIRECTION, claim, f"{table_says} ({number_text(first)} to {number_text(second)})", change,
        f"claim {short(claim.value)} {claim.unit} {offense} {years[0]}-{years[1]}",
        f"{name}: the text states {article(change)} {change} in {claim.measure} from {years[0]} to {years[1]}, but "
        f"{table_id} shows {number_text(first)} in {years[0]} and {number_text(second)} in {years[1]} "
        f"({article(table_says)} {table_says}).",
        year=years[1], table_id=table_id, compared=cells,
    )


def _size_findings(claim: Claim, offense: str, years: tuple[int, int], counts: Counts, stats: list[CrimeStat],
                   name: str) -> list[Finding]:
    first, second, table_id, cells = counts
    change = claim.change or ""
    if claim.unit == "percent":
        if "rate" in (claim.measure or "").lower().split():
            rates = _rates(stats, offense, years)
            if rates is None:
                return []
            first, second = rates[0], rates[1]
        if not first:
            return []
        actual = abs(second - first) / first * 100
        if _agrees(claim.value, actual, _unit_of(claim.value, count=False), claim.qualifier):
            return []
        stated, table = f"{number_text(claim.value)} percent", f"{actual:.1f}%"
    elif claim.unit == "count" and _stated_as(claim, r"\bby"):
        actual = abs(second - first)
        if _agrees(claim.value, actual, _unit_of(claim.value, count=True), claim.qualifier):
            return []
        stated, table = number_text(claim.value), number_text(actual)
    else:
        return []
    qualifier = f"{claim.qualifier} " if claim.qualifier else ""
    return [claim_finding(
        CHANGE, claim, table, stated, f"claim {short(claim.value)} {claim.unit} {offense} {years[0]}-{years[1]}",
        f"{name}: the text states {article(change)} {change} of {qualifier}{stated} in {claim.measure} "
        f"from {years[0]} to {years[1]}, but {table_id} shows {number_text(counts[0])} in {years[0]} and "
        f"{number_text(counts[1])} in {years[1]}, {article(change)} {change} of {table}.",
        year=years[1], table_id=table_id, compared=cells,
    )]


def _pair_findings(first: Claim, second: Claim, offense: str, stats: list[CrimeStat], name: str) -> list[Finding]:
    years = _pair_years(first, second)
    counts = _table_counts(stats, offense, years) if years else None
    if years is None or counts is None:
        return []
    if all(_agrees(c.value, actual, _unit_of(c.value, count=True), c.qualifier)
           for c, actual in ((first, counts[0]), (second, counts[1]))):
        return []
    stated = f"{number_text(first.value)} to {number_text(second.value)}"
    table = f"{number_text(counts[0])} to {number_text(counts[1])}"
    change = second.change or ""
    return [claim_finding(
        CHANGE, second, table, stated, f"claims {short(first.value)} to {short(second.value)} {offense} "
        f"{years[0]}-{years[1]}",
        f"{name}: the text states {article(change)} {change} in {second.measure} from {number_text(first.value)} in "
        f"{years[0]} to {number_text(second.value)} in {years[1]}, but {counts[2]} shows {table} for those years.",
        year=years[1], table_id=counts[2], compared=((first.start, first.end), *counts[3]),
    )]
