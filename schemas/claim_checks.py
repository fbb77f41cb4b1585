"""Checks on numeric claims: against the document's own crime tables, and against each other.

Every check is conservative (a finding must be worth a reviewer's time): it runs only when the
claim's offense, year and relation are recognised without guessing, and it allows for rounding.
"""

from __future__ import annotations

import re
from itertools import combinations

from extractors.claims.grammar import claim_vocabulary
from extractors.model.records import Claim, CrimeStat, Finding
from schemas.change_checks import change_findings
from schemas.claim_facts import (
    QUALIFIED_TOLERANCE,
    TOLERANCE,
    cell_spans,
    claim_finding,
    number_text,
    offense_of,
    short,
    stats_for,
)
from schemas.registry import CLAIM_POPULATION, CLAIM_RATE, CONFLICT, PART_WHOLE, SHARE_RANGE, SHARES_TOTAL

__all__ = ["claims_to_findings", "offense_of"]


def _rate_findings(claims: list[Claim], stats: list[CrimeStat], name: str) -> list[Finding]:
    out = []
    for claim in claims:
        offense = offense_of(claim.measure)
        if claim.unit != "per_100k" or not offense or not re.fullmatch(r"\d{4}", claim.period or ""):
            continue
        year = int(claim.period or 0)
        rows = [s for s in stats_for(stats, year, offense) if s.values.get("population")]
        if not rows:
            continue
        rates = [(s, s.values[offense] / s.values["population"] * 100_000) for s in rows]  # type: ignore[operator]
        tolerance = QUALIFIED_TOLERANCE if claim.qualifier else TOLERANCE
        if any(abs(claim.value - rate) <= tolerance * rate for _, rate in rates):
            continue
        stat, rate = rates[0]
        expected = round(rate, 2)
        out.append(claim_finding(
            CLAIM_RATE, claim, f"{expected:.2f}", short(claim.value), f"claim {short(claim.value)} per_100k {year}",
            f"{name}: the text states a {year} {claim.measure} of {number_text(claim.value)} per 100,000, but "
            f"{stat.table_id} gives {stat.values[offense]:,} / {stat.values['population']:,} x 100,000 = "
            f"{number_text(expected)} for {year} ({(claim.value - rate) / rate:+.1%}).",
            year=year, table_id=stat.table_id, compared=cell_spans(stat, offense, "population"),
        ))
    return out


def _within(claim: Claim, reference: float) -> bool:
    vocab = claim_vocabulary()
    if claim.qualifier in vocab.lower_bound_qualifiers:
        return reference >= claim.value * (1 - TOLERANCE)
    if claim.qualifier in vocab.upper_bound_qualifiers:
        return reference <= claim.value * (1 + TOLERANCE)
    tolerance = QUALIFIED_TOLERANCE if claim.qualifier else TOLERANCE
    return abs(claim.value - reference) <= tolerance * reference


def _population_findings(claims: list[Claim], stats: list[CrimeStat], name: str) -> list[Finding]:
    populations = [(s, s.values["population"]) for s in stats if s.values.get("population")]
    measures = claim_vocabulary().population_measures
    out = []
    for claim in claims:
        if claim.unit != "count" or (claim.measure or "").lower() not in measures or claim.role or not populations:
            continue
        if not any(0.25 * p <= claim.value <= 4 * p for _, p in populations):  # type: ignore[operator]
            continue  # a count of some residents, not the city's population
        if any(_within(claim, p) for _, p in populations):  # type: ignore[arg-type]
            continue
        stat, closest = min(populations, key=lambda item: abs(item[1] - claim.value))  # type: ignore[operator]
        out.append(claim_finding(
            CLAIM_POPULATION, claim, f"{closest}", short(claim.value), f"claim {short(claim.value)} population",
            f"{name}: the text gives a population of {number_text(claim.value)}, but no year of {stat.table_id} is "
            f"within 1% of it; the closest is {stat.year} with {closest:,}.",
            year=stat.year, table_id=stat.table_id, compared=cell_spans(stat, "population"),
        ))
    return out


def _is_ratio(measure: str | None) -> bool:
    words = set(re.findall(r"[a-z]+", (measure or "").lower()))
    return bool(words & claim_vocabulary().ratio_words)


def _share_findings(claims: list[Claim], name: str) -> list[Finding]:
    out = []
    for claim in claims:
        if claim.unit != "percent" or claim.change or not claim.measure or _is_ratio(claim.measure):
            continue
        if 0 <= claim.value <= 100:
            continue
        out.append(claim_finding(
            SHARE_RANGE, claim, "0 to 100", short(claim.value), f"claim {short(claim.value)} percent {claim.measure}",
            f"{name}: {number_text(claim.value)} percent {claim.measure} is stated as a share, which must lie between "
            f"0 and 100 percent (\"{claim.sentence[:120]}\").",
        ))
    return out


