"""Printed lines over column bands to a table grid: header lines merged, labels kept, wrapped rows joined.

Every source ends here: a line of a table is a list of `Piece`s (text printed over bands
first..last). The first line with a quantity in a value column starts the body; every line
above it is a header line. Header lines are merged per band, top to bottom, so stacked lines
("Violent" over "crime") read whole and a cell spanning several bands ("2019" over "Count"
and "Rate per 100,000") is the parent of each. In the body, a line that only continues the
line before (a wrapped label or text cell) joins its row.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from extractors.tables.cells import is_measure, is_value

Box = tuple[float, float, float, float]  # x0, top, x1, bottom (PDF points, top-down)
Span = tuple[int, int]


@dataclass(frozen=True)
class Piece:
    """Text printed on one line of a table, over bands `first`..`last`."""

    first: int
    last: int
    text: str
    x0: float = 0.0
    x1: float = 0.0
    box: Box | None = None  # where a PDF prints it
    spans: tuple[Span, ...] = ()  # where a text source holds it (offsets into the text read)


@dataclass(frozen=True)
class PrintedLine:
    """One printed line of a table; `ruled_row` is the ruled row it sits in (None when unruled)."""

    pieces: tuple[Piece, ...]
    start: int = 0  # offsets of the line in the text read (text sources)
    end: int = 0
    ruled_row: int | None = None


@dataclass(frozen=True)
class GridCell:
    text: str = ""
    box: Box | None = None
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True)
class TableGrid:
    """A table read whole: one name per column (every header line joined) and the body rows."""

    columns: tuple[str, ...]
    rows: tuple[tuple[GridCell, ...], ...]
    header_lines: tuple[PrintedLine, ...] = ()
    body_lines: tuple[tuple[PrintedLine, ...], ...] = ()  # the printed lines of each row
    box: Box | None = None
    band_columns: tuple[int, ...] = ()  # the column of each band (-1: a band with no text)

    @property
    def x0(self) -> float:
        return self.box[0] if self.box else 0.0

    @property
    def top(self) -> float:
        return self.box[1] if self.box else 0.0

    @property
    def x1(self) -> float:
        return self.box[2] if self.box else 0.0

    @property
    def bottom(self) -> float:
        return self.box[3] if self.box else 0.0

    def lines(self) -> list[str]:
        """The page model's rendering: one line per row, cells joined by tabs, header first."""
        def clean(text: str) -> str:
            return " ".join(text.split())

        return ["\t".join(clean(c) for c in self.columns)] + [
            "\t".join(clean(cell.text) for cell in row).rstrip("\t") for row in self.rows
        ]


def union_box(boxes: list[Box | None]) -> Box | None:
    real = [b for b in boxes if b is not None]
    if not real:
        return None
    return (min(b[0] for b in real), min(b[1] for b in real), max(b[2] for b in real), max(b[3] for b in real))


def is_data_line(line: PrintedLine) -> bool:
    """A line that prints a quantity (not only years, which head columns as often) in a value column,
    beside a row label or with other quantities (a lone number is part of a header, "Eurotop 100")."""
    measures = sum(is_measure(p.text) for p in line.pieces if p.first > 0)
    labelled = any(p.first == 0 for p in line.pieces)
    return measures >= 2 or (measures == 1 and labelled)


def first_data_line(lines: list[PrintedLine]) -> int:
    for index, line in enumerate(lines):
        if is_data_line(line):
            return index
    return 1 if len(lines) > 1 else 0


def _band_centre(bands: list[tuple[float, float]], first: int, last: int) -> float:
    return (bands[first][0] + bands[last][1]) / 2


