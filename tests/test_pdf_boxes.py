"""Where a span of a PDF's text is printed: cells and prose map back to page + box (a PDF built with
tests/pdf_builder.py), and `extractors.layout.pdf_boxes` on lines and grids made here."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from extractors.layout.normalize import loaded_to_normalized
from extractors.layout.pdf_boxes import page_boxes
from extractors.layout.pdf_words import Line, Word
from extractors.load.pdf import pdf_bytes_to_document
from extractors.load.text import text_bytes_to_document
from extractors.model.document import NormalizedDocument
from extractors.structure.tables import document_to_tables
from extractors.tables.grid import GridCell, TableGrid
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
    (table,) = document_to_tables(doc, vocabulary())
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
    doc = loaded_to_normalized(text_bytes_to_document(b"Year\tMurder\n2020\t5\n2021\t6\n"), vocabulary())
    (table,) = document_to_tables(doc, vocabulary())
    assert doc.bbox(0, 4) is None and all(c.x0 is None for c in table.cells)


# ---- page_boxes on lines and a grid made here --------------------------------------------------

def _line(top: float, *texts: str) -> Line:
    words, x = [], 72.0
    for text in texts:
        words.append(Word(text, x, x + 5 * len(text), top, top + 10, 10.0, sup=text.startswith("\u00b2")))
        x += 5 * len(text) + 3
    return Line(words)


def test_page_boxes_give_each_written_word_and_cell_its_box() -> None:
    prose = _line(100, "Crime", "fell.", "\u00b2")  # the call is close enough to glue: "fell.²"
    cells = (GridCell("2019", (72, 200, 92, 210)), GridCell("12", (150, 200, 160, 210)))
    grid = TableGrid(("Year", "Murder"), (cells,))
    text = "Crime fell.\u00b2\n\nYear\tMurder\n2019\t12"
    boxes = page_boxes(text, [prose], [grid], 4, lambda box: box)
    assert [(text[b.start : b.end], b.page, (b.x0, b.top, b.x1, b.bottom)) for b in boxes] == [
        ("Crime", 4, (72.0, 100, 97.0, 110)),
        ("fell.", 4, (100.0, 100, 125.0, 110)),
        ("\u00b2", 4, (128.0, 100, 133.0, 110)),
        ("2019", 4, (72, 200, 92, 210)),
        ("12", 4, (150, 200, 160, 210)),
    ]


def test_page_boxes_are_given_in_the_pages_own_frame_and_skip_what_is_not_written() -> None:
    line = _line(100, "Seen")
    boxes = page_boxes("Seen", [line, _line(120, "Unwritten")], [], 1, lambda b: (b[1], b[0], b[3], b[2]))
    assert [(b.start, b.end, b.x0, b.top, b.x1, b.bottom) for b in boxes] == [(0, 4, 100, 72.0, 110, 92.0)]


def test_a_line_printed_twice_maps_each_time_to_its_own_box() -> None:
    first, second = _line(100, "Same"), _line(300, "Same")
    boxes = page_boxes("Same\n\nSame", [first, second], [], 1, lambda box: box)
    assert [(b.start, b.top) for b in boxes] == [(0, 100), (6, 300)]
