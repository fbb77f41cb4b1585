"""Reading order (`extractors.layout.reading_order`): two-column pages read column by column, on
positioned lines made here (a 612-point page, 10-point words 5 points per character)."""

from __future__ import annotations

from extractors.layout.pdf_words import Line, Word
from extractors.layout.reading_order import Flow, find_gutter, reading_order
from extractors.tables.grid import TableGrid

WIDTH = 612.0
RIGHT = 320.0  # where the right column starts


def at(x: float, top: float, text: str) -> Line:
    words = []
    for part in text.split():
        words.append(Word(part, x, x + 5 * len(part), top, top + 10, 10.0))
        x += 5 * len(part) + 3
    return Line(words)


def both(top: float, left: str, right: str) -> Line:
    """One baseline holding a line of each column (as a PDF's words arrive)."""
    return Line(at(72, top, left).words + at(RIGHT, top, right).words)


TITLE = at(72, 50, "A title that runs across the whole width of the page, over both of its columns")
COLUMNS = [both(80 + 14 * i, f"left column line {i} words", f"right column line {i} words") for i in range(4)]
CLOSING = at(72, 200, "A closing line printed across the full width of the page, under both columns")


def text_of(flows: list[Flow]) -> list[list[str]]:
    return [[it.text if isinstance(it, Line) else f"table {it.columns[0]}" for it in flow.items] for flow in flows]


def test_the_gutter_lies_between_the_columns() -> None:
    gutter = find_gutter([TITLE, *COLUMNS, CLOSING], WIDTH)
    assert gutter is not None and max(w.x1 for w in COLUMNS[0].words if w.x0 < RIGHT) < gutter < RIGHT


def test_a_page_of_lines_crossing_the_middle_has_one_column() -> None:
    lines = [at(72, 50 + 14 * i, "A line of running prose across the page that crosses the middle") for i in range(6)]
    assert find_gutter(lines, WIDTH) is None
    assert text_of(reading_order(lines, [], WIDTH)) == [[line.text for line in lines]]


def test_left_column_before_right_and_full_width_lines_start_and_end_a_section() -> None:
    table = TableGrid(("Year",), (), box=(72, 230, 540, 260))  # a full-width table under the columns
    assert text_of(reading_order([CLOSING, *COLUMNS, TITLE], [table], WIDTH)) == [
        [TITLE.text],
        [f"left column line {i} words" for i in range(4)],
        [f"right column line {i} words" for i in range(4)],
        [CLOSING.text, "table Year"],
    ]


def test_a_table_inside_one_column_is_read_with_that_column() -> None:
    table = TableGrid(("Year",), (), box=(RIGHT, 95, 540, 105))
    flows = text_of(reading_order(COLUMNS, [table], WIDTH))
    assert flows[1] == ["right column line 0 words", "right column line 1 words", "table Year",
                        "right column line 2 words", "right column line 3 words"]


def test_an_empty_page_has_no_flows() -> None:
    assert reading_order([], [], WIDTH) == []
