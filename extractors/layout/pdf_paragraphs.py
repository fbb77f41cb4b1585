"""Lines to paragraphs, and the page-bottom footnote block to "¹ body" paragraphs.

Paragraph breaks come from vertical gaps, font changes (headings are larger or bold) and
list bullets; lines inside a paragraph are joined by single newlines (a wrapped heading
becomes one line; a sentence running on from one column into the next stays one
paragraph). Footnote bodies are the small-print lines at the bottom of the page that start
with a (usually superscript) number, read column by column when the notes are printed in
columns; each becomes one paragraph "¹ text" with its lines joined by spaces.
"""

from __future__ import annotations

import re
from collections import Counter

from extractors.layout.pdf_words import Line, Word, words_to_text
from extractors.layout.reading_order import Flow, Item
from extractors.model.printed_numbers import to_superscript
from extractors.tables.grid import TableGrid

_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_PLAIN_MARK = re.compile(r"(\d{1,3})\.?")
_BULLET = re.compile(r"^([•·▪‣◦●■□➢✓-])\s")
_OWN_START = re.compile(r"^(Table|Figure|Chart|Exhibit|Source|Sources|Note|Notes)\b", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"""[.!?:;]["'\u201d\u2019)\]]*[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]*$""")
_NOTE_GUTTER = 2.0  # ems of white space before a footnote number that starts the next column
_SAME_COLUMN = 12.0  # points: numbers starting within this of each other start one column
HEADING_RATIO = 1.15
FOOTNOTE_RATIO = 0.92


def body_size(words: list[Word]) -> float:
    """The document's running-text size: the size carrying the most characters."""
    counts: Counter[float] = Counter()
    for word in words:
        if not word.sup:
            counts[round(word.size * 2) / 2] += len(word.text)
    return counts.most_common(1)[0][0] if counts else 10.0


def _marker(line: Line, plain_ok: bool, expected: int | None) -> str | None:
    """The footnote number a line starts with, if it starts a footnote body."""
    first = line.words[0]
    if len(line.words) < 2:
        return None
    digits = first.text.translate(_FROM_SUPERSCRIPT)
    if first.sup and digits.isdigit():
        return digits
    match = _PLAIN_MARK.fullmatch(first.text)
    if plain_ok and match and (expected is None or int(match.group(1)) == expected):
        return match.group(1)
    return None


def _column_starts(lines: list[Line]) -> list[float]:
    """Where the columns of a footnote block start: a footnote number printed after a wide gap
    on a line starts a note of the next column."""
    starts: list[float] = []
    for line in lines:
        for before, word in zip(line.words, line.words[1:], strict=False):
            number = word.text.translate(_FROM_SUPERSCRIPT).rstrip(".")
            if number.isdigit() and word.x0 - before.x1 >= _NOTE_GUTTER * line.size:
                starts.append(word.x0)
    merged: list[float] = []
    for x in sorted(starts):
        if not merged or x - merged[-1] > _SAME_COLUMN:
            merged.append(x)
    return merged


def note_columns(lines: list[Line]) -> list[Line]:
    """The lines of a footnote block read column by column when the notes are printed in
    columns (left column top to bottom, then the next), so no note swallows its neighbour."""
    starts = _column_starts(lines)
    if not starts:
        return lines
    parts: list[tuple[int, Line]] = []
    for line in lines:
        columns: dict[int, list[Word]] = {}
        for word in line.words:
            columns.setdefault(sum(1 for x in starts if word.x0 >= x - 1), []).append(word)
        parts += [(column, Line(words)) for column, words in columns.items()]
    return [line for _, line in sorted(parts, key=lambda part: (part[0], part[1].top))]


def _running_footer(ordered: list[Line], size: float) -> list[Line]:
    """The page's last line when it is a running footer under small-print notes ("U.S. Geological
    Survey, Mineral Commodity Summaries, January 2011" under "¹ Rounded to ..."): a line of
    normal size that ends no sentence, right under a small line."""
    if len(ordered) < 2 or ordered[-1].size <= FOOTNOTE_RATIO * size or ordered[-2].size > FOOTNOTE_RATIO * size:
        return []
    return [] if _ENDS_SENTENCE.search(ordered[-1].text) else ordered[-1:]


def _foot_notes(ordered: list[Line], size: float, plain: bool = True) -> tuple[list[Line], list[str]]:
    """(lines that stay in the running text, footnote paragraphs) of lines sorted by top whose
    foot may be a block of small-print notes; numbered in plain digits only when `plain`."""
    k = len(ordered)
    while k > 0 and ordered[k - 1].size <= FOOTNOTE_RATIO * size:
        k -= 1
    block = note_columns(ordered[k:])
    start = next((i for i, ln in enumerate(block) if _marker(ln, plain, None)), None)
    if start is None:
        return ordered, []
    plain_ok = plain and not block[start].words[0].sup
    first = block[start].words[0]
    if plain_ok and any(first in line.words and line.words[0] != first for line in ordered[k:]):
        return ordered, []  # "NNMB   75 Rural ...": a plain number after words of its line is no note's
    notes: list[tuple[str, list[str]]] = []
    for line in block[start:]:
        expected = int(notes[-1][0]) + 1 if notes else None
        mark = _marker(line, plain_ok, expected)
        if mark is not None:
            notes.append((mark, [words_to_text(line.words[1:])]))
        else:
            notes[-1][1].append(line.text)
    paragraphs = [f"{to_superscript(num)} {_join_spaced(parts)}" for num, parts in notes]
    return ordered[:k] + block[:start], paragraphs


