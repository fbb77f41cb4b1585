"""The normalized document: one text, its blocks, and a map back to the source."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Literal

from extractors.model.pages import TextBox

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
    boxes: tuple[TextBox, ...] = ()  # where spans of the source are printed (PDFs), by source offset

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

    def bbox(self, start: int, end: int) -> TextBox | None:
        """Page and box of the normalized span start..end: the union of the boxes of the source
        it came from, on the page where it starts (None for text sources or a span with no box)."""
        if not self.boxes or end <= start or not self.source_offsets:
            return None
        sources = [self.source_offset(i) for i in range(start, end)]
        low, high = min(sources), max(sources) + 1
        starts = [box.start for box in self.boxes]
        index = max(bisect.bisect_right(starts, low) - 1, 0)
        hits = []
        while index < len(self.boxes) and self.boxes[index].start < high:
            box = self.boxes[index]
            if box.end > low:
                hits.append(box)
            index += 1
        hits = [box for box in hits if box.page == hits[0].page] if hits else []
        if not hits:
            return None
        return TextBox(
            low, high, hits[0].page, min(b.x0 for b in hits), min(b.top for b in hits),
            max(b.x1 for b in hits), max(b.bottom for b in hits),
        )
