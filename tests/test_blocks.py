"""Lines classified before joining, on generated documents of the layouts other tools write."""

from __future__ import annotations

import pytest

from extractors.layout.normalize import loaded_to_normalized
from extractors.load.text import text_bytes_to_document
from extractors.nlp.language import model_words
from extractors.structure.footnotes import document_to_footnote_refs, document_to_footnotes
from extractors.vocab.vocabulary import vocabulary
from tests.layout_texts import pdftotext_layout_case_study


def _normalized(data: bytes):
    return loaded_to_normalized(text_bytes_to_document(data), vocabulary(), model_words())


def _blocks(doc) -> list[tuple[str, str]]:  # noqa: ANN001 - a NormalizedDocument
    return [(block.kind, doc.block_text(block)) for block in doc.blocks]


@pytest.fixture(scope="module")
def layout_doc():
    return _normalized(pdftotext_layout_case_study())


def test_pdftotext_layout_blocks(layout_doc) -> None:  # noqa: ANN001
    kinds = _blocks(layout_doc)
    assert kinds[:3] == [
        ("title", "RIVER BEND, OR \u2014 PSP SITE CASE STUDY"),
        ("subtitle", "Building partnerships against gun violence"),
        ("heading", "ABOUT RIVER BEND"),
    ]
    assert ("heading", "RESULTS") in kinds and ("heading", "LOOKING AHEAD") in kinds
    paragraphs = [text for kind, text in kinds if kind == "paragraph"]
    assert paragraphs[0].startswith("River Bend joined the National Public Safety Partnership (PSP) in 2018.\u00b9 The")
    assert paragraphs[0].endswith("employs 312 sworn officers.\u00b2")
    assert paragraphs[-1] == "The partnership ended in 2021. River Bend kept its weekly gun case review meeting."


def test_pdftotext_layout_furniture_is_no_text(layout_doc) -> None:  # noqa: ANN001
    loaded = text_bytes_to_document(pdftotext_layout_case_study())
    assert [page.furniture for page in loaded.pages] == [
        ("Page 1 of 3",),
        ("River Bend Case Study                              PSP Site Report", "Page 2 of 3"),
        ("River Bend Case Study                              PSP Site Report", "Page 3 of 3"),
    ]
    assert "Page" not in layout_doc.text and "Site Report" not in layout_doc.text and "____" not in layout_doc.text


def test_pdftotext_layout_page_bottom_notes(layout_doc) -> None:  # noqa: ANN001
    notes = document_to_footnotes(layout_doc, document_to_footnote_refs(layout_doc), vocabulary())
    assert [(n.number, n.text, n.urls, n.referenced) for n in notes] == [
        (1, "Memorandum of understanding between the city and the US Attorney, signed in March 2018.", (), True),
        (2, "RBPD staffing report, 2019, https://www.example.gov/rbpd/ staffing-2019.pdf",
         ("https://www.example.gov/rbpd/staffing-2019.pdf",), True),
        (3, "RBPD year-end crime summary, 2020.", (), True),
    ]
    assert [(r.number, r.page) for r in document_to_footnote_refs(layout_doc)] == [(1, 1), (2, 1), (3, 2)]
    assert "the year before.\u00b3 The department opened 2 new" in layout_doc.text


def test_hyphens_at_line_ends(layout_doc) -> None:  # noqa: ANN001
    assert "The analysts mapped gun-related incidents" in layout_doc.text  # both halves are words
    assert "Officers described the violent incidents" in layout_doc.text  # the joined word is a word


def test_hyphen_decided_by_the_document_first() -> None:
    doc = _normalized(
        b"The co-\nchairs met.\n\nBoth co-chairs agreed on the re-\nentry plan. The reentry plan began.\n"
    )
    assert "The co-chairs met." in doc.text
    assert "on the reentry plan." in doc.text


def test_subtitle_heading_and_prose_each_their_own_block() -> None:
    doc = _normalized(
        b"Case Study: Lake Marren, Wisconsin\nBuilding an offender- and place-based strategy\n\n"
        b"About Lake Marren\nLake Marren is home to 52,000 residents and covers 12 square miles. The city\n"
        b"joined the partnership in 2019.\n"
    )
    assert _blocks(doc) == [
        ("title", "Case Study: Lake Marren, Wisconsin"),
        ("subtitle", "Building an offender- and place-based strategy"),
        ("heading", "About Lake Marren"),
        ("paragraph", "Lake Marren is home to 52,000 residents and covers 12 square miles. The city "
                      "joined the partnership in 2019."),
    ]


def test_wrapped_lines_that_end_a_sentence_stay_one_paragraph() -> None:
    lines = [
        "The task force met every week with the county prosecutors and the federal partners",
        "to review open cases. Analysts prepared a summary of the shootings of each week.",
        "Officers used it in roll calls and in meetings with community partners in every",
        "district. The summary was also shared with the prosecutors before each meeting.",
        "Short last line.",
    ]
    doc = _normalized("\n".join(lines).encode())
    assert [kind for kind, _ in _blocks(doc)] == ["paragraph"]


@pytest.mark.parametrize("newline", [b"\n", b"\r\n", b"\r"])
def test_line_ends_and_byte_order_mark(newline: bytes) -> None:
    data = b"\xef\xbb\xbfCASE STUDY RIVER BEND, OREGON" + newline * 2 + b"River Bend joined in 2018." + newline
    data += b"\xef\xbb\xbfit has 312 officers." + newline * 2 + b"ABOUT THE CITY" + newline + b"The city is small."
    doc = _normalized(data)
    assert _blocks(doc) == [
        ("title", "CASE STUDY RIVER BEND, OREGON"),
        ("paragraph", "River Bend joined in 2018. it has 312 officers."),
        ("heading", "ABOUT THE CITY"),
        ("paragraph", "The city is small."),
    ]


def test_glued_words_split_only_where_two_words_are_sure() -> None:
    doc = _normalized(
        b"Milwaukee joined the NationalPublic Safety Partnership for technicalassistance. "
        b"Its analysts use PowerPoint and CompStat, and ShotSpotter alerts arrive in seconds.\n"
    )
    assert "the National Public Safety Partnership for technical assistance." in doc.text
    assert "PowerPoint and CompStat, and ShotSpotter alerts" in doc.text
