"""What a quantity counts and whether it states a change (`extractors.claims.measures`), from the
real spaCy model's parse of sentences made here."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from extractors.claims.grammar import claim_vocabulary, find_dates
from extractors.claims.measures import change_of, measure_of, relations
from extractors.claims.quantities import Quantity, read_quantities


@pytest.fixture(scope="module")
def measured(nlp):  # noqa: ANN001, ANN201
    """(value, measure, change) of each quantity of a text, sentence by sentence, as claims reads them."""

    def read(text: str) -> list[tuple[float, str | None, str | None]]:
        vocab = claim_vocabulary()
        out = []
        for sent in nlp(text).sents:
            previous: list[tuple[Quantity, str | None]] = []
            for quantity in read_quantities(sent, find_dates(sent.text, vocab), vocab, 0):
                measure = measure_of(quantity, sent, previous, vocab)
                previous.append((quantity, measure))
                out.append((quantity.value, measure, change_of(quantity, sent, vocab)))
        return out

    return read


@pytest.mark.parametrize(("text", "expected"), [
    ("The department employs 2,100 sworn personnel.", [(2100.0, "sworn personnel", None)]),
    ("The city is 61.6 percent Black and 29.2 percent White.", [(61.6, "Black", None), (29.2, "White", None)]),
    ("It covers an area of 62.4 square miles.", [(62.4, "area", None)]),
    ("The violent crime rate was 1,234.5 per 100,000 residents.", [(1234.5, "violent crime rate", None)]),
    ("Homicides totaled 345 in 2019.", [(345.0, "Homicides", None)]),
    ("The city received a $2 million grant for violence prevention.", [(2_000_000.0, "grant", None)]),
])
def test_the_measure_from_the_parse(measured, text: str, expected: list) -> None:  # noqa: ANN001
    assert measured(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("The strategy brought a 25 percent reduction in robberies.", [(25.0, "robberies", "decrease")]),
    ("There was a 12% increase in burglaries.", [(12.0, "burglaries", "increase")]),
    ("Crime was down 18% over those years.", [(18.0, "Crime", "decrease")]),
    ("In 2021, homicides rose to 47.", [(47.0, "homicides", "increase")]),
])
def test_a_change_and_what_changed(measured, text: str, expected: list) -> None:  # noqa: ANN001
    assert measured(text) == expected


def test_a_parenthetical_count_takes_the_measure_before_it_with_its_own_word(measured) -> None:  # noqa: ANN001
    assert measured("It has 2,100 sworn personnel (2,605 budgeted) in nine districts.") == [
        (2100.0, "sworn personnel", None), (2605.0, "sworn personnel budgeted", None), (9.0, "districts", None),
    ]


@dataclass
class _Draft:
    """The fields `relations` reads and marks (as claims' drafts have them)."""

    quantity: Quantity
    measure: str | None
    sentence: tuple[int, int]
    start: int
    end: int
    change: str | None = None
    role: str | None = None
    whole: int | None = None


def test_relations_mark_a_capacity_part_and_shares_of_a_list(nlp) -> None:  # noqa: ANN001
    vocab = claim_vocabulary()
    text = "It has 2,100 sworn personnel (2,605 budgeted). The city is 61.6 percent Black and 29.2 percent White."
    drafts = []
    for sent in nlp(text).sents:
        previous: list[tuple[Quantity, str | None]] = []
        for quantity in read_quantities(sent, find_dates(sent.text, vocab), vocab, 0):
            measure = measure_of(quantity, sent, previous, vocab)
            previous.append((quantity, measure))
            drafts.append(_Draft(quantity, measure, (sent.start_char, sent.end_char), quantity.start, quantity.end))
    relations(drafts, text, vocab)
    assert [(d.quantity.value, d.role, d.whole) for d in drafts] == [
        (2100.0, "part", 1), (2605.0, None, None), (61.6, "share", None), (29.2, "share", None),
    ]
