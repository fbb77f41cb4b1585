"""Tables in plain text read by the one table algorithm: each case a small document written here."""

from __future__ import annotations

from extractors.layout.normalize import loaded_to_normalized
from extractors.model.pages import LoadedDocument, PageText
from extractors.structure.crime_stats import table_to_crime_stats
from extractors.structure.tables import document_to_tables
from extractors.vocab.vocabulary import vocabulary


def tables_of(*pages: str):
    loaded = LoadedDocument("text", tuple(PageText(i + 1, p) for i, p in enumerate(pages)))
    doc = loaded_to_normalized(loaded, vocabulary())
    return document_to_tables(doc, vocabulary())


def cells(table) -> list[list[str]]:
    return [[cell.raw for cell in row] for row in table.rows()]


def test_pipe_table_whose_header_wraps_onto_a_second_line_with_calls_glued_to_a_header_and_a_year():
    (table,) = tables_of(
        "Table 1. Crime, 2000-2002\n\n"
        "Year | Population1 | Violent crime |\n"
        "Murder | Robbery | Burglary |\n"
        "2000 | 1,000 | 10 | 1 | 9 | 40 |\n"
        "20012 | 1,010 | 12 | 2 | 10 | 44 |\n"
        "2002 | 1,020 | 11 | 1 | 10 | 41 |\n\n"
        "1 Population estimates.\n2 Excludes one event."
    )
    assert table.caption == "Crime, 2000-2002"
    assert table.columns == ("Year", "Population", "Violent crime", "Murder", "Robbery", "Burglary")
    assert cells(table)[0] == ["2000", "1,000", "10", "1", "9", "40"]
    year = table.rows()[1][0]
    assert (year.value, year.footnote) == (2001.0, "2")
    stats = table_to_crime_stats(table, vocabulary())
    assert [s.year for s in stats] == [2000, 2001, 2002]
    assert [s.values["burglary"] for s in stats] == [40, 44, 41]


def test_a_header_of_stacked_lines_is_read_whole():
    (table,) = tables_of(
        "Table 1. Crime\n\n"
        "                     Violent   Property\n"
        "Year    Population   crime     crime\n"
        "2019    100,000      500       2,000\n"
        "2020    101,000      480       1,950\n"
    )
    assert table.columns == ("Year", "Population", "Violent crime", "Property crime")
    assert cells(table) == [["2019", "100,000", "500", "2,000"], ["2020", "101,000", "480", "1,950"]]
    assert [s.values["violent_crime"] for s in table_to_crime_stats(table, vocabulary())] == [500, 480]


def test_a_header_cell_over_several_columns_is_the_parent_of_each():
    (table,) = tables_of(
        "Table 2. Rates\n\n"
        "         2019                         2020\n"
        "Offense  Count   Rate per 100,000     Count   Rate per 100,000\n"
        "Murder   12      12.0                 15      14.9\n"
        "Robbery  300     300.0                280     277.2\n"
    )
    assert table.columns == ("Offense", "2019 Count", "2019 Rate per 100,000", "2020 Count", "2020 Rate per 100,000")
    assert cells(table)[1] == ["Robbery", "300", "300.0", "280", "277.2"]


def test_a_wrapped_row_label_is_one_row_and_a_glued_letter_is_a_footnote_call():
    (table,) = tables_of(
        "Table 3. Property\n\n"
        "Offense              2019     2020\n"
        "Burglary             1,200    1,100\n"
        "Motor vehicle        3,707a   3,500\n"
        "  theft\n"
        "Arson                40       35\n\n"
        "a Includes attempts.\n"
    )
    assert cells(table) == [
        ["Burglary", "1,200", "1,100"], ["Motor vehicle theft", "3,707a", "3,500"], ["Arson", "40", "35"],
    ]
    marked = table.rows()[1][1]
    assert (marked.value, marked.footnote) == (3707.0, "a")
    stats = table_to_crime_stats(table, vocabulary())
    assert {s.year: s.values["motor_vehicle_theft"] for s in stats} == {2019: 3707, 2020: 3500}


def test_a_table_aligned_with_single_spaces_is_found():
    (table,) = tables_of(
        "The department reported these counts.\n\n"
        "Year Population Homicide Robbery Burglary\n"
        "2019 100,000    10       300     1,200\n"
        "2020 101,000    12       280     1,150\n"
        "2021 102,500    9        310     1,010\n"
    )
    assert table.columns == ("Year", "Population", "Homicide", "Robbery", "Burglary")
    assert cells(table)[2] == ["2021", "102,500", "9", "310", "1,010"]


def test_a_table_continued_after_a_page_break_with_its_header_repeated_is_one_table():
    tables = tables_of(
        "Table 2. Crime by year\n\nYear\tMurder\tRobbery\n2018\t1\t2\n2019\t3\t4",
        "Table 2 (continued)\n\nYear\tMurder\tRobbery\n2020\t5\t6\n\nMore prose here.",
    )
    assert [(t.table_id, t.caption, t.n_rows) for t in tables] == [("Table 2", "Crime by year", 3)]
    assert [c[0] for c in cells(tables[0])] == ["2018", "2019", "2020"]
    assert tables[0].rows()[2][0].page == 2


def test_a_section_row_and_the_row_label_column_are_kept():
    (table,) = tables_of(
        "Table 5. Arrests\n\n"
        "Group      2021    2022\n"
        "Adults\n"
        "Men        120     110\n"
        "Women      40      38\n"
        "Juveniles\n"
        "Boys       12      9\n"
    )
    assert [c[0] for c in cells(table)] == ["Adults", "Men", "Women", "Juveniles", "Boys"]
    assert cells(table)[1] == ["Men", "120", "110"]


def test_prose_with_numbers_is_not_a_table():
    text = (
        "In 2019 the city recorded 12 homicides and 300 robberies, and in 2020 it recorded\n"
        "15 homicides and 280 robberies; by 2021 the counts were 9 and 310 respectively, while\n"
        "burglaries fell from 1,200 to 1,010 over the same three years of the partnership.\n"
    )
    assert tables_of(text) == []
