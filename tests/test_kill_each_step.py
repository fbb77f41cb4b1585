"""kill -9 at each step of the flow, the corpus-wide steps included, loses nothing: the run
after it gives what a clean run gives (issue 16).

The killed run is an incremental one, the hardest case: from the outputs of a first corpus it
ingests a second, where one document changed its bytes, one is new, one left raw/, one has a
new site override (and so no longer conflicts with its twin), and a waiver was added to a
document that is itself unchanged. Each kill point is a call of the function doing that step,
its Nth call when the step repeats (tests/kill_at.py); the killed run must really die there.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from benchmarks.corpus import synthetic_document
from scripts.compare_outputs import compare
from tests.conftest import REPO

# (step, module, function, call): the flow's steps in order, as each is reached in the second run
KILL_POINTS = [
    ("documents: half way through a document's partitions", "store.storage", "write_table", 15),
    ("schema validation of the new documents' rows, after they are written", "flows.documents", "schema_findings", 1),
    ("site overrides, applied as a document is written", "flows.documents", "overridden_facts", 1),
    ("removal of a document that left raw/", "store.storage", "remove_document", 5),
    ("cross-document checks", "flows.corpus", "value_conflict_findings", 1),
    ("waivers, after the first document's", "flows.corpus", "waive_rows", 3),
    ("validation writes, after two of four", "store.storage", "write_partition", 3),
    ("report", "review.pages", "write_report", 1),
    ("corpus-state record, the run's last write", "flows.corpus", "record_key", 1),
]


def _with_table_change(text: str, before: str, after: str) -> str:
    assert before in text
    return text.replace(before, after, 1)


def write_corpora(first: Path, second: Path) -> None:
    a = synthetic_document(11, paragraphs=3)
    c = synthetic_document(12, paragraphs=3)
    d = synthetic_document(13, paragraphs=3)
    row = a.rows[0]
    printed = f"{row['year']}\t{row['population']:,}\t{row['violent_crime']:,}\t{row['homicide']}"
    # b: a's site, other numbers (a conflict across documents) and a total that is not its sum (its own finding)
    b = _with_table_change(a.text, printed, printed.replace(f"\t{row['homicide']}", f"\t{row['homicide'] + 7}"))
    e = _with_table_change(a.text, printed, printed.replace(f"\t{row['population']:,}", f"\t{row['population'] + 5:,}"))
    for folder in (first, second):
        folder.mkdir()
        (folder / "a.txt").write_text(a.text, encoding="utf-8")
        (folder / "b.txt").write_text(b, encoding="utf-8")
    (first / "c.txt").write_text(c.text, encoding="utf-8")
    (first / "d.txt").write_text(d.text, encoding="utf-8")
    (second / "c.txt").write_text(c.text.replace("KEY LESSONS", "KEY LESSONS LEARNED"), encoding="utf-8")
    (second / "e.txt").write_text(e, encoding="utf-8")
    (second / "sites.yaml").write_text(yaml.safe_dump({"a.txt": {"site": "Elsewhere", "state": "UT"}}))


def report_text(out: Path) -> str:
    return re.sub(r"Generated [^.]*\.", "", (out / "report.html").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def runs(tmp_path_factory, prefect_harness):
    from flows.ingest import ingest
    from schemas.waivers import Waiver, waivers_to_text

    root = tmp_path_factory.mktemp("kills")
    first, second = root / "raw-1", root / "raw-2"
    write_corpora(first, second)
    none = root / "no-waivers.yaml"
    none.write_text("waivers: []\n")
    ingest(raw_dir=str(first), out_dir=str(root / "first"), waivers_file=str(none))
    validation = pd.read_parquet(root / "first" / "validation")
    documents = pd.read_parquet(root / "first" / "documents").set_index("source")
    b_id = documents.loc["b.txt"].doc_id
    own = validation[(validation.doc_id.astype(str) == b_id) & (validation.check == "table.total_equals_components")]
    assert len(own) >= 1 and (validation.check == "cross.value_conflict").any()
    waiver = Waiver(b_id, str(own.iloc[0].check), str(own.iloc[0].place), "the printed total includes other offenses")
    waivers = root / "waivers.yaml"
    waivers.write_text(waivers_to_text([waiver], "# test\n"))
    ingest(raw_dir=str(second), out_dir=str(root / "clean"), waivers_file=str(waivers))
    return root, second, waivers


def test_the_second_run_exercises_every_corpus_step(runs):
    root, _, _ = runs
    validation = pd.read_parquet(root / "clean" / "validation")
    assert validation.waived.any() and (validation.check == "cross.value_conflict").any()
    assert "Elsewhere" in set(pd.read_parquet(root / "clean" / "documents").site)


@pytest.mark.parametrize(("step", "module", "function", "call"), KILL_POINTS, ids=[p[0] for p in KILL_POINTS])
def test_kill_9_at_each_step_then_a_rerun_equals_a_clean_run(runs, tmp_path, step, module, function, call):
    from prefect.settings import PREFECT_API_URL

    from flows.ingest import ingest

    root, second, waivers = runs
    out = tmp_path / "killed"
    shutil.copytree(root / "first", out)
    environment = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.kill_at", module, function, str(call), str(second), str(out), str(waivers)],
        cwd=REPO, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    _, errors = process.communicate(timeout=900)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # what it started (the parsing server) goes too
    except ProcessLookupError:
        pass
    assert process.returncode == -signal.SIGKILL, f"not killed at {step}: {errors.decode()[-2000:]}"
    ingest(raw_dir=str(second), out_dir=str(out), waivers_file=str(waivers))
    assert compare(root / "clean", out) == [], step
    assert report_text(root / "clean") == report_text(out), step
    assert not list(out.rglob(".*.tmp"))


@pytest.mark.parametrize(("module", "function"), [("flows.corpus", "waive_rows"), ("review.pages", "write_report")])
def test_a_run_killed_when_only_a_waiver_changed_is_completed_by_the_next(runs, tmp_path, module, function):
    """No document changed, so only the corpus-state record tells the next run the waiver is not
    applied yet (or the report not rebuilt)."""
    from prefect.settings import PREFECT_API_URL

    from flows.ingest import ingest

    root, second, _ = runs
    unwaived = tmp_path / "unwaived.yaml"
    unwaived.write_text("waivers: []\n")
    if not (root / "clean-unwaived").exists():
        ingest(raw_dir=str(second), out_dir=str(root / "clean-unwaived"), waivers_file=str(unwaived))
    out = tmp_path / "killed"
    shutil.copytree(root / "clean", out)
    environment = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}
    killed = subprocess.run(
        [sys.executable, "-m", "tests.kill_at", module, function, "1", str(second), str(out), str(unwaived)],
        cwd=REPO, env=environment, capture_output=True, timeout=900,
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr.decode()[-2000:]
    ingest(raw_dir=str(second), out_dir=str(out), waivers_file=str(unwaived))
    assert compare(root / "clean-unwaived", out) == []
    assert report_text(root / "clean-unwaived") == report_text(out)
