"""The PDF loader on case-study PDFs built by tests/pdf_builder.py (real PDF geometry)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from extractors.load.pdf import pdf_bytes_to_document
from extractors.model.pages import LoadedDocument
from tests.pdf_builder import CaseStudySpec, FigureSpec, Section, TableSpec, build_case_study_pdf

HEADER = "NATIONAL PUBLIC SAFETY PARTNERSHIP CASE STUDY"
YEARS = [str(y) for y in range(2005, 2023)]
CRIME_ROWS = [[y, f"{600 + i},{100 + i:03d}", f"{12 + i % 3},{400 + i:03d}", str(300 + i)] for i, y in enumerate(YEARS)]
LEFT = (
    "Left column text starts the two column page. The analysts met every week with the "
    "detectives to review open cases and the outcomes of recent arrests in each district. "
    "This paragraph is long enough to wrap over many lines of the narrow left column text."
)
RIGHT = (
    "Right column text follows after the whole left column. Community partners joined the "
    "effort and shared what they heard from residents about safety in their neighborhoods, "
    "and this paragraph also wraps over several lines of the narrow right column text."
)


def _spec() -> CaseStudySpec:
    intro = (
        "Baltimore is home to 585,693 residents spread across more than 220 neighborhoods, with a "
        "median household income of $54,124.[^1] As of June 1, 2023, the department had approximately "
        "2,100 sworn personnel (2,605 budgeted) and 520 civilian employees (655 budgeted).[^2]"
    )
    crime = TableSpec(
        caption="Table 1. Violent crime data (2005-2022)",
        header=["Year", "Population[^3]", "Violent Crime", "Homicide"],
        rows=CRIME_ROWS,
        source="Source: Baltimore Police Department, 2023.",
        break_after_rows=10,
    )
    grouped = TableSpec(
        caption="Table 2. Arrests by offense group",
        header=["District", "Homicide", "Robbery", "Burglary", "Theft"],
        group_header=[("", 1), ("Violent", 2), ("Property", 2)],
        rows=[["Western", "41", "1,204", "310", "2,871"], ["Eastern", "38", "998", "287", "2,455"]],
    )
    return CaseStudySpec(
        title="CASE STUDY BALTIMORE, MARYLAND",
        footnotes={
            1: "United States Census Bureau QuickFacts, retrieved June 6, 2023, with a body long enough "
            "to wrap onto a second line of small print at the bottom of the page.",
            2: "Baltimore Police Department, 2022 Staffing Plan Update, August 2022.",
            3: "Population estimates from the state planning office.",
        },
        sections=[
            Section("ABOUT BALTIMORE", [intro, "A second paragraph of running text follows the first one."]),
            Section("CRIME DATA", [crime, "Violent crime fell after the strategy began."]),
            Section("TWO COLUMN NOTES", [LEFT, LEFT, RIGHT, RIGHT], two_column=True),
            Section("GROUPED TABLE", [grouped, FigureSpec("Chart 1: Shootings (2017-2023)", source="Source: BPD.")]),
        ],
    )


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> LoadedDocument:
    path = build_case_study_pdf(_spec(), tmp_path_factory.mktemp("pdf") / "case.pdf")
    return pdf_bytes_to_document(Path(path).read_bytes())


def _page_with(doc: LoadedDocument, needle: str) -> int:
    return next(i for i, p in enumerate(doc.pages) if needle in p.text)


def test_pages_numbered_from_one(doc: LoadedDocument) -> None:
    assert doc.kind == "pdf"
    assert doc.page_count == len(doc.pages) >= 4
    assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))


def test_furniture_removed(doc: LoadedDocument) -> None:
    for page in doc.pages:
        assert HEADER not in page.text
        assert f"Page {page.number}" not in page.text
        assert HEADER in page.furniture
        assert f"Page {page.number}" in page.furniture


def test_superscript_calls_glued(doc: LoadedDocument) -> None:
    text = doc.pages[0].text
    assert "$54,124.¹" in text
    assert "(655 budgeted).²" in text


def test_footnote_bodies_are_paragraphs_after_text(doc: LoadedDocument) -> None:
    paragraphs = doc.pages[0].text.split("\n\n")
    first = next(p for p in paragraphs if p.startswith("¹ "))
    assert first.startswith("¹ United States Census Bureau QuickFacts")
    assert "\n" not in first and first.endswith("at the bottom of the page.")
    assert "² Baltimore Police Department, 2022 Staffing Plan Update, August 2022." in paragraphs
    assert paragraphs.index(first) > next(i for i, p in enumerate(paragraphs) if "budgeted).²" in p)


def test_table_rows_with_header_and_caption(doc: LoadedDocument) -> None:
    i = _page_with(doc, "Table 1. Violent crime data (2005-2022)")
    paragraphs = doc.pages[i].text.split("\n\n")
    at = paragraphs.index("Table 1. Violent crime data (2005-2022)")
    rows = paragraphs[at + 1].split("\n")
    assert rows[0] == "Year\tPopulation³\tViolent Crime\tHomicide"
    assert rows[1] == "\t".join(CRIME_ROWS[0])
    assert len(rows) == 11


def test_table_continued_on_next_page(doc: LoadedDocument) -> None:
    i = _page_with(doc, "Table 1. Violent crime data (2005-2022)")
    continued = doc.pages[i + 1].text
    lines = continued.split("\n")
    assert "Year\tPopulation³\tViolent Crime\tHomicide" in lines
    for row in CRIME_ROWS[10:]:
        assert "\t".join(row) in lines
    assert "Source: Baltimore Police Department, 2023." in continued.split("\n\n")
    assert "³ Population estimates from the state planning office." in continued.split("\n\n")


def test_table_text_not_repeated_as_prose(doc: LoadedDocument) -> None:
    everything = doc.source_text
    for row in CRIME_ROWS:
        assert everything.count(row[1]) == 1
    assert everything.count("Violent Crime") == 2  # header repeated on the continuation page only


def test_two_level_header_flattened(doc: LoadedDocument) -> None:
    i = _page_with(doc, "Table 2. Arrests by offense group")
    lines = doc.pages[i].text.split("\n")
    assert "District\tViolent Homicide\tViolent Robbery\tProperty Burglary\tProperty Theft" in lines
    assert "Western\t41\t1,204\t310\t2,871" in lines
    assert "Chart 1: Shootings (2017-2023)" in doc.pages[i].text.split("\n\n")


def test_two_column_page_read_column_by_column(doc: LoadedDocument) -> None:
    i = _page_with(doc, "TWO COLUMN NOTES")
    paragraphs = doc.pages[i].text.split("\n\n")
    flat = [p.replace("\n", " ") for p in paragraphs]
    assert flat[0] == "TWO COLUMN NOTES"
    assert flat[1:5] == [LEFT, LEFT, RIGHT, RIGHT]


def test_headings_are_own_paragraphs(doc: LoadedDocument) -> None:
    paragraphs = doc.pages[0].text.split("\n\n")
    assert paragraphs[0] == "CASE STUDY BALTIMORE, MARYLAND"
    assert paragraphs[1] == "ABOUT BALTIMORE"


def _canvas_pdf(draw: Callable[[Canvas], None]) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf)
    canvas.setFont("Helvetica", 10)
    draw(canvas)
    canvas.showPage()
    canvas.save()
    return buf.getvalue()


def test_unruled_aligned_numbers_become_a_table() -> None:
    rows = [["Year", "Calls", "Arrests", "Cleared"], ["2019", "12,001", "3,004", "51%"],
            ["2020", "11,500", "2,900", "49%"], ["2021", "10,250", "2,750", "47%"]]

    def draw(c: Canvas) -> None:
        c.drawString(72, 720, "Prose before the table mentions 12 numbers, 2019 and 2020, and nothing more.")
        c.drawString(72, 700, "Table 3. Calls for service")
        for i, row in enumerate(rows):
            c.drawString(72, 680 - i * 14, row[0])
            for j, value in enumerate(row[1:]):
                c.drawRightString(250 + j * 90, 680 - i * 14, value)
        c.drawString(72, 610, "Source: City data.")

    paragraphs = pdf_bytes_to_document(_canvas_pdf(draw)).pages[0].text.split("\n\n")
    assert paragraphs == [
        "Prose before the table mentions 12 numbers, 2019 and 2020, and nothing more.",
        "Table 3. Calls for service",
        "\n".join("\t".join(r) for r in rows),
        "Source: City data.",
    ]


def test_prose_with_numbers_is_not_a_table() -> None:
    lines = [
        "In 2019 the city recorded 348 homicides, 4,856 robberies and 5,573 aggravated assaults.",
        "In 2020 the city recorded 335 homicides, 3,418 robberies and 5,326 aggravated assaults.",
        "In 2021 the city recorded 337 homicides, 3,232 robberies and 5,514 aggravated assaults.",
    ]

    def draw(c: Canvas) -> None:
        for i, line in enumerate(lines):
            c.drawString(72, 700 - i * 13, line)

    assert pdf_bytes_to_document(_canvas_pdf(draw)).pages[0].text == "\n".join(lines)


def test_invisible_text_is_reported_not_read(tmp_path):
    from reportlab.pdfgen import canvas

    from extractors.load.pdf import pdf_bytes_to_document
    from extractors.model.errors import ExtractionError

    path = tmp_path / "hidden.pdf"
    page = canvas.Canvas(str(path))
    page.setFont("Helvetica", 11)
    page.drawString(72, 720, "The department has 900 sworn officers.")
    page.setFillColorRGB(1, 1, 1)
    page.drawString(72, 700, "Hidden keyword stuffing 12345 white text.")
    page.setFillColorRGB(0, 0, 0)
    page.drawString(-900, 680, "Off the page entirely 67890.")
    page.save()
    document = pdf_bytes_to_document(path.read_bytes())
    text = "\n".join(p.text for p in document.pages)
    assert "900 sworn officers" in text
    assert "12345" not in text and "67890" not in text
    assert any("invisible text" in warning for warning in document.warnings)

    only_hidden = tmp_path / "only-hidden.pdf"
    page = canvas.Canvas(str(only_hidden))
    page.setFillColorRGB(1, 1, 1)
    page.drawString(72, 720, "Nothing a reader can see.")
    page.save()
    with pytest.raises(ExtractionError, match="no visible text"):
        pdf_bytes_to_document(only_hidden.read_bytes())
