"""A raw/ folder of hostile entries beside one good document, written by the tests.

Each entry is a case of issue 16 or of the "Known hazards" of ../shared/badinputs/README.md:
copies of the good file (one with no extension), symlink loops and self-links, links out of
raw/ or to nothing, a FIFO, symlinked and unreadable folders, text in UTF-16 or Latin-1, NUL
bytes, a byte-order mark alone, CR line endings, enormous lines, a 200,000,000-byte text,
numbers of 20 and 400 digits, PDFs that are empty, HTML, ZIP, truncated, a decompression bomb,
10,000 pages, 150,000 glyphs on a page, white text only.
"""

from __future__ import annotations

import os
import random
import shutil
import zipfile
from pathlib import Path

from reportlab.pdfgen import canvas

from tests.test_reliability import bomb_pdf

WORDS = "the city police department reported shootings fell across districts while partners expanded".split()


def _prose(rng: random.Random, chars: int, line: int) -> str:
    """Plain words in lines of about `line` characters, `chars` in all."""
    out, length, current = [], 0, []
    while length < chars:
        word = rng.choice(WORDS)
        current.append(word)
        length += len(word) + 1
        if sum(len(w) + 1 for w in current) >= line:
            out.append(" ".join(current))
            current = []
    out.append(" ".join(current))
    return "\n".join(out)[:chars]


def _blank_pdf(path: Path, pages: int = 1, text: str | None = None, white: bool = False) -> None:
    pdf = canvas.Canvas(str(path))
    for _ in range(pages):
        if text:
            if white:
                pdf.setFillColorRGB(1, 1, 1)
            pdf.drawString(72, 720, text)
        pdf.showPage()
    pdf.save()


def _glyphs_pdf(path: Path) -> None:
    pdf = canvas.Canvas(str(path))
    pdf.setFont("Helvetica", 2)
    for row in range(600):
        pdf.drawString(5, 5 + row * 1.3, "a" * 250)
    pdf.save()


def _with_cells(good: str, first: str, replacement: str) -> str:
    """The good text with the table row starting `first` given another first value."""
    lines = good.split("\n")
    for index, line in enumerate(lines):
        if line.startswith(first + "\t"):
            cells = line.split("\t")
            cells[1] = replacement
            lines[index] = "\t".join(cells)
    return "\n".join(lines)


def write_hostile_corpus(raw: Path, outside: Path, good: Path) -> None:
    """`good` copied in as good.txt, and every hostile entry around it."""
    rng = random.Random(16)
    text = good.read_text(encoding="utf-8")
    shutil.copy(good, raw / "good.txt")
    # the same bytes under other names: one document, never a lost or displaced row
    shutil.copy(good, raw / "second copy.txt")
    shutil.copy(good, raw / "good")
    # links that cannot be followed
    (raw / "self.txt").symlink_to("self.txt")
    (raw / "ping.txt").symlink_to("pong.txt")
    (raw / "pong.txt").symlink_to("ping.txt")
    (raw / "nowhere.txt").symlink_to("missing.txt")
    (outside / "secret.txt").write_text("outside raw", encoding="utf-8")
    (raw / "outside.txt").symlink_to(outside / "secret.txt")
    os.mkfifo(raw / "pipe.txt")
    # folders: one to walk, one linked (not followed), a link back up (a loop), one that cannot be listed
    (raw / "more").mkdir()
    note = "CASE STUDY PINE HARBOR, TENNESSEE\n\nIt has 9 districts.\n"
    (raw / "more" / "note.md").write_text(note, encoding="utf-8")
    (raw / "linked").symlink_to("more", target_is_directory=True)
    (raw / "more" / "up").symlink_to("..", target_is_directory=True)
    (raw / "locked").mkdir()
    (raw / "locked" / "hidden-inside.txt").write_text("unseen", encoding="utf-8")
    os.chmod(raw / "locked", 0)
    # text that is not what it should be
    (raw / "utf16.txt").write_bytes("Case study text".encode("utf-16"))
    (raw / "latin1.txt").write_bytes("Caf\xe9 in the city of Se\xf1or".encode("latin-1"))
    (raw / "nul.txt").write_bytes(b"Some text\x00with a NUL byte")
    (raw / "empty.txt").write_bytes(b"")
    (raw / "bom-only.txt").write_bytes(b"\xef\xbb\xbf")
    (raw / "blank.txt").write_bytes(b" \n\t\n ")
    (raw / "cr-endings.txt").write_bytes(text.replace("\n", "\r").encode("utf-8"))
    (raw / "notes.docx").write_bytes(b"PK\x03\x04")
    (raw / "README-less").write_bytes(b"no extension, not a copy of anything")
    # sizes and shapes built to make a step slow or large
    (raw / "five-long-lines.txt").write_text(
        "\n".join(_prose(rng, 199_999, 199_999) for _ in range(5)), encoding="utf-8"
    )
    (raw / "two-megabytes.txt").write_text(_prose(rng, 2_000_000, 90), encoding="utf-8")
    (raw / "one-line-50mb.txt").write_bytes(b"x" * 50_000_000)
    with open(raw / "huge.txt", "wb") as handle:  # 200,000,000 bytes: under the 200 MiB size check
        block = (_prose(rng, 1_000_000, 80) + "\n").encode("utf-8")
        written = 0
        while written < 200_000_000:
            piece = block[: 200_000_000 - written]
            handle.write(piece)
            written += len(piece)
    # numbers that fit no float or int, beside the good text
    (raw / "digits-20.txt").write_text(_with_cells(text, "2017", "610226000000000000000000"), encoding="utf-8")
    (raw / "digits-400.txt").write_text(_with_cells(text, "2018", "9" * 400), encoding="utf-8")
    calls = "\u00b9" * 5000
    (raw / "digits-prose.txt").write_text(
        text + f"\n\nThe city counted {'7' * 5000} incidents{calls} and {'8' * 400} more.\n\n[{'9' * 5000}] A note.\n",
        encoding="utf-8",
    )
    # PDFs: empty pages, not PDFs at all, broken, pathological
    _blank_pdf(raw / "blank-page.pdf")
    _blank_pdf(raw / "white-text.pdf", text="HIDDEN: total 999999", white=True)
    (raw / "zero.pdf").write_bytes(b"")
    (raw / "page.pdf").write_bytes(b"<!DOCTYPE html><html><body>Not found</body></html>")
    with zipfile.ZipFile(raw / "archive.pdf", "w") as archive:
        archive.writestr("word/document.xml", "<xml/>")
    (raw / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    bomb_pdf(raw / "bomb.pdf", 2**30)
    _blank_pdf(raw / "ten-thousand-pages.pdf", pages=10_000, text="x")
    _glyphs_pdf(raw / "glyphs.pdf")
