"""The review layer's pure parts, without a flow: where a finding is marked, filters, waivers,
CSV neutralisation, terminal escaping and PDF crops."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pandas as pd
import pytest

from review.export import neutralise_formula, to_csv_frame
from review.findings import ReviewError, check_filter, finding_place, severity_filter
from review.marks import findings_to_marks
from review.rows import rows_of
from review.terminal import printable
from schemas.config_files import ConfigError
from schemas.registry import CHECKS
from schemas.waivers import Waiver, apply_waivers, stale_waivers, text_to_waivers

REPO = Path(__file__).resolve().parents[1]


def _finding(finding_id: str, start: int | None, end: int | None, *, compared=(), year=None, waived=False,
             check="table.total_equals_components", table_id="Table 1") -> dict:
    return {
        "finding_id": finding_id, "check": check, "severity": "error", "table_id": table_id, "year": year,
        "start": start, "end": end, "expected": "10", "observed": "11", "message": "a message", "waived": waived,
        "compared": [{"start": s, "end": e} for s, e in compared], "footnote": None, "page": None,
    }


@pytest.fixture()
def table_frames():
    # one table, years as rows: year | total | a | b, cells at consecutive offsets
    cells, start = [], 100
    for row, values in enumerate([("2020", "3", "1", "2"), ("2021", "11", "4", "6")]):
        for column, raw in enumerate(values):
            cells.append({"table_id": "Table 1", "row": row, "column_index": column, "raw": raw,
                          "value": float(raw), "start": start, "end": start + len(raw)})
            start += len(raw) + 1
    cells = pd.DataFrame(cells)
    tables = pd.DataFrame([{"table_id": "Table 1", "start": 100, "end": start - 1}])
    stats = pd.DataFrame([{"table_id": "Table 1", "year": 2021, "total": 11, "a": 4, "b": 6}])
    return cells, tables, stats


def test_a_finding_marks_its_cell_and_the_cells_it_was_compared_with(table_frames):
    cells, tables, stats = table_frames
    at = {raw: (s, e) for raw, s, e in zip(cells.raw, cells.start, cells.end, strict=True)}
    findings = pd.DataFrame([
        _finding("F1", *at["11"], compared=[at["4"], at["6"]], year=2021),
        _finding("F2", 5, 9, check="claim.rate_matches_table", compared=[at["3"]]),  # a claim in the text
        _finding("F3", None, None, check="footnote.sequence_gap"),
        _finding("F4", 100, tables.end[0], check="table.unrecognised_columns"),
    ])
    marks = findings_to_marks(*map(rows_of, (findings, cells, tables, stats)))
    total = marks.cells[at["11"][0]]
    assert [f.finding_id for f in total.about] == ["F1"] and total.style == "flag" and total.severity == "error"
    assert {s for s, mark in marks.cells.items() if mark.style == "cmp"} == {at["4"][0], at["6"][0], at["3"][0]}
    assert "2021" not in {cells.raw[cells.start == s].iloc[0] for s in marks.cells}  # the row is not flagged
    assert [f.finding_id for f in marks.spans[(5, 9)].about] == ["F2"]
    assert [f.finding_id for f in marks.unplaced] == ["F3"]
    assert [f.finding_id for f in marks.tables["Table 1"]] == ["F4"]
    assert marks.bars == {"Table 1": {("total", 2021): "flag"}}  # only the total's bar, only that year


def test_a_waived_finding_is_marked_quietly(table_frames):
    cells, tables, stats = table_frames
    at = {raw: (s, e) for raw, s, e in zip(cells.raw, cells.start, cells.end, strict=True)}
    findings = pd.DataFrame([_finding("F1", *at["11"], compared=[at["4"]], year=2021, waived=True)])
    marks = findings_to_marks(*map(rows_of, (findings, cells, tables, stats)))
    assert marks.cells[at["11"][0]].style == "waived" and marks.cells[at["4"][0]].style == "cmp waived"
    assert marks.bars == {"Table 1": {("total", 2021): "waived"}}


def test_check_and_severity_filters_are_case_insensitive_and_name_the_valid_values():
    present = {"table.total_equals_components", "footnote.sequence_gap"}
    assert check_filter("TABLE.Total_Equals_Components", present) == {"table.total_equals_components"}
    assert check_filter("footnote", present) == {c for c in CHECKS if c.startswith("footnote.")}
    with pytest.raises(ReviewError, match="valid checks: .*table.total_equals_components"):
        check_filter("table.totl", present)
    assert severity_filter("ERROR") == "error"
    with pytest.raises(ReviewError, match="valid severities: error, warning, info"):
        severity_filter("fatal")


def test_every_check_the_pipeline_can_report_is_known_to_review():
    """A new check id in schemas/ must be accepted by `psp review --check`."""
    ids = set()
    for path in (REPO / "schemas").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if text.count(".") == 1 and text.split(".")[0] in {"table", "claim", "footnote", "cross", "document"}:
                    if all(part.replace("_", "").isalpha() and part.islower() for part in text.split(".")):
                        ids.add(text)
    assert ids and ids <= set(CHECKS), ids - set(CHECKS)


def test_the_place_of_a_cell_finding_is_its_row_with_the_cell_marked():
    text = "Intro.\nYear\tTotal\tA\n2021\t11\t4\nEnd."
    start = text.index("11")
    place = finding_place(pd.Series({"start": start, "end": start + 2, "dataset": "crime_stats"}), text)
    assert place.text == "2021  |  11  |  4"
    assert place.text[place.highlight_start:place.highlight_end] == "11"


def test_a_malformed_waivers_file_names_the_line():
    good = "waivers:\n- doc_id: 0123456789abcdef\n  check: table.x\n  place: here\n  reason: fine\n"
    assert text_to_waivers(good)[0].reason == "fine"
    with pytest.raises(ConfigError, match=r"w.yaml, line 6: waivers\[1\] has no reason"):
        text_to_waivers(good + "- doc_id: 0123456789abcdef\n  check: table.x\n  place: there\n", "w.yaml")
    with pytest.raises(ConfigError, match=r"line 2: not valid YAML"):
        text_to_waivers("waivers:\n  - doc_id: [unclosed\n")
    with pytest.raises(ConfigError, match="expected a mapping"):
        text_to_waivers("- just a list\n")
    with pytest.raises(ConfigError, match=r"line 2: waivers\[0\]: should be a mapping"):
        text_to_waivers("waivers:\n- a string\n")


def test_a_waiver_is_stale_only_where_its_document_is():
    mine = Waiver("d1", "table.x", "here", "ok", source="a.txt")
    corrected = Waiver("d0", "table.x", "here", "ok", source="a.txt")  # a.txt had other bytes then
    elsewhere = Waiver("d9", "table.x", "here", "ok", source="z.txt")  # another corpus's document
    documents = pd.DataFrame({"doc_id": ["d1"], "source": ["a.txt"]})
    no_findings = pd.DataFrame({"finding_id": pd.Series([], dtype=str)})
    assert stale_waivers([mine, corrected, elsewhere], documents, no_findings) == [mine, corrected]
    found = pd.DataFrame({"finding_id": [mine.finding_id], "waived": [False], "waiver_reason": [None]})
    assert stale_waivers([mine], documents, found) == []
    marked = apply_waivers(found, [mine])
    assert marked.waived.tolist() == [True] and marked.waiver_reason.tolist() == ["ok"] and not found.waived[0]


@pytest.mark.parametrize(("cell", "written"), [
    ("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-2+3", "'-2+3"),
    ("\t=1", "'\t=1"),
    ("-7.0", "-7.0"),  # plain numbers stay numbers
    ("-1,234", "-1,234"),
    ("+3.5%", "+3.5%"),
    ("-", "'-"),
    ("Baltimore", "Baltimore"),
])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cell, written):
    assert neutralise_formula(cell) == written


def test_csv_frame_neutralises_text_columns_only_and_writes_lists_as_json():
    frame = pd.DataFrame({"raw": ["=1+1", "-7.0"], "value": [-7.0, 2.0], "year": pd.array([2021, None], "Int64"),
                          "columns": [["=a", "b"], []]})
    written = io.StringIO()
    to_csv_frame(frame).to_csv(written, index=False)
    lines = written.getvalue().splitlines()
    assert lines[1] == "'=1+1,-7.0,2021,\"[\"\"=a\"\", \"\"b\"\"]\""  # JSON begins with [: runs nothing
    assert lines[2] == "-7.0,2.0,,[]"


def test_printable_escapes_terminal_controls():
    assert printable("a\x1b]0;pwned\x07b\u202ec") == "a\\x1b]0;pwned\\x07b\\u202ec"
    assert printable("plain name.txt") == "plain name.txt"


def test_a_crop_outlines_its_box(tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    from PIL import Image
    from reportlab.pdfgen import canvas

    from review.crops import PagePlace, render_crop

    path = tmp_path / "one.pdf"
    page = canvas.Canvas(str(path), pagesize=(400, 300))
    page.drawString(100, 200, "10,344")  # baseline 200 from the bottom: top near 300 - 210
    page.save()
    with pdfplumber.open(path) as pdf:
        word = pdf.pages[0].extract_words()[0]
        box = (word["x0"], word["top"], word["x1"], word["bottom"])
        image = Image.open(io.BytesIO(render_crop(pdf, PagePlace(1, box)))).convert("RGB")
    # the crop starts 60 pt left of and 36 pt above the box; at 144 dpi a point is 2 pixels
    left, top = 60 * 2, 36 * 2
    red = [(x, y) for x in range(image.width) for y in range(image.height)
           if image.getpixel((x, y))[0] > 180 and image.getpixel((x, y))[1] < 90]
    assert red, "no outline drawn"
    xs, ys = [x for x, _ in red], [y for _, y in red]
    assert abs(min(xs) - left) <= 3 and abs(min(ys) - top) <= 3


def test_a_finding_is_placed_on_its_page_by_the_box_of_its_cell_or_its_own():
    from review.crops import PagePlace, finding_places

    cells = pd.DataFrame({"start": [10, 20, 30], "end": [14, 24, 34], "page": [2, 2, 3],
                          "x0": [1.0, 5.0, 9.0], "top": [1.0, 1.0, 1.0], "x1": [4.0, 8.0, 12.0], "bottom": [2.0] * 3})
    findings = pd.DataFrame([
        _finding("F1", 10, 14, compared=[(20, 24), (30, 34)]),  # the cell on page 3 is not on the crop
        _finding("F2", 40, 44),  # no record with a box
    ])
    assert finding_places(findings, [cells]) == {"F1": PagePlace(2, (1.0, 1.0, 4.0, 2.0), ((5.0, 1.0, 8.0, 2.0),))}
    own = findings.assign(x0=[None, 7.0], top=[None, 7.0], x1=[None, 9.0], bottom=[None, 8.0], page=[None, 4])
    assert finding_places(own, [cells])["F2"] == PagePlace(4, (7.0, 7.0, 9.0, 8.0))


def test_rows_sort_as_pandas_sorts_them_ties_and_missing_values_included():
    """The report sorts rows as it sorted frames, so equal keys keep their place in its pages."""
    from review.rows import sorted_rows

    numbers = pd.array([(i * 7) % 5 if i % 6 else None for i in range(40)], dtype="Int64")
    frame = pd.DataFrame({"number": numbers, "i": range(40)})
    assert [row.i for row in sorted_rows(rows_of(frame), "number")] == frame.sort_values("number").i.tolist()
