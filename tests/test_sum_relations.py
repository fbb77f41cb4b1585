"""Sum relations inferred from the table before a row is flagged: nested totals level by level,
relations the rows show, and tables whose totals cannot be established (one info, no errors)."""

from __future__ import annotations

from extractors.layout.normalize import loaded_to_normalized
from extractors.model.pages import LoadedDocument, PageText
from extractors.structure.tables import document_to_tables
from extractors.vocab.vocabulary import vocabulary
from schemas.checks import _axes, table_total_findings
from schemas.sum_relations import formula, infer_relations
from tests.budget_tables import budget_table


def table_of(text: str):
    vocab = vocabulary()
    (table,) = document_to_tables(loaded_to_normalized(LoadedDocument("text", (PageText(1, text),)), vocab), vocab)
    return table


def test_a_consistent_budget_table_with_nested_totals_gets_no_finding():
    table = table_of(budget_table().text())
    assert table.n_rows == 23
    assert table_total_findings(table, "budget.txt") == []
    columns, rows = _axes(table)
    relations, unresolved = infer_relations(columns.lines)
    assert {formula(columns.lines, r) for r in relations} == {
        "Total = Federal subtotal + State subtotal + Others",
        "Federal subtotal = Federal grants + Federal loans",
        "State subtotal = General fund + Bonds",
    }
    assert unresolved == []
    (by_rows,), _ = infer_relations(rows.lines)
    assert formula(rows.lines, by_rows, "row") == "Total = the 22 rows from Alabama to Michigan"


def test_a_broken_row_is_the_only_row_flagged_against_the_relation_it_breaks():
    table = table_of(budget_table(broken_row=5).text())
    (finding,) = table_total_findings(table, "budget.txt")
    assert (finding.check, finding.severity, finding.dataset) == ("table.total_equals_components", "error",
                                                                  "table_cells")
    assert finding.place == "Table 4 row Colorado: Federal subtotal"
    assert "Federal subtotal = Federal grants + Federal loans" in finding.message
    assert "off by -1,000" in finding.message and "budget.txt" in finding.message
    assert table.cells[[c.start for c in table.cells].index(finding.start)].column == "Federal subtotal"


def test_a_total_that_is_no_sum_gets_one_info_and_no_error():
    # "Total" is the average of the two columns here (as in a table of rates): no relation holds
    table = table_of("Table 2. Unemployment rate\n\nYear\tFemale\tMale\tTotal\n2000\t10.6\t9.1\t9.8\n"
                     "2005\t8.6\t8.2\t8.4\n2010\t7.9\t8.8\t8.4\n2015\t9.1\t9.7\t9.4\n")
    (finding,) = table_total_findings(table, "rates.txt")
    assert (finding.check, finding.severity) == ("table.totals_not_checked", "info")
    assert "column 'Total'" in finding.message and "not checked" in finding.message


def test_a_relation_no_label_announces_is_found_in_the_rows_and_checked():
    rows = [("Alpha", 120, 80), ("Beta", 45, 61), ("Gamma", 300, 212), ("Delta", 17, 9), ("Epsilon", 66, 70)]
    text = "Table 3. Arrests\n\nDistrict\tAdults\tJuveniles\tAll arrests\n" + "".join(
        f"{name}\t{a}\t{j}\t{a + j + (1 if name == 'Gamma' else 0)}\n" for name, a, j in rows
    )
    (finding,) = table_total_findings(table_of(text), "arrests.txt")
    assert finding.place == "Table 3 row Gamma: All arrests"
    assert "All arrests = Adults + Juveniles" in finding.message and "own rows" in finding.message
    consistent = text.replace("513", "512")
    assert table_total_findings(table_of(consistent), "arrests.txt") == []


def test_no_relation_from_coincidences_of_small_numbers():
    # mostly zeros and small counts: sums that hold by chance establish nothing
    text = "Table 5. Returns\n\nState\tHandgun\tLong gun\tOther\tRedemption\n" + "".join(
        f"S{i}\t{h}\t{g}\t{o}\t{r}\n"
        for i, (h, g, o, r) in enumerate([(0, 0, 0, 0), (1, 0, 1, 0), (0, 2, 0, 1), (3, 1, 4, 0), (0, 0, 0, 2),
                                          (2, 2, 4, 1), (5, 0, 1, 0)])
    )
    assert table_total_findings(table_of(text), "returns.txt") == []
