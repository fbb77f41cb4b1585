"""Edits to the clean text that keep the map back to the source, and the prose repairs.

Other extractors leave defects the page model does not allow: words glued where a line
break was dropped ("sitetook"), headings run into the sentence before them. Each repair is
a list of `Edit`s; `apply_edits` applies them while keeping, for every character, the source
offset it came from (an inserted character points at the character it was inserted before).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from extractors.model.printed_numbers import SUPERSCRIPT_DIGITS


@dataclass(frozen=True)
class Edit:
    """Replace clean[start:end] with `text` (start == end inserts)."""

    start: int
    end: int
    text: str


def apply_edits(text: str, offsets: list[int], edits: Iterable[Edit]) -> tuple[str, list[int]]:
    """Apply non-overlapping edits (an edit overlapping an earlier one is dropped)."""
    chars: list[str] = []
    mapped: list[int] = []
    position = 0
    anchor_end = offsets[-1] + 1 if offsets else 0
    for edit in sorted(edits, key=lambda e: (e.start, e.end)):
        if edit.start < position:
            continue
        chars.append(text[position : edit.start])
        mapped.extend(offsets[position : edit.start])
        anchor = offsets[edit.start] if edit.start < len(offsets) else anchor_end
        for index, char in enumerate(edit.text):
            source = edit.start + index
            chars.append(char)
            mapped.append(offsets[source] if source < edit.end else anchor)
        position = edit.end
    chars.append(text[position:])
    mapped.extend(offsets[position:])
    return "".join(chars), mapped


def run_repairs(
    text: str, offsets: list[int], repairs: Iterable[Callable[[str], list[Edit]]]
) -> tuple[str, list[int]]:
    """Each repair sees the text as the repairs before it left it."""
    for repair in repairs:
        edits = repair(text)
        if edits:
            text, offsets = apply_edits(text, offsets, edits)
    return text, offsets


def lines_with_offsets(text: str) -> list[tuple[int, str]]:
    """(start offset, line) for every line, without the newline."""
    out, position = [], 0
    for line in text.split("\n"):
        out.append((position, line))
        position += len(line) + 1
    return out


# ---- words glued at a dropped line break ------------------------------------------------

_LOWER_TOKEN = re.compile(r"(?<![\w/.@?=&%#~+-])[a-z]{6,}(?![\w/.@-])")
_WORD = re.compile(r"[A-Za-z]+")


def glued_word_edits(text: str, known: frozenset[str]) -> list[Edit]:
    """Insert a space into a lower-case token that is no word but is exactly two words.

    Conservative: the token is unknown to the model, there is one split only, both parts
    have three letters or more, are known words, and are printed on their own elsewhere in
    the same document (the document is its own evidence; no dictionary of this project).
    """
    if not known:
        return []
    counts = Counter(word.lower() for word in _WORD.findall(text))
    edits = []
    for match in _LOWER_TOKEN.finditer(text):
        token = match.group()
        if token in known or counts[token] > 1:
            continue
        splits = [
            i for i in range(3, len(token) - 2)
            if token[:i] in known and token[i:] in known and counts[token[:i]] and counts[token[i:]]
        ]
        if len(splits) == 1:
            edits.append(Edit(match.start() + splits[0], match.start() + splits[0], " "))
    return edits


# ---- headings run into the sentence before them -----------------------------------------

_CAPS_WORD = r"[A-Z][A-Z&'\u2019-]+"
_GLUED_HEADING = re.compile(
    rf"(?<=[a-z0-9%)][.!?])([\"\u201d\u2019)]?[{SUPERSCRIPT_DIGITS}]*)[ \t]*"
    rf"(?P<heading>{_CAPS_WORD}(?:[ \t]+(?:{_CAPS_WORD}|OF|AND|IN|&))+)"
    rf"(?P<after>[ \t]*$|[ \t]+(?=[A-Z][a-z]))",
    re.MULTILINE,
)


def glued_heading_edits(text: str) -> list[Edit]:
    """"... in 2019.ABOUT THE CITY The city ..." -> the heading becomes its own paragraph."""
    edits = []
    for match in _GLUED_HEADING.finditer(text):
        heading = match.group("heading")
        if sum(char.isalpha() for char in heading) < 8:
            continue
        words = heading.split()
        if match.group("after").strip(" \t") == "" and match.group("after") and len(words) < 3 and min(
            len(word) for word in words
        ) < 5:
            continue  # "in 2019. ATF NIBIN Training ...": acronyms starting a sentence, not a heading
        edits.append(Edit(match.end(1), match.start("heading"), "\n\n"))
        end = match.end("after")
        if end < len(text) and text[end] == "\n":  # heading ends its line: make it a paragraph
            end += 1
        if end < len(text) and text[end] != "\n":
            edits.append(Edit(match.end("heading"), end, "\n\n"))
    return edits
