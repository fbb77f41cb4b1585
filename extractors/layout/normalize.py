"""Pages to a normalized document: lines classified, then joined into blocks, offsets kept.

The chain is `source_to_clean` -> `repair_layout` -> `resolve_glued_markers` ->
`clean_to_lines` -> `lines_to_units` (each line classified before any joining) ->
`join_broken_units` -> `units_to_document`. Every step keeps a map from the characters it
produces back to the source, so a reviewer can jump from any extracted value to the page and
place it was printed (and, for a PDF, to its box: `NormalizedDocument.bbox`).
"""

from __future__ import annotations

import re
from collections import Counter

from extractors.layout.blocks import (
    FOOTNOTE_BODY,
    TextLine,
    Unit,
    clean_to_lines,
    join_broken_units,
    lines_to_units,
    mark_title_block,
)
from extractors.layout.footnote_markers import glued_marker_edits
from extractors.layout.repairs import repair_layout
from extractors.layout.text_repairs import apply_edits, document_words, hyphen_is_kept
from extractors.model.document import Block, NormalizedDocument
from extractors.model.pages import PAGE_BREAK, LoadedDocument
from extractors.model.printed_numbers import from_superscript
from extractors.vocab.vocabulary import Vocabulary

__all__ = ["FOOTNOTE_BODY", "loaded_to_normalized", "source_to_clean"]

# Markdown-style escapes left by some converters ("\$54,124").
_ESCAPE = re.compile(r"\\([$%&#_*\[\]])")
# Glyphs a PDF font maps to no Unicode character: reported by the loader, never prose.
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
# A soft hyphen where a line breaks: the word goes on on the next line.
_SOFT_HYPHEN_BREAK = re.compile(r"\u00ad[ \t]*\n[ \t]*")
_SPACE_LIKE = {"\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\t": "\t"}
_DROPPED = {"\u00ad", "\r", "\ufeff", "\u200b"}
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}
_HYPHENATED_END = re.compile(r"(?<![\w-])([A-Za-z]+)-$")
_LOWER_START = re.compile(r"[a-z]+")
_CHANGED = sorted(_DROPPED | set(_LIGATURES) | set(_SPACE_LIKE) - {"\t"})  # the characters source_to_clean changes
_CHANGED_CHAR = re.compile("[" + re.escape("".join(_CHANGED)) + "]")


def source_to_clean(source: str) -> tuple[str, list[int]]:
    """Undo escapes, unify spaces and ligatures, drop soft hyphens (a word broken by one at a
    line end is joined) and stray marks; returns the text and each character's source offset.
    The text between the characters that change is copied whole (most of a document)."""
    dropped = {m.start() for m in _ESCAPE.finditer(source)}
    dropped |= {i for m in _UNMAPPED_GLYPH.finditer(source) for i in range(m.start(), m.end())}
    dropped |= {i for m in _SOFT_HYPHEN_BREAK.finditer(source) for i in range(m.start(), m.end())}
    changed = sorted(dropped | {m.start() for m in _CHANGED_CHAR.finditer(source)})
    pieces: list[str] = []
    offsets: list[int] = []
    copied = 0  # source offset up to which the text is copied
    for index in changed:
        pieces.append(source[copied:index])
        offsets.extend(range(copied, index))
        copied = index + 1
        char = source[index]
        if index in dropped or char in _DROPPED:
            continue
        replacement = _LIGATURES.get(char) or _SPACE_LIKE.get(char, char)
        pieces.append(replacement)
        offsets.extend([index] * len(replacement))
    pieces.append(source[copied:])
    offsets.extend(range(copied, len(source)))
    return "".join(pieces), offsets


def _body_lines(clean: str, lines: list[TextLine]) -> list[bool]:
    """For each line, whether it belongs to a footnote body (its first line or a continuation)."""
    out, in_body = [], False
    for line in lines:
        starts_body = bool(FOOTNOTE_BODY.match(clean[line.start : line.end]))
        in_body = starts_body and (line.starts_paragraph or in_body) or (in_body and not line.starts_paragraph)
        out.append(in_body)
    return out


