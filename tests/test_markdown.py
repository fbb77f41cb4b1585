"""Markdown exports read with markdown-it-py into the same blocks, tables and footnotes."""

from __future__ import annotations

import datetime as dt

import pytest

from extractors.layout.normalize import loaded_to_normalized
from extractors.load.markdown import markdown_bytes_to_document
from extractors.nlp.language import model_words
from extractors.pipeline import loaded_to_extraction
from extractors.structure.crime_stats import table_to_crime_stats
from extractors.structure.footnotes import document_to_footnote_refs, document_to_footnotes
from extractors.structure.tables import document_to_tables
from extractors.vocab.vocabulary import vocabulary
from tests.layout_texts import markdown_case_study


@pytest.fixture(scope="module")
def doc():
    return loaded_to_normalized(markdown_bytes_to_document(markdown_case_study()), vocabulary(), model_words())


def test_blocks(doc) -> None:  # noqa: ANN001
    assert [(b.kind, doc.block_text(b)) for b in doc.blocks[:4]] == [
        ("title", "Case Study: Lake Marren, Wisconsin"),
        ("subtitle", "Building a violence reduction strategy"),
        ("heading", "Why the city joined"),  # a `##` heading, though it does not look like one
        ("paragraph", "Lake Marren joined the National Public Safety Partnership (PSP) in 2019.\u00b9 The Lake "
                      "Marren Police Department (LMPD) employs 265 sworn officers.\u00b2 Officers described the "
                      "violent incidents in 41 district briefings."),
    ]
    items = [doc.block_text(b) for b in doc.blocks_of("list_item")]
    assert items == [
        "- The team met with the US Attorney's Office (https://www.justice.gov/usao-wi) twice.",
        "- Analysts mapped 120 shootings.",
    ]


def test_table(doc) -> None:  # noqa: ANN001
    (table,) = document_to_tables(doc, vocabulary())
    assert (table.table_id, table.caption, table.source_note) == (
        "Table 1", "Reported violent crime, 2020-2021", "Lake Marren Police Department"
    )
    assert [(s.year, s.values["homicide"], s.values["robbery"]) for s in table_to_crime_stats(table, vocabulary())] == [
        (2020, 14, 233), (2021, 19, 241)
    ]


def test_footnotes(doc) -> None:  # noqa: ANN001
    refs = document_to_footnote_refs(doc)
    notes = document_to_footnotes(doc, refs, vocabulary())
    assert [(n.number, n.text, n.urls, n.retrieved, n.referenced) for n in notes] == [
        (1, "Memorandum of understanding, https://www.example.gov/psp/mou.pdf.",
         ("https://www.example.gov/psp/mou.pdf",), None, True),
        (2, "LMPD staffing dashboard, 2022, retrieved May 1, 2023.", (), dt.date(2023, 5, 1), True),
    ]
    assert [doc.text[r.start - 8 : r.start] for r in refs] == ["in 2019.", "fficers."]


def test_numbered_labels_are_kept_and_others_numbered_in_order() -> None:
    numbered = markdown_bytes_to_document(b"Text.[^3] More.[^4]\n\n[^3]: Three.\n[^4]: Four.\n")
    assert numbered.pages[0].text == "Text.\u00b3 More.\u2074\n\n\u00b3 Three.\n\n\u2074 Four."
    named = markdown_bytes_to_document(b"Text.[^b] More.[^a]\n\n[^a]: A.\n[^b]: B.\n")
    assert named.pages[0].text == "Text.\u00b9 More.\u00b2\n\n\u00b9 B.\n\n\u00b2 A."


def test_facts_and_claims(nlp, vocabularies) -> None:  # noqa: ANN001
    extraction = loaded_to_extraction(markdown_bytes_to_document(markdown_case_study()), nlp, vocabularies)
    assert (extraction.facts.site, extraction.facts.state) == ("Lake Marren", "Wisconsin")
    claims = {(c.value, c.unit) for c in extraction.claims}
    assert {(265, "count"), (41, "count"), (120, "count")} <= claims
    assert not {value for value, _ in claims} & {14, 233, 19, 241}  # table cells are no claims
