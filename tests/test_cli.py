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


def test_add_names_copies_ingests_and_reports(tmp_path, prefect_harness, capsys):
    from tests.variants.documents import variant_pipe_table, variant_rates_and_spaced_calls

    incoming = tmp_path / "incoming"
    incoming.mkdir()
    (incoming / "Final draft (v3).txt").write_bytes(variant_rates_and_spaced_calls().data)
    untitled = variant_pipe_table().data.replace(b"Case Study: Lake Marren, Wisconsin", b"Annual review")
    (incoming / "review.txt").write_bytes(untitled)
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    (raw / "pine-harbor-tn.txt").write_text("a different document", encoding="utf-8")

    assert main(["add", str(incoming / "Final draft (v3).txt"), "--raw", str(raw), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"copied {raw / 'pine-harbor-tn-2.txt'}" in printed  # the site's name, never over another file
    assert "site: Pine Harbor, Tennessee" in printed and "tables: 2" in printed
    assert "footnotes: 2 bodies, 2 calls" in printed and "claims: 5" in printed
    assert "table.rate_matches_counts" in printed and "pine-harbor-tn.txt" not in list(
        pd.read_parquet(out / "documents").source
    )
    # findings and the report name the file as it is in raw/, never the name it was added under
    messages = pd.read_parquet(out / "validation").message
    assert messages.str.contains("pine-harbor-tn-2.txt").any()
    report = (out / "report.html").read_text(encoding="utf-8")
    assert not messages.str.contains("final-draft").any() and "final-draft" not in report and "nan" not in printed

    assert main(["add", str(incoming / "review.txt"), "--site", "Lake Marren", "--state", "WI", "--raw", str(raw),
                 "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "site: Lake Marren, Wisconsin" in printed and (raw / "lake-marren-wi.txt").exists()
    documents = pd.read_parquet(out / "documents").set_index("source")
    assert documents.loc["lake-marren-wi.txt", ["site", "state"]].tolist() == ["Lake Marren", "Wisconsin"]
    stats = pd.read_parquet(out / "crime_stats")
    places = set(zip(stats.site, stats.state, strict=True))
    assert places == {("Pine Harbor", "Tennessee"), ("Lake Marren", "Wisconsin")}
    assert "lake-marren-wi.txt" in (raw / "sites.yaml").read_text(encoding="utf-8")

    assert main(["add", str(incoming / "review.txt"), "--raw", str(raw), "--out", str(out)]) == 0
    assert "already in raw/ as" in capsys.readouterr().out  # same bytes: not copied twice

    (incoming / "notes.txt").write_bytes(untitled + b"\nA line that makes it another document.\n")
    assert main(["add", str(incoming / "notes.txt"), "--raw", str(raw), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "site: not found in the title; give it with --site NAME --state NAME" in printed and "nan" not in printed
    assert sorted(p.name for p in raw.iterdir()) == [
        "added-as.yaml", "lake-marren-wi.txt", "notes.txt", "pine-harbor-tn-2.txt", "pine-harbor-tn.txt", "sites.yaml"
    ]
    from review.findings import added_names  # what each file was called when it was added, for `psp review --doc`

    assert added_names(raw) == {
        "pine-harbor-tn-2.txt": ["Final draft (v3).txt"], "lake-marren-wi.txt": ["review.txt"],
        "notes.txt": ["notes.txt"],
    }
    assert main(["review", "--raw", str(raw), "--out", str(out), "--doc", "Final draft (v3).txt"]) == 0
    assert "pine-harbor-tn-2.txt" in capsys.readouterr().out


def test_ingest_of_an_empty_folder_writes_an_empty_report(tmp_path, prefect_harness, capsys):
    (tmp_path / "raw").mkdir()
    out = tmp_path / "new" / "out"
    assert main(["ingest", str(tmp_path / "raw"), "--out", str(out)]) == 0
    assert "documents: 0 ok, 0 unchanged, 0 quarantined" in capsys.readouterr().out
    assert (out / "report.html").exists() and (out / "psp.duckdb").exists()
