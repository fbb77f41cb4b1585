"""Claim checks: the Baltimore rate mismatch, no false alarms, and each check on a small made-up case."""

from __future__ import annotations

from extractors.load.text import text_bytes_to_document
from extractors.model.records import Claim, CrimeStat
from schemas.claim_checks import (
    CONFLICT_CHECK,
    DIRECTION_CHECK,
    PART_CHECK,
    POPULATION_CHECK,
    RATE_CHECK,
    SHARE_CHECK,
    SHARES_CHECK,
    claims_to_findings,
    offense_of,
)
from tests.conftest import BALTIMORE


def _stat(year: int, population: int, violent: int, homicide: int) -> CrimeStat:
    values = {"population": population, "violent_crime": violent, "homicide": homicide}
    return CrimeStat("Table 1", year, values, 0, 0, None)


STATS = [_stat(2019, 593_490, 11_101, 348), _stat(2020, 584_573, 9_403, 335), _stat(2021, 575_584, 9_399, 337)]


def _claim(value: float, unit: str, measure: str | None, period: str | None = None, **extra) -> Claim:
    fields = dict(claim_id=f"c{int(value)}", value=value, unit=unit, measure=measure, period=period, change=None,
                  qualifier=None, footnote=None, sentence=f"A sentence about {measure}.", start=0, end=1, page=None,
                  period_source="sentence" if period else None)
    fields.update(extra)
    return Claim(**fields)




def _checks(findings) -> list[str]:
    return sorted(f.check for f in findings)


def test_baltimore_rate_mismatch_and_nothing_else(nlp, vocabularies) -> None:
    from extractors.pipeline import loaded_to_extraction

    extraction = loaded_to_extraction(text_bytes_to_document(BALTIMORE.read_bytes()), nlp, vocabularies)
    findings = claims_to_findings(extraction.claims, extraction.crime_stats, "baltimore-md.txt")
    assert _checks(findings) == [RATE_CHECK]
    (rate,) = findings
    assert (rate.expected, rate.observed, rate.year, rate.severity) == ("1870.46", "2027.01", 2019, "warning")
    assert rate.place == "claim 2027.01 per_100k 2019" and rate.dataset == "claims" and rate.claim_id
    assert "baltimore-md.txt" in rate.message and "2,027.01" in rate.message and "1,870.46" in rate.message


def test_offense_from_measure() -> None:
    assert offense_of("violent crime rate") == "violent_crime"
    assert offense_of("homicides") == "homicide"
    assert offense_of("nonfatal shootings and homicides") is None
    assert offense_of("sworn personnel") is None


def test_rate_within_one_percent_passes() -> None:
    claims = [_claim(1_872.0, "per_100k", "violent crime rate", "2019"),
              _claim(58.6, "per_100k", "homicide rate", "2019"),
              _claim(2_027.01, "per_100k", "violent crime rate", "2018")]  # no 2018 row: nothing to compare
    assert claims_to_findings(claims, STATS, "doc") == []
    wrong = claims_to_findings([_claim(70.0, "per_100k", "homicide rate", "2019")], STATS, "doc")
    assert _checks(wrong) == [RATE_CHECK] and wrong[0].expected == "58.64"


def test_population_claim() -> None:
    assert claims_to_findings([_claim(585_693, "count", "residents")], STATS, "doc") == []
    assert claims_to_findings([_claim(570_000, "count", "residents", qualifier="more than")], STATS, "doc") == []
    assert claims_to_findings([_claim(500, "count", "residents")], STATS, "doc") == []  # some residents, not all
    assert claims_to_findings([_claim(700_000, "count", "residents")], [], "doc") == []  # no table to compare
    findings = claims_to_findings([_claim(700_000, "count", "residents")], STATS, "doc")
    assert _checks(findings) == [POPULATION_CHECK] and findings[0].expected == "593490"


def test_share_out_of_range() -> None:
    assert _checks(claims_to_findings([_claim(120.0, "percent", "Black")], [], "doc")) == [SHARE_CHECK]
    quiet = [_claim(431.41, "percent", "national five-year average", change="above"),
             _claim(150.0, "percent", "national average"), _claim(140.0, "percent", "homicides", change="increase")]
    assert claims_to_findings(quiet, [], "doc") == []


def test_part_exceeds_whole(claims_of) -> None:
    claims = claims_of("As of June 1, 2023, the department had 2,700 sworn personnel (2,605 budgeted). "
                       "The program made 132 referrals. Out of these referrals, 150 individuals accepted services.")
    findings = claims_to_findings(claims, [], "doc")
    assert _checks(findings) == [PART_CHECK, PART_CHECK]
    assert {(f.observed, f.expected) for f in findings} == {("2700", "at most 2605"), ("150", "at most 132")}
    fine = claims_of("The department had 2,100 sworn personnel (2,605 budgeted). Of the 400 people referred, "
                     "250 of them enrolled.")
    assert claims_to_findings(fine, [], "doc") == []


def test_shares_exceed_total(claims_of) -> None:
    over = claims_of("The residents are 61.6 percent Black, 39.2 percent White, and 5.6 percent Asian.")
    findings = claims_to_findings(over, [], "doc")
    assert _checks(findings) == [SHARES_CHECK] and findings[0].observed == "106.4"
    overlapping = claims_of("The residents are 60 percent Black, 36 percent White, and 10 percent Hispanic or Latino.")
    assert claims_to_findings(overlapping, [], "doc") == []


def test_direction_contradicts_table(claims_of) -> None:
    stated = claims_of("Homicides increased 10 percent from 2019 to 2021.")
    findings = claims_to_findings(stated, STATS, "doc")
    assert _checks(findings) == [DIRECTION_CHECK] and findings[0].observed == "increase"
    assert "348" in findings[0].expected and "337" in findings[0].expected
    assert claims_to_findings(claims_of("Homicides decreased 3 percent from 2019 to 2021."), STATS, "doc") == []
    district = claims_of("In the Western District, homicides increased 10 percent from 2019 to 2021.")
    assert claims_to_findings(district, STATS, "doc") == []
    compared = claims_of("In 2021, violent crime increased 5 percent compared with 2019.")
    assert _checks(claims_to_findings(compared, STATS, "doc")) == [DIRECTION_CHECK]


def test_conflicting_values(claims_of) -> None:
    claims = claims_of("As of June 1, 2023, the department had 2,100 sworn officers. The budget grew. "
                       "As of June 1, 2023, the department had 2,400 sworn officers.")
    findings = claims_to_findings(claims, [], "doc")
    assert _checks(findings) == [CONFLICT_CHECK]
    assert {findings[0].expected, findings[0].observed} == {"2100", "2400"}
    same = claims_of("As of June 1, 2023, the department had 2,100 sworn officers. "
                     "In 2023, it had 2,100 sworn officers.")
    assert claims_to_findings(same, [], "doc") == []
