"""Number parsing and glued footnote calls: unit and property tests."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from extractors.model.printed_numbers import from_superscript, parse_number, split_glued_marker, to_superscript


def grouped(n: int) -> str:
    return f"{n:,}"


def test_parses_printed_forms():
    assert parse_number("12,430") == 12430
    assert parse_number("3232") == 3232
    assert parse_number("\u22124.5%") == -4.5
    assert parse_number("$1\u00a0234") == 1234
    assert parse_number("(12)") == -12
    assert parse_number("2,027.01") == 2027.01
    assert parse_number("Population\u00b9") is None
    assert parse_number("5,827\u00b2") == 5827
    for not_a_number in ["", "-", "n/a", "2017-2022", "12,43", "1,2345", "abc"]:
        assert parse_number(not_a_number) is None, not_a_number


@given(st.integers(min_value=0, max_value=10**9))
def test_grouped_and_plain_integers_agree(n):
    assert parse_number(grouped(n)) == n
    assert parse_number(str(n)) == n


@given(st.integers(min_value=0, max_value=10**7), st.sampled_from(["\u00a0", "\u2009", "\u202f"]))
def test_pdf_spaces_as_thousands_separators(n, space):
    assert parse_number(grouped(n).replace(",", space)) == n


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["-", "\u2212"]))
def test_minus_signs(n, minus):
    assert parse_number(f"{minus}{grouped(n)}") == -n


@given(st.integers(min_value=1000, max_value=10**8), st.integers(min_value=1, max_value=99))
def test_marker_glued_after_sentence_period_splits_off(n, marker):
    glued = split_glued_marker(f"{grouped(n)}.{marker}", {marker})
    assert glued is not None
    assert glued.marker == marker
    assert parse_number(glued.number_text.rstrip(".")) == n


@given(st.integers(min_value=1900, max_value=2099), st.integers(min_value=1, max_value=9))
def test_marker_glued_to_a_year(year, marker):
    glued = split_glued_marker(f"{year}{marker}", {marker})
    assert glued is not None and glued.number_text == str(year) and glued.marker == marker


@given(st.integers(min_value=1000, max_value=10**8), st.integers(min_value=1, max_value=99))
def test_well_formed_grouped_numbers_are_never_split(n, marker):
    # taking digits off a correctly grouped number never leaves a well-formed number
    assert split_glued_marker(grouped(n), {marker}) is None


def test_only_candidate_numbers_are_split():
    assert split_glued_marker("54,124.1", {2}) is None
    assert split_glued_marker("Population1", {1}).number_text == "Population"
    assert split_glued_marker("2,027.01", {1}) is None


@given(st.integers(min_value=0, max_value=10**6))
def test_superscript_round_trip(n):
    assert from_superscript(to_superscript(str(n))) == str(n)
