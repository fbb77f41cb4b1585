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


# ---- words glued at a dropped line break, and words hyphenated at a line end -----------

_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# a lower-case run ("sitetook") or two capitalised words ("NationalPublic"), not part of a
# URL, an address or a hyphenated word; a sentence may end right after it
_GLUED = re.compile(r"(?<![\w/.@?=&%#~+-])(?:[a-z]{6,}|[A-Z][a-z]{2,}[A-Z][a-z]{2,})(?![\w/@-]|\.\w)")
_PART = 3  # letters each part of a glued word has at least
_LONG_PART, _LONG_TOKEN = 5, 12  # long enough to split without the document's evidence


def document_words(text: str) -> Counter[str]:
    """How often each word (lower case; hyphenated words whole and by their parts) is printed."""
    counts: Counter[str] = Counter()
    for match in _WORD.finditer(text):
        word = match.group().lower()
        counts[word] += 1
        if "-" in word:
            counts.update(word.split("-"))
    return counts


def _glued_split(token: str, known: frozenset[str], counts: Counter[str]) -> int | None:
    """Where a token that is no word splits into exactly two words, if it does.

    Conservative: the token is unknown to the model and printed once; there is one split
    only; both parts are known words; and either both are printed on their own elsewhere in
    the document (the document is its own evidence), or both parts are long (short glued
    pairs are often names: "PowerPoint", "CompStat").
    """
    lower = token.lower()
    if lower in known or counts[lower] > 1:
        return None
    if token[0].isupper():
        capitals = [i for i, char in enumerate(token) if char.isupper()]
        candidates = capitals[1:] if len(capitals) == 2 else []
    else:
        candidates = list(range(_PART, len(token) - _PART + 1))
    splits = [i for i in candidates if lower[:i] in known and lower[i:] in known]
    if len(splits) != 1:
        return None
    left, right = lower[: splits[0]], lower[splits[0] :]
    evidence = counts[left] > 0 and counts[right] > 0
    long_enough = min(len(left), len(right)) >= _LONG_PART and len(token) >= _LONG_TOKEN
    return splits[0] if evidence or long_enough else None


def glued_word_edits(text: str, known: frozenset[str]) -> list[Edit]:
    """Insert a space into a token that is no word but is exactly two words ("sitetook",
    "NationalPublic"); see `_glued_split` for when."""
    if not known:
        return []
    counts = document_words(text)
    edits = []
    for match in _GLUED.finditer(text):
        split = _glued_split(match.group(), known, counts)
        if split is not None:
            edits.append(Edit(match.start() + split, match.start() + split, " "))
    return edits


def hyphen_is_kept(left: str, right: str, known: frozenset[str], counts: Counter[str]) -> bool:
    """For a word broken at a line end after a hyphen ("vio-" / "lent", "gun-" / "related"):
    whether the hyphen is part of the word. The document decides first (the word printed
    elsewhere with or without its hyphen), then the language model's words: a joined word
    that is a word is rejoined, a pair of words keeps its hyphen."""
    joined, hyphenated = (left + right).lower(), f"{left}-{right}".lower()
    if counts[hyphenated]:
        return True
    if counts[joined] or joined in known:
        return False
    return left.lower() in known and right.lower() in known


# ---- headings run into the sentence before them -----------------------------------------

_CAPS_WORD = r"[A-Z][A-Z&'\u2019-]+"
_GLUED_HEADING = re.compile(
    rf"(?<=[a-z0-9%)][.!?])([\"\u201d\u2019)]?[{SUPERSCRIPT_DIGITS}]*)[ \t]*"
    rf"(?P<heading>{_CAPS_WORD}(?:[ \t]+(?:{_CAPS_WORD}|OF|AND|IN|&))+)"
    rf"(?P<after>[ \t]*$|[ \t]+(?=[A-Z][a-z]))",
    re.MULTILINE,
)


def glued_heading_edits(text: str) -> list[Edit]:
    """"... in 2019.ABOUT THE CITY The city ..." -> the heading becomes its own line (a heading
    that ends its line is then a block of its own, like every short line over text)."""
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
        if match.end("after") < len(text) and text[match.end("after")] != "\n":
            edits.append(Edit(match.end("heading"), match.end("after"), "\n\n"))
    return edits
