"""Hostile input (issue 16): no file stops the batch, every file a run meets has a row or a
named skip, the good document beside them is ingested whole, memory and time stay bounded.

The corpus is written by the test (tests/hostile_corpus.py). The run is the real CLI in a child
process under a subreaper, so that the peak memory of every process it starts (the flow, the
forkserver, each document's reading child) is measured.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pytest

from benchmarks.process_memory import run_measured
from tests.conftest import BALTIMORE, REPO
from tests.hostile_corpus import write_hostile_corpus

PSP = str(Path(sys.executable).parent / "psp")
LIMIT_S, LIMIT_MB = 30, 1024


def entries_a_run_meets(raw: Path) -> tuple[set[str], set[str]]:
    """(files, folders not followed) under raw/, as this user can list them."""
    files, folders = set(), set()
    pending = [raw]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            folders.add(Path(folder).relative_to(raw).as_posix())
            continue
        for entry in entries:
            path = Path(entry.path)
            if path.is_dir() and path.is_symlink():
                folders.add(path.relative_to(raw).as_posix())
            elif path.is_dir():
                pending.append(path)
            else:
                files.add(path.relative_to(raw).as_posix())
    return files, folders


class HostileRun(NamedTuple):
    raw: Path
    out: Path
    run: subprocess.CompletedProcess[str]
    elapsed_s: float
    environment: dict[str, str]
    peak_mb: int


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, prefect_harness):
    from prefect.settings import PREFECT_API_URL

    raw, outside = tmp_path_factory.mktemp("raw"), tmp_path_factory.mktemp("outside")
    out = tmp_path_factory.mktemp("out") / "processed"
    write_hostile_corpus(raw, outside, BALTIMORE)
    limits = {"PSP_TEXT_TIMEOUT_S": LIMIT_S, "PSP_PDF_TIMEOUT_S": LIMIT_S,
              "PSP_TEXT_MEMORY_MB": LIMIT_MB, "PSP_PDF_MEMORY_MB": LIMIT_MB}
    environment = {**os.environ, **{k: str(v) for k, v in limits.items()}, "PREFECT_API_URL": PREFECT_API_URL.value()}
    bound_s = 600 + LIMIT_S * len(list(raw.iterdir()))  # every file is bounded by its limit
    started = time.monotonic()
    run, peak_mb = run_measured([PSP, "ingest", str(raw), "--out", str(out)], cwd=REPO, env=environment,
                                timeout=bound_s)
    elapsed = time.monotonic() - started
    yield HostileRun(raw, out, run, elapsed, environment, peak_mb)
    os.chmod(raw / "locked", 0o755)  # so that pytest can clean up


def skipped_in(stdout: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(r"^  skipped (.+?): (.+)$", stdout, re.MULTILINE)}


def test_the_run_ends_with_quarantines_not_a_crash(hostile):
    run, elapsed = hostile.run, hostile.elapsed_s
    assert run.returncode == 3, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Traceback" not in run.stdout + run.stderr
    assert "| ERROR" not in run.stdout + run.stderr
    print(f"hostile run: {elapsed:.0f} s")


def test_every_file_has_a_row_or_a_named_skip(hostile):
    raw, out, run = hostile.raw, hostile.out, hostile.run
    files, folders = entries_a_run_meets(raw)
    documents = pd.read_parquet(out / "documents")
    skipped = skipped_in(run.stdout)
    rows = set(documents.source)
    assert not (files - rows - set(skipped)), "files with neither a row nor a named skip"
    assert folders <= set(skipped)
    assert len(rows) == len(documents)  # one row per stored document, no doc_id shared by two rows
    assert not [e for e in documents.error.dropna() if "internal error" in e]
    counted = re.search(r"documents: (\d+) ok, (\d+) unchanged, (\d+) quarantined", run.stdout)
    assert counted and sum(map(int, counted.groups())) == len(documents)  # the summary counts what is stored


@pytest.mark.parametrize(("source", "words"), [
    ("self.txt", "symlink loop"), ("ping.txt", "symlink loop"), ("pong.txt", "symlink loop"),
    ("nowhere.txt", "symlink to nothing"), ("outside.txt", "outside"), ("pipe.txt", "not a regular file"),
    ("utf16.txt", "UTF-16"), ("latin1.txt", "not valid UTF-8"), ("nul.txt", "NUL bytes"), ("empty.txt", "empty"),
    ("bom-only.txt", "empty"), ("blank.txt", "empty"), ("notes.docx", "unsupported file type"),
    ("README-less", "unsupported file type"), ("one-line-50mb.txt", "a line longer than"),
    ("huge.txt", "limit"), ("blank-page.pdf", "empty PDF"), ("white-text.pdf", "invisible"),
    ("page.pdf", "HTML"), ("archive.pdf", "ZIP"), ("truncated.pdf", ""),
    ("bomb.pdf", "limit"), ("ten-thousand-pages.pdf", "pages"),
])
def test_hostile_files_are_quarantined_with_their_reason(hostile, source, words):
    out = hostile.out
    row = pd.read_parquet(out / "documents").set_index("source").loc[source]
    assert row.status == "quarantined"
    assert words.lower() in row.error.lower() and row.error.strip(), row.error


def test_copies_are_one_document_with_both_names(hostile):
    out, run = hostile.out, hostile.run
    good = pd.read_parquet(out / "documents").set_index("source").loc["good.txt"]
    assert good.status == "ok" and list(good.duplicates) == ["good", "second copy.txt"]
    skipped = skipped_in(run.stdout)
    assert skipped["good"] == skipped["second copy.txt"] == "the same bytes as good.txt (a duplicate of it)"
    assert skipped["zero.pdf"] == "the same bytes as empty.txt (a duplicate of it)"  # 0 bytes both


def test_folders_not_followed_are_named(hostile):
    out, run = hostile.out, hostile.run
    skipped = skipped_in(run.stdout)
    assert "symlinked folder" in skipped["linked"] and "symlinked folder" in skipped["more/up"]
    assert pd.read_parquet(out / "documents").set_index("source").loc["more/note.md"].status == "ok"
    if os.geteuid() != 0:  # root reads any folder
        assert "cannot be read" in skipped["locked"]


def test_numbers_that_fit_no_float_are_kept_as_text_with_a_finding(hostile):
    out = hostile.out
    documents = pd.read_parquet(out / "documents").set_index("source")
    validation = pd.read_parquet(out / "validation")
    cells = pd.read_parquet(out / "table_cells")
    for source in ("digits-20.txt", "digits-400.txt"):
        doc_id = documents.loc[source].doc_id
        assert documents.loc[source].status == "ok"
        flagged = validation[(validation.doc_id.astype(str) == doc_id) & (validation.check == "table.number_too_long")]
        assert len(flagged) == 1
        overlong = cells[(cells.doc_id.astype(str) == doc_id) & (cells.raw.str.len() >= 20)]
        assert len(overlong) == 1 and overlong.value.isna().all()
    assert documents.loc["digits-prose.txt"].status == "ok"


def one_document(out: Path, doc_id: str, destination: Path) -> Path:
    """A copy of one document's rows and text, documents and validation aside (compared apart)."""
    for dataset in out.iterdir():
        part = dataset / f"doc_id={doc_id}"
        if part.is_dir() and dataset.name not in ("documents", "validation"):
            shutil.copytree(part, destination / dataset.name / part.name)
    (destination / "text").mkdir(parents=True)
    shutil.copy(out / "text" / f"{doc_id}.txt", destination / "text")
    return destination


