"""What a claim says about the document's tables: the offense its measure names, the year or
years it is about, the table rows for them, and the shape of a claim finding. Shared by the
claim checks (`claim_checks.py`) and the checks of stated changes (`change_checks.py`)."""

from __future__ import annotations

import re
from functools import lru_cache

from extractors.claims.grammar import claim_vocabulary, find_dates
from extractors.model.records import Claim, CrimeStat, Finding
from extractors.vocab.vocabulary import vocabulary
from schemas.registry import Check

TOLERANCE = 0.01  # relative difference allowed between a claim and the table (rounding)
QUALIFIED_TOLERANCE = 0.05  # for "approximately", "nearly", ...
_YEAR = re.compile(r"^(?P<year>\d{4})(?:-\d\d){0,2}$")
_RANGE = re.compile(r"^(?P<first>\d{4})/(?P<second>\d{4})$")


def number_text(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"


def short(value: float) -> str:
    return f"{value:g}" if abs(value) < 1e15 else str(value)


def claim_finding(check: Check, claim: Claim, expected: str, observed: str, place: str, message: str,
                  year: int | None = None, table_id: str | None = None,
                  compared: tuple[tuple[int, int], ...] = ()) -> Finding:
    return check.finding(
        expected=expected, observed=observed, message=message,
        place=place, table_id=table_id, year=year, claim_id=claim.claim_id, footnote=claim.footnote,
        start=claim.start, end=claim.end, compared=compared,
    )


def cell_spans(stat: CrimeStat, *columns: str) -> tuple[tuple[int, int], ...]:
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


def claim_year(claim: Claim) -> int | None:
    match = _YEAR.match(claim.period or "")
    return int(match.group("year")) if match else None


def stats_for(stats: list[CrimeStat], year: int, column: str) -> list[CrimeStat]:
    return [s for s in stats if s.year == year and s.values.get(column) is not None]


def compared_years(claim: Claim) -> tuple[int, int] | None:
    """The two years a stated change compares: "from 2019 to 2022", or "in 2022 ... compared with 2021"."""
    ranged = _RANGE.match(claim.period or "")
    if ranged:
        return int(ranged.group("first")), int(ranged.group("second"))
    year = claim_year(claim)
    if year is None or claim.period != str(year):
        return None
    dates = find_dates(claim.sentence, claim_vocabulary())
    baselines = [m for m in dates if m.baseline and re.fullmatch(r"\d{4}", m.iso)]
    return (int(baselines[0].iso), year) if baselines else None


def mentions_subarea(sentence: str) -> bool:
    text = sentence.lower()
    return any(re.search(rf"\b{re.escape(word)}\b", text) for word in claim_vocabulary().subarea_words)
