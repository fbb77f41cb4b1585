"""Checks on numeric claims: against the document's own crime tables, and against each other.

Every check is conservative (a finding must be worth a reviewer's time): it runs only when the
claim's offense, year and relation are recognised without guessing, and it allows for rounding.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import combinations

from extractors.claims.grammar import claim_vocabulary, find_dates
from extractors.model.records import Claim, CrimeStat, Finding
from extractors.vocab.vocabulary import vocabulary

RATE_CHECK = "claim.rate_matches_table"
POPULATION_CHECK = "claim.population_matches_table"
SHARE_CHECK = "claim.share_out_of_range"
PART_CHECK = "claim.part_exceeds_whole"
SHARES_CHECK = "claim.shares_exceed_total"
DIRECTION_CHECK = "claim.direction_contradicts_table"
CONFLICT_CHECK = "claim.conflicting_values"

TOLERANCE = 0.01  # relative difference allowed between a claim and the table (rounding)
QUALIFIED_TOLERANCE = 0.05  # for "approximately", "nearly", ...
_YEAR = re.compile(r"^(?P<year>\d{4})(?:-\d\d){0,2}$")
_RANGE = re.compile(r"^(?P<first>\d{4})/(?P<second>\d{4})$")


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def _short(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def _finding(check: str, claim: Claim, expected: str, observed: str, place: str, message: str,
             year: int | None = None, table_id: str | None = None,
             compared: tuple[tuple[int, int], ...] = ()) -> Finding:
    return Finding(
        check=check, severity="warning", dataset="claims", expected=expected, observed=observed, message=message,
        place=place, table_id=table_id, year=year, claim_id=claim.claim_id, footnote=claim.footnote,
        start=claim.start, end=claim.end, compared=compared,
    )


def _cells(stat: CrimeStat, *columns: str) -> tuple[tuple[int, int], ...]:
    """The spans of the table cells a claim was compared with."""
    return tuple(stat.cells[c] for c in columns if c in stat.cells)


@lru_cache(maxsize=4096)
def offense_of(measure: str | None) -> str | None:
    """The one crime_stats column a measure names ("violent crime rate" -> violent_crime), else None."""
    if not measure:
        return None
    text = " " + re.sub(r"[^a-z0-9&/ -]+", " ", measure.lower()) + " "
    headers = sorted(vocabulary().crime_column_by_header.items(), key=lambda item: -len(item[0]))
    found = set()
    for header, column in headers:
        if column in ("year", "population"):
            continue
        pattern = re.compile(rf"(?<=[ -]){re.escape(header)}(?=[ -])")
        if pattern.search(text):
            found.add(column)
            text = pattern.sub(lambda m: "#" * len(m.group()), text)
    return found.pop() if len(found) == 1 else None


def _year(claim: Claim) -> int | None:
    match = _YEAR.match(claim.period or "")
    return int(match.group("year")) if match else None


def _stats_for(stats: list[CrimeStat], year: int, column: str) -> list[CrimeStat]:
    return [s for s in stats if s.year == year and s.values.get(column) is not None]


def _rate_findings(claims: list[Claim], stats: list[CrimeStat], name: str) -> list[Finding]:
    out = []
    for claim in claims:
        offense = offense_of(claim.measure)
        if claim.unit != "per_100k" or not offense or not re.fullmatch(r"\d{4}", claim.period or ""):
            continue
        year = int(claim.period or 0)
        rows = [s for s in _stats_for(stats, year, offense) if s.values.get("population")]
        if not rows:
            continue
        rates = [(s, s.values[offense] / s.values["population"] * 100_000) for s in rows]  # type: ignore[operator]
        tolerance = QUALIFIED_TOLERANCE if claim.qualifier else TOLERANCE
        if any(abs(claim.value - rate) <= tolerance * rate for _, rate in rates):
            continue
        stat, rate = rates[0]
        expected = round(rate, 2)
        out.append(_finding(
            RATE_CHECK, claim, f"{expected:.2f}", _short(claim.value), f"claim {_short(claim.value)} per_100k {year}",
            f"{name}: the text states a {year} {claim.measure} of {_number(claim.value)} per 100,000, but "
            f"{stat.table_id} gives {stat.values[offense]:,} / {stat.values['population']:,} x 100,000 = "
            f"{_number(expected)} for {year} ({(claim.value - rate) / rate:+.1%}).",
            year=year, table_id=stat.table_id, compared=_cells(stat, offense, "population"),
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
        out.append(_finding(
            POPULATION_CHECK, claim, f"{closest}", _short(claim.value), f"claim {_short(claim.value)} population",
            f"{name}: the text gives a population of {_number(claim.value)}, but no year of {stat.table_id} is "
            f"within 1% of it; the closest is {stat.year} with {closest:,}.",
            year=stat.year, table_id=stat.table_id, compared=_cells(stat, "population"),
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
        out.append(_finding(
            SHARE_CHECK, claim, "0 to 100", _short(claim.value), f"claim {_short(claim.value)} percent {claim.measure}",
            f"{name}: {_number(claim.value)} percent {claim.measure} is stated as a share, which must lie between "
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
        out.append(_finding(
            PART_CHECK, part, f"at most {_short(whole.value)}", _short(part.value),
            f"claim {_short(part.value)} {part.measure} of {_short(whole.value)} {whole.measure}",
            f"{name}: {_number(part.value)} {part.measure} are stated as part of {_number(whole.value)} "
            f"{whole.measure}, yet the part is larger than the whole.", compared=((whole.start, whole.end),),
        ))
    return out


def _overlapping(measure: str | None) -> bool:
    text = (measure or "").lower()
    return any(re.search(rf"\b{re.escape(word)}\b", text) for word in claim_vocabulary().overlapping_categories)


def _shares_total_findings(claims: list[Claim], name: str) -> list[Finding]:
    groups: dict[tuple[int, str], list[Claim]] = {}
    for claim in claims:
        if claim.role == "share" and not _overlapping(claim.measure):
            groups.setdefault((claim.paragraph, claim.sentence), []).append(claim)
    out = []
    for shares in groups.values():
        total = sum(s.value for s in shares)
        if len(shares) < 2 or total <= 100 + 0.5 * len(shares):
            continue
        listed = ", ".join(f"{_number(s.value)}% {s.measure}" for s in shares)
        out.append(_finding(
            SHARES_CHECK, shares[0], "at most 100", _short(round(total, 4)),
            f"claims {' + '.join(_short(s.value) for s in shares)} percent",
            f"{name}: the shares {listed} of one population add up to {_number(round(total, 4))} percent, "
            "more than 100.", compared=tuple((s.start, s.end) for s in shares[1:]),
        ))
    return out


def _compared_years(claim: Claim) -> tuple[int, int] | None:
    """The two years a stated change compares: "from 2019 to 2022", or "in 2022 ... compared with 2021"."""
    ranged = _RANGE.match(claim.period or "")
    if ranged:
        return int(ranged.group("first")), int(ranged.group("second"))
    year = _year(claim)
    if year is None or claim.period != str(year):
        return None
    dates = find_dates(claim.sentence, claim_vocabulary())
    baselines = [m for m in dates if m.baseline and re.fullmatch(r"\d{4}", m.iso)]
    return (int(baselines[0].iso), year) if baselines else None


def _mentions_subarea(sentence: str) -> bool:
    text = sentence.lower()
    return any(re.search(rf"\b{re.escape(word)}\b", text) for word in claim_vocabulary().subarea_words)


def _direction_findings(claims: list[Claim], stats: list[CrimeStat], name: str) -> list[Finding]:
    out = []
    for claim in claims:
        offense = offense_of(claim.measure)
        if claim.change not in ("increase", "decrease") or not offense or _mentions_subarea(claim.sentence):
            continue
        years = _compared_years(claim)
        if years is None or years[0] == years[1]:
            continue
        before, after = (_stats_for(stats, y, offense) for y in years)
        if not before or not after:
            continue
        first, second = before[0].values[offense], after[0].values[offense]
        if first is None or second is None or first == second:
            continue
        table_says = "increase" if second > first else "decrease"
        if table_says == claim.change:
            continue
        out.append(_finding(
            DIRECTION_CHECK, claim, f"{table_says} ({first} to {second})", claim.change,
            f"claim {_short(claim.value)} {claim.unit} {offense} {years[0]}-{years[1]}",
            f"{name}: the text states a {claim.change} in {claim.measure} from {years[0]} to {years[1]}, but "
            f"{after[0].table_id} shows {first:,} in {years[0]} and {second:,} in {years[1]} (a {table_says}).",
            year=years[1], table_id=after[0].table_id, compared=_cells(before[0], offense) + _cells(after[0], offense),
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
            out.append(_finding(
                CONFLICT_CHECK, b, _short(a.value), _short(b.value),
                f"claims {a.claim_id} {b.claim_id} {unit} {measure} {period}",
                f"{name}: {measure} for {period} is stated as {_number(a.value)} {unit} and elsewhere as "
                f"{_number(b.value)} {unit}.", compared=((a.start, a.end),),
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
        *_direction_findings(claims, crime_stats, document_name),
        *_conflict_findings(claims, document_name),
    ]
