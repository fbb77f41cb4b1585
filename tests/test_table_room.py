"""The table room (`extractors.tables`) on inputs made here: bands, pieces, grids and cells on positioned
words; plain-text tables (`text`) and tables flattened onto one line (`flattened`) as edits to a text."""

from __future__ import annotations

import pytest

from extractors.layout.pdf_words import Word
from extractors.layout.text_repairs import apply_edits
from extractors.tables.bands import find_bands, words_to_line
from extractors.tables.cells import cell_mark, cell_value, header_name, is_measure, is_year, year_with_call
from extractors.tables.flattened import flattened_table_edits
from extractors.tables.grid import GridCell, TableGrid, lines_to_grid
from extractors.tables.text import TextEdit, text_table_edits
from extractors.vocab.vocabulary import vocabulary


def line(y: float, *words: tuple[str, float]) -> list[Word]:
    """Words at x positions, 6 points per character, 10 points high."""
    return [Word(text, x, x + 6 * len(text), y, y + 10, 10.0) for text, x in words]


def test_bands_are_cut_where_white_runs_through_every_data_line() -> None:
    data = [line(0, ("Alpha", 0), ("12", 100), ("3.5", 160)), line(12, ("Beta", 0), ("1,204", 82), ("10.0", 154))]
    bands = find_bands(data, 6.0)
    assert [(round(a), round(b)) for a, b in bands] == [(0, 30), (82, 112), (154, 178)]


def test_a_band_only_a_long_label_reaches_is_part_of_the_label_band() -> None:
    data = [line(0, ("Total", 0), ("all", 36), ("ages", 60), ("12", 120)),
            line(12, ("Male", 0), ("5", 126)), line(24, ("Female", 0), ("7", 126))]
    bands = find_bands(data, 6.0)
    assert len(bands) == 2 and bands[0] == (0, 84)


def test_a_group_header_centred_over_two_columns_heads_both() -> None:
    rows = [
        line(0, ("2019", 118), ("2020", 238)),
        line(12, ("Offense", 0), ("Count", 90), ("Rate", 150), ("Count", 210), ("Rate", 270)),
        line(24, ("Murder", 0), ("12", 96), ("12.0", 150), ("15", 216), ("14.9", 270)),
        line(36, ("Robbery", 0), ("300", 90), ("300.0", 150), ("280", 210), ("277.2", 270)),
    ]
    bands = find_bands(rows[2:], 6.0)
    lines = [words_to_line(words, bands, 10.0, 1.5) for words in rows]
    grid = lines_to_grid(lines, len(bands), bands, 1.5)
    assert grid is not None
    assert grid.columns == ("Offense", "2019 Count", "2019 Rate", "2020 Count", "2020 Rate")
    assert [c.text for c in grid.rows[1]] == ["Robbery", "300", "300.0", "280", "277.2"]


def test_a_wrapped_label_joins_its_row_and_a_label_alone_is_a_section_row() -> None:
    rows = [
        line(0, ("Group", 0), ("2021", 100)),
        line(12, ("Adults", 0)),
        line(24, ("Vocational", 0), ("and", 66), ("12", 106)),
        line(36, ("training", 0)),
        line(48, ("Juveniles", 0), ("4", 112)),
        line(60, ("Women", 0), ("9", 112)),
    ]
    bands = find_bands([rows[2], rows[4], rows[5]], 6.0)
    grid = lines_to_grid([words_to_line(w, bands, 10.0, 1.5) for w in rows], len(bands), bands, 1.5)
    assert grid is not None and grid.columns == ("Group", "2021")
    assert [[c.text for c in row] for row in grid.rows] == [
        ["Adults", ""], ["Vocational and training", "12"], ["Juveniles", "4"], ["Women", "9"],
    ]


def test_one_column_is_no_table() -> None:
    rows = [line(0, ("2019", 0)), line(12, ("12", 0)), line(24, ("13", 0))]
    bands = find_bands(rows, 6.0)
    assert lines_to_grid([words_to_line(w, bands, 10.0, 1.5) for w in rows], len(bands), bands) is None


def test_the_grid_is_written_as_tab_rows_header_first() -> None:
    rows = ((GridCell("Murder"), GridCell("12")), (GridCell("Arson\n(all)"), GridCell("")))
    grid = TableGrid(("", "2019 Count"), rows)
    assert grid.lines() == ["\t2019 Count", "Murder\t12", "Arson (all)"]


