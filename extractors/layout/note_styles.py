"""Footnote styles other than superscripts, rewritten to the page model's superscript form.

- a numbered list of notes under a heading ("Notes", "Endnotes", "Sources"; vocabulary
  data), its lines "1. text", "1) text", "1 text" or "[1] text";
- bodies printed as "[1] text" at the start of a line, anywhere;
- calls printed in brackets ("in 2019.[1]" or "in 2019 [1]");
- calls printed as a bare number after a sentence end ("in 2017. 1 Milwaukee ..."), taken
  only for a footnote that has a body and no call yet, in footnote order;
- bodies printed as numbered lines at the bottom of a page ("1 Population figures ..."), as
  text extracted from a PDF has them;
- calls and bodies with their superscript in parentheses, as European publications print
  them ("in 2005 (⁴)." and "(⁴) Source text" at the foot of the page);
- notes numbered "1." under a table or figure whose caption calls them ("Cases by country,
  2007¹" over the table, "1. only countries that reported ..." under it).

Calls glued to a number or word ("$54,124.1", "20012") are resolved later, in normalization.
"""

from __future__ import annotations

import re

from extractors.layout.footnote_markers import is_call
from extractors.layout.text_repairs import Edit
from extractors.model.pages import PAGE_BREAK, lines_with_offsets
from extractors.model.printed_numbers import (
    SUPERSCRIPT_NUMBER,
    SUPERSCRIPT_RUN,
    from_superscript,
    split_glued_marker,
    to_superscript,
)
from extractors.vocab.vocabulary import Vocabulary

_ENTRY = re.compile(r"^(?P<lead>[ \t]*)(?:\[(?P<bracketed>\d{1,3})\]|(?P<plain>\d{1,3})[.)]?)[ \t]+(?=\S)")
_BRACKET_BODY = re.compile(r"^(?P<lead>[ \t]*)\[(?P<bracketed>\d{1,3})\][ \t]+(?=\S)")
_BODY_LINE = re.compile(f"^[ \\t]*({SUPERSCRIPT_NUMBER})[ \\t]+\\S", re.MULTILINE)
_BRACKET_CALL = re.compile(r"[ \t]?\[(\d{1,3})\](?![ \t]*\S*\])")
_SPACED_CALL = re.compile(
    r"(?<=[a-z0-9%)][.!?])(?P<quote>[\"\u201d\u2019)]?)(?P<space>[ \t]+)(?P<number>\d{1,3})"
    r"(?=[ \t]+[A-Z\u201c\"]|[ \t]*$)",
    re.MULTILINE,
)


_PARENTHESIZED_BODY = re.compile(
    f"^(?P<lead>[ \\t]*)\\((?P<number>{SUPERSCRIPT_NUMBER})[ \\t]*\\)[ \\t]*(?=\\S)", re.MULTILINE
)
_PARENTHESIZED_CALL = re.compile(f"[ \\t]?\\((?P<number>{SUPERSCRIPT_NUMBER})[ \\t]*\\)")


def parenthesized_note_edits(text: str) -> list[Edit]:
    """"(⁴ ) Source text" at the start of a line is body 4; "in 2005 (⁴ )." elsewhere is call 4."""
    edits = []
    bodies = set()
    for match in _PARENTHESIZED_BODY.finditer(text):
        bodies.add(match.start("number") - 1)
        edits.append(Edit(match.start() + len(match.group("lead")), match.end(), match.group("number") + " "))
    for match in _PARENTHESIZED_CALL.finditer(text):
        if match.start("number") - 1 not in bodies:
            edits.append(Edit(match.start(), match.end(), match.group("number")))
    return edits


def _caps_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and not line.rstrip().endswith(".")


def notes_list_edits(text: str, vocab: Vocabulary) -> list[Edit]:
    """Entries of a notes list after a notes heading -> superscript bodies, one per line."""
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
    groups = match.groupdict()
    number = groups.get("bracketed") or groups["plain"]
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


# ---- notes at the bottom of a page, as plain text prints them --------------------------

_PAGE_NOTE = re.compile(r"^(?P<lead>[ \t]*)(?P<plain>\d{1,3})[.)]?[ \t]+(?=\S)")
_RULE_LINE = re.compile(r"^[ \t]*[_\u2014\u2013=-]{3,}[ \t]*$")
_CALL_TOKEN = re.compile(r"\S*\d\S*")  # a token with a digit, which may end in a call
_BEFORE_GLUED_WORD = re.compile(r"(?<=\d)(?=[A-Z][a-z])")
_TOKEN_END = ",;:)]\"'\u201d\u2019"


def _is_page_note(line: str) -> bool:
    return bool(_PAGE_NOTE.match(line)) and "\t" not in line.strip()  # a table row is no note


def _call_positions(text: str) -> dict[int, int]:
    """For each footnote number, the first offset where running text may call it: a
    superscript, a bracketed number, or digits glued to a number or word ("2018.1")."""
    first: dict[int, int] = {}
    for match in SUPERSCRIPT_RUN.finditer(text):
        first.setdefault(int(from_superscript(match.group())), match.start())
    for match in _BRACKET_CALL.finditer(text):
        first.setdefault(int(match.group(1)), match.start())
    for match in _SPACED_CALL.finditer(text):
        first.setdefault(int(match.group("number")), match.start())
    for match in _CALL_TOKEN.finditer(text):
        token = _BEFORE_GLUED_WORD.split(match.group().rstrip(_TOKEN_END))[0]
        for digits in range(1, 4):
            tail = token[-digits:]
            if len(token) > digits and tail.isascii() and tail.isdigit() and split_glued_marker(token, {int(tail)}):
                first.setdefault(int(tail), match.start())
    return first


