"""Running psp safely: nothing removed or half-written unasked, one lock per output folder, Ctrl-C
keeps what is done, exit codes, and commands that answer at once. Runs that must be seen from the
outside (a second process, a signal, a read-only folder, Prefect's own output) run `psp` as a
subprocess; they share the test session's Prefect server through PREFECT_API_URL."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pandas as pd
import pytest

from benchmarks.corpus import write_corpus
from flows.cli import main
from flows.settings import pipeline_version
from tests.conftest import BALTIMORE, REPO

PSP = str(Path(sys.executable).parent / "psp")
HEAVY = ("prefect", "pandas", "pyarrow", "pandera", "spacy")


def psp_environment(api_url: str | None) -> dict[str, str]:
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    environment.pop("PREFECT_API_URL", None)
    if api_url:
        environment["PREFECT_API_URL"] = api_url
    return environment


def run_psp(*args: str, api_url: str | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PSP, *args], cwd=REPO, env=psp_environment(api_url), capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def api_url(prefect_harness) -> str:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


@pytest.fixture(scope="module")
def baltimore_out(tmp_path_factory, prefect_harness) -> tuple[Path, Path]:
    """A raw folder with Baltimore and its ingested outputs (copy before changing them)."""
    from flows.ingest import ingest

    root = tmp_path_factory.mktemp("baltimore")
    raw, out = root / "raw", root / "out"
    raw.mkdir()
    shutil.copy(BALTIMORE, raw / "site.txt")
    ingest(raw_dir=str(raw), out_dir=str(out))
    return raw, out


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file's size and modification time, the lock file aside (it stays, empty, for the next holder)."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*")) if p.name != ".psp.lock"
    }


def make_read_only(folder: Path) -> None:
    """Read-only for this process: root ignores permission bits, so as root the folder (and every
    folder under it) is made immutable instead."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None or subprocess.run(["chattr", "-R", "+i", str(folder)]).returncode:
            pytest.skip("running as root and chattr cannot make a folder immutable here")
    else:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)


