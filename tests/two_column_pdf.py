"""A two-column case-study page with its footnotes in two columns, drawn with reportlab."""

from __future__ import annotations

import re
from pathlib import Path

from reportlab.lib.pagesizes import letter
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

MARGIN, GUTTER, SIZE, LEADING, NOTE_SIZE = 72.0, 24.0, 10.0, 13.0, 8.0
_CALL = re.compile(r"(\[\^\d+\])")

LEFT = (
    "River Bend joined the partnership in 2018.[^1] The city has 182,400 residents.[^2] The police department "
    "employs 312 sworn officers and 96 civilian staff who support the patrol divisions in every district of the "
    "city, and it added civilian analysts in the year 2020 to every one of its"
)
RIGHT = (
    "districts. The analysts mapped 120 shootings in 2019.[^3] Detectives cleared 61 percent of homicide cases.[^4] "
    "The city opened 2 youth centers and trained 35 analysts.[^5]"
)
CLOSING = "A full-width closing paragraph follows both columns and ends the page."
NOTES = {
    1: "Memorandum of understanding, 2018.",
    2: "US Census Bureau, population estimates, 2019.",
    3: "RBPD crime analysis unit, shooting map, 2019.",
    4: "RBPD homicide unit, 2020.",
    5: "RBPD training records, 2020, with a body long enough to wrap onto a second line of its column.",
}


def _wrap(text: str, width: float, size: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        trial = f"{lines[-1]} {word}" if lines else word
        if lines and stringWidth(_CALL.sub("", trial), "Helvetica", size) <= width:
            lines[-1] = trial
        else:
            lines.append(word)
    return lines


def _draw(canvas: Canvas, x: float, y: float, line: str, size: float) -> None:
    for piece in _CALL.split(line):
        call = piece.startswith("[^")
        text, font_size = (piece[2:-1], 6.0) if call else (piece, size)
        canvas.setFont("Helvetica", font_size)
        canvas.drawString(x, y + (3.5 if call else 0), text)
        x += stringWidth(text, "Helvetica", font_size)


def two_column_pdf(path: Path, left: str = LEFT, right: str = RIGHT, *, notes: bool = True) -> Path:
    """A title, a left column that runs on mid-sentence into a shorter right column, a closing
    full-width paragraph, and footnotes 1-2 under the left column and 3-5 under the right."""
    width, height = letter
    column = (width - 2 * MARGIN - GUTTER) / 2
    canvas = Canvas(str(path), pagesize=letter)
    canvas.setFont("Helvetica-Bold", 16)
    canvas.drawString(MARGIN, height - MARGIN, "CASE STUDY RIVER BEND, OREGON")
    bottoms = []
    for x, text in ((MARGIN, left), (MARGIN + column + GUTTER, right)):
        y = height - MARGIN - 40
        for line in _wrap(text, column, SIZE):
            _draw(canvas, x, y, line, SIZE)
            y -= LEADING
        bottoms.append(y)
    _draw(canvas, MARGIN, min(bottoms) - 20, CLOSING, SIZE)
    for x, numbers in ((MARGIN, [1, 2]), (MARGIN + column + GUTTER, [3, 4, 5])) if notes else ():
        y = MARGIN + 60
        for number in numbers:
            canvas.setFont("Helvetica", 5)
            canvas.drawString(x, y + 3, str(number))
            for line in _wrap(NOTES[number], column - 8, NOTE_SIZE):
                canvas.setFont("Helvetica", NOTE_SIZE)
                canvas.drawString(x + 8, y, line)
                y -= 10
    canvas.save()
    return path
