"""Footnote styles other than superscripts, rewritten to the page model's superscript form.

- a numbered list of notes under a heading ("Notes", "Endnotes", "Sources"; vocabulary
  data), its lines "1. text", "1) text", "1 text" or "[1] text";
- bodies printed as "[1] text" at the start of a line, anywhere;
- calls printed in brackets ("in 2019.[1]" or "in 2019 [1]");
- calls printed as a bare number after a sentence end ("in 2017. 1 Milwaukee ..."), taken
  only for a footnote that has a body and no call yet, in footnote order.

Calls glued to a number or word ("$54,124.1", "20012") are resolved later, in normalization.
"""

from __future__ import annotations

import re

from extractors.layout.text_repairs import Edit, lines_with_offsets
from extractors.model.printed_numbers import (
    SUPERSCRIPT_NUMBER,
    SUPERSCRIPT_RUN,
    from_superscript,
    to_superscript,
)
from extractors.vocab.vocabulary import vocabulary

_ENTRY = re.compile(r"^(?P<lead>[ \t]*)(?:\[(?P<bracketed>\d{1,3})\]|(?P<plain>\d{1,3})[.)]?)[ \t]+(?=\S)")
_BRACKET_BODY = re.compile(r"^(?P<lead>[ \t]*)\[(?P<bracketed>\d{1,3})\][ \t]+(?=\S)")
_BODY_LINE = re.compile(f"^[ \\t]*({SUPERSCRIPT_NUMBER})[ \\t]+\\S", re.MULTILINE)
_BRACKET_CALL = re.compile(r"[ \t]?\[(\d{1,3})\](?![ \t]*\S*\])")
_SPACED_CALL = re.compile(
    r"(?<=[a-z0-9%)][.!?])(?P<quote>[\"\u201d\u2019)]?)(?P<space>[ \t]+)(?P<number>\d{1,3})"
    r"(?=[ \t]+[A-Z\u201c\"]|[ \t]*$)",
    re.MULTILINE,
)


def _caps_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and not line.rstrip().endswith(".")


def notes_list_edits(text: str) -> list[Edit]:
    """Entries of a notes list after a notes heading -> superscript bodies, one per line."""
    vocab = vocabulary()
    lines = lines_with_offsets(text)
    edits: list[Edit] = []
    for index, (_, line) in enumerate(lines):
        if not vocab.is_notes_heading(line):
            continue
        last = 0
        previous_blank = False
        for start, entry_line in lines[index + 1 :]:
            if not entry_line.strip():
                previous_blank = True
                continue
            if vocab.table_caption.match(entry_line.strip()) or vocab.figure_caption.match(entry_line.strip()):
                break
            match = _ENTRY.match(entry_line)
            number = int(match.group("bracketed") or match.group("plain")) if match else 0
            if match and number > last:
                if not edits or not previous_blank:
                    edits.append(Edit(start, start, "\n"))
                edits.append(_superscript_edit(start, match))
                last = number
            elif last == 0 or (previous_blank and _caps_heading(entry_line)):
                break
            previous_blank = False
        if edits:
            break
    return edits


def _superscript_edit(line_start: int, match: re.Match[str]) -> Edit:
    number = match.group("bracketed") or match.group("plain")
    return Edit(line_start + len(match.group("lead")), line_start + match.end(), to_superscript(number) + " ")


def bracket_body_edits(text: str) -> list[Edit]:
    """"[3] Source text" at the start of a line is footnote body 3."""
    edits = []
    previous = ""
    for start, line in lines_with_offsets(text):
        match = _BRACKET_BODY.match(line)
        if match:
            if previous.strip():  # each body its own paragraph, as the page model has them
                edits.append(Edit(start, start, "\n"))
            edits.append(_superscript_edit(start, match))
        previous = line
    return edits


def _running_spans(text: str) -> tuple[set[int], set[int]]:
    """(numbers of footnote bodies, numbers already called by a superscript)."""
    bodies = {int(from_superscript(m.group(1))) for m in _BODY_LINE.finditer(text)}
    body_lines = {m.start() for m in _BODY_LINE.finditer(text)}
    called = set()
    for match in SUPERSCRIPT_RUN.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if line_start in body_lines and not text[line_start : match.start()].strip():
            continue
        called.add(int(from_superscript(match.group())))
    return bodies, called


def bracket_call_edits(text: str) -> list[Edit]:
    """"in 2019.[1]" or "in 2019 [1]" -> "in 2019.¹", for numbers that have a body."""
    bodies, _ = _running_spans(text)
    edits = []
    for match in _BRACKET_CALL.finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if not text[line_start : match.start()].strip():
            continue  # a body, not a call
        if int(match.group(1)) in bodies:
            edits.append(Edit(match.start(), match.end(), to_superscript(match.group(1))))
    return edits


def spaced_call_edits(text: str) -> list[Edit]:
    """"in 2017. 1 Milwaukee" -> "in 2017.¹ Milwaukee": a bare number after a sentence end
    that has a body, no call yet, and is higher than every call before it (calls run in order)."""
    bodies, called = _running_spans(text)
    body_lines = {m.start() for m in _BODY_LINE.finditer(text)}
    calls = [
        (m.start(), int(from_superscript(m.group())))
        for m in SUPERSCRIPT_RUN.finditer(text)
        if text.rfind("\n", 0, m.start()) + 1 not in body_lines
    ]
    edits = []
    taken = set(called)
    for match in _SPACED_CALL.finditer(text):
        number = int(match.group("number"))
        line_start = text.rfind("\n", 0, match.start()) + 1
        if number not in bodies or number in taken or line_start in body_lines:
            continue
        if any(n >= number for position, n in calls if position < match.start()):
            continue
        edits.append(Edit(match.start("space"), match.end("number"), to_superscript(str(number))))
        calls.append((match.start(), number))
        taken.add(number)
    return edits
