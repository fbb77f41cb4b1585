"""The NICS report with its page turned (pdfplumber's tests): it must read as the upright one does.

Both PDFs are read from ../shared; the expected rows come from the upright report itself.
"""

from __future__ import annotations

import pdfplumber
import pytest

from extractors.layout.normalize import loaded_to_normalized
from extractors.load.pdf import pdf_bytes_to_document
from extractors.structure.tables import document_to_tables
from extractors.vocab.vocabulary import vocabulary
from schemas.checks import table_total_findings
from tests.conftest import SHARED, needs_shared

UPRIGHT = SHARED / "pdfs" / "nics-background-checks-2015-11.pdf"
ROTATED = SHARED / "corpus" / "docs" / "nics-background-checks-2015-11-rotated.pdf"

pytestmark = [
    needs_shared("pdfs/nics-background-checks-2015-11.pdf", "the upright NICS report the turned one must read as"),
    needs_shared("corpus/docs/nics-background-checks-2015-11-rotated.pdf", "the NICS report on a turned page"),
]


def _table(path):
    vocab = vocabulary()
    (table,) = document_to_tables(loaded_to_normalized(pdf_bytes_to_document(path.read_bytes(), vocab), vocab), vocab)
    return table


@pytest.fixture(scope="module")
def upright():
    return _table(UPRIGHT)


@pytest.fixture(scope="module")
def rotated():
    return _table(ROTATED)


def test_the_turned_page_is_read_as_one_table_with_its_totals_column(rotated) -> None:
    assert rotated.n_cols == 25 and rotated.columns[0] == "State / Territory" and rotated.columns[-1] == "Totals"
    labels = [row[0].raw for row in rotated.rows()]
    assert len(labels) == 56 and labels[-1] == "Totals"
    alabama = {cell.column: cell.raw for cell in rotated.rows()[0]}
    assert labels[0] == "Alabama" and alabama["Totals"] == "71,137"


def test_the_turned_page_gives_the_same_cells_as_the_upright_one(upright, rotated) -> None:
    assert rotated.columns == upright.columns
    assert [[c.raw for c in row] for row in rotated.rows()] == [[c.raw for c in row] for row in upright.rows()]
    assert table_total_findings(rotated, "nics rotated") == []


def test_cell_boxes_are_in_the_turned_page_frame(rotated) -> None:
    """A cell's box, cropped from the page as pdfplumber reports it, holds the cell's text."""
    cell = next(c for c in rotated.rows()[0] if c.column == "Totals")
    assert cell.page == 1 and None not in (cell.x0, cell.top, cell.x1, cell.bottom)
    with pdfplumber.open(ROTATED) as pdf:
        page = pdf.pages[0]
        inside = [ch["text"] for ch in page.chars
                  if cell.x0 - 0.5 <= (ch["x0"] + ch["x1"]) / 2 <= cell.x1 + 0.5
                  and cell.top - 0.5 <= (ch["top"] + ch["bottom"]) / 2 <= cell.bottom + 0.5]
    assert "".join(sorted(inside)) == "".join(sorted("71,137"))
