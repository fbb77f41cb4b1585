"""Tables, crime statistics and the total checks, on made-up documents."""

from __future__ import annotations

from extractors.layout.normalize import loaded_to_normalized
from extractors.model.pages import LoadedDocument, PageText
from extractors.structure.crime_stats import table_to_crime_stats
from extractors.structure.tables import document_to_tables
from extractors.vocab.vocabulary import vocabulary
from schemas.checks import crime_total_findings, table_total_findings


def tables_of(*pages: str):
    loaded = LoadedDocument("text", tuple(PageText(i + 1, p) for i, p in enumerate(pages)))
    doc = loaded_to_normalized(loaded, vocabulary())
    return document_to_tables(doc, vocabulary())


def test_caption_header_rows_and_source():
    (table,) = tables_of(
        "Intro.\n\nTable 3: Offenses by year\n\nYear\tPopulation\tMurder\tForcible rape\tRobbery\tAgg. Assault"
        "\tViolent crime\n2019\t1 000\t1\t2\t3\t4\t10\n2020\t1,010\t2\t2\t3\t4\t11\n\nSource: State UCR, 2021."
    )
    assert table.table_id == "Table 3" and table.caption == "Offenses by year"
    assert table.source_note == "State UCR, 2021"
    assert (table.n_rows, table.n_cols) == (2, 7)
    stats = table_to_crime_stats(table, vocabulary())
    assert [s.year for s in stats] == [2019, 2020]
    assert stats[0].values["homicide"] == 1 and stats[0].values["aggravated_assault"] == 4
    assert stats[0].values["population"] == 1000
    assert crime_total_findings(stats, "doc") == []


def test_a_table_continued_on_the_next_page_with_its_header_repeated_is_one_table():
    page1 = "Table 1. Crime\n\nYear\tViolent Crime\tHomicide\tRape\tRobbery\tAggravated Assault\n2018\t10\t1\t2\t3\t4"
    page2 = "Year\tViolent Crime\tHomicide\tRape\tRobbery\tAggravated Assault\n2019\t11\t1\t2\t3\t4\n\nMore prose."
    (table,) = tables_of(page1, page2)
    assert table.n_rows == 2
    stats = table_to_crime_stats(table, vocabulary())
    findings = crime_total_findings(stats, "doc")
    assert [(f.year, f.expected, f.observed) for f in findings] == [(2019, "10", "11")]
    assert "2019" in findings[0].message and "11" in findings[0].message and "10" in findings[0].message


def test_years_as_columns():
    (table,) = tables_of(
        "Table 1. Offenses\n\nOffense\t2021\t2022\nMurder\t5\t6\nRobbery\t50\t40\nViolent crime\t55\t46"
    )
    stats = table_to_crime_stats(table, vocabulary())
    assert {s.year: s.values["robbery"] for s in stats} == {2021: 50, 2022: 40}


def test_optional_component_included_when_the_table_prints_it():
    (table,) = tables_of(
        "Table 1. Property\n\nYear\tProperty crime\tBurglary\tLarceny-theft\tMotor vehicle theft\tArson\n"
        "2020\t106\t10\t80\t10\t6\n2021\t100\t10\t80\t10\t3"
    )
    findings = crime_total_findings(table_to_crime_stats(table, vocabulary()), "doc")
    assert findings == []


def test_total_row_and_column_in_any_table():
    (table,) = tables_of(
        "Table 9. Checks\n\nState\tHandgun\tLong Gun\tTotals\nAlpha\t1,000\t2\t1,002\nBeta\t5\t5\t11\n"
        "Gamma\t30\t12\t42\nDelta\t7\t9\t16\nTotals\t1,042\t28\t1,071"
    )
    findings = table_total_findings(table, "doc")
    places = sorted(f.place for f in findings)
    # Beta's printed total is off by one; the Totals row inherits it (reported at Beta only), every column sum holds
    assert places == ["Table 9 row Beta: Totals"]
    assert "Totals = Handgun + Long Gun" in findings[0].message
    assert "holds exactly in 3 of 5 rows" in findings[0].message
    (column_error,) = tables_of(
        "Table 9. Checks\n\nState\tHandgun\tLong Gun\tOther\tTotals\nAlpha\t1,000\t2\t1\t1,003\n"
        "Beta\t5\t5\t2\t12\nGamma\t30\t12\t3\t45\nDelta\t7\t9\t4\t20\nTotals\t1,042\t29\t10\t1,080"
    )
    assert sorted(f.place for f in table_total_findings(column_error, "doc")) == [
        "Table 9 column Long Gun: Totals", "Table 9 row Totals: Totals"
    ]


def test_a_total_that_holds_in_too_few_rows_is_not_checked_but_said_so():
    (table,) = tables_of(
        "Table 9. Checks\n\nState\tHandgun\tLong Gun\tTotals\nAlpha\t1,000\t2\t1,002\nBeta\t5\t5\t11\n"
        "Gamma\t30\t12\t40"
    )
    (finding,) = table_total_findings(table, "doc")
    assert (finding.check, finding.severity) == ("table.totals_not_checked", "info")
    assert "column 'Totals'" in finding.message


def test_prose_document_has_no_tables():
    assert tables_of("Just prose.\n\nMore prose, no tabs.") == []
