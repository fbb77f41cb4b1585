"""Lines of the clean text classified on their own first, then grouped into blocks.

Each line is read before any joining: a footnote body, a table row, a caption, a source
note, a list item, or text. Only then are lines grouped: a text line continues the block
above it when the break before it was a wrap. A loader that found the blocks itself (PDF
geometry, a Markdown parse) says so, and every line of its paragraph is a wrap. In a plain
text file a break is a wrap when the next line starts in lower case, or when its first word
would not have fitted on the line (the wrap width is read from the document itself). So a
subtitle never glues to its title, and a heading never glues to the text under it.

The title block is the run of short lines the first page opens with (a title, its
subtitle, a line naming the site), each its own block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.model.document import PROSE_KINDS
from extractors.model.printed_numbers import SUPERSCRIPT_DIGITS, SUPERSCRIPT_NUMBER, from_superscript
from extractors.vocab.vocabulary import Vocabulary

FOOTNOTE_BODY = re.compile(f"^\\s*({SUPERSCRIPT_NUMBER})\\s+\\S")
_TERMINAL = re.compile(r"""[.!?:;]["'\u201d\u2019)\]]*$""")
_BREAK = re.compile(r"[\n\f]")
_FIRST_WORD = re.compile(r"\S+")
# A wrapped line ends close to the wrap width: within 15% after a sentence end, within 40%
# mid-sentence (a break there is only taken for a clearly short line, such as a title).
_FULL_AFTER_SENTENCE = 0.85
_FULL_MID_SENTENCE = 0.6
_SURE_WRAPS = 3  # lines followed by a lower-case line needed to read the wrap width from them
_TITLE_UNITS = 5  # the title block is at most this many leading blocks
_TITLE_CHARS = 150


@dataclass(frozen=True)
class TextLine:
    """One printed line of the clean text: its span (spaces stripped), and how it was placed."""

    start: int
    end: int
    end_column: int  # characters from the start of the printed line to the end of the text
    blank_before: int  # blank lines between it and the line before
    page_break_before: bool

    @property
    def starts_paragraph(self) -> bool:
        return bool(self.blank_before) or self.page_break_before

    @property
    def hard_break_before(self) -> bool:
        """A page break or two or more blank lines precede it."""
        return self.page_break_before or self.blank_before >= 2


@dataclass
class Unit:
    """A block being built: its kind and the spans of its lines in the clean text."""

    kind: str
    lines: list[tuple[int, int]]
    hard_break_before: bool = False
    footnote_number: int | None = None
    extra: list[tuple[int, int]] = field(default_factory=list)


def _strip_span(clean: str, start: int, end: int) -> tuple[int, int]:
    """The line without surrounding blanks; a table row keeps its leading tabs (empty first cells)."""
    keep_tabs = "\t" in clean[start:end].strip()
    while start < end and clean[start].isspace() and not (keep_tabs and clean[start] == "\t"):
        start += 1
    while end > start and clean[end - 1].isspace():
        end -= 1
    return start, end


def clean_to_lines(clean: str) -> list[TextLine]:
    """Every non-blank line of the clean text, with the blank lines and page break before it."""
    lines: list[TextLine] = []
    blank, page_break, position = 0, True, 0
    for separator in [*_BREAK.finditer(clean), None]:
        end = separator.start() if separator else len(clean)
        start, stop = _strip_span(clean, position, end)
        if stop > start:
            lines.append(TextLine(start, stop, stop - position, blank, page_break))
            blank, page_break = 0, False
        elif separator is None or separator.group() == "\n":
            blank += 1
        if separator is not None:
            page_break = page_break or separator.group() == "\f"
            position = separator.end()
    return lines


def ends_sentence(text: str) -> bool:
    text = text.rstrip().rstrip(SUPERSCRIPT_DIGITS).rstrip()
    return bool(_TERMINAL.search(text))


def looks_like_heading(text: str) -> bool:
    """Short, unpunctuated, and capitalised like a title."""
    words = text.split()
    if not words or len(words) > 14 or text[-1] in ".!?,;" or not text[0].isupper():
        return False
    letters = [char for char in text if char.isalpha()]
    if letters and all(char.isupper() for char in letters):
        return True
    if text.endswith(":"):
        return False
    long_words = [word for word in words if len(word) > 3]
    capitalised = [word for word in long_words if word[0].isupper()]
    return not long_words or len(capitalised) / len(long_words) >= 0.6


def bullet_length(line: str, bullets: tuple[str, ...]) -> int:
    """Length of the bullet prefix; nested or doubled bullets ("- · ") count as one."""
    length = 0
    while True:
        rest = line[length:]
        for bullet in bullets:
            if rest.startswith(bullet) and len(rest) > len(bullet) and rest[len(bullet)] in " \t":
                length += len(bullet) + 1
                while length < len(line) and line[length] in " \t":
                    length += 1
                break
        else:
            return length


def line_kind(line: str, vocab: Vocabulary) -> str | None:
    """The kind a line has on its own, or None for text (prose, a heading, a title)."""
    if "\t" in line:
        return "table_row"
    if vocab.table_caption.match(line):
        return "table_caption"
    if vocab.figure_caption.match(line):
        return "figure_caption"
    if vocab.source_note.match(line):
        return "source_note"
    return None


def wrap_width(clean: str, lines: list[TextLine]) -> int:
    """The column a plain-text document wraps its lines at: read from lines that surely
    wrapped (the next line goes on in lower case), else the longest line (text with one line
    per paragraph never wraps)."""
    prose = [line for line in lines if "\t" not in clean[line.start : line.end]]
    sure = sorted(
        line.end_column
        for line, following in zip(prose, prose[1:], strict=False)
        if not following.starts_paragraph and clean[following.start].islower()
    )
    if len(sure) >= _SURE_WRAPS:
        return sure[int(0.9 * (len(sure) - 1))]
    return max((line.end_column for line in prose), default=0)


