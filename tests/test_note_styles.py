"""Footnote styles rewritten to the page model's superscripts (`extractors.layout.note_styles`), on
texts made here: each repair's edits applied with the source map kept (`text_repairs.apply_edits`)."""

from __future__ import annotations

from extractors.layout.note_styles import (
    bracket_body_edits,
    bracket_call_edits,
    notes_list_edits,
    page_bottom_note_edits,
    spaced_call_edits,
)
from extractors.layout.text_repairs import Edit, apply_edits
from extractors.vocab.vocabulary import vocabulary


def edited(text: str, edits: list[Edit]) -> str:
    return apply_edits(text, list(range(len(text))), edits)[0]


def test_a_notes_list_in_any_numbering_becomes_one_superscript_body_a_paragraph_until_a_caption() -> None:
    text = "Crime fell.\n\nNotes\n1. Census data.\n2) FBI data.\n[3] Police data.\n\nTable 1. Crime\n1 Murder\n"
    assert edited(text, notes_list_edits(text, vocabulary())) == (
        "Crime fell.\n\nNotes\n\n\u00b9 Census data.\n\n\u00b2 FBI data.\n\n\u00b3 Police data.\n\n"
        "Table 1. Crime\n1 Murder\n"
    )


def test_a_notes_list_ends_at_a_capitalised_heading_after_a_blank_line() -> None:
    text = "Notes\n\n1 Census data.\n\n2 FBI data.\n\nAPPENDIX\n\n3 Other\n"
    edits = notes_list_edits(text, vocabulary())
    assert [(text[e.start : e.end], e.text) for e in edits if e.text.strip()] == [("1 ", "\u00b9 "), ("2 ", "\u00b2 ")]


def test_numbered_lines_without_a_notes_heading_are_no_notes_list() -> None:
    assert notes_list_edits("Steps\n1. Map the hot spots.\n2. Meet weekly.\n", vocabulary()) == []


def test_bracketed_bodies_at_a_line_start_each_become_a_paragraph() -> None:
    text = "Text here.\n[1] Census data.\n[2] FBI data.\n"
    assert edited(text, bracket_body_edits(text)) == "Text here.\n\n\u00b9 Census data.\n\n\u00b2 FBI data.\n"


def test_bracketed_calls_are_taken_only_for_numbers_with_a_body() -> None:
    text = "It rose in 2019.[1] It fell [2] then [3].\n\n\u00b9 Census.\n\n\u00b2 FBI.\n"
    assert edited(text, bracket_call_edits(text)) == (
        "It rose in 2019.\u00b9 It fell\u00b2 then [3].\n\n\u00b9 Census.\n\n\u00b2 FBI.\n"
    )


def test_a_bare_number_after_a_sentence_is_a_call_only_with_a_body_and_in_footnote_order() -> None:
    text = "It rose in 2017. 1 Milwaukee fell. 2 Then. It was 3 Then. Later. 1 More.\n\n\u00b9 Census.\n\n\u00b2 FBI.\n"
    assert edited(text, spaced_call_edits(text)) == (
        "It rose in 2017.\u00b9 Milwaukee fell.\u00b2 Then. It was 3 Then. Later. 1 More."
        "\n\n\u00b9 Census.\n\n\u00b2 FBI.\n"
    )


def test_a_bare_number_lower_than_a_call_before_it_is_no_call() -> None:
    text = "It rose.\u00b2 Then it fell. 1 Milwaukee grew.\n\n\u00b9 Census.\n\n\u00b2 FBI.\n"
    assert spaced_call_edits(text) == []


def test_numbered_lines_closing_a_page_are_bodies_when_called_before_and_numbered_on() -> None:
    text = ("Crime rose in 2018.1 It fell.\n\n____\n1 Census estimates for the city.\n"
            "\fMore text here.2\n\n2 FBI data.\n")
    edits = page_bottom_note_edits(text)
    assert Edit(text.index("____"), text.index("____") + 4, "") in edits  # the rule above the notes is dropped
    assert edited(text, edits).split("\f") == [
        "Crime rose in 2018.1 It fell.\n\n\n\n\u00b9 Census estimates for the city.\n",
        "More text here.2\n\n\u00b2 FBI data.\n",
    ]


def test_a_numbered_line_closing_a_page_with_no_call_before_it_stays_text() -> None:
    assert page_bottom_note_edits("Crime rose in 2018. It fell.\n\n1 Census estimates for the city.\n") == []
