"""A table flattened onto one line ("Year Population Murder ... 2019 1,000 5 ..."), put back on lines.

Some extractors print a whole table as one line of words. Its header phrases are known
column names (the vocabulary), so the line can be cut back into a header line and one line
per row, written as the page model's tab rows; the cells keep their source offsets (only the
spaces between them are replaced).
"""

from __future__ import annotations

import re

from extractors.model.pages import lines_with_offsets
from extractors.model.printed_numbers import split_glued_marker
from extractors.tables.cells import is_value, is_year
from extractors.tables.text import TextEdit
from extractors.vocab.vocabulary import Vocabulary

_TOKEN = re.compile(r"\S+")
_MAX_HEADER_WORDS = 8


def _header_phrase(phrase: str, vocab: Vocabulary) -> bool:
    if vocab.crime_column(phrase) or vocab.rate_subject(phrase) is not None:
        return True
    if vocab.percent_change_subject(phrase) is not None:
        return True
    *head, last = phrase.split()
    glued = split_glued_marker(last, set(range(1, 100))) if last[-1].isdigit() else None
    return glued is not None and _header_phrase(" ".join([*head, glued.number_text]), vocab)


def _header_columns(tokens: list[re.Match[str]], first: int, vocab: Vocabulary) -> list[tuple[int, int]] | None:
    """Token ranges of header cells starting at `first`, longest phrase first; None if not a header."""
    columns: list[tuple[int, int]] = []
    position = first
    while position < len(tokens) and not is_value(tokens[position].group()):
        for length in range(min(_MAX_HEADER_WORDS, len(tokens) - position), 0, -1):
            phrase = " ".join(t.group() for t in tokens[position : position + length])
            if _header_phrase(phrase, vocab):
                columns.append((position, position + length))
                position += length
                break
        else:
            return None
    if len(columns) < 3 or vocab.crime_column(tokens[first].group()) != "year":
        return None
    return columns


def flattened_table_edits(text: str, vocab: Vocabulary) -> list[TextEdit]:
    """"Year Population Murder Robbery 2019 1,000 5 7 2020 ..." -> header line and row lines."""
    edits = []
    for line_start, line in lines_with_offsets(text):
        if "\t" in line:
            continue
        tokens = list(_TOKEN.finditer(line))
        for first, token in enumerate(tokens):
            if vocab.crime_column(token.group()) != "year":
                continue
            columns = _header_columns(tokens, first, vocab)
            if columns is None:
                continue
            values_start = columns[-1][1]
            values_end = values_start
            while values_end < len(tokens) and is_value(tokens[values_end].group()):
                values_end += 1
            width = len(columns)
            count = values_end - values_start
            if count < width or count % width:
                continue
            rows = [tokens[values_start + i * width] for i in range(count // width)]
            if any(not is_year(row.group()) for row in rows):
                continue
            edits += _flattened_edits(line_start, line, tokens, first, columns, values_start, values_end, width)
            break
    return edits


def _flattened_edits(
    line_start: int, line: str, tokens: list[re.Match[str]], first: int, columns: list[tuple[int, int]],
    values_start: int, values_end: int, width: int,
) -> list[TextEdit]:
    def gap(before: int, separator: str) -> TextEdit:
        end = tokens[before].start()
        start = tokens[before - 1].end()
        return TextEdit(line_start + start, line_start + end, separator)

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
