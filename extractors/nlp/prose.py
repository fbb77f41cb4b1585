"""The prose of a document as spaCy sees it: which blocks, and what is masked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.model.document import Block, NormalizedDocument
from extractors.model.printed_numbers import SUPERSCRIPT_RUN

PROSE_BLOCK_KINDS = ("paragraph", "list_item", "footnote")
# spaCy's parser needs memory and time that grow faster than the text it is given (about 1 GB per
# 100,000 characters): a block longer than this (no paragraph of a case study is) is parsed in
# pieces cut at a sentence end, so a file of a few enormous lines costs what its length does.
MAX_PIECE_CHARS = 10_000
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_LIST_BULLET = re.compile(r"^- ")
_FOOTNOTE_NUMBER = re.compile(r"^\s*" + SUPERSCRIPT_RUN.pattern + r"\s")


@dataclass(frozen=True)
class ProseBlock:
    """A block to parse. `text` has the length of the block's text, with URLs, footnote
    calls and list bullets blanked out, so spaCy offsets + `start` are document offsets."""

    block: Block
    text: str

    @property
    def start(self) -> int:
        return self.block.start


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda match: " " * len(match.group()), text)


def _cut(text: str, limit: int) -> int:
    """Where the first piece of `text` ends: after the last sentence end within `limit`
    characters (past half of it), else at the last space, else at `limit`."""
    window = text[:limit]
    ends = [m.end() for m in _SENTENCE_END.finditer(window, limit // 2)]
    if ends:
        return ends[-1]
    space = window.rfind(" ", limit // 2)
    return space + 1 if space > 0 else limit


def block_to_pieces(block: Block, text: str, limit: int = MAX_PIECE_CHARS) -> list[ProseBlock]:
    """The block as one ProseBlock, or in pieces of at most `limit` characters when longer."""
    if len(text) <= limit:
        return [ProseBlock(block, text)]
    bounds, start = [], 0
    while len(text) - start > limit:
        end = start + _cut(text[start : start + limit], limit)
        bounds.append((start, end))
        start = end
    bounds.append((start, len(text)))
    return [
        ProseBlock(Block(block.kind, block.start + first, block.start + last, block.page), text[first:last])
        for first, last in bounds
    ]


def document_to_prose(doc: NormalizedDocument) -> list[ProseBlock]:
    prose = []
    for block in doc.blocks_of(*PROSE_BLOCK_KINDS):
        text = doc.block_text(block)
        for pattern in (_URL, _LIST_BULLET, _FOOTNOTE_NUMBER, SUPERSCRIPT_RUN):
            text = _blank(text, pattern)
        prose += block_to_pieces(block, text)
    return prose
