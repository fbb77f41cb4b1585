"""The prose of a document as spaCy sees it: which blocks, and what is masked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.model.document import Block, NormalizedDocument
from extractors.model.printed_numbers import SUPERSCRIPT_RUN

PROSE_BLOCK_KINDS = ("paragraph", "list_item", "footnote")
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


def document_to_prose(doc: NormalizedDocument) -> list[ProseBlock]:
    prose = []
    for block in doc.blocks_of(*PROSE_BLOCK_KINDS):
        text = doc.block_text(block)
        for pattern in (_URL, _LIST_BULLET, _FOOTNOTE_NUMBER, SUPERSCRIPT_RUN):
            text = _blank(text, pattern)
        prose.append(ProseBlock(block, text))
    return prose
