"""Quantities of a parsed sentence (`extractors.claims.quantities`), read from the real spaCy model's
parse of sentences made here: value, unit, span, qualifier and range, and what is no quantity."""

from __future__ import annotations

import pytest

from extractors.claims.grammar import claim_vocabulary, find_dates
from extractors.claims.quantities import Quantity, read_quantities

OFFSET = 100  # where the parsed block starts in its document


@pytest.fixture(scope="module")
def quantities(nlp):  # noqa: ANN001, ANN201
    """The quantities of every sentence of a text, with the text each one spans."""

    def read(text: str) -> list[tuple[Quantity, str]]:
        vocab = claim_vocabulary()
        out = []
        for sent in nlp(text).sents:
            for quantity in read_quantities(sent, find_dates(sent.text, vocab), vocab, OFFSET):
                out.append((quantity, text[quantity.start - OFFSET : quantity.end - OFFSET]))
        return out

    return read


def test_digits_and_words_with_their_unit_qualifier_and_document_span(quantities) -> None:  # noqa: ANN001
    found = quantities("The department employs nearly 2,100 sworn personnel in nine districts.")
    assert [(q.value, q.unit, text, q.qualifier, q.is_word) for q, text in found] == [
        (2100.0, "count", "2,100", "nearly", False), (9.0, "count", "nine", None, True),
    ]
    first, _ = found[0]
    assert (first.start, first.end) == (OFFSET + 30, OFFSET + 35)


def test_units_percent_rate_money_and_area(quantities) -> None:  # noqa: ANN001
    found = quantities("Robberies fell 25 percent, the rate was 1,234.5 per 100,000 residents, the city spent "
                       "$1.5 million, and it covers 62.4 square miles.")
    assert [(q.value, q.unit, text) for q, text in found] == [
        (25.0, "percent", "25"), (1234.5, "per_100k", "1,234.5"), (1_500_000.0, "usd", "$1.5 million"),
        (62.4, "sq_mi", "62.4"),
    ]


def test_a_range_gives_both_ends_and_an_age_is_counted_in_years(quantities) -> None:  # noqa: ANN001
    found = quantities("The program serves young men aged 16 to 24, and between 10 and 20 officers joined.")
    assert [(q.value, q.unit, q.role, q.age) for q, _ in found] == [
        (16.0, "years", "range", True), (24.0, "years", "range", True),
        (10.0, "count", "range", False), (20.0, "count", "range", False),
    ]


def test_years_dates_labels_times_and_names_are_no_quantities(quantities) -> None:  # noqa: ANN001
    text = ("In June 2019, District 9 and Table 2 showed 40 arrests at 10 a.m. on March 5, 2021, "
            "with COVID-19 and 911 calls.")
    assert [(q.value, text) for q, text in quantities(text)] == [(40.0, "40")]


def test_a_number_word_counts_only_when_something_counted_follows(quantities) -> None:  # noqa: ANN001
    assert [(q.value, text) for q, text in quantities("One of the officers met two residents.")] == [
        (2.0, "two"),
    ]


def test_a_rank_is_read_with_its_superlative(quantities) -> None:  # noqa: ANN001
    ((rank, text),) = quantities("It was the third-largest program in the state.")
    assert (rank.value, rank.unit, rank.role, text) == (3.0, "rank", "rank", "third")