def make_writable(folder: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-R", "-i", str(folder)], check=False)
    else:
        for path in [folder, *folder.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)


@pytest.mark.parametrize(
    "args", [["--help"], ["ingest", "--help"], ["ingest", "--bogus"], ["ingest", "--workers", "0"], ["--version"]]
)
def test_help_and_argument_errors_import_nothing_heavy(args):
    code = (
        "import sys\nfrom flows.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit:\n    pass\n"
        f"print('loaded:', sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert "loaded: []" in done.stdout, done.stdout + done.stderr


def test_review_imports_neither_prefect_nor_spacy(baltimore_out):
    _, out = baltimore_out
    code = (
        "import sys\nfrom flows.cli import main\n"
        f"main(['review', '--out', {str(out)!r}])\n"
        "print('loaded:', sorted(m for m in ('prefect', 'spacy') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert "loaded: []" in done.stdout, done.stdout + done.stderr
    assert "table.total_equals_components" in done.stdout


def test_an_unknown_option_prints_the_commands_usage(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["ingest", "--bogus"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: psp ingest") and "unrecognized arguments: --bogus" in err


@pytest.mark.parametrize("workers", ["0", "-3", "two"])
def test_workers_must_be_a_positive_whole_number(workers, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["ingest", "--workers", workers])
    assert stopped.value.code == 2
    assert "argument --workers" in capsys.readouterr().err


def test_version_names_the_package_and_pipeline_versions(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    version = metadata.version("psp-extract")
    assert capsys.readouterr().out.strip() == f"psp {version} (pipeline {pipeline_version()})"
    assert pipeline_version().startswith(version + "+")


def test_review_fail_on_exits_1_while_an_error_is_open(baltimore_out, capsys):
    _, out = baltimore_out
    assert main(["review", "--out", str(out), "--fail-on", "error"]) == 1  # Baltimore's two printed totals
    assert "open finding(s) at error or above" in capsys.readouterr().err
    assert main(["review", "--out", str(out), "--check", "footnote.sequence_gap", "--fail-on", "error"]) == 0


def test_an_ingest_that_would_remove_most_outputs_refuses_without_prune(baltimore_out, tmp_path, prefect_harness,
                                                                        capsys):
    raw, stored = baltimore_out
    out = tmp_path / "out"
    shutil.copytree(stored, out)
    before = snapshot(out)
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["ingest", str(empty), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert "no file for 1 of the 1 documents" in err and "site.txt" in err and "--prune" in err
    assert len(err.splitlines()) == 1
    assert snapshot(out) == before  # nothing removed, nothing written

    assert main(["ingest", str(empty), "--out", str(out), "--prune"]) == 0
    printed = capsys.readouterr().out
    assert "1 removed" in printed and "removed site.txt (" in printed  # named
    assert pd.read_parquet(out / "documents").empty


def test_removing_half_of_the_documents_needs_no_prune(tmp_path, prefect_harness, capsys):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_corpus(raw, 2, seed=3)
    assert main(["ingest", str(raw), "--out", str(out)]) == 0
    gone = sorted(raw.iterdir())[0]
    gone.unlink()
    assert main(["ingest", str(raw), "--out", str(out)]) == 0
    assert f"removed {gone.name} (" in capsys.readouterr().out


def test_a_read_only_output_folder_is_one_line_and_exit_4_with_nothing_written(baltimore_out, tmp_path):
    raw, stored = baltimore_out
    out, new_raw = tmp_path / "out", tmp_path / "raw"
    shutil.copytree(stored, out)
    shutil.copytree(raw, new_raw)
    write_corpus(new_raw, 1, seed=5)  # a new document the run would write
    finding = pd.read_parquet(out / "validation").finding_id.iloc[0]
    waivers = tmp_path / "waivers.yaml"
    before = snapshot(out)
    make_read_only(out)
    try:
        ingest = run_psp("ingest", str(new_raw), "--out", str(out))
        waive = run_psp("waive", finding, "--reason", "accepted", "--out", str(out), "--waivers", str(waivers))
        after = snapshot(out)
    finally:
        make_writable(out)
    for done in (ingest, waive):
        assert done.returncode == 4, done.stderr
        assert done.stdout == "" and len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "cannot write to" in done.stderr and "Traceback" not in done.stderr
    assert after == before
    assert not waivers.exists()  # the waiver was not half applied


def test_a_second_command_on_a_locked_output_folder_refuses_and_nothing_is_lost(tmp_path, api_url):
    first_raw, second_raw, out = tmp_path / "first", tmp_path / "second", tmp_path / "out"
    write_corpus(first_raw, 6, seed=11)
    second_raw.mkdir()
    shutil.copy(BALTIMORE, second_raw / "baltimore.txt")
    first = subprocess.Popen(
        [PSP, "ingest", str(first_raw), "--out", str(out)], cwd=REPO, env=psp_environment(api_url),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    assert first.stdout is not None
    for line in first.stdout:  # the first run is writing its documents: it holds the lock
        if line.startswith("[1/6]"):
            break
    second = run_psp("ingest", str(second_raw), "--out", str(out), api_url=api_url)
    rest = first.stdout.read()
    assert first.wait() == 0, rest
    assert second.returncode == 4, second.stderr
    assert f"pid {first.pid}, psp ingest" in second.stderr and len(second.stderr.strip().splitlines()) == 1
    documents = pd.read_parquet(out / "documents")
    assert sorted(documents.source) == sorted(p.name for p in first_raw.iterdir())  # all of the first's, kept


@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_stops_after_the_current_document_and_a_rerun_finishes(workers, tmp_path, api_url):
    from flows.ingest import ingest

    raw, out = tmp_path / "raw", tmp_path / "out"
    write_corpus(raw, 8, seed=13)
    run = subprocess.Popen(
        [PSP, "ingest", str(raw), "--out", str(out), "--workers", workers], cwd=REPO, env=psp_environment(api_url),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )
    assert run.stdout is not None
    for line in run.stdout:
        if line.startswith("[2/8]"):
            break
    os.killpg(run.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    printed = run.stdout.read()
    assert run.wait() == 130, printed
    assert "Traceback" not in printed and "ERROR" not in printed and "KeyboardInterrupt" not in printed, printed
    done = [line for line in printed.splitlines() if line.startswith("interrupted: ")]
    assert len(done) == 1 and done[0].endswith("of 8 done; run again to finish"), printed
    finished = int(done[0].split()[1])
    assert 2 <= finished < 8
    documents = pd.read_parquet(out / "documents")
    assert len(documents) == finished and set(documents.status) == {"ok"}  # every finished one kept, whole
    assert (out / "report.html").exists() and (out / "psp.duckdb").exists()
    assert documents.source.map(lambda s: s in (out / "report.html").read_text(encoding="utf-8")).all()
    assert not (out / ".psp.stop").exists()

    summary = ingest(raw_dir=str(raw), out_dir=str(out))
    assert (summary.count("unchanged"), summary.count("ok"), summary.removed) == (finished, 8 - finished, [])
    assert len(pd.read_parquet(out / "documents")) == 8


def test_no_op_ingests_with_a_temporary_server_print_no_error(baltimore_out, tmp_path):
    """Prefect's event client is flushed and closed before the temporary server stops (the
    closing measurement runs this ten times: benchmarks/cli.py --clean-runs 10)."""
    raw, stored = baltimore_out
    out = tmp_path / "out"
    shutil.copytree(stored, out)
    for _ in range(2):
        done = run_psp("ingest", str(raw), "--out", str(out))
        printed = done.stdout + done.stderr
        assert done.returncode == 0, printed
        assert "documents: 0 ok, 1 unchanged" in printed
        assert "ERROR" not in printed and "Traceback" not in printed, printed
        assert "prefect: a temporary server for this run" in printed


def test_the_persistent_server_is_used_by_every_command_until_stopped(baltimore_out, tmp_path):
    from flows.server import free_port

    raw, stored = baltimore_out
    project = tmp_path / "project"
    shutil.copytree(raw, project / "raw")
    shutil.copytree(stored, project / "processed")
    environment = psp_environment(None)
    environment.pop("PREFECT_HOME", None)  # the project's own Prefect home

    def psp(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([PSP, *args, "--project", str(project)], cwd=tmp_path, env=environment,
                              capture_output=True, text=True, timeout=600)

    started = psp("server", "start", "--port", str(free_port()))
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        assert (project / ".prefect" / "psp-server.json").exists()
        assert psp("server", "status").stdout.startswith("running at http://127.0.0.1:")
        assert psp("server", "start").returncode == 1  # one per project
        ingest = psp("ingest")
        assert ingest.returncode == 0, ingest.stderr
        assert "prefect: the project's server at http://127.0.0.1:" in ingest.stderr
        assert "documents: 0 ok, 1 unchanged" in ingest.stdout
    finally:
        stopped = psp("server", "stop")
    assert stopped.stdout.startswith("stopped the Prefect server")
    assert psp("server", "status").stdout.startswith("not running")


def test_progress_shows_each_document_once_with_n_of_total():
    import io

    from flows.documents import DocumentOutcome
    from flows.progress import LineReporter

    stream = io.StringIO()
    reporter = LineReporter(stream)
    reporter.start(2, 1)
    ok = DocumentOutcome("a.txt", "1" * 16, "ok", rows={"documents": 1, "tables": 1, "claims": 0})
    bad = DocumentOutcome("b.txt", "2" * 16, "quarantined", "empty file (0 bytes)")
    for outcome in (ok, ok, bad):  # a Dask batch reports its documents again: shown once
        reporter.document(outcome)
    assert stream.getvalue().splitlines() == [
        "ingesting 2 documents, 1 unchanged",
        f"[1/2] ok a.txt ({'1' * 16}): 1 tables",
        "[2/2] quarantined b.txt: empty file (0 bytes)",
    ]
    assert reporter.quarantined == 1