@pytest.mark.parametrize(
    ("text", "value", "mark"),
    [("3,707a", 3707.0, "a"), ("*2,247", 2247.0, "*"), ("111.4**", 111.4, "**"), ("2001\u00b2", 2001.0, "2"),
     ("3,7071", 3707.0, "1"), ("63 (18.5%)", 63.0, None), ("(X)", None, None), ("12.5", 12.5, None)],
)
def test_a_cell_value_leaves_its_mark_aside(text: str, value: float | None, mark: str | None) -> None:
    assert cell_value(text) == value
    assert cell_mark(text) == mark


def test_years_headers_and_calls() -> None:
    assert is_year("1995*") and is_year("2019") and not is_year("20012") and not is_measure("2019")
    assert is_measure("1,204") and not is_measure("Programs (3)")
    assert year_with_call("20012") == (2001, "2") and year_with_call("2001") is None
    assert header_name("Population1") == ("Population", "1")
    assert header_name("Rate\u00b9 per 100,000") == ("Rate per 100,000", "1")
    assert header_name("Larceny- theft") == ("Larceny-theft", None)
    assert header_name("Q1") == ("Q1", None) and header_name("FY2019") == ("FY2019", None)


def test_rows_of_cells_as_a_markdown_table_gives_them() -> None:
    from extractors.tables.grid import cells_to_grid

    grid = cells_to_grid([["", "2019", "", "2020", ""], ["Offense", "Count", "Rate", "Count", "Rate"],
                          ["Murder", "12", "12.0", "15", "14.9"]])
    assert grid is not None
    assert grid.lines() == ["Offense\t2019 Count\t2019 Rate\t2020 Count\t2020 Rate", "Murder\t12\t12.0\t15\t14.9"]


def edited(text: str, edits: list[TextEdit]) -> str:
    return apply_edits(text, list(range(len(text))), edits)[0]


def test_a_pipe_table_becomes_tab_rows_and_its_rule_is_dropped_caption_and_source_kept() -> None:
    text = ("Table 1. Crime\n| Year | Murder | Robbery |\n|---|---|---|\n| 2019 | 12 | 300 |\n| 2020 | 15 | 280 |\n"
            "Source: Police.\n")
    edits = text_table_edits(text, vocabulary())
    assert edited(text, edits) == (
        "Table 1. Crime\nYear\tMurder\tRobbery\n2019\t12\t300\n2020\t15\t280\nSource: Police.\n"
    )
    # a one-line row keeps its cells where they are printed: only the separators are rewritten
    row = text.index("| 2019")
    assert TextEdit(row, row + 2, "") in edits and TextEdit(row + 6, row + 9, "\t") in edits


def test_a_pipe_header_wrapped_onto_a_second_line_is_one_header_line() -> None:
    text = "| Year | Violent |\n| | crime |\n|---|---|\n| 2019 | 12 |\n| 2020 | 15 |\n"
    assert edited(text, text_table_edits(text, vocabulary())) == "Year\tViolent crime\n2019\t12\n2020\t15\n"


def test_columns_aligned_with_spaces_also_single_ones_are_cut_at_the_bands() -> None:
    text = "Offense       2019 2020\nMurder          12   15\nRobbery        300  280\n"
    assert edited(text, text_table_edits(text, vocabulary())) == (
        "Offense\t2019\t2020\nMurder\t12\t15\nRobbery\t300\t280\n"
    )


def test_prose_with_numbers_and_tab_rows_already_in_the_page_model_are_left_alone() -> None:
    prose = "The city had 12 murders in 2019 and 15 in 2020, with\nrobberies at 300 and 280 in those years.\n"
    assert text_table_edits(prose, vocabulary()) == []
    assert text_table_edits("Offense\t2019\t2020\nMurder\t12\t15\n", vocabulary()) == []


def test_a_table_flattened_onto_one_line_is_cut_into_header_and_rows_at_its_known_headers() -> None:
    text = "Year Population Murder2 Robbery 2019 1,000 5 7 2020 1,100 6 8 The rest."
    assert edited(text, flattened_table_edits(text, vocabulary())) == (
        "Year\tPopulation\tMurder2\tRobbery\n2019\t1,000\t5\t7\n2020\t1,100\t6\t8\n\nThe rest."
    )


@pytest.mark.parametrize("text", [
    "Year Population Murder Robbery 2019 1,000 5 7 2020 1,100 6",  # values do not fill the last row
    "Year Population Murder Robbery 1,000 2019 5 7",  # a row that does not start with a year
    "Year Population Budget Robbery 2019 1,000 5 7",  # "Budget" is no column the vocabulary knows
    "Year Murder 2019 5 2020 6",  # two columns are no table
])
def test_a_line_that_is_no_flattened_table_is_left_alone(text: str) -> None:
    assert flattened_table_edits(text, vocabulary()) == []