def resolve_glued_markers(clean: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Rewrite footnote calls printed on the baseline ("$54,124.1", "956,406.2Milwaukee") as
    superscripts, for footnotes that have a body."""
    lines = clean_to_lines(clean)
    in_body = _body_lines(clean, lines)
    numbers = {
        int(from_superscript(match.group(1)))
        for line, body in zip(lines, in_body, strict=True)
        if body and (match := FOOTNOTE_BODY.match(clean[line.start : line.end]))
    }
    running = [(line.start, line.end) for line, body in zip(lines, in_body, strict=True) if not body]
    return apply_edits(clean, offsets, glued_marker_edits(clean, running, numbers))


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


class _LineJoiner:
    """How two lines of one block meet: a space, nothing after a hyphen kept ("gun-" +
    "related"), or the hyphen dropped where a word was hyphenated ("vio-" + "lent")."""

    def __init__(self, clean: str, known_words: frozenset[str]) -> None:
        self.clean = clean
        self.known = known_words
        self.counts: Counter[str] | None = None

    def join(self, end: int, next_start: int) -> tuple[int, str]:
        """(where the first line's text stops, what goes between the two lines)."""
        before = self.clean[max(0, end - 40) : end]
        if not before.endswith("-"):
            return end, " "
        left = _HYPHENATED_END.search(before)
        right = _LOWER_START.match(self.clean, next_start)
        if not left or not right:
            return end, ""
        if self.counts is None:
            self.counts = document_words(self.clean)
        if hyphen_is_kept(left.group(1), right.group(), self.known, self.counts):
            return end, ""
        return end - 1, ""


def units_to_document(
    clean: str, clean_offsets: list[int], units: list[Unit], loaded: LoadedDocument, known_words: frozenset[str]
) -> NormalizedDocument:
    running = [unit for unit in units if unit.kind != "footnote"]
    footnotes = sorted((unit for unit in units if unit.kind == "footnote"), key=lambda u: u.footnote_number or 0)
    builder = _TextBuilder()
    joiner = _LineJoiner(clean, known_words)
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
            if line_index + 1 < len(unit.lines):
                line_end, between = joiner.join(line_end, unit.lines[line_index + 1][0])
            else:
                between = ""
            builder.add_span(clean_offsets, line_start, line_end, clean)
            if between:
                builder.add(between, [clean_offsets[unit.lines[line_index + 1][0]]])
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
    return NormalizedDocument(
        document.text, paged, document.source_offsets, document.page_starts, page_numbers, loaded.text_boxes()
    )


def _clean_kinds(kinds: dict[int, str], clean_offsets: list[int]) -> dict[int, str]:
    """The loader's block kinds keyed by clean offset instead of source offset."""
    pending, out = dict(kinds), {}
    for index, source in enumerate(clean_offsets):
        if pending and source in pending:
            out[index] = pending.pop(source)
    return out


def loaded_to_normalized(
    loaded: LoadedDocument, vocab: Vocabulary, known_words: frozenset[str] = frozenset()
) -> NormalizedDocument:
    """`known_words` (the language model's words) lets glued words be split and hyphenated
    words be rejoined; without it glued words are kept and a hyphenated word stays hyphenated."""
    clean, clean_offsets = source_to_clean(loaded.source_text)
    clean, clean_offsets = repair_layout(clean, clean_offsets, vocab, known_words, tables=not loaded.blocks_known)
    clean, clean_offsets = resolve_glued_markers(clean, clean_offsets)
    lines = clean_to_lines(clean)
    kinds = _clean_kinds(loaded.block_kinds(), clean_offsets)
    units = lines_to_units(clean, lines, vocab, blocks_known=loaded.blocks_known, kinds=kinds)
    units = join_broken_units(clean, units)
    mark_title_block(clean, units)
    return units_to_document(clean, clean_offsets, units, loaded, known_words)