def test_the_good_document_is_ingested_whole(hostile, tmp_path):
    """Its rows equal a run of the good file alone (its findings too, but for those comparing it
    with the hostile copies of its table)."""
    from flows.ingest import ingest
    from scripts.compare_outputs import compare

    out = hostile.out
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "good.txt").write_bytes(BALTIMORE.read_bytes())
    ingest(raw_dir=str(tmp_path / "raw"), out_dir=str(tmp_path / "alone"))
    doc_id = pd.read_parquet(tmp_path / "alone" / "documents").doc_id.astype(str).iloc[0]
    alone_rows = one_document(tmp_path / "alone", doc_id, tmp_path / "a")
    assert compare(alone_rows, one_document(out, doc_id, tmp_path / "b")) == []
    validation = pd.read_parquet(out / "validation")
    own = validation[(validation.doc_id.astype(str) == doc_id) & ~validation.check.str.startswith("cross.")]
    assert sorted(own.finding_id) == sorted(pd.read_parquet(tmp_path / "alone" / "validation").finding_id)
    documents = pd.read_parquet(out / "documents").set_index("source")
    alone = pd.read_parquet(tmp_path / "alone" / "documents").iloc[0]
    assert documents.loc["good.txt"].doc_id == doc_id
    assert (documents.loc["good.txt"].title, documents.loc["good.txt"].site) == (alone.title, alone.site)


def test_memory_stays_bounded(hostile):
    peak_mb = hostile.peak_mb
    print(f"hostile run: peak resident memory of any process {peak_mb} MB")
    assert 0 < peak_mb < 1024


def test_a_rerun_parses_no_quarantined_file_again_unless_its_limit_was_raised(hostile, monkeypatch):
    from flows.ingest import ingest

    raw, out, environment = hostile.raw, hostile.out, hostile.environment
    for name in ("PSP_TEXT_TIMEOUT_S", "PSP_PDF_TIMEOUT_S", "PSP_TEXT_MEMORY_MB", "PSP_PDF_MEMORY_MB"):
        monkeypatch.setenv(name, environment[name])
    again = ingest(raw_dir=str(raw), out_dir=str(out))
    assert again.count("ok") == 0 and again.count("unchanged") > 0
    assert all(o.reused for o in again.documents if o.status == "quarantined")
