"""Footnote bodies, URLs, retrieval dates, calls, and the footnote checks."""

from __future__ import annotations

import datetime as dt

from extractors.layout.normalize import loaded_to_normalized
from extractors.layout.pdf_paragraphs import split_footnotes
from extractors.layout.pdf_words import Line, Word
from extractors.model.pages import LoadedDocument, PageText
from extractors.structure.footnotes import (
    document_to_footnote_refs,
    document_to_footnotes,
    text_to_retrieved,
    text_to_urls,
)
from extractors.vocab.vocabulary import vocabulary
from schemas.footnote_checks import footnote_findings


def test_url_broken_by_a_space_or_line_is_repaired():
    assert text_to_urls("Plan, https://x.gov/files/2022%20 Annual%20Report.pdf.") == [
        "https://x.gov/files/2022%20Annual%20Report.pdf"
    ]
    assert text_to_urls("See https://x.gov/media/\n12345/dl?inline.") == ["https://x.gov/media/12345/dl?inline"]
    assert text_to_urls("Report, https://x.gov/a (retrieved May 1, 2020).") == ["https://x.gov/a"]
    assert text_to_urls("Two: https://a.org/x, and www.b.org/y.") == ["https://a.org/x", "www.b.org/y"]
    # the scheme printed apart from the host ("https:// www..."), and a scheme that is no URL
    assert text_to_urls("2016, https:// www.justice.gov/media/887696/dl?inline.") == [
        "https://www.justice.gov/media/887696/dl?inline"
    ]
    assert text_to_urls("see https:// and more") == []


def test_retrieved_dates():
    assert text_to_retrieved("QuickFacts, https://x (retrieved June 6, 2023).", vocabulary()) == dt.date(2023, 6, 6)
    assert text_to_retrieved("accessed Sept. 3, 2021", vocabulary()) == dt.date(2021, 9, 3)
    assert text_to_retrieved("no date here", vocabulary()) is None


def test_bodies_calls_and_findings():
    text = "One.\u00b9 Two.\u00b2 Four.\u2074\n\n\u00b9 First note.\n\n\u00b2 Second.\n\n\u2075 Fifth, never called."
    doc = loaded_to_normalized(LoadedDocument("text", (PageText(None, text),)), vocabulary())
    refs = document_to_footnote_refs(doc)
    notes = document_to_footnotes(doc, refs, vocabulary())
    assert [r.number for r in refs] == [1, 2, 4]
    assert [(n.number, n.referenced) for n in notes] == [(1, True), (2, True), (5, False)]
    checks = sorted((f.check, f.footnote) for f in footnote_findings(notes, refs, "doc"))
    assert checks == [
        ("footnote.body_without_marker", 5),
        ("footnote.marker_without_body", 4),
        ("footnote.sequence_gap", 3),
    ]


def test_an_excerpt_starting_at_its_own_first_footnote_has_no_gap():
    text = ("One.\u00b3\u2075 Two.\u00b3\u2076 Three.\u00b3\u2078\n\n"
            "\u00b3\u2075 A.\n\n\u00b3\u2076 B.\n\n\u00b3\u2078 C.")
    doc = loaded_to_normalized(LoadedDocument("text", (PageText(None, text),)), vocabulary())
    refs = document_to_footnote_refs(doc)
    notes = document_to_footnotes(doc, refs, vocabulary())
    assert [n.number for n in notes] == [35, 36, 38]
    gaps = [(f.check, f.footnote, f.message) for f in footnote_findings(notes, refs, "doc")]
    assert gaps == [("footnote.sequence_gap", 37, "doc: footnote 37 is missing: footnotes run 35 to 38 but 37 has "
                     "neither a call nor a body.")]


def test_numbering_that_restarts_validates_against_the_footnotes_model():
    import pandas as pd

    from schemas.datasets import FootnotesModel

    pages = (PageText(1, "One.\u00b9 Two.\u00b2\n\n\u00b9 First.\n\n\u00b2 Second."),
             PageText(2, "Three.\u00b9\n\n\u00b9 Chapter two's first."))
    doc = loaded_to_normalized(LoadedDocument("text", pages), vocabulary())
    notes = document_to_footnotes(doc, document_to_footnote_refs(doc), vocabulary())
    assert sorted(n.number for n in notes) == [1, 1, 2]
    rows = pd.DataFrame([{"doc_id": "d", "number": n.number, "text": n.text, "urls": list(n.urls),
                          "retrieved": n.retrieved, "referenced": n.referenced, "start": n.start, "end": n.end,
                          "page": n.page} for n in notes]).astype({"page": "Int64"})
    FootnotesModel.validate(rows)


