"""Claim checks: the Baltimore rate mismatch, no false alarms, and each check on a small made-up case."""

from __future__ import annotations

from extractors.load.text import text_bytes_to_document
from extractors.model.records import Claim, CrimeStat
from schemas.claim_checks import claims_to_findings, offense_of
from schemas.registry import (
    CHANGE,
    CLAIM_POPULATION,
    CLAIM_RATE,
    CONFLICT,
    DIRECTION,
    PART_WHOLE,
    SHARE_RANGE,
    SHARES_TOTAL,
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




RATE_CHECK, POPULATION_CHECK, SHARE_CHECK = CLAIM_RATE.id, CLAIM_POPULATION.id, SHARE_RANGE.id
PART_CHECK, SHARES_CHECK, DIRECTION_CHECK, CONFLICT_CHECK = PART_WHOLE.id, SHARES_TOTAL.id, DIRECTION.id, CONFLICT.id


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


CHANGE_STATS = [
    CrimeStat("Table 2", 2019, {"violent_crime": 9_613, "robbery": 1_000, "homicide": 25, "population": 600_000},
              0, 0, None),
    CrimeStat("Table 2", 2021, {"violent_crime": 8_712, "robbery": 930, "homicide": 21, "population": 590_000},
              0, 0, None),
]


def _change_checks(claims_of, text: str) -> list[str]:
    return _checks(claims_to_findings(claims_of(text), CHANGE_STATS, "doc"))


def test_a_stated_percent_change_is_checked_by_size(claims_of) -> None:
    findings = claims_to_findings(claims_of("Robberies fell 12 percent from 2019 to 2021."), CHANGE_STATS, "doc")
    assert _checks(findings) == [CHANGE.id]
    (finding,) = findings
    assert (finding.observed, finding.expected, finding.year, finding.table_id) == ("12 percent", "7.0%", 2021,
                                                                                  "Table 2")
    assert "a decrease of 12 percent" in finding.message and "1,000 in 2019 and 930 in 2021" in finding.message
    assert _change_checks(claims_of, "Robberies fell 7 percent from 2019 to 2021.") == []
    # 9,613 -> 8,712 is -9.4%: "9 percent" is the same change, rounded
    assert _change_checks(claims_of, "Violent crime fell by 9 percent between 2019 and 2021.") == []
    assert _change_checks(claims_of, "Violent crime fell by 15 percent between 2019 and 2021.") == [CHANGE.id]
    assert _change_checks(claims_of, "Violent crime fell by more than 5 percent between 2019 and 2021.") == []


def test_stated_levels_and_amounts_of_a_change_are_checked(claims_of) -> None:
    # the table goes 25 -> 21: both the levels and the direction are wrong, one finding says so
    findings = claims_to_findings(claims_of("Homicides rose from 20 in 2019 to 35 in 2021."), CHANGE_STATS, "doc")
    assert _checks(findings) == [CHANGE.id]
    assert findings[0].observed == "20 to 35" and findings[0].expected == "25 to 21"
    assert "an increase in Homicides from 20 in 2019 to 35 in 2021" in findings[0].message
    assert _change_checks(claims_of, "Homicides fell from 25 in 2019 to 21 in 2021.") == []
    assert _change_checks(claims_of, "Homicides fell from 25 to 21 between 2019 and 2021.") == []
    assert _change_checks(claims_of, "Homicides fell by 4 from 2019 to 2021.") == []
    assert _change_checks(claims_of, "Homicides fell by 10 from 2019 to 2021.") == [CHANGE.id]


def test_a_contradicted_direction_is_said_with_its_article(claims_of) -> None:
    (finding,) = claims_to_findings(claims_of("Robberies increased 7 percent from 2019 to 2021."), CHANGE_STATS,
                                    "doc")
    assert finding.check == DIRECTION_CHECK
    assert "states an increase in Robberies" in finding.message and "(a decrease)" in finding.message


def test_shares_are_added_only_as_parts_of_the_same_whole(claims_of) -> None:
    different = claims_of("Firearms were used in 90 percent of homicides and 42 percent of aggravated assaults.")
    assert claims_to_findings(different, [], "doc") == []
    same = claims_of("In 2020, 60 percent of arrests were of adults and 55 percent of arrests were of juveniles.")
    (finding,) = claims_to_findings(same, [], "doc")
    assert finding.check == SHARES_CHECK and "of arrests add up to 115 percent" in finding.message


def test_a_percent_coordinated_with_a_change_is_that_change_not_a_share(claims_of) -> None:
    text = ("Arrests increased by more than 57 percent in comparison to FY 2010 and 115 percent in "
            "comparison to FY 2009. Robberies fell 12 percent and burglaries 8 percent.")
    claims = claims_of(text)
    assert {c.value: c.change for c in claims if c.unit == "percent"} == {57.0: "increase", 115.0: "increase",
                                                                         12.0: "decrease", 8.0: "decrease"}
    assert claims_to_findings(claims, [], "doc") == []
    own_verb = claims_of("Homicides rose 10 percent and 140 percent of the arrests were of juveniles.")
    assert _checks(claims_to_findings(own_verb, [], "doc")) == [SHARE_CHECK]


def test_a_part_counts_the_same_thing_as_its_whole(claims_of) -> None:
    one_member = claims_of("The country is divided into six provinces. One of the provinces consists of more "
                           "than 500 islands and skerries.")
    assert claims_to_findings(one_member, [], "doc") == []
    span = claims_of("The figures in column 2 of the table are not corrected: the average growth rate, 1990-96, "
                     "was only between 2% and 5% in most cases.")
    assert 96.0 not in {c.value for c in span}
    assert claims_to_findings(span, [], "doc") == []
