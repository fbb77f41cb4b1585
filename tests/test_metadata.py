"""Title, site and state from the title block, read with the gazetteer and spaCy's places."""

from __future__ import annotations

import pytest

from extractors.layout.normalize import loaded_to_normalized
from extractors.load.text import text_bytes_to_document
from extractors.model.records import DocumentFacts
from extractors.structure.title_site import Place, display_case, document_to_facts, line_to_place, title_texts
from extractors.vocab.vocabulary import vocabulary


@pytest.mark.parametrize(
    ("line", "body", "place"),
    [
        ("CASE STUDY BALTIMORE, MARYLAND", "Baltimore joined PSP.", Place("Baltimore", "Maryland")),
        ("Case Study: Milwaukee, Wisconsin", "", Place("Milwaukee", "Wisconsin")),
        ("Memphis, TN", "", Place("Memphis", "Tennessee")),
        ("MEMPHIS, TN \u2014 PSP SITE CASE STUDY", "Memphis joined.", Place("Memphis", "Tennessee")),
        ("CASE STUDY ST. LOUIS, MISSOURI", "The St. Louis police.", Place("St. Louis", "Missouri")),
        ("Case Study: Lake Marren, Wisconsin", "Lake Marren joined.", Place("Lake Marren", "Wisconsin")),
        ("Violence Reduction in Cedar Bluff, Wis.", "Cedar Bluff joined.", Place("Cedar Bluff", "Wisconsin")),
        ("Case Study \u2013 Little Rock, Ark", "", None),  # "Ark" is no state: no place entity given either
        ("Safety, Or Security", "", None),  # a postal code is read in capitals only
    ],
)
def test_place_of_a_title_line(line: str, body: str, place: Place | None) -> None:
    assert line_to_place(line, body, vocabulary()) == place


def test_a_title_without_a_state_gives_its_place_entity() -> None:
    line = "Historical Violent and Property Crime in the United States"
    start = line.index("the United States")
    assert line_to_place(line, "", vocabulary(), [(start, len(line))]) == Place("United States", None)


def _facts(text: str, nlp) -> DocumentFacts:  # noqa: ANN001 - the session's spaCy pipeline
    doc = loaded_to_normalized(text_bytes_to_document(text.encode()), vocabulary())
    return document_to_facts(doc, list(nlp.pipe(title_texts(doc))), vocabulary())


@pytest.mark.parametrize(
    ("text", "facts"),
    [
        (  # a subtitle on the next line never glues to the title
            "Case Study: Lake Marren, Wisconsin\nBuilding a violence reduction strategy\n\n"
            "Lake Marren joined the partnership in 2019. The city has 52,000 residents.\n",
            DocumentFacts("Case Study: Lake Marren, Wisconsin", "Lake Marren", "Wisconsin"),
        ),
        (  # the line naming the site under a generic title
            "PSP SITE CASE STUDY\nRiver Bend, OR\n\nRiver Bend joined the partnership in 2018.\n",
            DocumentFacts("River Bend, OR", "River Bend", "Oregon"),
        ),
        (
            "PINE HARBOR, TN \u2014 PSP SITE CASE STUDY\nDeploying a coordinated effort\n\n"
            "PSP PARTICIPATION\nPine Harbor joined the PSP in 2017 and left in 2020.\n",
            DocumentFacts("Pine Harbor, TN \u2014 PSP Site Case Study", "Pine Harbor", "Tennessee"),
        ),
        (
            "Historical Violent and Property Crime in the United States\n\nCrime fell from 1992 to 2003.\n",
            DocumentFacts("Historical Violent and Property Crime in the United States", "United States", None),
        ),
    ],
)
def test_facts_from_the_title_block(text: str, facts: DocumentFacts, nlp) -> None:  # noqa: ANN001
    assert _facts(text, nlp) == facts


def test_display_case():
    assert display_case("CASE STUDY OF THE CITY") == "Case Study of the City"
    assert display_case("Already Mixed") == "Already Mixed"
    assert display_case("MEMPHIS, TN \u2014 PSP SITE", frozenset({"TN", "PSP"})) == "Memphis, TN \u2014 PSP Site"
