"""Footnote calls in running text: superscript runs, and calls glued to a number or word."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.model.printed_numbers import SUPERSCRIPT_RUN, from_superscript, split_glued_marker, to_superscript

_TOKEN = re.compile(r"\S+")
_TRAILING_PUNCTUATION = ",;:)]\"'\u201d\u2019"


@dataclass(frozen=True)
class MarkerSpan:
    number: int
    start: int
    end: int


def superscript_markers(text: str, spans: list[tuple[int, int]]) -> list[MarkerSpan]:
    """Every run of superscript digits inside `spans`, as footnote numbers with offsets."""
    markers = []
    for span_start, span_end in spans:
        for match in SUPERSCRIPT_RUN.finditer(text, span_start, span_end):
            markers.append(MarkerSpan(int(from_superscript(match.group())), match.start(), match.end()))
    return markers


def glued_marker_rewrites(
    text: str, running_spans: list[tuple[int, int]], body_numbers: set[int]
) -> list[tuple[int, str]]:
    """Where a footnote with a body but no superscript call was printed glued to a token.

    For footnote n, the call must lie between the calls of the nearest lower and higher
    numbered footnotes (footnotes are numbered in reading order); the first token in that
    window whose last digits are n, and whose remainder is a well-formed number or word,
    is taken. Returns (offset, superscript digits) rewrites.
    """
    calls = superscript_markers(text, running_spans)
    called = {marker.number for marker in calls}
    rewrites: list[tuple[int, str]] = []
    found: list[MarkerSpan] = list(calls)
    for number in sorted(body_numbers - called):
        lower = max((m.end for m in found if m.number < number), default=0)
        upper = min((m.start for m in found if m.number > number), default=len(text))
        for span_start, span_end in running_spans:
            hit = _first_glued_token(text, max(span_start, lower), min(span_end, upper), number)
            if hit is not None:
                rewrites.append((hit, to_superscript(str(number))))
                found.append(MarkerSpan(number, hit, hit + len(str(number))))
                break
    return rewrites


def _first_glued_token(text: str, start: int, end: int, number: int) -> int | None:
    if start >= end:
        return None
    for match in _TOKEN.finditer(text, start, end):
        token = match.group().rstrip(_TRAILING_PUNCTUATION)
        if "://" in token or "www." in token or SUPERSCRIPT_RUN.search(token):
            continue
        glued = split_glued_marker(token, {number})
        if glued is not None:
            return match.start() + len(glued.number_text)
    return None
