"""Words and lines of a PDF page, with superscript footnote calls recognised by geometry.

pdfplumber gives characters with a size and a box. A footnote call is a word set in a
smaller size on a raised baseline next to normal-size text; we find it by that geometry
(never by guessing at digits), rewrite its digits as Unicode superscripts and move it onto
its neighbour's line so it is glued to the text it annotates ("budgeted).²").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from pdfplumber.utils.text import WordExtractor

from extractors.model.printed_numbers import to_superscript

_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_SUP_SHRINK = 0.85  # a call is at most this fraction of its neighbour's size
_SUP_RISE = 0.12  # ... and its bottom sits at least this many ems above the neighbour's
_SUP_MAX_CHARS = 5  # calls are short ("12", "1,2", "*"); longer raised text is not a call
_BUCKET = 24.0  # points: words are only compared with words in nearby horizontal strips
Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class Word:
    """One word: text, box (top-down coordinates), font size, boldness, superscript flag."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False
    sup: bool = False

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Line:
    """Words sharing a baseline, left to right."""

    words: list[Word] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        sizes = [w.size for w in self.words if not w.sup] or [w.size for w in self.words]
        return max(sizes)

    @property
    def bold(self) -> bool:
        main = [w for w in self.words if not w.sup and any(c.isalnum() for c in w.text)]
        return bool(main) and all(w.bold for w in main)

    @property
    def text(self) -> str:
        return words_to_text(self.words)


def words_to_text(words: list[Word]) -> str:
    """Join words with single spaces, gluing superscript calls to the word before them."""
    out = ""
    prev: Word | None = None
    for word in words:
        if prev is None:
            out = word.text
        elif word.sup and not prev.sup and word.x0 - prev.x1 < 0.6 * prev.size:
            out += word.text
        else:
            out += " " + word.text
        prev = word
    return out


@lru_cache(maxsize=1024)
def _is_bold(fontname: str) -> bool:
    return bool(_BOLD.search(fontname))


def chars_to_words(chars: list[dict[str, Any]]) -> list[Word]:
    """Group upright characters into words, splitting where size or weight changes. pdfplumber's
    word extractor is given only what it reads of upright text, not copies of whole characters."""
    prepared = [
        {
            "text": c["text"], "x0": c["x0"], "x1": c["x1"], "top": c["top"], "bottom": c["bottom"],
            "doctop": c["doctop"], "upright": c["upright"],
            "sz": round(float(c.get("size", 0.0)), 1), "bold": _is_bold(str(c.get("fontname", ""))),
        }
        for c in chars
        if c.get("upright", True)
    ]
    extractor = WordExtractor(x_tolerance=3, y_tolerance=3, extra_attrs=["sz", "bold"])
    words = []
    for w in extractor.extract_words(prepared):
        words.append(
            Word(
                text=w["text"],
                x0=float(w["x0"]),
                x1=float(w["x1"]),
                top=float(w["top"]),
                bottom=float(w["bottom"]),
                size=float(w["sz"]),
                bold=bool(w["bold"]),
            )
        )
    return words


def _neighbour(word: Word, words: list[Word]) -> Word | None:
    """The nearest larger word on the same visual line, preferring the one to the left."""
    best: tuple[float, Word] | None = None
    for other in words:
        if other is word or other.size * _SUP_SHRINK < word.size:
            continue
        if other.bottom < word.top or other.top > word.bottom:
            continue
        if other.x1 <= word.x0 + 0.5:
            dist = word.x0 - other.x1
        elif other.x0 >= word.x1 - 0.5:
            dist = (other.x0 - word.x1) + 0.5  # slight preference for the left neighbour
        else:
            continue
        if dist > 2.5 * other.size:
            continue
        if best is None or dist < best[0]:
            best = (dist, other)
    return best[1] if best else None


