"""Pages to a normalized document: rejoin broken sentences, lift footnote bodies, keep offsets.

The chain is `source_to_clean` -> `clean_to_paragraphs` -> `resolve_glued_markers` ->
`paragraphs_to_units` -> `join_broken_units` -> `units_to_document`. Every step keeps a
map from the characters it produces back to the source, so a reviewer can jump from any
extracted value to the page and place it was printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.layout.footnote_markers import glued_marker_rewrites
from extractors.layout.repairs import repair_layout
from extractors.model.document import PROSE_KINDS, Block, NormalizedDocument
from extractors.model.pages import PAGE_BREAK, LoadedDocument
from extractors.model.printed_numbers import SUPERSCRIPT_DIGITS, SUPERSCRIPT_NUMBER, from_superscript
from extractors.vocab.vocabulary import vocabulary

# Markdown-style escapes left by some converters ("\$54,124").
_ESCAPE = re.compile(r"\\([$%&#_*\[\]])")
# Glyphs a PDF font maps to no Unicode character: reported by the loader, never prose.
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
_SPACE_LIKE = {"\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\t": "\t"}
_DROPPED = {"\u00ad", "\r", "\ufeff", "\u200b"}
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_SEPARATOR = re.compile(r"[ \t]*\f\s*|[ \t]*\n(?:[ \t]*\n)+[ \t]*")
FOOTNOTE_BODY = re.compile(f"^\\s*({SUPERSCRIPT_NUMBER})\\s+\\S")
_TERMINAL = re.compile(r"""[.!?:;]["'\u201d\u2019)\]]*$""")


@dataclass
class Paragraph:
    start: int
    end: int
    hard_break_before: bool  # a page break or two or more blank lines precede it


@dataclass
class Unit:
    kind: str
    lines: list[tuple[int, int]]  # spans in the clean text
    hard_break_before: bool = False
    footnote_number: int | None = None
    extra: list[tuple[int, int]] = field(default_factory=list)


def source_to_clean(source: str) -> tuple[str, list[int]]:
    """Undo escapes, unify spaces and ligatures; returns the text and each char's source offset."""
    chars: list[str] = []
    offsets: list[int] = []
    escaped = {match.start() for match in _ESCAPE.finditer(source)}
    unmapped = {i for match in _UNMAPPED_GLYPH.finditer(source) for i in range(match.start(), match.end())}
    for index, char in enumerate(source):
        if index in escaped or index in unmapped or char in _DROPPED:
            continue
        replacement = _LIGATURES.get(char) or _SPACE_LIKE.get(char, char)
        for piece in replacement:
            chars.append(piece)
            offsets.append(index)
    return "".join(chars), offsets


def clean_to_paragraphs(clean: str) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    position, hard = 0, True
    for separator in [*_SEPARATOR.finditer(clean), None]:
        end = separator.start() if separator else len(clean)
        if clean[position:end].strip():
            paragraphs.append(Paragraph(position, end, hard))
            hard = False
        if separator:
            text = separator.group()
            hard = hard or PAGE_BREAK in text or text.count("\n") >= 3
            position = separator.end()
    return paragraphs


def resolve_glued_markers(clean: str, paragraphs: list[Paragraph]) -> str:
    """Rewrite footnote calls printed on the baseline ("$54,124.1") as superscripts."""
    bodies = [p for p in paragraphs if FOOTNOTE_BODY.match(clean[p.start : p.end])]
    running = [(p.start, p.end) for p in paragraphs if p not in bodies]
    numbers = {int(from_superscript(FOOTNOTE_BODY.match(clean[p.start : p.end]).group(1))) for p in bodies}
    chars = list(clean)
    for offset, superscript in glued_marker_rewrites(clean, running, numbers):
        chars[offset : offset + len(superscript)] = superscript
    return "".join(chars)


