"""Footnote bodies, URLs, retrieval dates, calls, and the footnote checks."""

from __future__ import annotations

import datetime as dt

from extractors.layout.normalize import loaded_to_normalized
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
