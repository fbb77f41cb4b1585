"""The PDF loader on a real government table: the FBI NICS monthly report (pdfplumber's tests).

Expected values are read from the PDF itself with pdfplumber's own text extraction, so the
test checks that our table rows say exactly what the page prints.
"""

from __future__ import annotations

import re

import pdfplumber
import pytest

from extractors.load.pdf import pdf_bytes_to_document
from extractors.vocab.vocabulary import vocabulary
from tests.conftest import SHARED, needs_shared

NICS = SHARED / "pdfs" / "nics-background-checks-2015-11.pdf"

pytestmark = needs_shared("pdfs/nics-background-checks-2015-11.pdf", "the FBI NICS report, a real ruled table")


@pytest.fixture(scope="module")
def rows() -> list[list[str]]:
    doc = pdf_bytes_to_document(NICS.read_bytes())
    assert doc.page_count == 1 and len(doc.pages) == 1
    tables = [p for p in doc.pages[0].text.split("\n\n") if "\t" in p]
    assert len(tables) == 1, "the report holds exactly one table"
    return [line.split("\t") for line in tables[0].split("\n")]


@pytest.fixture(scope="module")
def printed() -> dict[str, list[str]]:
    """Each printed line of the page, keyed by its leading words (the row label)."""
    with pdfplumber.open(NICS) as pdf:
        text = pdf.pages[0].extract_text()
    out = {}
    for line in text.split("\n"):
        match = re.match(r"^([A-Za-z][A-Za-z .]*?) ((?:[\d,]+ ?)+)$", line)
        if match:
            out[match.group(1)] = match.group(2).split()
    return out


def test_header_flattened(rows: list[list[str]]) -> None:
    header = rows[0]
    assert header[0] == "State / Territory"
    assert header[-1] == "Totals"
    assert len(header) == 25
    for name in ("Permit", "Pre-Pawn Handgun", "Pre-Pawn Long Gun", "Redemption *Other",
                 "Rentals Long Gun", "Return to Seller - Private Sale Handgun"):
        assert name in header


def test_every_state_row_present(rows: list[list[str]], printed: dict[str, list[str]]) -> None:
    labels = [r[0] for r in rows[1:]]
    states = [label for label in printed if label != "Totals"]
    assert len(states) >= 50
    assert labels == states + ["Totals"]
    assert all(len(r) == len(rows[0]) for r in rows)


def test_values_as_printed(rows: list[list[str]], printed: dict[str, list[str]]) -> None:
    by_label = {r[0]: r[1:] for r in rows[1:]}
    for label in (rows[1][0], "California", "Totals"):
        # blank cells (the Rentals columns of state rows) are simply absent from the printed line
        assert [v for v in by_label[label] if v] == printed[label]
    assert "98452" in by_label["California"]  # printed without thousands separators, kept as is


def test_totals_on_both_axes_are_checked_and_consistent():
    import dataclasses

    from extractors.layout.normalize import loaded_to_normalized
    from extractors.structure.tables import document_to_tables
    from schemas.checks import table_total_findings

    vocab = vocabulary()
    (table,) = document_to_tables(loaded_to_normalized(pdf_bytes_to_document(NICS.read_bytes(), vocab), vocab), vocab)
    assert table_total_findings(table, "nics") == []
    # the check is real: one mistyped count breaks its row total and its column total
    cells = list(table.cells)
    index = next(i for i, c in enumerate(cells) if c.row == 3 and c.value and c.column_index == 2)
    cells[index] = dataclasses.replace(cells[index], value=cells[index].value + 1)
    label = table.rows()[3][0].raw
    places = sorted(f.place for f in table_total_findings(dataclasses.replace(table, cells=tuple(cells)), "nics"))
    expected = [f"{table.table_id} row {label}: Totals", f"{table.table_id} column {table.columns[2]}: Totals"]
    assert places == sorted(expected)