def split_footnotes(lines: list[Line], size: float) -> tuple[list[Line], list[str]]:
    """(lines that stay in the running text, footnote paragraphs) for one page."""
    ordered = sorted(lines, key=lambda ln: ln.top)
    footer = _running_footer(ordered, size)
    kept, paragraphs = _foot_notes(ordered[: len(ordered) - len(footer)], size)
    return kept + footer, paragraphs


def split_column_notes(flows: list[Flow], size: float) -> tuple[list[list[Item]], list[str]]:
    """(flows without their notes, footnote paragraphs): a column of a multi-column section may end
    in its own notes, printed at its foot above whatever spans the page under the section. They
    must be numbered in superscripts: small print at a column's foot that opens with a plain
    number is as often a chart's axis labels or a legend ("0 to 24 years")."""
    kept: list[list[Item]] = []
    paragraphs: list[str] = []
    for flow in flows:
        items = flow.items
        tail = len(items)
        while flow.column and tail > 0 and isinstance(items[tail - 1], Line):
            tail -= 1
        if tail == len(items):
            kept.append(items)
            continue
        lines, notes = _foot_notes([it for it in items[tail:] if isinstance(it, Line)], size, plain=False)
        kept.append([*items[:tail], *lines])
        paragraphs += notes
    return kept, paragraphs


def _join_spaced(parts: list[str]) -> str:
    """Join wrapped lines with spaces, dropping soft hyphens at line ends."""
    out = ""
    for part in parts:
        if out.endswith("\u00ad"):
            out = out[:-1] + part
        else:
            out = f"{out} {part}" if out else part
    return out


def _is_heading(line: Line, size: float) -> bool:
    return line.size >= HEADING_RATIO * size or (line.bold and len(line.text) < 120)


def _starts_paragraph(prev: Line, line: Line, size: float) -> bool:
    """Whether `line` begins a new paragraph after `prev` in the same flow."""
    gap = line.top - prev.bottom
    if gap > 0.6 * min(prev.size, line.size) or gap < -0.5 * line.size:
        return True
    if _is_heading(prev, size) != _is_heading(line, size):
        return True
    if abs(prev.size - line.size) > 0.15 * max(prev.size, line.size):
        return True
    text = line.text
    return bool(_BULLET.match(text) or _OWN_START.match(text))


def _join_lines(lines: list[Line]) -> str:
    """Lines of one paragraph joined by newlines (soft hyphens at line ends removed)."""
    out = ""
    for line in lines:
        text = line.text
        if not out:
            out = text
        elif out.endswith("\u00ad"):
            out = out[:-1] + text
        else:
            out += "\n" + text
    return out


def _lines_to_paragraphs(lines: list[Line], size: float) -> list[str]:
    paragraphs: list[list[Line]] = []
    for line in lines:
        if not paragraphs or _starts_paragraph(paragraphs[-1][-1], line, size):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    # A heading wrapped over several lines is still one heading: one line, as in text files.
    return [
        _join_spaced([ln.text for ln in p]) if len(p) > 1 and all(_is_heading(ln, size) for ln in p) else _join_lines(p)
        for p in paragraphs
    ]


def flow_to_paragraphs(flow: list[Item], size: float) -> list[str]:
    """Paragraph texts of one flow (a column run or a full-width run), tables in place."""
    out: list[str] = []
    run: list[Line] = []
    for item in flow:
        if isinstance(item, TableGrid):
            out += _lines_to_paragraphs(run, size)
            run = []
            out.append("\n".join(item.lines()))
        else:
            run.append(item)
    out += _lines_to_paragraphs(run, size)
    return [p for p in out if p.strip()]


def _runs_on(prev: Item | None, nxt: Item, before: str, after: str, size: float) -> bool:
    """Whether the prose ending one flow (`before`) runs on, mid-sentence, into the next (`after`)."""
    if not isinstance(prev, Line) or not isinstance(nxt, Line):
        return False
    if not (before.endswith(prev.text) and after.startswith(nxt.text)):  # a table row, not prose
        return False
    if _is_heading(prev, size) or _is_heading(nxt, size) or abs(prev.size - nxt.size) > 0.15 * max(prev.size, nxt.size):
        return False
    return not _ENDS_SENTENCE.search(prev.text) and not (_BULLET.match(nxt.text) or _OWN_START.match(nxt.text))


def flows_to_paragraphs(flows: list[list[Item]], size: float) -> list[str]:
    """Paragraph texts of a page's flows in order; a sentence cut by a column break stays one paragraph."""
    out: list[str] = []
    previous: Item | None = None
    for flow in flows:
        paragraphs = flow_to_paragraphs(flow, size)
        if out and paragraphs and _runs_on(previous, flow[0], out[-1], paragraphs[0], size):
            first = paragraphs.pop(0)
            out[-1] = out[-1][:-1] + first if out[-1].endswith("\u00ad") else f"{out[-1]}\n{first}"
        out += paragraphs
        previous = flow[-1] if flow else previous
    return out
