"""Tables from the normalized text: caption, header, rows, source note; continuations stitched.

The rows arrive as the page model's tab rows (written by `extractors.tables`); here they get
their caption, their values (footnote calls and marks glued to a cell aside, by the cell and
its column), their page and, for PDFs, their box; a table continued on the next page ("Table 2
(continued)", or its header repeated) is one table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.model.document import Block, NormalizedDocument
from extractors.model.records import Cell, Table
from extractors.tables.cells import cell_mark, cell_value, header_name, is_year, year_with_call
from extractors.vocab.vocabulary import Vocabulary

# Blocks that may sit between two parts of one table split by a page break.
_BETWEEN_CONTINUATIONS = {"footnote"}


@dataclass
class _Draft:
    table_id: str
    caption: str | None
    caption_block: Block | None
    rows: list[Block] = field(default_factory=list)
    source_note: str | None = None
    last_block_index: int = -1


def _cells_of(doc: NormalizedDocument, block: Block) -> list[tuple[str, int, int]]:
    """(text, start, end) for each tab-separated cell of a table row."""
    cells = []
    position = block.start
    for piece in doc.block_text(block).split("\t"):
        start, end = position, position + len(piece)
        position = end + 1
        stripped_start = start + (len(piece) - len(piece.lstrip()))
        cells.append((piece.strip(), stripped_start, stripped_start + len(piece.strip())))
    return cells


def _header_name(text: str) -> str:
    return header_name(text)[0]


def _same_row(doc: NormalizedDocument, first: Block, second: Block) -> bool:
    return [c[0] for c in _cells_of(doc, first)] == [c[0] for c in _cells_of(doc, second)]


def blocks_to_drafts(doc: NormalizedDocument, vocab: Vocabulary) -> list[_Draft]:
    drafts: list[_Draft] = []
    pending: _Draft | None = None
    unnamed = 0
    for index, block in enumerate(doc.blocks):
        text = doc.block_text(block)
        if block.kind == "table_caption":
            match = vocab.table_caption.match(text)
            assert match is not None
            caption = re.sub(r"\s*\((?:continued|cont\.)\)$", "", (match.group("caption") or "").strip())
            pending = _Draft(f"{match.group('kind')} {match.group('number')}", caption or None, block)
            continue
        if block.kind == "table_row":
            previous = drafts[-1] if drafts else None
            adjacent = previous is not None and all(
                b.kind in _BETWEEN_CONTINUATIONS for b in doc.blocks[previous.last_block_index + 1 : index]
            )
            continued = pending is not None and previous is not None and pending.table_id == previous.table_id
            if pending is not None and not continued:
                drafts.append(pending)
                pending.rows.append(block)
            elif (adjacent or continued) and previous is not None:
                last = previous.rows[-1]
                new_part = block.page != last.page or "\n\n" in doc.text[last.end : block.start]
                if not (new_part and _same_row(doc, previous.rows[0], block)):  # a header repeated on the next page
                    previous.rows.append(block)
            else:
                unnamed += 1
                draft = _Draft(f"Unnumbered table {unnamed}", None, None, [block])
                drafts.append(draft)
            drafts[-1].last_block_index = index
            pending = None
            continue
        if block.kind == "source_note" and drafts and drafts[-1].last_block_index == index - 1:
            match = vocab.source_note.match(text)
            drafts[-1].source_note = match.group("note").strip().rstrip(".") if match else text
            continue
    return drafts


def _year_column(name: str, texts: list[str], vocab: Vocabulary) -> bool:
    """A column of years: named so ("Year"), or most of its cells are years."""
    return vocab.crime_column(name) == "year" or sum(map(is_year, texts)) * 2 > max(len(texts), 1)


def _cell(doc: NormalizedDocument, row: int, column: str, index: int, span: tuple[str, int, int], years: bool) -> Cell:
    """One cell with its value and call ("20012" in a column of years is 2001 with call 2)."""
    text, start, end = span
    called = year_with_call(text) if years else None
    value, mark = (float(called[0]), called[1]) if called else (cell_value(text), cell_mark(text))
    box = doc.bbox(start, end)
    page = box.page if box else doc.page_at(start)
    edges = (box.x0, box.top, box.x1, box.bottom) if box else (None, None, None, None)
    return Cell(row, column, index, text, value, start, end, page, *edges, footnote=mark)


def draft_to_table(doc: NormalizedDocument, draft: _Draft, vocab: Vocabulary) -> Table:
    header, *body = draft.rows
    columns = tuple(_header_name(text) for text, _, _ in _cells_of(doc, header))
    spans = [_cells_of(doc, block) for block in body]
    width = max([len(columns), *(len(row) for row in spans)])
    names = [columns[i] if i < len(columns) else f"column {i + 1}" for i in range(width)]
    years = [_year_column(names[i], [row[i][0] for row in spans if i < len(row)], vocab) for i in range(width)]
    cells = [
        _cell(doc, row_index, names[i], i, span, years[i])
        for row_index, row in enumerate(spans)
        for i, span in enumerate(row)
    ]
    first = draft.caption_block or header
    return Table(
        table_id=draft.table_id,
        caption=draft.caption,
        source_note=draft.source_note,
        page=first.page,
        columns=columns,
        cells=tuple(cells),
        start=first.start,
        end=draft.rows[-1].end,
    )


def document_to_tables(doc: NormalizedDocument, vocab: Vocabulary) -> list[Table]:
    return [draft_to_table(doc, draft, vocab) for draft in blocks_to_drafts(doc, vocab)]
