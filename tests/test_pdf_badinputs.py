"""Malformed PDFs: each is refused with a reason a person understands, or loads with a warning."""

from __future__ import annotations

import io

import pytest
from reportlab.pdfgen.canvas import Canvas

from extractors.load.pdf import pdf_bytes_to_document
from extractors.model.errors import ExtractionError
from extractors.vocab.vocabulary import Vocabulary
from tests.conftest import SHARED, needs_shared

BAD = SHARED / "badinputs"

REFUSED = {
    "pl_empty.pdf": "empty file (0 bytes)",
    "pl_password-example.pdf": "encrypted PDF (a password is required)",
    "qpdf_bad1.pdf": "not a PDF (no %PDF header)",
    "qpdf_issue-149.pdf": "damaged PDF: cross-reference table loops",
    "ps_grayscale-image-no-text.pdf": "no text layer (image-only pages)",
}
LOADED = {
    "pm_zen_of_python_corrupted.pdf": "corrupted data",
    "pm_issue_495_pdfobjref.pdf": "(cid:NN)",
}
needs_badinputs = needs_shared("badinputs", "malformed PDFs collected from parser test suites")


@needs_badinputs
def test_every_bad_input_is_covered() -> None:
    assert {p.name for p in BAD.glob("*.pdf")} <= set(REFUSED) | set(LOADED)


@needs_badinputs
@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_reason(name: str) -> None:
    with pytest.raises(ExtractionError) as info:
        pdf_bytes_to_document((BAD / name).read_bytes())
    assert info.value.stage == "load"
    assert info.value.reason == REFUSED[name]


@needs_badinputs
@pytest.mark.parametrize("name", sorted(LOADED))
def test_loaded_with_warning(name: str) -> None:
    doc = pdf_bytes_to_document((BAD / name).read_bytes())
    assert doc.page_count == len(doc.pages) == 1
    assert doc.pages[0].text.strip()
    assert any(LOADED[name] in w for w in doc.warnings), doc.warnings


@needs_badinputs
def test_corrupt_stream_text_partly_recovered() -> None:
    doc = pdf_bytes_to_document((BAD / "pm_zen_of_python_corrupted.pdf").read_bytes())
    assert "Beautiful is better than ugly." in doc.pages[0].text


def _pdf(pages: int, text: str = "Hello world", rotate: int = 0) -> bytes:
    buf = io.BytesIO()
    canvas = Canvas(buf)
    for _ in range(pages):
        canvas.setPageRotation(rotate)
        canvas.drawString(72, 700, text)
        canvas.showPage()
    canvas.save()
    return buf.getvalue()


def test_too_many_pages() -> None:
    with pytest.raises(ExtractionError, match="more than 2 pages"):
        pdf_bytes_to_document(_pdf(3), max_pages=2)


def test_truncated_file_is_damaged_or_loads() -> None:
    data = _pdf(2)
    try:
        doc = pdf_bytes_to_document(data[: len(data) // 2])
    except ExtractionError as err:
        assert err.reason.startswith(("damaged PDF: ", "no text layer"))
    else:
        assert doc.kind == "pdf"


def test_html_renamed_pdf_is_not_a_pdf() -> None:
    with pytest.raises(ExtractionError, match="not a PDF"):
        pdf_bytes_to_document(b"<html><body>hello</body></html>")


def test_rotated_pages_do_not_crash() -> None:
    for rotate in (90, 180, 270):
        doc = pdf_bytes_to_document(_pdf(1, "Rotated page text", rotate))
        assert "Rotated page text" in doc.pages[0].text


def test_mostly_unmapped_glyphs_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import extractors.load.pdf as layout

    real = layout.page_to_raw

    def unmapped(page: layout.InkPage, vocab: Vocabulary) -> layout.RawPage:
        raw = real(page, vocab)
        raw.cid_chars = raw.chars
        return raw

    monkeypatch.setattr(layout, "page_to_raw", unmapped)
    with pytest.raises(ExtractionError, match=r"unreadable glyphs: text is mostly \(cid:NN\) codes"):
        pdf_bytes_to_document(_pdf(1))