def mark_superscripts(words: list[Word]) -> list[Word]:
    """Flag small raised words as superscripts and put them on their neighbour's line."""
    buckets: dict[int, list[Word]] = {}
    for word in words:
        buckets.setdefault(int(word.yc // _BUCKET), []).append(word)
    out = []
    for word in words:
        key = int(word.yc // _BUCKET)
        nearby = [w for k in (key - 1, key, key + 1) for w in buckets.get(k, ())]
        nb = _neighbour(word, nearby)
        raised = nb is not None and word.bottom < nb.bottom - _SUP_RISE * nb.size
        if nb is None or not raised or not word.text.strip() or len(word.text) > _SUP_MAX_CHARS:
            out.append(word)
            continue
        out.append(
            replace(word, text=to_superscript(word.text), top=nb.top, bottom=nb.bottom, size=nb.size, sup=True)
        )
    return out


def orientation(char: dict[str, Any]) -> int:
    """How far (degrees, clockwise) a character is turned from upright: 0, 90, 180 or 270."""
    a, b = (float(v) for v in tuple(char.get("matrix", (1, 0)))[:2])
    if abs(b) <= abs(a):
        return 0 if a >= 0 else 180
    return 90 if b < 0 else 270


def turn_box(x0: float, top: float, x1: float, bottom: float, width: float, height: float, turn: int) -> Box:
    """A box on a page whose content is turned by `turn` degrees, in the upright frame (for 90/270
    that frame is `height` wide and `width` tall)."""
    if turn == 90:  # reads top to bottom
        return (top, width - x1, bottom, width - x0)
    if turn == 270:  # reads bottom to top
        return (height - bottom, x0, height - top, x1)
    if turn == 180:
        return (width - x1, height - bottom, width - x0, height - top)
    return (x0, top, x1, bottom)


def unturn_box(box: Box, width: float, height: float, turn: int) -> Box:
    """The inverse of `turn_box`: an upright-frame box back in the page's own frame."""
    x0, top, x1, bottom = box
    if turn == 90:
        return (width - bottom, x0, width - top, x1)
    if turn == 270:
        return (top, height - x1, bottom, height - x0)
    if turn == 180:
        return (width - x1, height - bottom, width - x0, height - top)
    return box


def derotate_chars(chars: list[dict[str, Any]], width: float, height: float, turn: int) -> list[dict[str, Any]]:
    """Characters turned by `turn` degrees made upright again (best effort).

    For 90/270 the result lives on a page `height` wide and `width` tall. Characters
    with another orientation are dropped.
    """
    out = []
    for c in chars:
        if orientation(c) != turn:
            continue
        x0, x1, top, bottom = (float(c[k]) for k in ("x0", "x1", "top", "bottom"))
        nx0, ntop, nx1, nbottom = turn_box(x0, top, x1, bottom, width, height, turn)
        box = {"x0": nx0, "x1": nx1, "top": ntop, "bottom": nbottom}
        if turn in (90, 270):
            box["size"] = x1 - x0
        out.append({**c, **box, "upright": True, "matrix": (1, 0, 0, 1, 0, 0)})
    return sorted(out, key=lambda ch: (round(ch["top"]), ch["x0"]))


def derotate_edges(edges: list[dict[str, Any]], width: float, height: float, turn: int) -> list[dict[str, Any]]:
    """Ruling lines of a turned page in the upright frame (a quarter turn swaps h and v)."""
    swap = {"h": "v", "v": "h"} if turn in (90, 270) else {}
    out = []
    for e in edges:
        x0, top, x1, bottom = turn_box(float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"]),
                                       width, height, turn)
        orient = swap.get(e["orientation"], e["orientation"])
        out.append({**e, "x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0,
                    "height": bottom - top, "orientation": orient})
    return out


def inside(word: Word, bbox: tuple[float, float, float, float]) -> bool:
    """Whether the word's centre lies in the box (x0, top, x1, bottom)."""
    x0, top, x1, bottom = bbox
    return x0 <= word.xc <= x1 and top <= word.yc <= bottom


def words_to_lines(words: list[Word]) -> list[Line]:
    """Cluster words into lines by vertical overlap, top to bottom, each left to right."""
    lines: list[tuple[float, float, Line]] = []  # (core top, core bottom, line)
    for word in sorted(words, key=lambda w: (w.yc, w.x0)):
        height = max(word.bottom - word.top, 0.1)
        best = None
        for i in range(len(lines) - 1, max(len(lines) - 9, -1), -1):
            top, bottom, _line = lines[i]
            overlap = min(bottom, word.bottom) - max(top, word.top)
            if overlap >= 0.5 * min(height, bottom - top):
                best = i
                break
        if best is None:
            lines.append((word.top, word.bottom, Line([word])))
        else:
            lines[best][2].words.append(word)
    result = [line for _t, _b, line in lines]
    for line in result:
        line.words.sort(key=lambda w: w.x0)
    result.sort(key=lambda ln: (ln.top, ln.x0))
    return result
