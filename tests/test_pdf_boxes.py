"""Where a span of a PDF's text is printed: cells and prose map back to page + box (tests/pdf_builder.py)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from extractors.layout.normalize import loaded_to_normalized
from extractors.load.pdf import pdf_bytes_to_document
from extractors.model.document import NormalizedDocument
from extractors.structure.tables import document_to_tables
from extractors.vocab.vocabulary import vocabulary
from tests.pdf_builder import CaseStudySpec, Section, TableSpec, build_case_study_pdf


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, NormalizedDocument]:
    spec = CaseStudySpec(
        title="CASE STUDY CEDAR BLUFF, OHIO",
        footnotes={},
        sections=[
            Section("ABOUT CEDAR BLUFF", ["Cedar Bluff is home to 48,310 residents in nine neighborhoods."]),
            Section("CRIME DATA", [TableSpec(
                caption="Table 1. Violent crime (2020-2022)",
                header=["Year", "Population", "Homicide", "Robbery"],
                rows=[["2020", "48,100", "7", "152"], ["2021", "48,240", "5", "149"], ["2022", "48,310", "6", "131"]],
            )]),
        ],
    )
    path = build_case_study_pdf(spec, tmp_path_factory.mktemp("pdf") / "boxes.pdf")
    return Path(path), loaded_to_normalized(pdf_bytes_to_document(Path(path).read_bytes()), vocabulary())


def _printed_in(path: Path, page: int, box: tuple[float, float, float, float]) -> str:
    x0, top, x1, bottom = box
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[page - 1].chars
        return "".join(c["text"] for c in chars if x0 - 0.5 <= (c["x0"] + c["x1"]) / 2 <= x1 + 0.5
                       and top - 0.5 <= (c["top"] + c["bottom"]) / 2 <= bottom + 0.5)


def test_every_table_cell_has_its_page_and_the_box_it_is_printed_in(built) -> None:
    path, doc = built
    (table,) = document_to_tables(doc)
    assert [c.raw for c in table.rows()[2]] == ["2022", "48,310", "6", "131"]
    for cell in table.cells:
        assert cell.page is not None and cell.x0 is not None
        assert _printed_in(path, cell.page, (cell.x0, cell.top, cell.x1, cell.bottom)) == cell.raw


def test_a_span_of_prose_maps_to_its_box(built) -> None:
    path, doc = built
    start = doc.text.index("48,310 residents")
    box = doc.bbox(start, start + len("48,310"))
    assert box is not None and box.page == doc.page_at(start)
    assert _printed_in(path, box.page, (box.x0, box.top, box.x1, box.bottom)) == "48,310"


def test_text_sources_have_no_boxes() -> None:
    from extractors.load.text import text_bytes_to_document

    doc = loaded_to_normalized(text_bytes_to_document(b"Year\tMurder\n2020\t5\n2021\t6\n"), vocabulary())
    (table,) = document_to_tables(doc)
    assert doc.bbox(0, 4) is None and all(c.x0 is None for c in table.cells)
