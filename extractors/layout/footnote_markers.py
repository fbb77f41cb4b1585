"""Footnote calls in running text: superscript runs, and calls glued to a number or word."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.layout.text_repairs import Edit
from extractors.model.printed_numbers import SUPERSCRIPT_RUN, from_superscript, split_glued_marker, to_superscript

_TOKEN = re.compile(r"\S+")
# a number and its call, then the next sentence without its space ("956,406.2Milwaukee")
_NEXT_SENTENCE = re.compile(r"(?<=\d)(?=[A-Z][a-z])")
_TRAILING_PUNCTUATION = ",;:)]\"'\u201d\u2019"


@dataclass(frozen=True)
class MarkerSpan:
    number: int
    start: int
    end: int


# "338 000 km²", "χ² = 5.28": a superscript after a unit of length, or before an equals sign, is a power.
_UNIT_BEFORE = re.compile(r"(?<![A-Za-z])(?:km|m|cm|mm|mi|ft|yd|sq)$")
_EQUALS_AFTER = re.compile(r"[ \t]*=")


def is_call(text: str, start: int, end: int) -> bool:
    """Whether the superscript run text[start:end] is a footnote call: glued to the word it
    annotates ("in 2019.²"), not a power ("km²", "χ² ="), and not standing alone after a space
    or a line break (a raised number in a chart, or a body's number printed inline)."""
    if start == 0 or text[start - 1].isspace():
        return False
    if _EQUALS_AFTER.match(text, end):
        return False
    return not _UNIT_BEFORE.search(text, max(0, start - 3), start)


def superscript_markers(text: str, spans: list[tuple[int, int]]) -> list[MarkerSpan]:
    """Every footnote call (a superscript run, see `is_call`) inside `spans`, with offsets."""
    markers = []
    for span_start, span_end in spans:
        for match in SUPERSCRIPT_RUN.finditer(text, span_start, span_end):
            if is_call(text, match.start(), match.end()):
                markers.append(MarkerSpan(int(from_superscript(match.group())), match.start(), match.end()))
    return markers


def glued_marker_edits(text: str, running_spans: list[tuple[int, int]], body_numbers: set[int]) -> list[Edit]:
    """Where a footnote with a body but no superscript call was printed glued to a token.

    For footnote n, the call must lie between the calls of the nearest lower and higher
    numbered footnotes (footnotes are numbered in reading order); the first token in that
    window whose last digits are n, and whose remainder is a well-formed number or word,
    is taken. A call glued to the next sentence too ("956,406.2Milwaukee", a dropped space)
    gets its space back. Returns edits that write the call in superscript digits.
    """
    calls = superscript_markers(text, running_spans)
    called = {marker.number for marker in calls}
    edits: list[Edit] = []
    found: list[MarkerSpan] = list(calls)
    for number in sorted(body_numbers - called):
        lower = max((m.end for m in found if m.number < number), default=0)
        upper = min((m.start for m in found if m.number > number), default=len(text))
        for span_start, span_end in running_spans:
            hit = _first_glued_token(text, max(span_start, lower), min(span_end, upper), number)
            if hit is not None:
                offset, glued_to_next = hit
                digits = str(number)
                call = to_superscript(digits) + (" " if glued_to_next else "")
                edits.append(Edit(offset, offset + len(digits), call))
                found.append(MarkerSpan(number, offset, offset + len(digits)))
                break
    return edits


def _first_glued_token(text: str, start: int, end: int, number: int) -> tuple[int, bool] | None:
    """(offset of the call, whether a word follows it unspaced) of the first token in the window."""
    if start >= end:
        return None
    for match in _TOKEN.finditer(text, start, end):
        token = match.group().rstrip(_TRAILING_PUNCTUATION)
        if SUPERSCRIPT_RUN.search(token):  # called already (a URL needs no test: its rest is no number or word)
            continue
        next_word = _NEXT_SENTENCE.search(token)
        head = token[: next_word.start()] if next_word else token
        glued = split_glued_marker(head, {number})
        if glued is not None:
            return match.start() + len(glued.number_text), next_word is not None
    return None