def _line_spans(clean: str, paragraph: Paragraph) -> list[tuple[int, int]]:
    spans = []
    position = paragraph.start
    for line in clean[paragraph.start : paragraph.end].split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        while start < end and clean[start].isspace():
            start += 1
        while end > start and clean[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _bullet_length(line: str) -> int:
    """Length of the bullet prefix; nested or doubled bullets ("- · ") count as one."""
    length = 0
    while True:
        rest = line[length:]
        for bullet in vocabulary().bullets:
            if rest.startswith(bullet) and len(rest) > len(bullet) and rest[len(bullet)] in " \t":
                length += len(bullet) + 1
                while length < len(line) and line[length] in " \t":
                    length += 1
                break
        else:
            return length


def _line_kind(line: str) -> str | None:
    vocab = vocabulary()
    if "\t" in line:
        return "table_row"
    if vocab.table_caption.match(line):
        return "table_caption"
    if vocab.figure_caption.match(line):
        return "figure_caption"
    if vocab.source_note.match(line):
        return "source_note"
    return None


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


def paragraphs_to_units(clean: str, paragraphs: list[Paragraph]) -> list[Unit]:
    units: list[Unit] = []
    for paragraph in paragraphs:
        current: Unit | None = None
        for index, (start, end) in enumerate(_line_spans(clean, paragraph)):
            line = clean[start:end]
            hard = paragraph.hard_break_before and index == 0
            footnote = FOOTNOTE_BODY.match(line)
            if footnote and (index == 0 or (current and current.kind == "footnote")):
                current = Unit("footnote", [(start, end)], hard, int(from_superscript(footnote.group(1))))
                units.append(current)
                continue
            kind = _line_kind(line)
            if kind:
                current = Unit(kind, [(start, end)], hard)
                units.append(current)
                continue
            bullet = _bullet_length(line)
            if bullet:
                current = Unit("list_item", [(start + bullet, end)], hard)
                units.append(current)
            elif current and current.kind in ("paragraph", "list_item", "footnote"):
                current.lines.append((start, end))
            else:
                current = Unit("paragraph", [(start, end)], hard)
                units.append(current)
    for unit in units:
        if unit.kind == "paragraph" and len(unit.lines) == 1 and looks_like_heading(clean[slice(*unit.lines[0])]):
            unit.kind = "heading"
    for unit in units[:3]:
        if unit.kind == "heading":
            unit.kind = "title"
            break
    return units


def _ends_sentence(text: str) -> bool:
    text = text.rstrip().rstrip(SUPERSCRIPT_DIGITS).rstrip()
    return bool(_TERMINAL.search(text))


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
                and not _ends_sentence(clean[slice(*previous.lines[-1])])
                and (first_char.islower() or hard or footnote_between)
            ):
                previous.lines.extend(unit.lines)
                continue
        joined.append(unit)
    return joined


class _TextBuilder:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.offsets: list[int] = []
        self.length = 0

    def add(self, text: str, offsets: list[int]) -> None:
        self.parts.append(text)
        self.offsets.extend(offsets)
        self.length += len(text)

    def add_span(self, clean_offsets: list[int], start: int, end: int, clean: str) -> None:
        self.add(clean[start:end], clean_offsets[start:end])

    def add_synthetic(self, text: str) -> None:
        anchor = self.offsets[-1] if self.offsets else 0
        self.add(text, [anchor] * len(text))


def units_to_document(
    clean: str, clean_offsets: list[int], units: list[Unit], loaded: LoadedDocument
) -> NormalizedDocument:
    running = [unit for unit in units if unit.kind != "footnote"]
    footnotes = sorted((unit for unit in units if unit.kind == "footnote"), key=lambda u: u.footnote_number or 0)
    builder = _TextBuilder()
    blocks: list[Block] = []
    page_starts = [0]
    for index, char in enumerate(clean):
        if char == PAGE_BREAK:
            page_starts.append(clean_offsets[index] + 1)
    page_numbers = tuple(page.number for page in loaded.pages)
    previous_kind = None
    for unit in running + footnotes:
        if builder.length:
            tight = unit.kind == previous_kind == "table_row"
            builder.add_synthetic("\n" if tight else "\n\n")
        start = builder.length
        if unit.kind == "list_item":
            builder.add("- ", [clean_offsets[unit.lines[0][0]]] * 2)
        for line_index, (line_start, line_end) in enumerate(unit.lines):
            if line_index and not clean[unit.lines[line_index - 1][1] - 1] == "-":
                builder.add(" ", [clean_offsets[line_start]])
            builder.add_span(clean_offsets, line_start, line_end, clean)
        previous_kind = unit.kind
        blocks.append(Block(unit.kind, start, builder.length, None))  # type: ignore[arg-type]
    document = NormalizedDocument(
        text="".join(builder.parts),
        blocks=(),
        source_offsets=tuple(builder.offsets),
        page_starts=tuple(page_starts),
        page_numbers=page_numbers,
    )
    paged = tuple(Block(b.kind, b.start, b.end, document.page_at(b.start)) for b in blocks)
    return NormalizedDocument(document.text, paged, document.source_offsets, document.page_starts, page_numbers)


def loaded_to_normalized(loaded: LoadedDocument, known_words: frozenset[str] = frozenset()) -> NormalizedDocument:
    """`known_words` (the language model's words) lets glued words be split; without it they are kept."""
    clean, clean_offsets = source_to_clean(loaded.source_text)
    clean, clean_offsets = repair_layout(clean, clean_offsets, known_words)
    paragraphs = clean_to_paragraphs(clean)
    clean = resolve_glued_markers(clean, paragraphs)
    units = join_broken_units(clean, paragraphs_to_units(clean, paragraphs))
    return units_to_document(clean, clean_offsets, units, loaded)
