"""A document is read while the one before it is written (flows.documents.ingest_files), and the
rows of a batch are checked against the dataset models together (check_batch): the order of the
steps, a stop with a reading in flight, a time limit that counts from a reading's start, and the
same schema findings as one document at a time."""

from __future__ import annotations

import multiprocessing
import time
from pathlib import Path

import flows.documents as documents
from benchmarks.corpus import write_corpus
from flows.documents import DocumentOutcome, Reading, check_batch, ingest_files
from flows.raw_files import identify


def _files(tmp_path: Path, count: int) -> list:
    raw = tmp_path / "raw"
    paths = write_corpus(raw, count, seed=21)
    return [identify(raw, path) for path in paths]


def slow_reader(request: object) -> None:
    time.sleep(2)


def test_the_next_reading_starts_before_this_document_is_written(tmp_path, monkeypatch):
    events: list[str] = []
    real_start, real_write = Reading.__init__, documents._write_document

    def start(self, file, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        events.append(f"read {Path(file.source).name}")
        real_start(self, file, *args, **kwargs)

    def write(out_dir, file, *args):  # noqa: ANN001, ANN002, ANN202
        events.append(f"write {Path(file.source).name}")
        return real_write(out_dir, file, *args)

    monkeypatch.setattr(Reading, "__init__", start)
    monkeypatch.setattr(documents, "_write_document", write)
    files = _files(tmp_path, 3)
    names = [Path(f.source).name for f in files]
    outcomes = list(ingest_files(files, tmp_path / "out", "v", ocr=False, overrides={}, stop=lambda: False))
    assert [o.status for o in outcomes] == ["ok"] * 3
    assert events == [
        f"read {names[0]}", f"read {names[1]}", f"write {names[0]}", f"read {names[2]}", f"write {names[1]}",
        f"write {names[2]}",
    ]


def test_a_stop_cancels_the_reading_started_ahead_and_writes_nothing_of_it(tmp_path, monkeypatch):
    started: list[Reading] = []
    real_start = Reading.__init__

    def start(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        real_start(self, *args, **kwargs)
        started.append(self)

    monkeypatch.setattr(Reading, "__init__", start)
    files = _files(tmp_path, 3)
    done: list[DocumentOutcome] = []
    out = tmp_path / "out"
    for outcome in ingest_files(files, out, "v", ocr=False, overrides={}, stop=lambda: bool(done)):
        done.append(outcome)
    assert [o.doc_id for o in done] == [files[0].doc_id]
    assert len(started) == 2  # the second file's reading had started when the stop came
    assert multiprocessing.active_children() == []  # and was stopped, and the reading process ended
    assert sorted(p.name for p in (out / "documents").iterdir()) == [f"doc_id={files[0].doc_id}"]


def test_a_reading_started_ahead_keeps_its_time_limit_from_its_start(tmp_path, monkeypatch):
    (file,) = _files(tmp_path, 1)
    monkeypatch.setattr(documents, "limits", lambda kind: (0.5, 2048))
    reading = Reading(file, reader=slow_reader)
    time.sleep(0.6)  # the flow busy writing the document before it
    started = time.monotonic()
    try:
        reading.result()
        raise AssertionError("the reading should have hit its time limit")
    except documents.ExtractionError as error:
        assert "longer than 0.5 s" in error.reason
    assert time.monotonic() - started < 0.3  # not given a fresh half second


def test_a_batch_gives_each_document_the_schema_findings_it_gives_alone(tmp_path, monkeypatch):
    from schemas import frames

    files = _files(tmp_path, 3)
    out = tmp_path / "out"
    outcomes = list(ingest_files(files, out, "v", ocr=False, overrides={}, stop=lambda: False))
    real = frames.schema_findings

    def breaking(frames_by_name, sources):  # noqa: ANN001, ANN202 - the second document's first claim is bad
        claims = frames_by_name["claims"]
        second = claims.index[claims.doc_id == files[1].doc_id][0]
        claims.loc[second, "start"] = -1
        return real(frames_by_name, sources)

    monkeypatch.setattr(documents, "schema_findings", breaking)
    batch = check_batch(outcomes)
    alone = [check_batch([outcome]) for outcome in outcomes[1:2]][0][0]
    schema_rows = [[r for r in o.validation if r["check"].startswith("schema.")] for o in batch]
    assert [len(rows) for rows in schema_rows] == [0, 1, 0]
    assert schema_rows[1] == [r for r in alone.validation if r["check"].startswith("schema.")]
    assert batch[1].findings == alone.findings and batch[1].rows["validation"] == len(batch[1].validation)
    assert all(o.written is None for o in batch)  # the rows are not carried further


def test_the_reading_server_is_started_early_only_when_raw_has_something_new(tmp_path):
    import os

    from flows.raw_files import may_have_new_files

    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "a.txt").write_text("a")
    assert may_have_new_files(raw, out)  # nothing stored yet
    part = out / "documents" / "doc_id=0123456789abcdef" / "part-0.parquet"
    part.parent.mkdir(parents=True)
    part.write_bytes(b"")
    os.utime(raw / "a.txt", (1_000_000, 1_000_000))
    assert not may_have_new_files(raw, out)  # a no-op run: the server is never started
    (raw / "b.txt").write_text("b")
    assert may_have_new_files(raw, out)


def _pid(_: object) -> int:
    import os

    return os.getpid()


def _crash(_: object) -> None:
    import os

    os._exit(7)


def _virtual_mb(_: object) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmSize")


def _hog(megabytes: int) -> int:
    return len(bytearray(megabytes * 2**20))


def _hog_once(marker: str) -> str:
    """Out of memory the first time (as an exhausted worker would be), fine the second."""
    if Path(marker).exists():
        Path(marker).unlink()
        raise MemoryError
    return "read"


def test_a_worker_reads_in_turn_and_each_way_a_request_ends_leaves_the_next_one_whole(tmp_path):
    import pytest

    from extractors.model.errors import ExtractionError
    from flows.isolation import ReadingWorker

    worker = ReadingWorker()
    limits = {"timeout_s": 20.0, "memory_mb": 100_000}
    first = worker.submit(_pid, None, **limits).result()
    assert worker.submit(_pid, None, **limits).result() == first  # one process for both
    with pytest.raises(ExtractionError, match=r"longer than 0.3 s"):
        worker.submit(time.sleep, 5, timeout_s=0.3, memory_mb=100_000).result()
    second = worker.submit(_pid, None, **limits).result()
    assert second != first  # the stopped process was replaced
    with pytest.raises(ExtractionError, match=r"crashed \(exit code 7\)"):  # in a fresh process too
        worker.submit(_crash, None, **limits).result()
    # a memory error in a process that read before is tried again in a fresh one
    marker = tmp_path / "exhausted"
    marker.write_text("")
    worker.submit(_pid, None, **limits).result()
    assert worker.submit(_hog_once, str(marker), **limits).result() == "read"
    # a request that needs more than its limit fails in a fresh process as well
    baseline = worker.submit(_virtual_mb, None, **limits).result()
    with pytest.raises(ExtractionError, match="more than"):
        worker.submit(_hog, 400, timeout_s=20.0, memory_mb=baseline + 100).result()
    assert worker.submit(_hog, 50, **limits).result() == 50 * 2**20
    worker.close()
    assert multiprocessing.active_children() == []


def test_a_script_without_a_main_guard_is_run_once_not_again_in_each_reading_child(tmp_path):
    """multiprocessing re-imports the main script in each child; an unguarded call of the flow
    there would start a run (a Prefect server, more children) per child. The readers skip it."""
    import subprocess
    import sys

    marks = tmp_path / "runs.txt"
    script = tmp_path / "unguarded.py"
    script.write_text(
        "from flows.isolation import run_isolated\n"
        f"with open({str(marks)!r}, 'a') as f:\n"
        "    f.write('ran\\n')\n"
        "print(run_isolated(abs, -3, timeout_s=60, memory_mb=2000))\n",
        encoding="utf-8",
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "3"
    assert marks.read_text(encoding="utf-8").splitlines() == ["ran"]


def test_readers_started_at_once_leave_the_main_module_as_it_was():
    """Two batches' readers start in two threads; each hides `__main__`'s file while it starts
    its child, and the module must end as it began."""
    import sys
    import threading

    from flows.isolation import run_isolated

    main = sys.modules["__main__"]
    before = (main.__dict__.get("__file__"), main.__dict__.get("__spec__"))
    results: list[int] = []
    threads = [threading.Thread(target=lambda: results.append(run_isolated(abs, -2, timeout_s=60, memory_mb=2000)))
               for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [2] * 6
    assert (main.__dict__.get("__file__"), main.__dict__.get("__spec__")) == before
