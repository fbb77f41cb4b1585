"""Real government PDFs of ../shared/external (ICDAR 2013 table competition): labelled cells.

For a few documents, each of a kind (a ruled table with a shaded header, an unruled table with a
two-level header and a row-label column with dot leaders, white header text on a coloured fill),
every numeric cell the competition's ground truth gives (expected.json, read at test time) must
come out in a table with its row label and its column header.
"""

from __future__ import annotations

import json
import re
import unicodedata

from extractors.layout.normalize import loaded_to_normalized
from extractors.load.pdf import pdf_bytes_to_document
from extractors.structure.tables import document_to_tables
from extractors.vocab.vocabulary import vocabulary
from tests.conftest import SHARED, needs_shared

EXTERNAL = SHARED / "external"

pytestmark = needs_shared("external/expected.json", "the ICDAR 2013 table benchmark's labelled cells")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"(?:\s*\.){2,}", "", text)
    return re.sub(r"(?<=\d),(?=\d)", "", re.sub(r"\s+", "", text.translate({0x2013: "-", 0x2212: "-"})))


def _labelled_truth(name: str, table: int) -> list[tuple[str, str, str]]:
    """(row label, nearest column header above, value) of every numeric data cell of the truth."""
    doc = next(d for d in json.loads((EXTERNAL / "expected.json").read_text())["documents"] if d["file"] == name)
    rows = doc["tables"][table]["rows"]
    # the first data row: a label and a number that is no year (a row of years heads the columns)
    first = next(i for i, r in enumerate(rows) if r[0] and any(
        re.fullmatch(r"[-\d.,%()*]+", _norm(c)) and not re.fullmatch(r"(?:19|20)\d\d", _norm(c)) for c in r[1:]))
    out = []
    for i in range(first, len(rows)):
        for j in range(1, len(rows[i])):
            value = _norm(rows[i][j])
            if value and re.fullmatch(r"[-+(*]*[$]?\d[\d.,]*%?\)?", value):
                header = next((rows[r][j] for r in range(first - 1, -1, -1) if rows[r][j]), "")
                out.append((_norm(rows[i][0]), _norm(header), value))
    return out


def _found(name: str) -> set[tuple[str, str, str]]:
    """(row label, column, value) of every cell of every table psp reads in the document."""
    doc = loaded_to_normalized(pdf_bytes_to_document((EXTERNAL / "pdfs" / name).read_bytes()), vocabulary())
    cells = set()
    for table in document_to_tables(doc, vocabulary()):
        for row in table.rows():
            label = _norm(row[0].raw) if row and row[0].column_index == 0 else ""
            cells |= {(label, _norm(cell.column), _norm(cell.raw)) for cell in row[1:]}
    return cells


def _missing(name: str, table: int) -> list[tuple[str, str, str]]:
    found = _found(name)
    return [
        (label, header, value) for label, header, value in _labelled_truth(name, table)
        if not any(f[0] == label and header in f[1] and f[2] == value for f in found)
    ]


def test_ruled_table_with_a_shaded_header_and_wrapped_labels() -> None:
    assert _missing("us-022.pdf", 0) == []


def test_unruled_table_with_two_header_levels_and_dot_leaders() -> None:
    assert _missing("us-001.pdf", 0) == []


def test_white_header_text_on_a_coloured_fill_is_read() -> None:
    assert _missing("eu-016.pdf", 0) == []
