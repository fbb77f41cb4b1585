"""Reliability: pathological PDFs are bounded, kill -9 loses nothing, Dask equals serial,
and every perturbation that breaks a sum is caught."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import write_corpus
from extractors.layout.normalize import loaded_to_normalized
from extractors.model.pages import LoadedDocument, PageText
from extractors.structure.crime_stats import table_to_crime_stats
from extractors.structure.tables import document_to_tables
from extractors.vocab.vocabulary import vocabulary
from schemas.checks import crime_total_findings
from schemas.datasets import DATASETS
from tests.ink_pdfs import objects_to_pdf

REPO = Path(__file__).resolve().parents[1]
PSP = str(Path(sys.executable).parent / "psp")


def comparable(out: Path) -> dict[str, pd.DataFrame]:
    """Every dataset, sorted, without the columns that differ between runs by design."""
    frames = {}
    for name in DATASETS:
        frame = pd.read_parquet(out / name) if (out / name).exists() else pd.DataFrame()
        frame = frame.drop(columns=[c for c in ("ingested_at",) if c in frame.columns])
        if len(frame):
            frame["doc_id"] = frame["doc_id"].astype(str)
            scalar = frame.map(lambda v: not hasattr(v, "__len__") or isinstance(v, str)).all()
            key = [c for c in frame.columns if scalar[c]]
            frame = frame.sort_values(key).reset_index(drop=True)
        frames[name] = frame
    return frames


def assert_same_outputs(left: Path, right: Path) -> None:
    a, b = comparable(left), comparable(right)
    for name in DATASETS:
        pd.testing.assert_frame_equal(a[name], b[name], check_dtype=False, obj=name)
    assert sorted(p.name for p in (left / "text").iterdir()) == sorted(p.name for p in (right / "text").iterdir())
    # the report too, whichever process rendered its sections (only its time stamp differs)
    stamp = re.compile(r"Generated [^.]*\.")
    assert stamp.sub("", (left / "report.html").read_text()) == stamp.sub("", (right / "report.html").read_text())


def bomb_pdf(path: Path, inflated_bytes: int) -> Path:
    """A one-page PDF whose content stream inflates from about 1 MB to `inflated_bytes`."""
    compressor = zlib.compressobj(9)
    chunk = b"0 0 m " * (2**20 // 6)
    stream = b"".join(compressor.compress(chunk) for _ in range(inflated_bytes // len(chunk))) + compressor.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    path.write_bytes(objects_to_pdf(objects))
    return path


def test_pathological_pdfs_are_bounded(tmp_path, prefect_harness, monkeypatch):
    from reportlab.pdfgen import canvas

    from flows.ingest import ingest

    monkeypatch.setenv("PSP_PDF_TIMEOUT_S", "20")
    monkeypatch.setenv("PSP_PDF_MEMORY_MB", "1024")
    raw = tmp_path / "raw"
    raw.mkdir()
    bomb_pdf(raw / "bomb.pdf", 2**30)
    pages = canvas.Canvas(str(raw / "pages.pdf"))
    for _ in range(2_500):
        pages.drawString(72, 720, "x")
        pages.showPage()
    pages.save()
    glyphs = canvas.Canvas(str(raw / "glyphs.pdf"))
    glyphs.setFont("Helvetica", 2)
    for row in range(600):
        glyphs.drawString(5, 5 + row * 1.3, "a" * 250)
    glyphs.save()
    (raw / "good.txt").write_text("CASE STUDY SPRINGFIELD, OHIO\n\nThe city has 9 districts.\n")
    started = time.monotonic()
    summary = ingest(raw_dir=str(raw), out_dir=str(tmp_path / "out"))
    elapsed = time.monotonic() - started
    by_source = {o.source: o for o in summary.documents}
    assert by_source["good.txt"].status == "ok"
    assert by_source["bomb.pdf"].status == "quarantined"
    assert any(words in by_source["bomb.pdf"].error for words in ("longer than", "memory limit"))
    assert by_source["pages.pdf"].status == "quarantined" and "pages" in by_source["pages.pdf"].error
    assert by_source["glyphs.pdf"].status in ("ok", "quarantined")
    assert elapsed < 4 * 20 + 60  # each file is bounded by the limit


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    raw = tmp_path_factory.mktemp("corpus")
    write_corpus(raw, 8, seed=7)
    return raw


def test_two_dask_workers_give_the_same_outputs_as_one(corpus, tmp_path, prefect_harness):
    from flows.ingest import ingest, ingest_with_workers

    ingest(raw_dir=str(corpus), out_dir=str(tmp_path / "serial"))
    summary = ingest_with_workers(2, raw_dir=str(corpus), out_dir=str(tmp_path / "dask"))
    assert summary.count("ok") == 8
    assert_same_outputs(tmp_path / "serial", tmp_path / "dask")


def test_kill_9_mid_run_then_rerun_equals_an_uninterrupted_run(corpus, tmp_path, prefect_harness):
    from flows.ingest import ingest

    ingest(raw_dir=str(corpus), out_dir=str(tmp_path / "clean"))
    out = tmp_path / "killed"
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    environment.pop("PREFECT_API_URL", None)
    process = subprocess.Popen(
        [PSP, "ingest", str(corpus), "--out", str(out)], cwd=REPO, env=environment,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    assert process.stdout is not None
    written = 0
    for line in process.stdout:  # kill as soon as the second document is written
        written += line.startswith("[") and "] ok " in line  # the run's line per document
        if written == 2:
            break
    os.killpg(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL
    assert 0 < len(pd.read_parquet(out / "documents")) < 8  # the run really was cut short
    # a reader right after the crash sees only complete files
    for part in out.rglob("part-0.parquet"):
        pq.read_table(part)
    ingest(raw_dir=str(corpus), out_dir=str(out))
    assert not list(out.rglob(".*.tmp"))
    assert_same_outputs(tmp_path / "clean", out)


def consistent_table(rows: list[tuple[int, int, int, int]]) -> str:
    lines = ["Year\tViolent Crime\tHomicide\tRape\tRobbery\tAggravated Assault"]
    for index, parts in enumerate(rows):
        lines.append(f"{2000 + index}\t{sum(parts):,}\t" + "\t".join(f"{p:,}" for p in parts))
    return "Table 1. Crime\n\n" + "\n".join(lines)


def total_findings(text: str) -> list:
    doc = loaded_to_normalized(LoadedDocument("text", (PageText(None, text),)), vocabulary())
    stats = [s for t in document_to_tables(doc, vocabulary()) for s in table_to_crime_stats(t, vocabulary())]
    return crime_total_findings(stats, "generated")


parts = st.tuples(*[st.integers(min_value=0, max_value=20_000)] * 4)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(parts, min_size=1, max_size=8),
    row=st.integers(min_value=0, max_value=7),
    column=st.integers(min_value=0, max_value=4),
    delta=st.integers(min_value=-5_000, max_value=5_000).filter(lambda d: d != 0),
)
def test_every_perturbation_that_breaks_a_sum_is_caught(rows, row, column, delta):
    assert total_findings(consistent_table(rows)) == []
    row %= len(rows)
    values = [sum(rows[row]), *rows[row]]
    if values[column] + delta < 0:
        return  # a printed count is never negative
    values[column] += delta
    text = consistent_table(rows).split("\n")
    cells = text[3 + row].split("\t")
    cells[1:] = [f"{v:,}" for v in values]
    text[3 + row] = "\t".join(cells)
    findings = total_findings("\n".join(text))
    assert [f.year for f in findings] == [2000 + row]


@given(st.integers(min_value=0, max_value=300), st.integers(min_value=1, max_value=16))
def test_batches_cover_every_document_once_in_order_and_shrink_at_the_end_for_workers(count, size):
    from flows.ingest import batches

    paths = [f"doc{i}" for i in range(count)]
    work = batches(paths, size, parallel=True)
    assert [path for batch in work for path in batch] == paths
    assert all(1 <= len(batch) <= size for batch in work)
    assert [len(batch) for batch in work] == sorted((len(batch) for batch in work), reverse=True)
    if count:
        assert len(work[-1]) == 1  # the last task is one document: workers finish together
    serial = batches(paths, size)  # one worker: full batches, each checked in one call per dataset
    assert [path for batch in serial for path in batch] == paths
    assert [len(batch) for batch in serial[:-1]] == [size] * (len(serial) - 1)
