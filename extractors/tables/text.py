"""Tables in plain text: lines whose character columns are positions, read by the one table algorithm.

A block of lines (between blank lines) is a table when its data lines line up: tabs and pipes
are column separators ("| Year | Murder |"), otherwise runs of spaces are gaps and the column
bands come from the alignment of the data lines (`bands`), so columns aligned with a single
space are found too. The grid is written back as the page model's tab rows by edits that keep
each single-line row's cells at their source offsets; a header (all its lines) and a row of
several printed lines become one line each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.tables.bands import find_bands, words_to_line
from extractors.tables.cells import is_measure, is_value
from extractors.tables.grid import Piece, PrintedLine, TableGrid, lines_to_grid
from extractors.vocab.vocabulary import Vocabulary

_PIPE_RULE = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?::?-{3,}:?[ \t]*)?$")
_TOKEN = re.compile(r"\S+")
_BIG_GAP = 2.0  # characters: two spaces part cells for sure
_TOLERANCE = 0.5
_MAX_WORDS_PER_CELL = 5.0  # prose has longer runs between its gaps
_VALUE_SHARE = 0.6  # of the cells right of the labels, in the data lines: quantities, not words


@dataclass(frozen=True)
class TextEdit:
    """Replace text[start:end] with `text` (the shape of `layout.text_repairs.Edit`)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Token:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    start: int
    end: int


def _blocks(text: str) -> list[list[tuple[int, str]]]:
    """Runs of non-blank lines, each line with its start offset."""
    blocks: list[list[tuple[int, str]]] = [[]]
    position = 0
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append((position, line))
        elif blocks[-1]:
            blocks.append([])
        position += len(line) + 1
    return [b for b in blocks if b]


def _separated_line(start: int, line: str, separator: str, row: int) -> PrintedLine:
    """A line whose cells a separator parts: each cell is the piece of the band of its index."""
    body = line.strip(" ")
    lead = line.index(body) if body else 0
    if separator == "|" and body.startswith("|"):
        body, lead = body[1:], lead + 1
    if separator == "|" and body.endswith("|"):
        body = body[:-1]
    pieces = []
    position = start + lead
    for index, cell in enumerate(body.split(separator)):
        stripped = cell.strip(" \t")
        if stripped:
            cell_start = position + cell.index(stripped)
            span = (cell_start, cell_start + len(stripped))
            pieces.append(Piece(index, index, stripped, index, index + 1, None, (span,)))
        position += len(cell) + 1
    return PrintedLine(tuple(pieces), start, start + len(line), None)


def _shift(line: PrintedLine, by: int) -> PrintedLine:
    return replace(line, pieces=tuple(replace(p, first=p.first + by, last=p.last + by, x0=p.x0 + by, x1=p.x1 + by)
                                      for p in line.pieces))


def _width(line: PrintedLine) -> int:
    return 1 + max((p.last for p in line.pieces), default=-1)


def _unwrap_header(lines: list[PrintedLine]) -> list[PrintedLine]:
    """Header lines of a separated table that together hold one row of cells ("a header wrapped
    onto a second line") are placed side by side."""
    data = [i for i, line in enumerate(lines) if any(is_measure(p.text) for p in line.pieces)]
    if not data or data[0] < 2:
        return lines
    width = max(_width(lines[i]) for i in data)
    header = lines[: data[0]]
    if sum(_width(h) for h in header) != width or any(_width(h) >= width for h in header):
        return lines
    pieces, offset = [], 0
    for line in header:
        pieces += _shift(line, offset).pieces
        offset += _width(line)
    return [PrintedLine(tuple(pieces), header[0].start, header[-1].end)] + lines[data[0] :]


def _tokens(start: int, line: str, row: int) -> list[_Token]:
    return [_Token(m.group(), m.start(), m.end(), row, row + 1, start + m.start(), start + m.end())
            for m in _TOKEN.finditer(line)]


def _is_data_text(line: str) -> bool:
    return sum(is_measure(t) for t in line.split()) >= 2


