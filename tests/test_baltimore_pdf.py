"""Acceptance: the same facts come out of a PDF of the Baltimore case study as from its text.

The PDF is drawn at test time from the text's own structure (tests/case_study_pdf.py) with
the layout features real case studies have: a running header and page numbers, superscript
calls, page-bottom footnotes in small print, a ruled table continued on the next page with
its header repeated, and a two-column page. Both files go through the real Prefect flow,
each alone, and the datasets are compared; the PDF output is also scored against the gold.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pdfplumber
import pytest

from extractors.layout.normalize import loaded_to_normalized
from extractors.load.pdf import pdf_bytes_to_document
from extractors.model.pages import LoadedDocument
from extractors.vocab.vocabulary import vocabulary
from tests.case_study_pdf import spec_blocks, text_to_case_study_pdf
from tests.conftest import BALTIMORE, shared_file
from tests.pdf_builder import (
    NOTE_SIZE,
    SUP_SIZE,
    CaseStudySpec,
    ListItem,
    Section,
    TableSpec,
    build_case_study_pdf,
)

TWO_COLUMN = "CRIMINAL JUSTICE COLLABORATION"
RUNNING_HEADER = "NATIONAL PUBLIC SAFETY PARTNERSHIP CASE STUDY"
TABLE_HEADER = "Year\tPopulation\tViolent Crime\tHomicide\tRape\tRobbery\tAggravated Assault"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, CaseStudySpec]:
    raw = tmp_path_factory.mktemp("raw_pdf")
    return text_to_case_study_pdf(BALTIMORE.read_bytes(), raw / "baltimore-md.pdf", two_column=TWO_COLUMN)


@pytest.fixture(scope="module")
def loaded(built: tuple[Path, CaseStudySpec]) -> LoadedDocument:
    return pdf_bytes_to_document(built[0].read_bytes())


def _ingest(tmp_path_factory: pytest.TempPathFactory, source: Path, name: str) -> Path:
    from flows.ingest import ingest

    raw = source.parent if source.suffix == ".pdf" else tmp_path_factory.mktemp(f"raw_{name}")
    if source.suffix != ".pdf":
        shutil.copy(source, raw / source.name)
    out = tmp_path_factory.mktemp(f"processed_{name}")
    summary = ingest(raw_dir=str(raw), out_dir=str(out))
    assert summary.count("ok") == 1 and len(summary.documents) == 1
    return out


@pytest.fixture(scope="module")
def from_pdf(built, tmp_path_factory, prefect_harness) -> Path:
    return _ingest(tmp_path_factory, built[0], "pdf")


@pytest.fixture(scope="module")
def from_text(tmp_path_factory, prefect_harness) -> Path:
    return _ingest(tmp_path_factory, BALTIMORE, "text")


def _read(out: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(out / name)


def _text(out: Path) -> str:
    doc_id = _read(out, "documents").doc_id.astype(str).iloc[0]
    return (out / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")


def _flat(text: object) -> str:
    return re.sub(r"\s+", " ", str(text)).strip()


# -- the PDF has the layout features it is meant to exercise ---------------------------------


def test_pdf_has_the_layout_features(built: tuple[Path, CaseStudySpec], loaded: LoadedDocument) -> None:
    path, spec = built
    blocks = spec_blocks(spec)
    assert sum(isinstance(b, ListItem) for b in blocks) >= 30
    table = next(b for b in blocks if isinstance(b, TableSpec))
    assert table.caption and table.source and table.break_after_rows
    assert len(spec.footnotes) == 6 and any(s.two_column for s in spec.sections)
    assert loaded.warnings == () and loaded.page_count == len(loaded.pages) >= 5
    for page in loaded.pages:  # running header and page number on every page, never in the text
        assert RUNNING_HEADER in page.furniture and f"Page {page.number}" in page.furniture
        assert RUNNING_HEADER not in page.text
    header_pages = [p.number for p in loaded.pages if TABLE_HEADER in p.text.split("\n")]
    assert len(header_pages) == 2 and header_pages[1] == header_pages[0] + 1  # continued, header repeated
    with pdfplumber.open(path) as pdf:
        sizes = {round(c["size"], 1) for page in pdf.pages for c in page.chars}
        assert {SUP_SIZE, NOTE_SIZE} <= sizes  # superscript calls, small-print footnotes
        two_col = next(p for p in pdf.pages if TWO_COLUMN in (p.extract_text() or ""))
        mid = two_col.width / 2
        words = two_col.extract_words()
        left = sorted(w["top"] for w in words if w["x1"] < mid)
        right = sorted(w["top"] for w in words if w["x0"] > mid)
        assert len(left) >= 100 and len(right) >= 100 and right[0] < left[-1] - 200  # side by side


def test_footnote_bodies_print_on_the_page_of_their_call(from_pdf: Path) -> None:
    notes = _read(from_pdf, "footnotes").set_index("number")
    refs = _read(from_pdf, "footnote_refs")
    for ref in refs.itertuples():
        assert notes.loc[ref.number, "page"] == ref.page
    assert refs.page.nunique() >= 2


def test_layout_breaks_do_not_depend_on_luck(tmp_path: Path) -> None:
    """Where the columns or lines happen to break must not matter: a wrapped heading stays one
    heading, and a sentence cut by the column break before a capitalised word stays one paragraph."""
    heading = "EXAMPLES OF TRAINING AND TECHNICAL ASSISTANCE PROVIDED TO THE BALTIMORE PSP SITE"
    run_on = " ".join(["Baltimore City Intelligence Centers"] * 90) + "."
    spec = CaseStudySpec(
        title="CASE STUDY BALTIMORE, MARYLAND",
        sections=[Section(heading, ["A short paragraph."]), Section("COLUMNS", [run_on, "After it."], two_column=True)],
    )
    path = build_case_study_pdf(spec, tmp_path / "breaks.pdf")
    doc = loaded_to_normalized(pdf_bytes_to_document(path.read_bytes()), vocabulary())
    blocks = [(b.kind, _flat(doc.block_text(b))) for b in doc.blocks]
    assert ("heading", heading) in blocks
    assert [text for kind, text in blocks if kind == "paragraph"] == ["A short paragraph.", run_on, "After it."]


# -- the PDF and the text give the same facts ------------------------------------------------


def test_documents(from_pdf: Path, from_text: Path) -> None:
    pdf, text = _read(from_pdf, "documents").iloc[0], _read(from_text, "documents").iloc[0]
    assert pdf.kind == "pdf" and text.kind == "text" and pdf.status == "ok"
    assert (pdf.title, pdf.site, pdf.state) == (text.title, text.site, text.state) == (
        "Case Study Baltimore, Maryland", "Baltimore", "Maryland",
    )


def test_crime_stats(from_pdf: Path, from_text: Path) -> None:
    def rows(out: Path) -> list[dict[str, object]]:
        frame = _read(out, "crime_stats").drop(columns=["doc_id"]).sort_values("year")
        keep = [c for c in frame.columns if c not in ("start", "end", "page")]
        return frame[keep].astype(object).where(frame[keep].notna(), None).to_dict("records")

    assert rows(from_pdf) == rows(from_text)
    assert [r["year"] for r in rows(from_pdf)] == list(range(2017, 2023))


def test_tables_and_cells(from_pdf: Path, from_text: Path) -> None:
    def tables(out: Path) -> list[tuple[object, ...]]:
        frame = _read(out, "tables").sort_values("table_id")
        return [
            (t.table_id, t.caption, t.source_note, list(t.columns), t.n_rows, t.n_cols) for t in frame.itertuples()
        ]

    def cells(out: Path) -> list[tuple[object, ...]]:
        frame = _read(out, "table_cells").sort_values(["table_id", "row", "column_index"])
        return [(c.table_id, c.row, c.column, c.raw, c.value) for c in frame.itertuples()]

    assert tables(from_pdf) == tables(from_text)
    assert tables(from_pdf)[0][:2] == ("Table 1", "Violent crime data (2017-2022)")
    assert cells(from_pdf) == cells(from_text) and len(cells(from_pdf)) == 42


def test_footnotes(from_pdf: Path, from_text: Path) -> None:
    def notes(out: Path) -> dict[int, pd.Series]:
        return {int(n.number): n for _, n in _read(out, "footnotes").iterrows()}

    pdf, text = notes(from_pdf), notes(from_text)
    assert sorted(pdf) == sorted(text) == [1, 2, 3, 4, 5, 7]
    for number, expected in text.items():
        got = pdf[number]
        assert _flat(got.text).startswith(_flat(expected.text)) or _flat(expected.text).startswith(_flat(got.text))
        assert list(got.urls) == list(expected.urls)
        assert got.retrieved == expected.retrieved
        assert bool(got.referenced) == bool(expected.referenced)


def test_footnote_markers_and_the_words_before_them(from_pdf: Path, from_text: Path) -> None:
    def markers(out: Path) -> list[tuple[int, str]]:
        text = _text(out)
        refs = _read(out, "footnote_refs").sort_values("start")
        return [(int(r.number), " ".join(text[: r.start].split()[-4:])) for r in refs.itertuples()]

    assert markers(from_pdf) == markers(from_text)
    assert [n for n, _ in markers(from_pdf)] == [1, 2, 3, 4, 5, 7]


def test_figures(from_pdf: Path, from_text: Path) -> None:
    def figures(out: Path) -> list[tuple[object, ...]]:
        frame = _read(out, "figures").sort_values("figure_id")
        return [(f.figure_id, f.caption, f.source_note, bool(f.has_data)) for f in frame.itertuples()]

    assert figures(from_pdf) == figures(from_text)
    assert [f[0] for f in figures(from_pdf)] == ["Chart 1"]


def _findings(out: Path) -> list[tuple[object, ...]]:
    frame = _read(out, "validation")
    keys = ["check", "severity", "table_id", "year", "footnote", "expected", "observed"]
    frame = frame[keys].astype(object).where(frame[keys].notna(), None)
    return sorted((tuple(row) for row in frame.itertuples(index=False)), key=repr)


def test_validation_findings(from_pdf: Path, from_text: Path) -> None:
    assert _findings(from_pdf) == _findings(from_text)
    checks = {finding[0] for finding in _findings(from_pdf)}
    assert {"table.total_equals_components", "footnote.sequence_gap"} <= checks
    assert not [c for c in checks if c.startswith("schema.")]  # every row passes the pipeline's own models


def test_prose_facts(from_pdf: Path, from_text: Path) -> None:
    """Entities and claims (built elsewhere) come out the same, whichever of them exist yet."""
    wanted = {"entities": ["text", "label", "canonical"],
              "claims": ["value", "unit", "measure", "period", "change", "qualifier", "footnote"]}
    for name, keys in wanted.items():
        if not (from_text / name).exists():
            continue
        frames = [_read(out, name) for out in (from_pdf, from_text)]
        keys = [k for k in keys if k in frames[1].columns]
        rows = [sorted(map(repr, f[keys].astype(object).where(f[keys].notna(), None).itertuples(index=False)))
                for f in frames]
        assert rows[0] == rows[1], name


# -- the PDF output scored against the gold file ---------------------------------------------


@pytest.fixture(scope="module")
def gold() -> dict:
    return json.loads(shared_file("gold/baltimore.json", "the hand-checked Baltimore gold file").read_text())


def test_pdf_scores_like_the_text(from_pdf: Path, from_text: Path, scorer, gold: dict) -> None:
    metrics = scorer.score(gold, from_pdf)
    assert metrics["doc_found"] and metrics["site_ok"] and metrics["state_ok"]
    assert metrics["table_cell_acc"] == 1.0 and metrics["table_cells"] == "42/42"
    assert metrics["table_captions"] == "1/1"
    assert metrics["footnote_f1"] == 1.0
    assert metrics["footnote_bodies"] == "6/6"
    assert metrics["footnote_urls"] == "4/4"
    assert metrics["footnote_markers"] == "6/6"
    assert metrics["text_repairs"] == "3/3"
    assert metrics["figures"] == "1/1"
    assert metrics["validation_false_alarms"] == 0
    assert metrics["validation_unexpected"] == [] and metrics["schema_findings"] == 0
    missing = metrics["validation_missing"]
    assert not [m for m in missing if m.startswith(("table_total_mismatch", "footnote_sequence_gap"))]
    text_missing = scorer.score(gold, from_text)["validation_missing"]
    assert [m for m in missing if m.startswith("rate_claim_mismatch")] == [
        m for m in text_missing if m.startswith("rate_claim_mismatch")
    ]
