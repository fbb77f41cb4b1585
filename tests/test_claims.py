"""Numeric claims in prose: the number grammar, made-up sentences, and Baltimore against its gold file."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors.claims.grammar import claim_vocabulary, digits_value, find_dates, ordinal_value, words_to_number
from extractors.load.text import text_bytes_to_document
from extractors.model.records import Claim
from tests.conftest import BALTIMORE

# -- the number grammar -----------------------------------------------------------------------

_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _below_thousand(n: int, hyphen: bool) -> list[str]:
    words: list[str] = []
    if n >= 100:
        words += [_SMALL[n // 100], "hundred"]
        n %= 100
    if n >= 20:
        words.append(_TENS[n // 10])
        if n % 10:
            words += ["-", _SMALL[n % 10]] if hyphen else [_SMALL[n % 10]]
    elif n or not words:
        words.append(_SMALL[n])
    return words


def _to_words(n: int, hyphen: bool = False) -> list[str]:
    """English words for n (the reference the parser is checked against)."""
    if n == 0:
        return ["zero"]
    words: list[str] = []
    for scale, name in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= scale:
            words += [*_below_thousand(n // scale, hyphen), name]
            n %= scale
    if n:
        words += _below_thousand(n, hyphen)
    return words


@given(st.integers(min_value=0, max_value=999_999_999_999), st.booleans())
def test_number_words_round_trip(n: int, hyphen: bool) -> None:
    assert words_to_number(_to_words(n, hyphen), claim_vocabulary()) == n


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=99))
def test_digits_with_thousands_separators(n: int, cents: int) -> None:
    assert digits_value(f"{n:,}") == n
    assert digits_value(f"{n}") == n
    assert digits_value(f"{n:,}.{cents:02d}") == pytest.approx(n + cents / 100)


@given(st.lists(st.sampled_from(["two", "twenty", "hundred", "thousand", "and", "nine", "million", "-"]), max_size=6))
def test_word_sequences_never_crash_and_read_small(words: list[str]) -> None:
    value = words_to_number(words, claim_vocabulary())
    assert value is None or 0 <= value < 10**12


@pytest.mark.parametrize("words", [["five", "six"], ["twenty", "thirty"], ["hundred"], ["and", "two"],
                                   ["two", "and"], ["thousand", "million"], ["twelve", "hundred"], ["officers"]])
def test_malformed_number_words(words: list[str]) -> None:
    assert words_to_number(words, claim_vocabulary()) is None


def test_digits_and_ordinals() -> None:
    assert digits_value("2,027.01") == 2027.01
    assert digits_value("12,43") is None and digits_value("3rd") is None and digits_value("COVID-19") is None
    vocab = claim_vocabulary()
    assert ordinal_value("third", vocab) == 3 and ordinal_value("21st", vocab) == 21
    assert ordinal_value("three", vocab) is None


def test_dates_and_periods() -> None:
    text = "As of June 1, 2023, in December 2019, in 2022, from 2019 to 2021, Aug. 10, 2016"
    found = {d.iso for d in find_dates(text, claim_vocabulary())}
    assert found == {"2023-06-01", "2019-12", "2022", "2019/2021", "2016-08-10"}
    assert [d.baseline for d in find_dates("In 2023, compared with 2022", claim_vocabulary())] == [False, True]
    assert find_dates("2,019 officers and $2022 and 2019 percent", claim_vocabulary()) == []


# -- made-up sentences ------------------------------------------------------------------------




def _one(claims: list[Claim], value: float) -> Claim:
    found = [c for c in claims if c.value == value]
    assert len(found) == 1, [(c.value, c.unit, c.measure) for c in claims]
    return found[0]


def test_number_words_and_counted_nouns(claims_of) -> None:
    claims = claims_of("The department has nine districts and hired twenty-five crime analysts and "
                       "two additional investigators in 2021.")
    assert [(c.value, c.unit) for c in claims] == [(9, "count"), (25, "count"), (2, "count")]
    assert _one(claims, 9).measure == "districts"
    assert _one(claims, 25).measure == "crime analysts"
    assert "investigators" in (_one(claims, 2).measure or "")
    assert all(c.period == "2021" for c in claims)


def test_ranges_give_two_claims(claims_of) -> None:
    claims = claims_of("The program serves young men aged 16 to 24 and holds 10 to 12 sessions.")
    assert [(c.value, c.unit, c.measure) for c in claims] == [
        (16, "years", "age"), (24, "years", "age"), (10, "count", "sessions"), (12, "count", "sessions")]
    assert {c.role for c in claims} == {"range"}


def test_time_units_counted_or_lasting(claims_of) -> None:
    claims = claims_of("Across these twelve years crime fell. The team held a three-year engagement, and the "
                       "program ran for 10 years.")
    assert [(c.value, c.unit, c.measure) for c in claims] == [
        (12, "count", "years"), (3, "years", "three-year engagement"), (10, "years", "duration")]


def test_money_rates_and_percents(claims_of) -> None:
    claims = claims_of(
        "In December 2019, the city received a $750,000 grant and $1.2 million in state funding. In 2019, the "
        "violent crime rate was 1,234.56 per 100,000 residents, and 20.3 percent of residents live in poverty.")
    grant, funding = _one(claims, 750_000), _one(claims, 1_200_000)
    assert (grant.unit, grant.measure, grant.period) == ("usd", "grant", "2019-12")
    assert funding.unit == "usd" and funding.measure == "state funding"
    rate = _one(claims, 1234.56)
    assert (rate.unit, rate.measure, rate.period) == ("per_100k", "violent crime rate", "2019")
    assert not [c for c in claims if c.value == 100_000]
    assert _one(claims, 20.3).unit == "percent"


def test_glued_and_sentence_end_footnotes(claims_of) -> None:
    text = ("The median household income is $54,124.\u00b9 The department had 2,100 sworn personnel and "
            "520 civilian employees.\u00b2 Roca\u00b3 works with 300 youth.\n\n"
            "\u00b9 Census.\n\n\u00b2 Staffing plan.\n\n\u00b3 A nonprofit.\n")
    claims = claims_of(text)
    assert _one(claims, 54_124).footnote == 1
    assert _one(claims, 2_100).footnote is None
    assert _one(claims, 520).footnote == 2
    assert _one(claims, 300).footnote is None
    assert not [c for c in claims if c.value in (1, 2, 3)]


def test_qualifiers_change_and_period(claims_of) -> None:
    claims = claims_of(
        "As of August 10, 2023, the city had 36 fewer homicides than in the same period in 2022. "
        "Baltimore is home to more than 220 neighborhoods and approximately 2,100 officers. "
        "In 2022, the district saw a 33 percent reduction in homicides, 431.41 percent above the national average. "
        "Homicides decreased by 12.5 percent from 2019 to 2021.")
    fewer = _one(claims, 36)
    assert (fewer.change, fewer.measure, fewer.period) == ("decrease", "homicides", "2023-08-10")
    assert _one(claims, 220).qualifier == "more than"
    assert _one(claims, 2_100).qualifier == "approximately"
    reduction = _one(claims, 33)
    assert (reduction.change, reduction.measure, reduction.period) == ("decrease", "homicides", "2022")
    above = _one(claims, 431.41)
    assert above.change == "above" and "national average" in (above.measure or "")
    ranged = _one(claims, 12.5)
    assert (ranged.change, ranged.period) == ("decrease", "2019/2021")


def test_ranks_parentheticals_and_parts(claims_of) -> None:
    claims = claims_of(
        "In 2019, the city had the third-highest violent crime rate in the nation. As of June 1, 2023, the "
        "department had 2,100 sworn personnel (2,605 budgeted). The program made 132 referrals. Out of these "
        "referrals, 71 individuals accepted services.")
    rank = _one(claims, 3)
    assert (rank.unit, rank.measure, rank.period) == ("rank", "violent crime rate", "2019")
    budgeted = _one(claims, 2_605)
    assert budgeted.measure == "sworn personnel budgeted" and budgeted.period == "2023-06-01"
    assert _one(claims, 2_100).whole == budgeted.claim_id
    assert _one(claims, 71).whole == _one(claims, 132).claim_id


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.integers(min_value=2, max_value=99_999_999).filter(lambda n: str(n) not in claim_vocabulary().label_numbers),
    st.booleans(),
    st.sampled_from(["officers", "arrests"]),
)
def test_any_count_in_a_sentence(claims_of, n: int, in_words: bool, noun: str) -> None:
    """A count written in digits or in words reads back as the same value, with its noun."""
    number = " ".join(_to_words(n, hyphen=True)).replace(" - ", "-") if in_words else f"{n:,}"
    claims = claims_of(f"Last summer the agency reported {number} {noun} across the region.")
    assert [(c.value, c.unit, c.measure) for c in claims] == [(n, "count", noun)]


_PIECES = ["16", "to", "24", "2019", "$", "1.5", "million", "percent", "%", "per", "100,000", "residents", "third",
           "-", "highest", "twenty", "one", "hundred", "and", "between", "of", "(", ")", "budgeted", "fewer", "in",
           "June", "1,", "\u00b9", ".", ",", "aged", "years", "old", "Table", "2", "more", "than", "them", "these"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=30))
def test_any_word_salad_gives_well_formed_claims(claims_of, words: list[str]) -> None:
    """Whatever the prose, claims point inside it, have a unit, and the checks run on them."""
    from schemas.claim_checks import claims_to_findings

    claims = claims_of("Note " + " ".join(words) + " end.")
    assert all(c.start < c.end and c.unit and c.claim_id == f"c{c.start}" for c in claims)
    claims_to_findings(claims, [], "salad")


@pytest.mark.parametrize("text", [
    "In 2019, the city joined the partnership on June 1, 2023 and again in mid-2024.",
    "See Table 2, Chart 3 and Section 4 of the report, pp. 12-15.",
    "Details are at https://www.example.gov/reports/2022/page-45 and www.example.org/123.",
    "COVID-19 changed the 911 system; the office at 1200 Main Street opens at 9 a.m.",
    "In the first quarter of 2023, one of the officers said the first program worked.",
])
def test_non_claims(claims_of, text: str) -> None:
    assert claims_of(text) == []


# -- Baltimore (its scores are asserted with the acceptance scorer in test_baltimore.py) -----


@pytest.fixture(scope="module")
def baltimore(nlp, vocabularies):
    from extractors.pipeline import loaded_to_extraction

    return loaded_to_extraction(text_bytes_to_document(BALTIMORE.read_bytes()), nlp, vocabularies)


def test_baltimore_claims_are_well_formed(baltimore) -> None:
    claims = baltimore.claims
    assert len({c.claim_id for c in claims}) == len(claims)
    text = baltimore.document.text
    for claim in claims:
        assert text[claim.start : claim.end].strip() and claim.start < claim.end
        assert text[claim.start : claim.end] in claim.sentence or claim.sentence
    assert not [c for c in claims if 1900 <= c.value <= 2100 and c.unit == "count" and float(c.value).is_integer()
                and text[c.start : c.end].isdigit() and len(text[c.start : c.end]) == 4]