def _in_capitals(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    return len(letters) >= 2 and all(char.isupper() for char in letters)


def is_wrap(clean: str, before: TextLine, line: TextLine, width: int) -> bool:
    """Whether the break between two printed lines of text was a wrap, not the end of a block:
    the next line goes on in lower case, or its first word would not have fitted on the line.
    A line in capitals over one that is not (a title over its subtitle) is never a wrap."""
    if clean[line.start].islower():
        return True
    if _in_capitals(clean[before.start : before.end]) and not _in_capitals(clean[line.start : line.end]):
        return False
    word = _FIRST_WORD.match(clean, line.start)
    needed = before.end_column + 1 + (word.end() - word.start() if word else 0)
    share = _FULL_AFTER_SENTENCE if ends_sentence(clean[before.start : before.end]) else _FULL_MID_SENTENCE
    return needed > share * width


def _last_row_of_paragraph(clean: str, lines: list[TextLine]) -> list[int]:
    """For each line, the index of the last tab row in its paragraph (-1 when there is none)."""
    out = [-1] * len(lines)
    paragraph_start = 0
    for index in range(len(lines) + 1):
        if index == len(lines) or (index and lines[index].starts_paragraph):
            rows = [i for i in range(paragraph_start, index) if "\t" in clean[lines[i].start : lines[i].end]]
            for i in range(paragraph_start, index):
                out[i] = rows[-1] if rows else -1
            paragraph_start = index
    return out


def lines_to_units(
    clean: str, lines: list[TextLine], vocab: Vocabulary, *, blocks_known: bool, kinds: dict[int, str] | None = None
) -> list[Unit]:
    """Classified lines grouped into blocks, then headings marked: the blocks a loader named
    (`kinds`, by clean offset of their first character), and short lines that look like one."""
    width = 0 if blocks_known else wrap_width(clean, lines)
    last_row = _last_row_of_paragraph(clean, lines)
    units: list[Unit] = []
    current: Unit | None = None
    for index, line in enumerate(lines):
        text = clean[line.start : line.end]
        hard = index == 0 or line.hard_break_before
        if line.starts_paragraph:
            current = None
        if current is not None and current.kind == "table_row" and index < last_row[index]:
            kind: str | None = "table_row"  # a row with one cell, inside a table
        elif (footnote := FOOTNOTE_BODY.match(text)) and (current is None or current.kind == "footnote"):
            current = Unit("footnote", [(line.start, line.end)], hard, int(from_superscript(footnote.group(1))))
            units.append(current)
            continue
        else:
            kind = line_kind(text, vocab)
        if kind:
            current = Unit(kind, [(line.start, line.end)], hard)
            units.append(current)
            continue
        bullet = bullet_length(text, vocab.bullets)
        if bullet:
            current = Unit("list_item", [(line.start + bullet, line.end)], hard)
            units.append(current)
        elif current is not None and current.kind in ("paragraph", "list_item", "footnote") and (
            blocks_known or is_wrap(clean, lines[index - 1], line, width)
        ):
            current.lines.append((line.start, line.end))
        else:
            current = Unit("paragraph", [(line.start, line.end)], hard)
            units.append(current)
    kinds = kinds or {}
    for unit in units:
        if unit.kind != "paragraph":
            continue
        if unit.lines[0][0] in kinds:
            unit.kind = kinds[unit.lines[0][0]]
        elif len(unit.lines) == 1 and looks_like_heading(clean[slice(*unit.lines[0])]):
            unit.kind = "heading"
    return units


def join_broken_units(clean: str, units: list[Unit]) -> list[Unit]:
    """Rejoin a sentence cut by a page break or by a footnote body printed inside it."""
    joined: list[Unit] = []
    for unit in units:
        if unit.kind == "paragraph" and joined:
            index, footnote_between, hard = len(joined) - 1, False, unit.hard_break_before
            while index >= 0 and joined[index].kind == "footnote":
                footnote_between, hard = True, hard or joined[index].hard_break_before
                index -= 1
            previous = joined[index] if index >= 0 else None
            first_char = clean[unit.lines[0][0]]
            if (
                previous is not None
                and previous.kind in PROSE_KINDS
                and not ends_sentence(clean[slice(*previous.lines[-1])])
                and (first_char.islower() or hard or footnote_between)
            ):
                previous.lines.extend(unit.lines)
                continue
        joined.append(unit)
    return joined


def _subtitle_like(clean: str, unit: Unit) -> bool:
    if unit.kind not in ("heading", "paragraph") or len(unit.lines) != 1:
        return False
    text = clean[slice(*unit.lines[0])]
    return unit.kind == "heading" or (len(text) <= _TITLE_CHARS and not ends_sentence(text))


def mark_title_block(clean: str, units: list[Unit]) -> None:
    """The short lines a document opens with are its title block: a heading-like title, then
    headings and short lines under it (a subtitle, a line naming the site). A document that
    opens with prose takes its first heading (among the first three blocks) for its title.
    Run after `join_broken_units`, so a sentence cut by a page break is no subtitle."""
    block = []
    for unit in units[:_TITLE_UNITS]:
        if not (unit.kind == "heading" if not block else _subtitle_like(clean, unit)):
            break
        block.append(unit)
    if not block:
        block = [next((unit for unit in units[:3] if unit.kind == "heading"), None)] if units else []
        if block[0] is None:
            return
    block[0].kind = "title"
    for unit in block[1:]:
        if unit.kind == "paragraph":
            unit.kind = "subtitle"
