"""Tables as other extractors print them, rewritten to the page model's tab-separated rows.

Three layouts: markdown pipes ("| Year | Population |"), columns aligned with runs of
spaces, and a whole table flattened onto one line ("Year Population Murder ... 2019 1,000 5
..."). Every rewrite only replaces separators (spaces, pipes) with tabs or newlines, so the
cells keep their source offsets.
"""

from __future__ import annotations

import re

from extractors.layout.text_repairs import Edit, lines_with_offsets
from extractors.model.printed_numbers import MAX_YEAR, MIN_YEAR, parse_number, split_glued_marker
from extractors.vocab.vocabulary import vocabulary

_PIPE_SEPARATOR = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?::?-{3,}:?[ \t]*)?$")
_CELL_GAP = re.compile(r" {2,}")
_MISSING = {"-", "\u2013", "\u2014", "n/a", "na", "--", "*"}


def _blocks_of_lines(text: str, keep) -> list[list[tuple[int, str]]]:  # noqa: ANN001 - a line predicate
    """Runs of consecutive lines that satisfy `keep`."""
    runs: list[list[tuple[int, str]]] = [[]]
    for start, line in lines_with_offsets(text):
        if keep(line):
            runs[-1].append((start, line))
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def pipe_table_edits(text: str) -> list[Edit]:
    """"| Year | Murder |" rows -> tab rows; the "|---|---|" rule under the header is dropped."""
    edits = []
    for run in _blocks_of_lines(text, lambda line: line.count("|") >= 2 and "\t" not in line):
        rows = [(start, line) for start, line in run if not _PIPE_SEPARATOR.match(line)]
        if len(rows) < 2 or len({_pipe_cells(line) for _, line in rows}) != 1:
            continue
        for start, line in run:
            if _PIPE_SEPARATOR.match(line):
                edits.append(Edit(start, min(start + len(line) + 1, len(text)), ""))
                continue
            stripped = line.strip(" \t")
            lead = start + line.index(stripped)
            body_start = lead + 1 if stripped.startswith("|") else lead
            body_end = lead + len(stripped) - (1 if stripped.endswith("|") else 0)
            edits.append(Edit(start, body_start, ""))
            for match in re.finditer(r"[ \t]*\|[ \t]*", text[body_start:body_end]):
                edits.append(Edit(body_start + match.start(), body_start + match.end(), "\t"))
            edits.append(Edit(body_end, start + len(line), ""))
            _trim_cell_spaces(text, body_start, body_end, edits)
    return edits


def _pipe_cells(line: str) -> int:
    return len(line.strip(" \t").strip("|").split("|"))


def _trim_cell_spaces(text: str, start: int, end: int, edits: list[Edit]) -> None:
    """Spaces just inside the first and last pipe."""
    inner = text[start:end]
    lead = len(inner) - len(inner.lstrip(" \t"))
    if lead:
        edits.append(Edit(start, start + lead, ""))
    trail = len(inner) - len(inner.rstrip(" \t"))
    if trail:
        edits.append(Edit(end - trail, end, ""))


def _is_value(cell: str) -> bool:
    return parse_number(cell) is not None or cell.strip().lower() in _MISSING


def aligned_column_edits(text: str) -> list[Edit]:
    """Lines whose cells are separated by two or more spaces, in runs with one cell count."""
    edits = []

    def cells(line: str) -> list[str]:
        return _CELL_GAP.split(line.strip(" "))

    for run in _blocks_of_lines(text, lambda line: "\t" not in line and len(cells(line)) >= 3):
        counts = {len(cells(line)) for _, line in run}
        numeric_rows = sum(sum(_is_value(c) for c in cells(line)) >= 2 for _, line in run)
        if len(run) < 2 or len(counts) != 1 or numeric_rows < 1:
            continue
        for start, line in run:
            lead = len(line) - len(line.lstrip(" "))
            if lead:
                edits.append(Edit(start, start + lead, ""))
            body = line.rstrip(" ")
            if len(body) < len(line):
                edits.append(Edit(start + len(body), start + len(line), ""))
            for match in _CELL_GAP.finditer(body, lead):
                edits.append(Edit(start + match.start(), start + match.end(), "\t"))
    return edits


# ---- a table flattened onto one line ----------------------------------------------------

_TOKEN = re.compile(r"\S+")
_MAX_HEADER_WORDS = 8


def _header_phrase(phrase: str) -> bool:
    vocab = vocabulary()
    if vocab.crime_column(phrase) or vocab.rate_subject(phrase) is not None:
        return True
    if vocab.percent_change_subject(phrase) is not None:
        return True
    *head, last = phrase.split()
    glued = split_glued_marker(last, set(range(1, 100))) if last[-1].isdigit() else None
    return glued is not None and _header_phrase(" ".join([*head, glued.number_text]))


def _header_columns(tokens: list[re.Match[str]], first: int) -> list[tuple[int, int]] | None:
    """Token ranges of header cells starting at `first`, longest phrase first; None if not a header."""
    columns: list[tuple[int, int]] = []
    position = first
    while position < len(tokens) and not _is_value(tokens[position].group()):
        for length in range(min(_MAX_HEADER_WORDS, len(tokens) - position), 0, -1):
            phrase = " ".join(t.group() for t in tokens[position : position + length])
            if _header_phrase(phrase):
                columns.append((position, position + length))
                position += length
                break
        else:
            return None
    if len(columns) < 3 or vocabulary().crime_column(tokens[first].group()) != "year":
        return None
    return columns


def flattened_table_edits(text: str) -> list[Edit]:
    """"Year Population Murder Robbery 2019 1,000 5 7 2020 ..." -> header line and row lines."""
    edits = []
    vocab = vocabulary()
    for line_start, line in lines_with_offsets(text):
        if "\t" in line:
            continue
        tokens = list(_TOKEN.finditer(line))
        for first, token in enumerate(tokens):
            if vocab.crime_column(token.group()) != "year":
                continue
            columns = _header_columns(tokens, first)
            if columns is None:
                continue
            values_start = columns[-1][1]
            values_end = values_start
            while values_end < len(tokens) and _is_value(tokens[values_end].group()):
                values_end += 1
            width = len(columns)
            count = values_end - values_start
            if count < width or count % width:
                continue
            rows = [tokens[values_start + i * width] for i in range(count // width)]
            if any(not _is_year(row.group()) for row in rows):
                continue
            edits += _flattened_edits(line_start, line, tokens, first, columns, values_start, values_end, width)
            break
    return edits


def _is_year(text: str) -> bool:
    value = parse_number(text)
    return value is not None and value == int(value) and MIN_YEAR <= value <= MAX_YEAR


def _flattened_edits(
    line_start: int, line: str, tokens: list[re.Match[str]], first: int, columns: list[tuple[int, int]],
    values_start: int, values_end: int, width: int,
) -> list[Edit]:
    def gap(before: int, separator: str) -> Edit:
        end = tokens[before].start()
        start = tokens[before - 1].end()
        return Edit(line_start + start, line_start + end, separator)

    edits = []
    if first > 0:
        edits.append(gap(first, "\n"))
    for start, _ in columns[1:]:
        edits.append(gap(start, "\t"))
    for index in range(values_start, values_end):
        edits.append(gap(index, "\n" if (index - values_start) % width == 0 else "\t"))
    if values_end < len(tokens):
        edits.append(gap(values_end, "\n\n"))
    return edits
