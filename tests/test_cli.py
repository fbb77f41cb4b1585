"""Every psp command, driven through its entry point."""

from __future__ import annotations

import shutil

import pandas as pd

from flows.cli import main
from tests.conftest import BALTIMORE


def test_ingest_prints_a_summary_and_skips_unchanged_documents(tmp_path, prefect_harness, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(BALTIMORE, raw / "site.txt")
    out = tmp_path / "out"
    assert main(["ingest", str(raw), "--out", str(out)]) == 0
    first = capsys.readouterr().out
    assert "documents: 1 ok, 0 unchanged, 0 quarantined" in first
    assert "open findings: 2 error" in first
    assert main(["ingest", str(raw), "--out", str(out)]) == 0
    assert "documents: 0 ok, 1 unchanged, 0 quarantined" in capsys.readouterr().out


def test_ingest_exit_code_reports_quarantine_and_removed_files(tmp_path, prefect_harness, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(BALTIMORE, raw / "site.txt")
    (raw / "broken.txt").write_bytes(b"\xff\xfe\x00")
    out = tmp_path / "out"
    assert main(["ingest", str(raw), "--out", str(out)]) == 3
    assert "quarantined broken.txt" in capsys.readouterr().out
    (raw / "broken.txt").unlink()
    assert main(["ingest", str(raw), "--out", str(out)]) == 0
    assert "1 removed" in capsys.readouterr().out
    assert list(pd.read_parquet(out / "documents").source) == ["site.txt"]


def test_ingest_rejects_a_missing_folder(tmp_path, capsys):
    assert main(["ingest", str(tmp_path / "nope")]) == 2
    assert "is not a directory" in capsys.readouterr().err