def _aligned_lines(block: list[tuple[int, str]]) -> tuple[list[PrintedLine], list[tuple[float, float]]] | None:
    """Lines of a space-aligned table and its bands (None when the block does not line up as one)."""
    tokens = [_tokens(start, line, row) for row, (start, line) in enumerate(block)]
    data = [i for i, (_, line) in enumerate(block) if _is_data_text(line)]
    if len(data) < 2:
        return None
    bands = find_bands([tokens[i] for i in data[:] if i >= data[0]], 1.0)
    if len(bands) < 2:
        return None
    lines = [
        replace(words_to_line(tokens[i], bands, _BIG_GAP, _TOLERANCE, spans=[(t.start, t.end) for t in tokens[i]]),
                start=start, end=start + len(line))
        for i, (start, line) in enumerate(block)
    ]
    body = [lines[i] for i in data]
    if any(len({p.first for p in line.pieces}) < 2 for line in body):
        return None
    words = [len(p.text.split()) for line in body for p in line.pieces]
    values = [is_value(p.text) for line in body for p in line.pieces if p.first > 0]
    if sum(words) / len(words) > _MAX_WORDS_PER_CELL or sum(values) < _VALUE_SHARE * len(values):
        return None
    return [line for i, line in enumerate(lines) if i >= data[0] or _header_like(block[i][1])], bands


def _header_like(line: str) -> bool:
    """A line above the data that may head columns: not a sentence."""
    stripped = line.strip()
    return not (stripped.endswith((".", ":")) and len(stripped.split()) > 8)


def _table_block(block: list[tuple[int, str]], vocab: Vocabulary) -> list[tuple[int, str]]:
    """The block without a caption line on top or a note line at the bottom."""
    while block and vocab.table_caption.match(block[0][1].strip()):
        block = block[1:]
    while block and vocab.source_note.match(block[-1][1].strip()):
        block = block[:-1]
    return block


def block_to_grid(block: list[tuple[int, str]], vocab: Vocabulary) -> TableGrid | None:
    """The table a block of lines holds, or None."""
    block = _table_block(block, vocab)
    if len(block) < 2:
        return None
    texts = [line for _, line in block]
    bands: list[tuple[float, float]] | None = None
    if sum("\t" in t for t in texts) >= 2:
        lines = [_separated_line(s, t, "\t", i) for i, (s, t) in enumerate(block)]
    elif sum(t.count("|") >= 2 for t in texts) >= 2:
        lines = [_separated_line(s, t, "|", i) for i, (s, t) in enumerate(block) if not _PIPE_RULE.match(t)]
        lines = _unwrap_header(lines)
    else:
        aligned = _aligned_lines(block)
        if aligned is None:
            return None
        lines, bands = aligned
    if not lines:
        return None
    width = max(_width(line) for line in lines)
    if bands is None:
        bands = [(float(k), float(k + 1)) for k in range(width)]
    grid = lines_to_grid(lines, width, bands, _TOLERANCE)
    if grid is None or not any(is_measure(c.text) for row in grid.rows for c in row):
        return None
    return grid


def _row_edits(line: PrintedLine, grid: TableGrid) -> list[TextEdit]:
    """A one-line row in place: the separators between its cells become tabs."""
    pieces = sorted(line.pieces, key=lambda p: p.first)
    edits = []
    position, column = line.start, 0
    for index, piece in enumerate(pieces):
        piece_column = grid.band_columns[piece.first]
        start, end = piece.spans[0]
        separator = " " if index and piece_column == column else "\t" * (piece_column - (column if index else 0))
        if index == 0 and piece_column == 0:
            separator = ""
        edits.append(TextEdit(position, start, separator))
        position, column = end, piece_column
    edits.append(TextEdit(position, line.end, ""))
    return edits


def grid_to_edits(text: str, grid: TableGrid) -> list[TextEdit]:
    """Edits that write the grid as tab rows where its lines are printed."""
    edits = []
    if grid.header_lines:
        edits.append(TextEdit(grid.header_lines[0].start, grid.header_lines[-1].end, grid.lines()[0]))
    for group, rendered in zip(grid.body_lines, grid.lines()[1:], strict=True):
        if len(group) == 1:
            edits += _row_edits(group[0], grid)
        else:
            edits.append(TextEdit(group[0].start, group[-1].end, rendered))
    return [e for e in edits if text[e.start : e.end] != e.text]


def text_table_edits(text: str, vocab: Vocabulary) -> list[TextEdit]:
    """Edits that turn every table of a text into the page model's tab rows (a pipe table's
    "|---|" rule under its header is dropped)."""
    edits = []
    for block in _blocks(text):
        grid = block_to_grid(block, vocab)
        if grid is None:
            continue
        edits += grid_to_edits(text, grid)
        lines = [(s, t) for s, t in block if s >= grid.header_lines[0].start] if grid.header_lines else block
        edits += [TextEdit(s, min(s + len(t) + 1, len(text)), "") for s, t in lines if _PIPE_RULE.match(t)]
    return edits
