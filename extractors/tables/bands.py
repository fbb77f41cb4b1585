"""Column bands from the alignment of many rows, and each line's words placed in them.

The text-edge idea of Tabula's and Camelot's stream mode (Nurminen 2013): where the words
of every data line leave the same vertical stripe of white, there is a column boundary. It
works on anything positioned: PDF words in points, or plain-text words whose character
columns are their positions (a single space is a stripe one character wide).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from extractors.tables.grid import Piece, PrintedLine, Span, union_box


class Positioned(Protocol):
    """A word with a horizontal extent (x0 < x1) and a vertical one (top < bottom)."""

    @property
    def text(self) -> str: ...
    @property
    def x0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...


Band = tuple[float, float]


def find_bands(lines: Sequence[Sequence[Positioned]], min_gap: float, word_gap: float | None = None) -> list[Band]:
    """x-ranges of the columns: the union of the lines' words, cut where a stripe of white at
    least `min_gap` wide runs through every line (a band only a long label reaches, after a gap
    of at most `word_gap`, is part of the label's band)."""
    intervals = sorted((w.x0, w.x1) for line in lines for w in line)
    bands: list[Band] = []
    for x0, x1 in intervals:
        if bands and x0 < bands[-1][1] + min_gap:
            bands[-1] = (bands[-1][0], max(bands[-1][1], x1))
        else:
            bands.append((x0, x1))
    return _merge_phrase_bands(lines, bands, word_gap if word_gap is not None else min_gap)


def _band_of(word: Positioned, bands: list[Band]) -> int | None:
    for index, (x0, x1) in enumerate(bands):
        if word.x0 < x1 and word.x1 > x0:
            return index
    return None


def _merge_phrase_bands(lines: Sequence[Sequence[Positioned]], bands: list[Band], word_gap: float) -> list[Band]:
    """A band filled in few lines, always by a word that runs on from the band before it with a
    word space, is the end of a long label ("Total all ages"), not a column of its own."""
    changed = True
    while changed and len(bands) > 2:
        changed = False
        for k in range(len(bands) - 1, 0, -1):
            filled = [line for line in lines if any(_band_of(w, bands) == k for w in line)]
            if len(filled) * 2 >= len(lines):
                continue
            runs_on = all(
                any(
                    _band_of(a, bands) == k - 1 and _band_of(b, bands) == k and b.x0 - a.x1 <= word_gap * 1.01
                    for a, b in zip(line, line[1:], strict=False)
                )
                for line in filled
            )
            if runs_on:
                bands[k - 1 : k + 1] = [(bands[k - 1][0], bands[k][1])]
                changed = True
                break
    return bands


def _overlapping(x0: float, x1: float, bands: list[Band]) -> list[int]:
    hits = [k for k, (a, b) in enumerate(bands) if x0 < b and x1 > a]
    if hits:
        return hits
    centre = (x0 + x1) / 2
    return [min(range(len(bands)), key=lambda k: min(abs(centre - bands[k][0]), abs(centre - bands[k][1])))]


def words_to_line(
    words: Sequence[Positioned],
    bands: list[Band],
    big_gap: float,
    tolerance: float,
    *,
    spans: Sequence[Span] | None = None,
    boxes: bool = False,
    ruled_row: int | None = None,
    joiner=None,  # noqa: ANN001 - words -> text (PDF words glue superscript calls)
) -> PrintedLine:
    """One printed line as pieces: words run together into a piece unless a wide gap, a band
    edge they align with, or two different bands part them."""
    ordered = sorted(range(len(words)), key=lambda i: words[i].x0)
    groups: list[list[int]] = []
    for i in ordered:
        word = words[i]
        if groups:
            prev = words[groups[-1][-1]]
            own, before = _band_of(word, bands), _band_of(prev, bands)
            gap = word.x0 - prev.x1
            at_edge = any(abs(word.x0 - a) <= tolerance for a, _ in bands) or any(
                abs(prev.x1 - b) <= tolerance for _, b in bands
            )
            different = own is not None and before is not None and own != before
            if not (gap >= big_gap or different or (gap > tolerance and at_edge)):
                groups[-1].append(i)
                continue
        groups.append([i])
    pieces = []
    for group in groups:
        members = [words[i] for i in group]
        x0, x1 = min(w.x0 for w in members), max(w.x1 for w in members)
        hit = _overlapping(x0, x1, bands)
        text = joiner(members) if joiner else " ".join(w.text for w in members)
        box = union_box([(w.x0, w.top, w.x1, w.bottom) for w in members]) if boxes else None
        piece_spans = (spans[group[0]][0], spans[group[-1]][1]) if spans else None
        pieces.append(
            Piece(hit[0], hit[-1], text, x0, x1, box, (piece_spans,) if piece_spans else ())
        )
    start = min((s for p in pieces for s, _ in p.spans), default=0)
    end = max((e for p in pieces for _, e in p.spans), default=0)
    return PrintedLine(tuple(pieces), start, end, ruled_row)
