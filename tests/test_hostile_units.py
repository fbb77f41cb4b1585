"""Unit tests of the pieces that keep hostile input harmless: the walk of raw/, identity by bytes,
numbers too long to be numbers, long blocks parsed in pieces, the entity overlap index."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractors.load.text import text_bytes_to_document
from extractors.model.document import Block
from extractors.model.errors import ExtractionError
from extractors.model.printed_numbers import overlong_number, parse_number
from extractors.nlp.entities import _Reach, _Span
from extractors.nlp.prose import block_to_pieces
from flows.raw_files import find_files, identify, one_per_document


def test_a_folder_that_cannot_be_listed_is_a_named_skip(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text("x")
    (tmp_path / "b.txt").write_text("y")
    real = os.scandir

    def scandir(path):  # noqa: ANN001, ANN202 - as root, chmod 000 does not stop a listing
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    files, skipped = find_files(tmp_path, set())
    assert files == [tmp_path / "b.txt"]
    assert [(s.source, s.reason) for s in skipped] == [("locked", "a folder that cannot be read (Permission denied)")]


def test_links_and_loops_are_files_with_a_reason_never_a_crash(tmp_path):
    (tmp_path / "self.txt").symlink_to("self.txt")
    (tmp_path / "gone.txt").symlink_to("missing.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "back").symlink_to("..", target_is_directory=True)
    files, skipped = find_files(tmp_path, set())
    assert [s.source for s in skipped] == ["sub/back"]
    problems = {identify(tmp_path, path).source: identify(tmp_path, path).problem for path in files}
    assert "symlink loop" in problems["self.txt"] and "symlink to nothing" in problems["gone.txt"]


def test_the_same_bytes_are_one_document_and_the_choice_never_flips(tmp_path):
    for name in ("report.txt", "report", "zz copy.txt", "a copy.txt"):
        (tmp_path / name).write_text("CASE STUDY SPRINGFIELD, OHIO\n")
    files = [identify(tmp_path, tmp_path / name) for name in ("report", "zz copy.txt", "report.txt", "a copy.txt")]
    kept, skipped = one_per_document(files)
    again, _ = one_per_document(list(reversed(files)))
    assert [f.source for f in kept] == [f.source for f in again] == ["a copy.txt"]
    assert kept[0].duplicates == ("report", "report.txt", "zz copy.txt")  # the name with no extension never wins
    assert {s.source for s in skipped} == {"report", "report.txt", "zz copy.txt"}


def test_numbers_longer_than_a_float_holds_are_text():
    assert parse_number("123,456,789,012,345") == 123_456_789_012_345
    for raw in ("1234567890123456", "610226000000000000000000", "9" * 400, "(" + "1" * 30 + ")"):
        assert parse_number(raw) is None and overlong_number(raw), raw
    assert not overlong_number("12,430") and not overlong_number("Population") and not overlong_number("0" * 30)


def test_a_byte_order_mark_alone_is_an_empty_file():
    for data in (b"\xef\xbb\xbf", b"\xef\xbb\xbf \n\n", b"", b" \t\n"):
        with pytest.raises(ExtractionError, match="empty file"):
            text_bytes_to_document(data)


def test_a_pdf_of_blank_pages_is_empty_not_image_only(tmp_path):
    from reportlab.pdfgen import canvas

    from extractors.load.pdf import pdf_bytes_to_document

    pdf = canvas.Canvas(str(tmp_path / "blank.pdf"))
    pdf.showPage()
    pdf.showPage()
    pdf.save()
    with pytest.raises(ExtractionError, match=r"empty PDF: no text and no images on its 2 page\(s\)"):
        pdf_bytes_to_document((tmp_path / "blank.pdf").read_bytes())


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab. \n!", max_size=3000), st.integers(min_value=20, max_value=400), st.integers(0, 50))
def test_a_long_block_is_cut_into_pieces_that_cover_it_exactly(text, limit, offset):
    block = Block("paragraph", offset, offset + len(text), 3)
    pieces = block_to_pieces(block, text, limit)
    assert "".join(p.text for p in pieces) == text
    assert all(len(p.text) <= limit for p in pieces)
    assert all(p.block.end - p.block.start == len(p.text) and p.block.page == 3 for p in pieces)
    assert [p.block.start for p in pieces][0] == offset and pieces[-1].block.end == offset + len(text)
    assert all(a.block.end == b.block.start for a, b in zip(pieces, pieces[1:], strict=False))


intervals = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 12)).map(lambda t: (t[0], t[0] + t[1])), max_size=20)


@given(intervals, st.integers(0, 60), st.integers(0, 12))
def test_the_overlap_index_answers_as_testing_every_pair_would(spans, start, width):
    reach, span = _Reach(spans), _Span(start, start + width, "ORG")
    assert reach.overlaps(span) == any(span.start < end and begin < span.end for begin, end in spans)
    assert reach.covers(start) == any(begin <= start < end for begin, end in spans)
    assert reach.contains_nearly(span) == any(span.start >= b - 1 and span.end <= e + 1 for b, e in spans)
