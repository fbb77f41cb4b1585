"""Normalization on small made-up documents: page breaks, lifted footnotes, glued calls, offsets."""

from __future__ import annotations

from extractors.layout.blocks import looks_like_heading
from extractors.layout.normalize import loaded_to_normalized
from extractors.model.pages import LoadedDocument, PageText
from extractors.vocab.vocabulary import vocabulary


def normalize(*pages: str):
    numbered = len(pages) > 1
    loaded = LoadedDocument("text", tuple(PageText(i + 1 if numbered else None, p) for i, p in enumerate(pages)))
    return loaded_to_normalized(loaded, vocabulary())


def test_sentence_cut_by_a_page_break_is_rejoined():
    doc = normalize("The county opened two Regional Crime\n\n\n\nCenters (RCCs). They share data.")
    assert "two Regional Crime Centers (RCCs). They share data." in doc.text
    assert [b.kind for b in doc.blocks] == ["paragraph"]


def test_sentence_cut_across_form_feed_pages_keeps_page_numbers():
    doc = normalize("Intro title\n\nThe task force met with the", "county prosecutors every week.")
    assert "met with the county prosecutors every week." in doc.text
    assert doc.page_at(doc.text.index("county prosecutors")) == 2
    assert doc.page_at(doc.text.index("task force")) == 1


def test_footnote_body_inside_a_sentence_is_lifted_out():
    text = (
        "Partners include Youth Link\u00b3 and others. The plan requires collaboration\n\n"
        "\u00b3 Youth Link is a nonprofit.\n\n"
        "between schools and police."
    )
    doc = normalize(text)
    assert "requires collaboration between schools and police." in doc.text
    footnotes = doc.blocks_of("footnote")
    assert len(footnotes) == 1 and doc.block_text(footnotes[0]).startswith("\u00b3 Youth Link")
    assert doc.blocks[-1].kind == "footnote"


def test_marker_glued_to_a_number_becomes_a_superscript_call():
    text = (
        "Income is \\$41,200.1\n\n\n\nThe department has 900 officers.\u00b2"
        "\n\n\u00b9 Census.\n\n\u00b2 Staffing plan."
    )
    doc = normalize(text)
    assert "Income is $41,200.\u00b9" in doc.text
    assert "900 officers.\u00b2" in doc.text
    # the glued call ends the sentence, so the next paragraph is not joined to it
    assert "\u00b9 The department" not in doc.text


def test_glued_candidate_outside_its_window_is_not_taken():
    # footnote 2 has no superscript call; "2,000.2" lies after call 3, so it is not footnote 2
    text = "First.\u00b9 Second.\u00b3 Then 2,000.2 more.\n\n\u00b9 a\n\n\u00b2 b\n\n\u00b3 c"
    doc = normalize(text)
    assert "2,000.2 more" in doc.text


def test_offsets_map_back_to_the_source():
    source = "Title Here\n\nCosts were \\$5,000 in total."
    doc = normalize(source)
    index = doc.text.index("5,000")
    assert source[doc.source_offset(index) : doc.source_offset(index) + 5] == "5,000"


def test_block_kinds():
    text = (
        "CASE STUDY SPRINGFIELD, ILLINOIS\n\nABOUT THE SITE\n\nSome prose sentence here.\n\n"
        "- \u00b7 First item\n- Second item continues\n  on the next line\n\n"
        "Table 2. Arrests (2020-2021)\n\nYear\tArrests\n2020\t5\n2021\t6\n\nSource: Police, 2022.\n\n"
        "Figure 1: A chart"
    )
    kinds = [b.kind for b in normalize(text).blocks]
    assert kinds == [
        "title", "heading", "paragraph", "list_item", "list_item", "table_caption",
        "table_row", "table_row", "table_row", "source_note", "figure_caption",
    ]
    doc = normalize(text)
    assert "- Second item continues on the next line" in doc.text


def test_heading_heuristics():
    assert looks_like_heading("Peer Exchanges")
    assert looks_like_heading("KEY LESSONS FOR SUCCESS")
    assert not looks_like_heading("The city covers an area of 80 square miles.")
    assert not looks_like_heading("the program is ongoing")
