"""Where each part of a PDF page's text is printed: word and cell boxes keyed by page-text offsets.

The page text is written from lines (prose, headings, footnotes) and table grids; this finds
each of them in the written text and records the box of every word and every cell there, so a
span of the text maps back to the page and the place it was printed (`model.pages.TextBox`).
Boxes are given in the page's own frame (the one pdfplumber crops in), also on a turned page.
"""

from __future__ import annotations

from collections.abc import Callable

from extractors.layout.pdf_words import Box, Line, Word
from extractors.model.pages import TextBox
from extractors.tables.grid import TableGrid


def _word_offsets(words: list[Word]) -> list[tuple[int, int]]:
    """Offsets of each word in the text `words_to_text` makes of them."""
    out, position, prev = [], 0, None
    for word in words:
        if prev is not None and not (word.sup and not prev.sup and word.x0 - prev.x1 < 0.6 * prev.size):
            position += 1
        out.append((position, position + len(word.text)))
        position += len(word.text)
        prev = word
    return out


def page_boxes(
    text: str, lines: list[Line], tables: list[TableGrid], page: int, to_page: Callable[[Box], Box]
) -> tuple[TextBox, ...]:
    """Boxes of the words of `lines` and the cells of `tables` where they are written in `text`."""
    boxes: list[TextBox] = []
    searched_from: dict[str, int] = {}

    def add(start: int, end: int, box: Box) -> None:
        x0, top, x1, bottom = to_page(box)
        boxes.append(TextBox(start, end, page, x0, top, x1, bottom))

    for grid in tables:
        rendered = "\n".join(grid.lines())
        at = text.find(rendered, searched_from.get(rendered, 0))
        if at < 0:
            continue
        searched_from[rendered] = at + len(rendered)
        position = at + len(grid.lines()[0]) + 1
        for row, line in zip(grid.rows, grid.lines()[1:], strict=True):
            cell_start = position
            for cell, written in zip(row, line.split("\t"), strict=False):
                if written and cell.box is not None:
                    add(cell_start, cell_start + len(written), cell.box)
                cell_start += len(written) + 1
            position += len(line) + 1
    for line in lines:
        line_text = line.text
        at = text.find(line_text, searched_from.get(line_text, 0))
        if at < 0:
            continue
        searched_from[line_text] = at + len(line_text)
        for word, (start, end) in zip(line.words, _word_offsets(line.words), strict=True):
            add(at + start, at + end, (word.x0, word.top, word.x1, word.bottom))
    return tuple(sorted(boxes, key=lambda b: b.start))