def _paragraphs(lines: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    groups: list[list[tuple[int, str]]] = [[]]
    for start, line in lines:
        if line.strip():
            groups[-1].append((start, line))
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]


def _trailing_notes(paragraphs: list[list[tuple[int, str]]]) -> list[tuple[int, str]]:
    """The lines of the last paragraphs of a page that each open with a numbered line (and
    a rule line above them, if any)."""
    block: list[tuple[int, str]] = []
    for paragraph in reversed(paragraphs):
        lines = paragraph[1:] if _RULE_LINE.match(paragraph[0][1]) else paragraph
        if not lines or not _is_page_note(lines[0][1]):
            if not lines:  # a rule line on its own above the notes
                block = paragraph + block
            break
        block = paragraph + block
        if lines is not paragraph:
            break
    return block


def page_bottom_note_edits(text: str) -> list[Edit]:
    """Numbered lines closing a page ("1 Population figures are ...") are footnote bodies when
    their numbers run on from the notes of the pages before and each has a call earlier in the
    text (glued, bracketed, spaced or superscript): rewritten as superscript bodies, one
    paragraph each; a rule line above them is dropped."""
    calls = _call_positions(text)
    edits: list[Edit] = []
    last = 0
    offset = 0
    for page in text.split(PAGE_BREAK):
        lines = [(offset + start, line) for start, line in lines_with_offsets(page)]
        offset += len(page) + len(PAGE_BREAK)
        block = _trailing_notes(_paragraphs(lines))
        if not block:
            continue
        entries: list[tuple[int, re.Match[str]]] = []
        for start, line in block:
            match = _PAGE_NOTE.match(line) if _is_page_note(line) else None
            number = int(match.group("plain")) if match else 0
            if match and (not entries or number == int(entries[-1][1].group("plain")) + 1):
                entries.append((start, match))
        numbers = [int(match.group("plain")) for _, match in entries]
        if not numbers or numbers[0] <= last or any(calls.get(n, len(text)) >= block[0][0] for n in numbers):
            continue
        last = numbers[-1]
        edits += [Edit(start, start + len(line), "") for start, line in block if _RULE_LINE.match(line)]
        paragraph_starts = {paragraph[0][0] for paragraph in _paragraphs(block)}
        for start, match in entries:
            if start not in paragraph_starts:
                edits.append(Edit(start, start, "\n"))
            edits.append(_superscript_edit(start, match))
    return edits


# ---- notes under a table or figure, called from its caption ----------------------------

_CAPTION_NOTE = re.compile(r"(?:^|(?<=\s))(?P<number>\d{1,2})\.[ \t]+(?=\S)")


def _caption_calls(lines: list[tuple[int, str]], index: int, text: str) -> list[int]:
    """Numbers called in a caption line and the line that continues it (a wrapped caption)."""
    numbers: list[int] = []
    following = [(s, ln) for s, ln in lines[index + 1 : index + 4] if ln.strip()][:1]
    for start, line in [lines[index], *[(s, ln) for s, ln in following if "\t" not in ln]]:
        for match in SUPERSCRIPT_RUN.finditer(line):
            if is_call(text, start + match.start(), start + match.end()):
                numbers.append(int(from_superscript(match.group())))
    return sorted(set(numbers))


def caption_note_edits(text: str, vocab: Vocabulary) -> list[Edit]:
    """Notes "1. text" (one a line, or run together on one line) under a table or figure,
    before the next caption on the page, for the numbers its caption calls: rewritten as
    superscript bodies, one paragraph each."""
    edits: list[Edit] = []
    offset = 0
    for page in text.split(PAGE_BREAK):
        lines = [(offset + start, line) for start, line in lines_with_offsets(page)]
        offset += len(page) + len(PAGE_BREAK)
        captions = [i for i, (_, line) in enumerate(lines)
                    if vocab.table_caption.match(line.strip()) or vocab.figure_caption.match(line.strip())]
        for n, index in enumerate(captions):
            pending = _caption_calls(lines, index, text)
            end = captions[n + 1] if n + 1 < len(captions) else len(lines)
            for position in range(index + 1, end):
                start, line = lines[position]
                if not pending or "\t" in line:
                    continue
                started = False  # a run of notes starts a line; later notes may follow on it
                for match in _CAPTION_NOTE.finditer(line):
                    at_start = not line[: match.start()].strip()
                    if not pending or int(match.group("number")) != pending[0] or not (at_start or started):
                        continue
                    started = True
                    if at_start:
                        cut = start + match.start()
                        lead = "\n" if position > 0 and lines[position - 1][1].strip() else ""
                    else:
                        cut, lead = start + match.start() - 1, "\n\n"
                    edits.append(Edit(cut, start + match.end(), lead + to_superscript(match.group("number")) + " "))
                    pending.pop(0)
    return edits
