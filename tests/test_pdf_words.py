"""Words and lines of a PDF page (`extractors.layout.pdf_words`): characters of PDFs drawn here with
reportlab, superscript calls by geometry, turned pages made upright, lines clustered."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from reportlab.pdfgen.canvas import Canvas

from extractors.layout.pdf_words import (
    Word,
    chars_to_words,
    derotate_chars,
    derotate_edges,
    inside,
    mark_superscripts,
    orientation,
    turn_box,
    unturn_box,
    words_to_lines,
    words_to_text,
)

WIDTH, HEIGHT = 300.0, 200.0


def page_chars(draw) -> list[dict]:  # noqa: ANN001
    """The characters pdfplumber reads from a one-page PDF that `draw(canvas)` paints."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(WIDTH, HEIGHT))
    draw(canvas)
    canvas.showPage()
    canvas.save()
    with pdfplumber.open(io.BytesIO(buffer.getvalue())) as pdf:
        return list(pdf.pages[0].chars)


def _sentence_with_a_call(canvas: Canvas) -> None:
    canvas.setFont("Helvetica", 10)
    canvas.drawString(20, 150, "Crime fell")
    canvas.setFont("Helvetica-Bold", 10)
    canvas.drawString(72, 150, "sharply")
    canvas.setFont("Helvetica", 6)
    canvas.drawString(108, 154, "2")  # small and raised: a footnote call
    canvas.drawString(130, 150, "small")  # small on the baseline: no call
    canvas.setFont("Helvetica", 10)
    canvas.drawString(20, 130, "Next line")


def test_words_split_where_the_weight_changes_and_keep_size_and_box() -> None:
    words = chars_to_words(page_chars(_sentence_with_a_call))
    assert [(w.text, w.size, w.bold) for w in words] == [
        ("Crime", 10.0, False), ("fell", 10.0, False), ("sharply", 10.0, True), ("2", 6.0, False),
        ("small", 6.0, False), ("Next", 10.0, False), ("line", 10.0, False),
    ]
    assert (words[0].x0, round(words[0].top, 2), round(words[0].bottom, 2)) == (20.0, 42.07, 52.07)


def test_a_small_raised_word_is_a_call_moved_onto_its_neighbours_line() -> None:
    words = mark_superscripts(chars_to_words(page_chars(_sentence_with_a_call)))
    call = words[3]
    assert (call.text, call.sup, call.size, call.top) == ("\u00b2", True, 10.0, words[2].top)
    assert not words[4].sup  # the same small size on the baseline is no call
    assert [line.text for line in words_to_lines(words)] == ["Crime fell sharply\u00b2 small", "Next line"]


def test_a_call_glues_to_the_word_before_it_only_when_close() -> None:
    word = Word("budgeted).", 0, 40, 0, 10, 10.0)
    near = Word("\u00b2", 41, 44, 0, 10, 10.0, sup=True)
    far = Word("\u00b2", 50, 53, 0, 10, 10.0, sup=True)
    assert words_to_text([word, near]) == "budgeted).\u00b2"
    assert words_to_text([word, far]) == "budgeted). \u00b2"


@pytest.mark.parametrize(("matrix", "turn"), [((1, 0, 0, 1, 0, 0), 0), ((0, -1, 1, 0, 0, 0), 90),
                                              ((-1, 0, 0, -1, 0, 0), 180), ((0, 1, -1, 0, 0, 0), 270)])
def test_orientation_from_the_text_matrix(matrix: tuple, turn: int) -> None:
    assert orientation({"matrix": matrix}) == turn


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_unturn_box_undoes_turn_box(turn: int) -> None:
    box = (10.0, 20.0, 40.0, 28.0)
    assert unturn_box(turn_box(*box, WIDTH, HEIGHT, turn), WIDTH, HEIGHT, turn) == box


def test_a_quarter_turn_swaps_the_frame_and_the_rule_directions() -> None:
    assert turn_box(10, 20, 40, 28, WIDTH, HEIGHT, 90) == (20, 260, 28, 290)
    (edge,) = derotate_edges([{"x0": 10, "top": 20, "x1": 10, "bottom": 80, "orientation": "v"}], WIDTH, HEIGHT, 90)
    assert (edge["orientation"], edge["x0"], edge["top"], edge["x1"], edge["bottom"]) == ("h", 20, 290, 80, 290)
    assert (edge["width"], edge["height"]) == (60, 0)


@pytest.mark.parametrize(("angle", "turn"), [(90, 270), (180, 180), (270, 90)])
def test_text_drawn_turned_reads_upright_once_derotated(angle: int, turn: int) -> None:
    def draw(canvas: Canvas) -> None:
        canvas.setFont("Helvetica", 10)
        canvas.translate(150, 100)
        canvas.rotate(angle)
        canvas.drawString(0, 0, "Rotated text")

    chars = page_chars(draw)
    assert {orientation(c) for c in chars} == {turn}
    upright = derotate_chars(chars, WIDTH, HEIGHT, turn)
    assert [(w.text, w.size) for w in chars_to_words(upright)] == [("Rotated", 10.0), ("text", 10.0)]
    assert derotate_chars(chars, WIDTH, HEIGHT, (turn + 90) % 360) == []  # other orientations are dropped


def test_lines_cluster_by_vertical_overlap_top_to_bottom_left_to_right() -> None:
    words = [Word("b", 30, 36, 0.5, 10.5, 10.0), Word("c", 0, 6, 14, 24, 10.0), Word("a", 0, 6, 0, 10, 10.0)]
    assert [line.text for line in words_to_lines(words)] == ["a b", "c"]
    assert inside(words[0], (30, 0, 36, 11)) and not inside(words[0], (0, 0, 32, 11))
