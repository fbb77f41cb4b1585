"""A PDF with no text layer: quarantined by default, read by OCR (tesseract) with `--ocr`."""

from __future__ import annotations

import io
import os
import shutil

import pandas as pd
import pytest
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import letter
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from extractors.load.ocr import OCR_WARNING, ocr_text_to_page_text

LINES = [
    "CASE STUDY SPRINGFIELD, OHIO",
    "",
    "In 2019, the Springfield Police Division",
    "recorded 1,234 aggravated assaults and",
    "joined the Public Safety Partnership.",
]
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None and not os.environ.get("CI"),
    reason="tesseract is not installed (apt-get install tesseract-ocr); required when CI is set",
)


def image_only_pdf() -> bytes:
    """A one-page PDF whose only content is a picture of case-study text (no text layer)."""
    font = ImageFont.load_default(size=40)
    image = Image.new("L", (2400, 900), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(LINES):
        draw.text((120, 100 + index * 70), line, fill=0, font=font)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    width, height = letter
    pdf.drawImage(ImageReader(image), 36, height - 36 - 270, width=width - 72, height=270)
    pdf.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def runs(tmp_path_factory, prefect_harness):
    """The same image-only PDF ingested without and with OCR."""
    from flows.ingest import ingest

    raw = tmp_path_factory.mktemp("raw")
    (raw / "scan.pdf").write_bytes(image_only_pdf())
    plain, with_ocr = tmp_path_factory.mktemp("plain"), tmp_path_factory.mktemp("ocr")
    ingest(raw_dir=str(raw), out_dir=str(plain))
    summary = ingest(raw_dir=str(raw), out_dir=str(with_ocr), ocr=True)
    return plain, with_ocr, summary


def test_ocr_text_follows_the_page_convention():
    text = "CASE STUDY  \nSPRINGFIELD\n\n\n \nIn 2019, the\ndivision\n\f"
    assert ocr_text_to_page_text(text) == "CASE STUDY\nSPRINGFIELD\n\nIn 2019, the\ndivision"


def test_missing_tesseract_is_a_reason(monkeypatch):
    from extractors.load import ocr
    from extractors.model.errors import ExtractionError

    monkeypatch.setattr(ocr, "tesseract_path", lambda: None)
    with pytest.raises(ExtractionError, match="install tesseract-ocr"):
        ocr.pdf_bytes_to_ocr_document(image_only_pdf())


@needs_tesseract
def test_without_ocr_an_image_only_pdf_is_quarantined(runs):
    plain, _, _ = runs
    row = pd.read_parquet(plain / "documents").iloc[0]
    assert row.status == "quarantined" and "no text layer" in row.error
    assert not row.ocr


@needs_tesseract
def test_with_ocr_the_text_is_read_and_marked(runs):
    _, out, summary = runs
    assert summary.count("ok") == 1, summary.documents
    row = pd.read_parquet(out / "documents").iloc[0]
    assert row.status == "ok" and row.ocr and OCR_WARNING in list(row.warnings)
    text = (out / "text" / f"{row.doc_id}.txt").read_text(encoding="utf-8").lower()
    for word in ("springfield", "ohio", "police", "assaults", "partnership"):
        assert word in text, text
    assert "1,234" in text or "1234" in text, text
    if "case study springfield, ohio" in text:  # the title read cleanly: the site is found
        assert (row.site, row.state) == ("Springfield", "Ohio")
    validation = pd.read_parquet(out / "validation")
    assert "document.load_warning" in set(validation.check)  # OCR text is flagged for review


@needs_tesseract
def test_psp_add_with_ocr_names_the_file_after_its_site(tmp_path, prefect_harness, capsys):
    from flows.cli import main

    (tmp_path / "scan 7.pdf").write_bytes(image_only_pdf())
    raw, out = tmp_path / "raw", tmp_path / "out"
    assert main(["add", str(tmp_path / "scan 7.pdf"), "--raw", str(raw), "--out", str(out), "--ocr"]) == 0
    printed = capsys.readouterr().out
    assert ": ok" in printed, printed
    names = [p.name for p in raw.iterdir() if p.name != "added-as.yaml"]  # psp add records the name it was given
    assert names in (["springfield-oh.pdf"], ["scan-7.pdf"]), names  # the site's name when the title read cleanly
