"""Tables on a PDF page (`extractors.layout.pdf_tables`) from positioned words and ruling lines made
here (10-point words, 5 points per character)."""

from __future__ import annotations

from typing import Any

from extractors.layout.pdf_tables import page_tables
from extractors.layout.pdf_words import Word
from extractors.tables.grid import TableGrid
from extractors.vocab.vocabulary import vocabulary


def words(top: float, *parts: tuple[str, float]) -> list[Word]:
    """The words of each (text, x) part on one baseline."""
    out = []
    for text, x in parts:
        for part in text.split():
            out.append(Word(part, x, x + 5 * len(part), top, top + 10, 10.0))
            x += 5 * len(part) + 3
    return out


def rule(x0: float, top: float, x1: float, bottom: float) -> dict[str, Any]:
    """A ruling line as pdfplumber reports it in `page.edges`."""
    return {"x0": x0, "top": top, "x1": x1, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": "h" if top == bottom else "v", "object_type": "line"}


def cells(grid: TableGrid) -> list[list[str]]:
    return [[cell.text for cell in row] for row in grid.rows]


HEADER = words(70, ("Year", 72), ("Murder", 200), ("Robbery", 300))
ROW_2019 = words(84, ("2019", 72), ("12", 210), ("300", 310))
ROW_2020 = words(98, ("2020", 72), ("15", 210), ("280", 310))


def test_an_unruled_table_without_its_caption_source_note_and_the_prose_after_it() -> None:
    page = [
        *words(50, ("Table 1. Reported crime by year", 72)), *HEADER, *ROW_2019, *ROW_2020,
        *words(112, ("Source: Police department.", 72)),
        *words(140, ("A paragraph of prose follows the table and does not line up in columns.", 72)),
    ]
    (grid,) = page_tables(page, [], vocabulary())
    assert grid.columns == ("Year", "Murder", "Robbery")
    assert cells(grid) == [["2019", "12", "300"], ["2020", "15", "280"]]
    assert grid.box == (72, 70, 335.0, 108.0)
    assert grid.rows[0][1].box == (210, 84, 220.0, 94.0)


def test_header_lines_stacked_over_a_column_read_as_one_name() -> None:
    page = [*words(56, ("Violent", 200)), *words(70, ("Year", 72), ("crime", 200), ("Robbery", 300)),
            *ROW_2019, *ROW_2020]
    (grid,) = page_tables(page, [], vocabulary())
    assert grid.columns == ("Year", "Violent crime", "Robbery")


def test_a_table_of_one_row_is_read_from_its_rules_only() -> None:
    page = [*HEADER, *ROW_2019]
    assert page_tables(page, [], vocabulary()) == []  # one line of numbers does not show its columns
    rules = [rule(70, y, 360, y) for y in (65, 81, 95)] + [rule(x, 65, x, 95) for x in (70, 190, 290, 360)]
    (grid,) = page_tables(page, rules, vocabulary())
    assert grid.columns == ("Year", "Murder", "Robbery") and cells(grid) == [["2019", "12", "300"]]


def test_prose_with_numbers_is_no_table() -> None:
    page = [*words(70, ("The city counted 12 murders in 2019 and 300 robberies in all.", 72)),
            *words(84, ("In 2020 it counted 15 murders and 280 robberies in all.", 72))]
    assert page_tables(page, [], vocabulary()) == []