def _part_findings(claims: list[Claim], name: str) -> list[Finding]:
    by_id = {c.claim_id: c for c in claims}
    out = []
    for part in claims:
        whole = by_id.get(part.whole or "")
        if part.role != "part" or whole is None or part.unit != whole.unit or part.value <= whole.value:
            continue
        out.append(claim_finding(
            PART_WHOLE, part, f"at most {short(whole.value)}", short(part.value),
            f"claim {short(part.value)} {part.measure} of {short(whole.value)} {whole.measure}",
            f"{name}: {number_text(part.value)} {part.measure} are stated as part of {number_text(whole.value)} "
            f"{whole.measure}, yet the part is larger than the whole.", compared=((whole.start, whole.end),),
        ))
    return out


def _overlapping(measure: str | None) -> bool:
    text = (measure or "").lower()
    return any(re.search(rf"\b{re.escape(word)}\b", text) for word in claim_vocabulary().overlapping_categories)


def _shares_total_findings(claims: list[Claim], name: str) -> list[Finding]:
    """Shares of one whole that add up to more than 100%. In a sentence, shares of the same
    measure are percents of the same "of X"; shares of distinct measures are one list of categories."""
    by_sentence: dict[tuple[int, str], list[Claim]] = {}
    for claim in claims:
        if claim.role == "share" and not _overlapping(claim.measure):
            by_sentence.setdefault((claim.paragraph, claim.sentence), []).append(claim)
    groups: list[list[Claim]] = []
    for shares in by_sentence.values():
        measures = [(s.measure or "").lower() for s in shares]
        wholes = {m for m in measures if measures.count(m) > 1}
        groups += [[s for s, m in zip(shares, measures, strict=True) if m == whole] for whole in sorted(wholes)]
        groups.append([s for s, m in zip(shares, measures, strict=True) if m not in wholes])
    out = []
    for shares in groups:
        total = sum(s.value for s in shares)
        if len(shares) < 2 or total <= 100 + 0.5 * len(shares):
            continue
        same = len({(s.measure or "").lower() for s in shares}) == 1
        listed = ", ".join(f"{number_text(s.value)}%" + ("" if same else f" {s.measure}") for s in shares)
        whole = f"of {shares[0].measure}" if same else "of one population"
        out.append(claim_finding(
            SHARES_TOTAL, shares[0], "at most 100", short(round(total, 4)),
            f"claims {' + '.join(short(s.value) for s in shares)} percent",
            f"{name}: the shares {listed} {whole} add up to {number_text(round(total, 4))} percent, more than 100.",
            compared=tuple((s.start, s.end) for s in shares[1:]),
        ))
    return out


def _specific(measure: str) -> bool:
    vocab = claim_vocabulary()
    return len(measure.split()) >= 2 or offense_of(measure) is not None or measure in vocab.population_measures


def _conflict_findings(claims: list[Claim], name: str) -> list[Finding]:
    groups: dict[tuple[str, str, str], list[Claim]] = {}
    for claim in claims:
        measure = (claim.measure or "").lower()
        if (claim.role or claim.change or claim.qualifier or not claim.period or claim.period_source != "sentence"
                or not measure or not _specific(measure)):
            continue
        groups.setdefault((claim.unit, measure, claim.period), []).append(claim)
    out = []
    for (unit, measure, period), group in groups.items():
        for a, b in combinations(group, 2):
            if a.sentence == b.sentence or abs(a.value - b.value) <= TOLERANCE * max(abs(a.value), abs(b.value)):
                continue
            out.append(claim_finding(
                CONFLICT, b, short(a.value), short(b.value),
                f"claims {a.claim_id} {b.claim_id} {unit} {measure} {period}",
                f"{name}: {measure} for {period} is stated as {number_text(a.value)} {unit} and elsewhere as "
                f"{number_text(b.value)} {unit}.", compared=((a.start, a.end),),
            ))
    return out


def claims_to_findings(claims: list[Claim], crime_stats: list[CrimeStat], document_name: str) -> list[Finding]:
    """Every claim check over one document's claims and crime tables."""
    claims = list(claims)
    return [
        *_rate_findings(claims, crime_stats, document_name),
        *_population_findings(claims, crime_stats, document_name),
        *_share_findings(claims, document_name),
        *_part_findings(claims, document_name),
        *_shares_total_findings(claims, document_name),
        *change_findings(claims, crime_stats, document_name),
        *_conflict_findings(claims, document_name),
    ]