def _header_spans(
    line: PrintedLine, bands: list[tuple[float, float]], lower: set[int], tolerance: float
) -> list[tuple[Piece, int, int]]:
    """The bands each header piece heads: a group header over empty bands spans them.

    A piece left-aligned with its band heads the bands to its right up to the next piece
    ("2019" over "Count" and "Rate"); a centred one, the run of bands centred under it.
    Only bands that have a header of their own in a lower line are taken, never the label band.
    """
    pieces = sorted(line.pieces, key=lambda p: p.first)
    out = []
    for index, piece in enumerate(pieces):
        first, last = piece.first, piece.last
        if len(pieces) >= 2 and bands and piece.x1 > piece.x0:
            low = pieces[index - 1].last + 1 if index else 1
            high = pieces[index + 1].first - 1 if index + 1 < len(pieces) else len(bands) - 1
            left = [b for b in range(max(low, 1), first) if b in lower]
            right = [b for b in range(last + 1, high + 1) if b in lower]
            left = left if left == list(range(first - len(left), first)) else []
            right = right if right == list(range(last + 1, last + 1 + len(right))) else []
            if first > 0 and abs(piece.x0 - bands[first][0]) <= tolerance:
                last += len(right)
            elif first > 0:
                centre = (piece.x0 + piece.x1) / 2
                options = [
                    (abs(_band_centre(bands, a, b) - centre), b - a, a, b)
                    for a in range(first - len(left), first + 1)
                    for b in range(last, last + len(right) + 1)
                ]
                _, _, first, last = min(options)
        out.append((piece, first, last))
    return out


def header_columns(
    header: list[PrintedLine], n_bands: int, bands: list[tuple[float, float]], tolerance: float
) -> list[str]:
    """One name per band: the header lines' texts over it, top to bottom."""
    parts: list[list[str]] = [[] for _ in range(n_bands)]
    for index, line in enumerate(header):
        lower = {b for below in header[index + 1 :] for p in below.pieces for b in range(p.first, p.last + 1)}
        for piece, first, last in _header_spans(line, bands, lower, tolerance):
            for band in range(first, min(last, n_bands - 1) + 1):
                text = " ".join(piece.text.split())
                if text and (not parts[band] or parts[band][-1] != text):
                    parts[band].append(text)
    return [" ".join(p) for p in parts]


_OPEN_END = ("-", ",", "and", "or", "of", "the", "in", "for", "(", "&", "to", "with")


def _continues(previous: str, text: str) -> bool:
    """Whether a label-only line continues the label above it (a wrapped label)."""
    words = previous.rstrip().split()
    return bool(text) and (text[0].islower() or bool(words) and words[-1].lower().endswith(_OPEN_END))


def _starts_ruled_row(line: PrintedLine, first_filled: int) -> bool:
    """Inside one ruled row, a printed line with a label and most cells filled is a row of its own."""
    filled = {p.first for p in line.pieces}
    return 0 in filled and len(filled) >= 2 and len(filled) >= 0.5 * first_filled


def body_rows(body: list[PrintedLine]) -> list[list[PrintedLine]]:
    """The printed lines of each body row: wrapped labels and text cells join the row they continue."""
    rows: list[list[PrintedLine]] = []
    label_only: list[bool] = []
    # rows in groups ("Count" then "Percentage" with no label of its own): a label's last words
    # may be printed beside the group's second line
    unlabelled = sum(1 for line in body if all(p.first > 0 for p in line.pieces))
    grouped = unlabelled >= 0.3 * max(len(body), 1)
    for line in body:
        bands = {p.first for p in line.pieces}
        label = " ".join(p.text for p in line.pieces if p.first == 0)
        values = any(is_value(p.text) for p in line.pieces if p.first > 0)
        previous = rows[-1] if rows else None
        if previous is not None and line.ruled_row is not None:
            if previous[-1].ruled_row == line.ruled_row and not _starts_ruled_row(
                line, len({p.first for p in previous[0].pieces})
            ):
                previous.append(line)
                continue
        elif previous is not None:
            last_label = " ".join(p.text for ln in previous for p in ln.pieces if p.first == 0)
            if 0 not in bands and not values:
                previous.append(line)
                continue
            if bands == {0} and _continues(last_label, label):
                previous.append(line)
                continue
            if label_only[-1] and 0 in bands and values and label[:1].islower():
                previous.append(line)
                label_only[-1] = False
                continue
        if grouped and previous is not None and values and label[:1].islower() and not label_only[-1]:
            # the end of the label above, printed beside the next line of its row group
            previous.append(replace(line, pieces=tuple(p for p in line.pieces if p.first == 0)))
            line = replace(line, pieces=tuple(p for p in line.pieces if p.first > 0))
        rows.append([line])
        label_only.append(bands == {0})
    return rows


