"""Footnote calls in running text (`extractors.layout.footnote_markers`): superscript runs, and calls
glued to a number or word found for bodies that have none, on sentences made here."""

from __future__ import annotations

from extractors.layout.footnote_markers import MarkerSpan, glued_marker_edits, superscript_markers
from extractors.layout.text_repairs import Edit

TEXT = ("The budget was $54,124.1 and crime fell 12%.\u00b2 Police hired 956,406.3Milwaukee officers in 20194 "
        "and see https://x.gov/a5 too.")


def test_superscript_runs_inside_the_spans_are_calls() -> None:
    text = "Crime fell.\u00b9\u00b2 It rose.\u00b3"
    assert superscript_markers(text, [(0, len(text))]) == [MarkerSpan(12, 11, 13), MarkerSpan(3, 22, 23)]
    assert superscript_markers(text, [(14, len(text))]) == [MarkerSpan(3, 22, 23)]


def test_calls_glued_to_numbers_and_years_are_rewritten_in_superscript_between_their_neighbours() -> None:
    edits = glued_marker_edits(TEXT, [(0, len(TEXT))], {1, 2, 3, 4, 5})
    assert edits == [
        Edit(TEXT.index(".1 ") + 1, TEXT.index(".1 ") + 2, "\u00b9"),  # $54,124. + call 1
        Edit(TEXT.index("3Mil"), TEXT.index("3Mil") + 1, "\u00b3 "),  # the next sentence gets its space back
        Edit(TEXT.index("20194") + 4, TEXT.index("20194") + 5, "\u2074"),  # the year 2019 + call 4
    ]  # call 2 is printed already; "a5" in a URL is no call


def test_a_number_whose_rest_is_not_well_formed_keeps_its_digits() -> None:
    text = "In 2019 the rate was 7.51 and in 2020 it was 8.52."
    assert glued_marker_edits(text, [(0, len(text))], {1, 2}) == []


def test_only_the_running_spans_are_searched() -> None:
    assert glued_marker_edits(TEXT, [(0, 20)], {1}) == []
