"""Layouts and footnote styles of other extractors, brought to the page model (fictional text)."""

from __future__ import annotations

from extractors.layout.normalize import loaded_to_normalized
from extractors.layout.text_repairs import Edit, apply_edits
from extractors.model.pages import LoadedDocument, PageText
from extractors.structure.crime_stats import table_to_crime_stats
from extractors.structure.footnotes import document_to_footnote_refs, document_to_footnotes
from extractors.structure.tables import document_to_tables
from extractors.vocab.vocabulary import vocabulary
from schemas.table_checks import percent_change_findings, unrecognised_column_findings


def normalized(text: str, known: frozenset[str] = frozenset()):
    return loaded_to_normalized(LoadedDocument("text", (PageText(None, text),)), vocabulary(), known)


def test_edits_keep_the_source_map():
    text, offsets = apply_edits("ab cd", list(range(5)), [Edit(2, 3, "\n\n"), Edit(0, 0, "[")])
    assert text == "[ab\n\ncd" and offsets == [0, 0, 1, 2, 2, 3, 4]


def test_pipe_table_with_rule_and_glued_header_call():
    doc = normalized(
        "Prose cites a source.\u00b9\n\nTable 2: Offenses\n\n| Year | Homicides | Robbery2 |\n|---|---|---|\n"
        "| 2020 | 4 | 30 |\n| 2021 | 5 | 28 |\n\n\u00b9 First note.\n\n\u00b2 Second note."
    )
    (table,) = document_to_tables(doc, vocabulary())
    assert table.columns == ("Year", "Homicides", "Robbery") and table.n_rows == 2
    assert [s.values["robbery"] for s in table_to_crime_stats(table, vocabulary())] == [30, 28]
    assert {r.number for r in document_to_footnote_refs(doc)} == {1, 2}
    for cell in table.cells:
        assert doc.text[cell.start : cell.end] == cell.raw


def test_aligned_columns_and_a_flattened_table():
    doc = normalized(
        "Table 1. Counts\n\n  Year   Murder   Robbery   Violent crime\n  2019   3        10        13\n"
        "  2020   4        12        16\n\nTable 2. More Year Burglary Arson 2019 1,200 14 2020 1,150 9\n\nEnd."
    )
    first, second = document_to_tables(doc, vocabulary())
    assert [s.values["violent_crime"] for s in table_to_crime_stats(first, vocabulary())] == [13, 16]
    assert second.caption == "More" and second.columns == ("Year", "Burglary", "Arson")
    stats = table_to_crime_stats(second, vocabulary())
    assert [(s.year, s.values["burglary"]) for s in stats] == [(2019, 1200), (2020, 1150)]


def test_prose_with_many_spaces_is_not_a_table():
    doc = normalized("One  two  three words.\nFour  five  six words.")
    assert document_to_tables(doc, vocabulary()) == []


def test_endnotes_list_bracketed_calls_and_spaced_calls():
    doc = normalized(
        "The city joined in 2018. 1 The team met twice.[2] Officers trained 40 cadets [3].\n\n"
        "NOTES\n1) First source, https://example.org/a\n2. Second source.\n3 Third source\ncontinued here.\n"
    )
    notes = document_to_footnotes(doc, document_to_footnote_refs(doc), vocabulary())
    assert [(n.number, n.text) for n in notes] == [
        (1, "First source, https://example.org/a"), (2, "Second source."), (3, "Third source continued here."),
    ]
    assert all(n.referenced for n in notes)
    assert "in 2018.\u00b9 The team met twice.\u00b2 Officers trained 40 cadets\u00b3." in doc.text


def test_a_bare_number_that_is_a_count_is_not_a_call():
    doc = normalized("Two units formed. 3 Officers joined later.\n\n\u00b9 Only note.")
    assert document_to_footnote_refs(doc) == []


def test_glued_heading_and_glued_words():
    known = frozenset({"site", "took", "part", "the"})
    doc = normalized("The sitetook part in 2019. The site took notes.RESULTS AND LESSONS\nThe work ended.", known)
    assert "The site took part" in doc.text
    assert [b.kind for b in doc.blocks] == ["paragraph", "title", "paragraph"]  # the first heading is the title
    assert doc.block_text(doc.blocks[1]) == "RESULTS AND LESSONS"
    assert "sitetook" in normalized("The sitetook part. The site took notes.").text  # no word list: kept


def test_percent_change_and_unrecognised_columns():
    doc = normalized(
        "Table 1. A\n\nOffense\t2020\t2021\t% change\nRobbery\t100\t90\t-10.0%\nMurder\t10\t12\t+2.0%\n\n"
        "Table 2. B\n\nYear\tRobbery\tBudget\n2020\t5\t100\n\nTable 3. C\n\nName\tValue\nAlpha\t1"
    )
    first, second, third = document_to_tables(doc, vocabulary())
    (finding,) = percent_change_findings(first, "doc")
    assert finding.check == "table.percent_change_matches_counts" and finding.observed == "+2.0%"
    assert "10 -> 12 is +20.0%" in finding.message
    (partial,) = unrecognised_column_findings(second, table_to_crime_stats(second, vocabulary()), "doc")
    assert partial.severity == "info" and "'Budget'" in partial.message
    (unknown,) = unrecognised_column_findings(third, [], "doc")
    assert "not read as crime statistics" in unknown.message