def _cell(pieces: list[Piece]) -> GridCell:
    return GridCell(
        text=" ".join(p.text.strip() for p in pieces if p.text.strip()),
        box=union_box([p.box for p in pieces]),
        spans=tuple(s for p in pieces for s in p.spans),
    )


def _own_bands(lines: list[PrintedLine], n_bands: int) -> list[int]:
    """Bands that some piece fills alone: the table's columns (a band only ever covered by a
    spanning cell is a gap between rules, not a column)."""
    own = sorted({p.first for line in lines for p in line.pieces if p.first == p.last})
    return own or list(range(n_bands))


def _onto_bands(line: PrintedLine, own: list[int]) -> PrintedLine:
    """The line's pieces re-placed on the table's own bands (renumbered 0..len(own)-1)."""
    pieces = []
    for piece in line.pieces:
        inside = [i for i, band in enumerate(own) if piece.first <= band <= piece.last]
        if not inside:
            inside = [min(range(len(own)), key=lambda i: abs(own[i] - piece.first))]
        pieces.append(replace(piece, first=inside[0], last=inside[-1]))
    return replace(line, pieces=tuple(pieces))


def _header_end(lines: list[PrintedLine]) -> int:
    start = first_data_line(lines)
    while start > 1 and all(p.first == 0 for p in lines[start - 1].pieces):
        start -= 1  # a label alone just above the data is a section row ("Adults"), not a header
    if start < len(lines) and lines[start].ruled_row is not None:  # a ruled row is header or body whole
        start = next(i for i, line in enumerate(lines) if line.ruled_row == lines[start].ruled_row)
    return start


def lines_to_grid(
    lines: list[PrintedLine],
    n_bands: int,
    bands: list[tuple[float, float]] | None = None,
    tolerance: float = 1.5,
    header_lines: int | None = None,
) -> TableGrid | None:
    """The grid of a table's printed lines, or None when it is not a table (one column, no rows).
    `header_lines` is given when the source says which lines head the table (a Markdown table)."""
    own = _own_bands(lines, n_bands)
    if len(own) < n_bands:
        lines = [_onto_bands(line, own) for line in lines]
        bands = [bands[b] for b in own] if bands else bands
        n_bands = len(own)
    start = _header_end(lines) if header_lines is None else header_lines
    header, body = lines[:start], lines[start:]
    columns = header_columns(header, n_bands, bands or [], tolerance)
    grouped = body_rows(body)
    rows = []
    for group in grouped:
        by_band: list[list[Piece]] = [[] for _ in range(n_bands)]
        for line in group:
            for piece in line.pieces:
                by_band[min(piece.first, n_bands - 1)].append(piece)
        rows.append(tuple(_cell(pieces) for pieces in by_band))
    used = [k for k in range(n_bands) if columns[k] or any(row[k].text for row in rows)]
    if len(used) < 2 or not rows:
        return None
    box = union_box([p.box for line in lines for p in line.pieces])
    return TableGrid(
        columns=tuple(columns[k] for k in used),
        rows=tuple(tuple(row[k] for k in used) for row in rows),
        header_lines=tuple(header),
        body_lines=tuple(tuple(group) for group in grouped),
        box=box,
        band_columns=tuple(used.index(k) if k in used else -1 for k in range(n_bands)),
    )


def cells_to_grid(rows: list[list[str]], header_lines: int | None = None) -> TableGrid | None:
    """A table given as rows of cell texts (a Markdown pipe table as markdown-it parses it, header
    rows first) read like any other: header rows merged per column, labels kept, rows joined."""
    lines = [
        PrintedLine(tuple(Piece(k, k, text, float(k), float(k + 1)) for k, text in enumerate(row) if text.strip()))
        for row in rows
    ]
    width = max((len(row) for row in rows), default=0)
    return lines_to_grid(lines, width, [(float(k), float(k + 1)) for k in range(width)], 0.5, header_lines)
