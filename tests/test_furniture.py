"""Page furniture (`extractors.layout.furniture`): page numbers, running headers and footers, on PDF
lines and text pages made here."""

from __future__ import annotations

import pytest

from extractors.layout.furniture import band_of, is_page_number, repeated_keys, split_furniture, text_page_furniture
from extractors.layout.pdf_words import Line, Word

HEIGHT = 800.0  # the furniture bands are the top and bottom 80 points


def at(top: float, text: str) -> Line:
    """A line of 10-point words starting at x = 72."""
    words, x = [], 72.0
    for part in text.split():
        words.append(Word(part, x, x + 5 * len(part), top, top + 10, 10.0))
        x += 5 * len(part) + 3
    return Line(words)


@pytest.mark.parametrize("text", ["7", "Page 7", "page 7 of 12", "- 7 -", "7/12", "iv", " 12 "])
def test_page_numbers_in_any_common_spelling(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["Page seven", "7 officers", "Table 7", "12345"])
def test_text_that_is_no_page_number(text: str) -> None:
    assert not is_page_number(text)


def test_the_bands_are_the_top_and_bottom_tenth_of_the_page() -> None:
    assert [band_of(at(top, "x"), HEIGHT) for top in (20, 70, 71, 400, 719, 720, 780)] == [
        "top", "top", None, None, None, "bottom", "bottom",
    ]


def test_a_header_repeated_digits_aside_on_most_pages_is_furniture_and_a_page_number_always() -> None:
    pages = [
        [at(30, f"City Case Study {n}"), at(300, f"Body text of page {n}."), at(770, str(n))] for n in (1, 2, 3)
    ]
    repeated = repeated_keys(pages, [HEIGHT] * 3)
    assert repeated == {("top", "city case study #"), ("bottom", "#")}
    content, furniture = split_furniture([*pages[1], at(40, "A heading only here")], HEIGHT, repeated)
    assert [line.text for line in content] == ["Body text of page 2.", "A heading only here"]
    assert [line.text for line in furniture] == ["City Case Study 2", "2"]


def test_a_line_seen_on_one_page_of_three_is_not_repeated() -> None:
    pages = [[at(30, "Introduction")], [at(30, "Methods")], [at(30, "Methods")]]
    assert repeated_keys(pages, [HEIGHT] * 3) == {("top", "methods")}
    assert repeated_keys(pages[:1], [HEIGHT]) == set()


def test_text_pages_lose_their_repeated_first_and_last_lines_and_page_numbers() -> None:
    pages = ["CITY CASE STUDY\n\nRobbery fell.\nArrests rose.\n\nPage 1 of 2",
             "CITY CASE STUDY\n\nThe team met.\nIt planned.\n\nPage 2 of 2"]
    assert text_page_furniture(pages) == [
        ("\n\nRobbery fell.\nArrests rose.\n\n", ("CITY CASE STUDY", "Page 1 of 2")),
        ("\n\nThe team met.\nIt planned.\n\n", ("CITY CASE STUDY", "Page 2 of 2")),
    ]


def test_one_text_page_has_no_furniture() -> None:
    assert text_page_furniture(["Title\nText.\n7"]) == [("Title\nText.\n7", ())]
