"""The normalized document: one text, its blocks, and a map back to the source."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal

BlockKind = Literal[
    "title",
    "subtitle",
    "heading",
    "paragraph",
    "list_item",
    "table_caption",
    "table_row",
    "figure_caption",
    "source_note",
    "footnote",
]

PROSE_KINDS: frozenset[str] = frozenset({"paragraph", "list_item"})


@dataclass(frozen=True)
class Block:
    """A run of normalized text with one role; `start`/`end` index `NormalizedDocument.text`."""

    kind: BlockKind
    start: int
    end: int
    page: int | None


@dataclass(frozen=True)
class NormalizedDocument:
    text: str
    blocks: tuple[Block, ...]
    source_offsets: tuple[int, ...]  # for each character of `text`, its offset in the source
    page_starts: tuple[int, ...]  # source offset where each page begins
    page_numbers: tuple[int | None, ...]

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]

    def blocks_of(self, *kinds: str) -> list[Block]:
        return [block for block in self.blocks if block.kind in kinds]

    def source_offset(self, offset: int) -> int:
        if not self.source_offsets:
            return 0
        return self.source_offsets[min(max(offset, 0), len(self.source_offsets) - 1)]

    def page_at(self, offset: int) -> int | None:
        """Page number of a normalized offset, via the source map (None for unpaged text)."""
        index = bisect.bisect_right(self.page_starts, self.source_offset(offset)) - 1
        return self.page_numbers[max(index, 0)] if self.page_numbers else None
