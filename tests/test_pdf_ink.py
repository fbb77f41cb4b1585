"""Invisible text in PDFs follows the colour space and the text render mode (generated PDFs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.load.pdf import pdf_bytes_to_document
from extractors.model.errors import ExtractionError
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
