"""Invisible text in PDFs follows the colour space and the text render mode (generated PDFs), and
`extractors.load.pdf_ink` on colour spaces made here and on an `InkPage`."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.layout import LTContainer
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.psparser import LIT
from pdfplumber.page import Page

from extractors.load.pdf import pdf_bytes_to_document
from extractors.load.pdf_ink import InkPage, SpecifiedSpace, leaves_no_ink
from extractors.model.errors import ExtractionError
from tests.conftest import shared_file
from tests.ink_pdfs import Line, ink_pdf

SEEN = [
    Line("gray black", "0 g"),
    Line("gray half", "0.5 g"),
    Line("rgb red", "1 0 0 rg"),
    Line("cmyk black", "0 0 0 1 k"),
    Line("separation full ink", "/Black cs 1 scn"),  # tint 1.0 is full ink: printed black, never white
    Line("separation half ink", "/Black cs 0.5 scn"),
    Line("devicen cyan", "/Duo cs 0.8 0 scn"),
    Line("indexed black", "/Palette cs 0 scn"),
    Line("icc blue", "/Icc cs 0 0 1 scn"),
    Line("stroked black", "1 g 0 G", mode=1),  # render mode 1 strokes: the stroke colour counts
    Line("separation stroked", "1 g /Black CS 1 SCN", mode=1),
    Line("filled and stroked", "1 g 0 G", mode=2),
]
UNSEEN = [
    Line("gray white", "1 g"),
    Line("rgb white", "1 1 1 rg"),
    Line("cmyk no ink", "0 0 0 0 k"),
    Line("separation no ink", "/Black cs 0 scn"),
    Line("separation none", "/NoSpot cs 1 scn"),  # the separation "None" never marks the page
    Line("devicen no ink", "/Duo cs 0 0 scn"),
    Line("indexed white", "/Palette cs 1 scn"),
    Line("icc white", "/Icc cs 1 1 1 scn"),
    Line("stroked white", "0 g 1 G", mode=1),
]
NOT_PAINTED = [Line("mode three", "0 g", mode=3), Line("mode seven", "0 g", mode=7)]


def test_each_colour_space_and_render_mode() -> None:
    lines = [*SEEN, *UNSEEN, *NOT_PAINTED, Line("white on a black box", "1 g")]
    loaded = pdf_bytes_to_document(ink_pdf(lines, fill_under=len(lines) - 1))
    read = loaded.pages[0].text.split("\n\n")
    assert read == [line.text for line in SEEN] + ["white on a black box"]
    hidden = sum(len(line.text.replace(" ", "")) for line in UNSEEN)
    unpainted = sum(len(line.text.replace(" ", "")) for line in NOT_PAINTED)
    assert loaded.warnings == (
        f"{hidden} characters of invisible text (white or uninked, tiny or off the page) were ignored",
        f"{unpainted} characters drawn invisible (text render mode 3) were not read",
    )


def test_a_document_in_full_ink_of_a_spot_colour_is_read() -> None:
    spot = "/Black cs 1 scn"
    loaded = pdf_bytes_to_document(ink_pdf([Line("Case Study", spot), Line("In 2019 ...", spot)]))
    assert loaded.pages[0].text == "Case Study\n\nIn 2019 ..." and loaded.warnings == ()


def test_an_invisible_text_layer_is_read_only_with_ocr() -> None:
    data = ink_pdf([Line("Scanned page text", mode=3), Line("read from its OCR layer", mode=3)])
    with pytest.raises(ExtractionError) as refused:
        pdf_bytes_to_document(data)
    assert refused.value.stage == "load"
    assert refused.value.reason == (
        "no visible text: all 34 characters are drawn invisible (text render mode 3, as in the text layer "
        "OCR puts under a scan); psp ingest --ocr reads that layer"
    )
    loaded = pdf_bytes_to_document(data, ocr=True)
    assert loaded.pages[0].text == "Scanned page text\n\nread from its OCR layer" and loaded.warnings == ()


def test_the_flow_reads_an_invisible_layer_with_ocr(tmp_path: Path) -> None:
    from flows.documents import read_isolated
    from flows.raw_files import identify

    path = tmp_path / "scan.pdf"
    path.write_bytes(ink_pdf([Line("Scanned page text", mode=3)]))
    file = identify(tmp_path, path)
    with pytest.raises(ExtractionError, match="psp ingest --ocr reads that layer"):
        read_isolated(file)
    assert read_isolated(file, ocr=True).extraction.document.text == "Scanned page text"


def _space(name: str, components: int) -> PDFColorSpace:
    return PDFColorSpace(name, components)


@pytest.mark.parametrize(("space", "colour", "blank"), [
    (_space("DeviceGray", 1), 1.0, True),
    (_space("DeviceGray", 1), 0.996, True),  # within half a percent of white
    (_space("DeviceGray", 1), 0.9, False),
    (_space("DeviceRGB", 3), (1, 1, 1), True),
    (_space("DeviceRGB", 3), (1, 1, 0), False),
    (_space("DeviceCMYK", 4), (0, 0, 0, 0), True),
    (_space("DeviceCMYK", 4), (0, 0, 0, 1), False),
    (_space("Lab", 3), (100, 0, 0), True),
    (_space("Lab", 3), (100, 20, 0), False),
    (_space("ICCBased", 1), 1.0, True),  # an ICC space is read by its number of components
    (_space("ICCBased", 4), (0, 0, 0, 0), True),
    (_space("DeviceN", 2), (0, 0), True),
    (_space("DeviceN", 2), (0.8, 0), False),
    (_space("Pattern", 1), "P1", False),  # a pattern paints; what, we cannot tell
    (None, 1.0, False),
])
def test_colours_that_leave_no_ink(space: PDFColorSpace | None, colour: object, blank: bool) -> None:
    assert leaves_no_ink(space, colour) is blank


def test_separations_and_indexed_colours_by_their_definition() -> None:
    black = SpecifiedSpace("Separation", 1, [LIT("Separation"), LIT("Black"), LIT("DeviceCMYK"), None])
    none = SpecifiedSpace("Separation", 1, [LIT("Separation"), LIT("None"), LIT("DeviceGray"), None])
    palette = SpecifiedSpace("Indexed", 1, [LIT("Indexed"), LIT("DeviceRGB"), 1, b"\x00\x00\x00\xff\xff\xff"])
    assert [leaves_no_ink(black, tint) for tint in (0.0, 0.5, 1.0)] == [True, False, False]
    assert leaves_no_ink(none, 1.0)  # the separation "None" never marks the page
    assert [leaves_no_ink(palette, index) for index in (0, 1, 2)] == [False, True, False]  # 2: no such entry


def test_an_ink_page_keeps_the_characters_a_reader_sees_and_counts_the_rest() -> None:
    data = ink_pdf([Line("Seen", "0 g"), Line("White", "1 g"), Line("Layer", "0 g", mode=3)])
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = InkPage(pdf.pages[0])
        assert "".join(c["text"] for c in page.chars) == "Seen"
        assert page.hidden == {"ink": 5, "mode": 5}
        layer = InkPage(pdf.pages[0], read_invisible_mode=True)
        assert "".join(c["text"] for c in layer.chars) == "SeenLayer" and layer.hidden == {"ink": 5}


def _pdfplumbers_objects(page: InkPage) -> dict[str, list[dict[str, object]]]:
    """The object dicts pdfplumber's own `Page.process_object` makes of the ink page's layout."""
    def walk(objs: list) -> list:
        return [leaf for o in objs for leaf in (walk(o._objs) if isinstance(o, LTContainer) else [o])]
    out: dict[str, list[dict[str, object]]] = {}
    for obj in walk(page.layout._objs):
        made = Page.process_object(page, obj)
        if made["object_type"] != "anno":
            out.setdefault(made["object_type"], []).append(made)
    return out


@pytest.mark.parametrize("source", ["colour spaces", "external/pdfs/eu-014.pdf", "external/pdfs/us-001.pdf"])
def test_an_ink_page_makes_the_object_dicts_pdfplumber_makes(source: str) -> None:
    """The ink page makes its characters' dicts itself (faster): key for key and value for value
    what pdfplumber makes, in the same order, also for spot and indexed colour spaces."""
    data = (ink_pdf([*SEEN, *UNSEEN], fill_under=0) if source == "colour spaces"
            else shared_file(source, "a real PDF's characters and rules").read_bytes())
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for plain in pdf.pages:
            page = InkPage(plain)
            made = page.objects
            assert made["char"]
            assert made == _pdfplumbers_objects(page)
            assert [list(c) for c in made["char"]] == [list(c) for c in _pdfplumbers_objects(page)["char"]]