def _footnote_checks(text: str) -> tuple[list[int], list[tuple[int, bool]], list[tuple[str, int]]]:
    doc = loaded_to_normalized(LoadedDocument("text", (PageText(None, text),)), vocabulary())
    refs = document_to_footnote_refs(doc)
    notes = document_to_footnotes(doc, refs, vocabulary())
    findings = sorted((f.check, f.footnote) for f in footnote_findings(notes, refs, "doc"))
    return [r.number for r in refs], [(n.number, n.referenced) for n in notes], findings


def test_powers_and_standalone_raised_numbers_are_no_calls():
    text = ("The country covers 338 000 km\u00b2 and 12 m\u00b3 of water; the test gave c\u00b2 =5.28, v=3.\n\n"
            "Age group\t20\t30\n10\n\u00b2\u2070\t2\n\nThe rate rose in 2019.\u00b9\n\n\u00b9 Source: the survey.")
    refs, notes, findings = _footnote_checks(text)
    assert refs == [1] and notes == [(1, True)] and findings == []


def test_calls_and_bodies_printed_in_parentheses():
    text = ("Finland had the lowest ratio (5.7 %) (\u2074 ). Almost 90 % had more (\u2075).\n\n"
            "(\u2074 ) http://www.pisa.oecd.org.\n\n(\u2075) Eurostat, 2006.")
    refs, notes, findings = _footnote_checks(text)
    assert refs == [4, 5] and notes == [(4, True), (5, True)] and findings == []


def test_numbered_notes_under_a_table_or_figure_are_the_notes_its_caption_calls():
    text = ("Table SA3. | Cases by country and origin\n\nof case, 2007\u00b9\n\nCountry\tTotal\nAustria\t3,375\n"
            "Belgium\t3,973\n\n1. only countries that reported the origin were included\n\n"
            "Figure BR1. | Rate of reported\u00b9 cases in the EU\u00b2, 2004-2007\n\n0.3\n\nYear\n\n"
            "1. includes total cases for 2004 2. includes data from: AT, BE, CY\n\nThe highest rate was in 2007.")
    refs, notes, findings = _footnote_checks(text)
    assert refs == [1, 1, 2] and [n for n, _ in notes] == [1, 1, 2] and findings == []


def _line(words: list[tuple[str, float]], top: float, size: float, sup: str = "") -> Line:
    return Line([Word(text, x, x + 6 * len(text), top, top + size, size, sup=text == sup) for text, x in words])


def test_a_plain_number_after_other_words_of_its_footer_line_is_no_footnote_body():
    prose = _line([("The", 72), ("survey", 100), ("ran.", 150)], 100, 10.3)
    footer = _line([("NNMB", 73), ("75", 287), ("Rural-Third", 387), ("Repeat", 437), ("Survey", 470)], 735, 9.4)
    assert split_footnotes([prose, footer], 10.3)[1] == []
    called = _line([("The", 72), ("survey", 100), ("ran.", 150), ("\u00b9", 175)], 100, 10.3, sup="\u00b9")
    note = _line([("1", 72), ("Source:", 80), ("the", 120), ("survey.", 140)], 735, 8.0)
    assert split_footnotes([called, note], 10.3)[1] == ["\u00b9 Source: the survey."]


def test_a_tables_own_notes_do_not_stretch_the_footnote_sequence():
    text = ("The rate rose in 2010.\u2078 It fell in 2011.\u2079\n\nRate\t2010\t2011\nAll\t18.6\t18.1\n\n"
            "\u00b9 Age-adjusted to the 2000 population.\n\n\u00b2 A margin of error at 90 percent.\n\n"
            "Later it rose.\u00b9\u2070\n\n\u2078 Survey.\n\n\u2079 Census.\n\n\u00b9\u2070 Report.")
    refs, notes, findings = _footnote_checks(text)
    assert refs == [8, 9, 10]
    assert findings == [("footnote.body_without_marker", 1), ("footnote.body_without_marker", 2)]


def test_notes_above_a_running_footer_are_still_notes():
    called = _line([("Production", 72), ("rose.", 130), ("\u00b9", 160)], 100, 10.0, sup="\u00b9")
    note = _line([("\u00b9", 72), ("Rounded", 80), ("to", 120), ("5,000", 140), ("tons.", 170)], 710, 8.0, sup="\u00b9")
    footer = _line([("U.S.", 72), ("Geological", 100), ("Survey,", 150), ("January", 190), ("2011", 230)], 740, 10.0)
    kept, notes = split_footnotes([called, note, footer], 10.0)
    assert notes == ["\u00b9 Rounded to 5,000 tons."] and kept[-1] is footer
