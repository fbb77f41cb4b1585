"""Two-column PDF pages: each column read whole, in order, and footnotes printed in columns."""

from __future__ import annotations

from pathlib import Path

from extractors.layout.normalize import loaded_to_normalized
from extractors.load.pdf import pdf_bytes_to_document
from extractors.structure.footnotes import document_to_footnote_refs, document_to_footnotes
from extractors.vocab.vocabulary import vocabulary
from tests.two_column_pdf import CLOSING, LEFT, NOTES, two_column_pdf


def _text(path: Path) -> str:
    return pdf_bytes_to_document(path.read_bytes()).pages[0].text


def test_footnotes_in_two_columns_are_five_notes(tmp_path: Path) -> None:
    doc = loaded_to_normalized(pdf_bytes_to_document(two_column_pdf(tmp_path / "page.pdf").read_bytes()), vocabulary())
    notes = document_to_footnotes(doc, document_to_footnote_refs(doc), vocabulary())
    assert [(n.number, n.text, n.referenced) for n in notes] == [(k, v, True) for k, v in NOTES.items()]


def test_a_sentence_runs_on_from_the_left_column_into_the_right(tmp_path: Path) -> None:
    doc = loaded_to_normalized(pdf_bytes_to_document(two_column_pdf(tmp_path / "page.pdf").read_bytes()), vocabulary())
    paragraphs = [doc.block_text(b) for b in doc.blocks_of("paragraph")]
    assert paragraphs[0].startswith("River Bend joined the partnership in 2018.\u00b9 The city has 182,400")
    assert "to every one of its districts. The analysts mapped 120 shootings in 2019.\u00b3" in paragraphs[0]
    assert paragraphs[0].endswith("trained 35 analysts.\u2075")
    assert paragraphs[1] == CLOSING


def test_a_right_column_of_one_line_comes_after_the_whole_left_column(tmp_path: Path) -> None:
    left = LEFT + " districts, and the town center."
    text = _text(two_column_pdf(tmp_path / "page.pdf", left, "A short right column."))
    assert text.index("and the town\ncenter.") < text.index("A short right column.") < text.index(CLOSING)


def test_two_columns_of_two_lines(tmp_path: Path) -> None:
    left = "One two three four five six seven eight nine ten eleven twelve thirteen fourteen."
    right = "Right one two three four five six seven eight nine ten eleven twelve thirteen."
    paragraphs = _text(two_column_pdf(tmp_path / "page.pdf", left, right, notes=False)).split("\n\n")
    assert paragraphs[1:3] == [
        "One two three four five six seven eight nine ten\neleven twelve thirteen fourteen.",
        "Right one two three four five six seven eight nine\nten eleven twelve thirteen.",
    ]
