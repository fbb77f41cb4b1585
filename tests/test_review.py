"""Reviewing findings end to end: psp review, waive, unwaive, re-runs, stale waivers, export."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from flows.cli import main
from tests.conftest import BALTIMORE, REPO


@pytest.fixture()
def workspace(tmp_path, prefect_harness):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(BALTIMORE, raw / "baltimore-md.txt")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers: []\n")
    return raw, tmp_path / "out", waivers


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, prefect_harness):
    """Baltimore and a file that cannot be read, ingested once; tests that change it take a copy."""
    root = tmp_path_factory.mktemp("ingested")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(BALTIMORE, raw / "baltimore-md.txt")
    (raw / "broken\x1b[2J.txt").write_bytes(b"\xff\xfe not text")
    waivers = root / "waivers.yaml"
    waivers.write_text("waivers: []\n")
    ingest(raw, root / "out", waivers)
    return raw, root / "out", waivers


def ingest(raw: Path, out: Path, waivers: Path):
    from flows.ingest import ingest as flow

    return flow(raw_dir=str(raw), out_dir=str(out), waivers_file=str(waivers))


def table_finding_ids(out: Path) -> list[str]:
    validation = pd.read_parquet(out / "validation")
    return sorted(validation[validation.check == "table.total_equals_components"].finding_id)


def test_waivers_gate_ci_and_survive_reingest(workspace, capsys):
    raw, out, waivers = workspace
    ingest(raw, out, waivers)
    review = ["review", "--out", str(out), "--waivers", str(waivers)]
    assert main([*review, "--fail-on", "error"]) == 1
    shown = capsys.readouterr().out
    assert "table.total_equals_components" in shown and "10,344" in shown and "2021" in shown

    first, second = table_finding_ids(out)
    assert main(["waive", first, "--reason", "printed total includes other offenses", "--out", str(out),
                 "--waivers", str(waivers)]) == 0
    assert capsys.readouterr().out.startswith(f"waived {first} ")
    assert main([*review, "--fail-on", "ERROR"]) == 1  # one table finding still open
    assert main(["waive", second, "--reason", "same as 2021", "--out", str(out), "--waivers", str(waivers)]) == 0
    capsys.readouterr()
    assert main([*review, "--fail-on", "error"]) == 0
    assert main([*review, "--fail-on", "warning"]) == 1  # the footnote gap is a warning

    # each waiver says who and when, and the file it was about
    recorded = {w["finding_id"]: w for w in yaml.safe_load(waivers.read_text())["waivers"]}
    assert recorded[first]["source"] == "baltimore-md.txt" and recorded[first]["by"]
    assert recorded[first]["at"].endswith("Z") and recorded[first]["at"][:2] == "20"

    # re-waiving says what changed
    assert main(["waive", second, "--reason", "a typo in the source", "--out", str(out), "--waivers",
                 str(waivers)]) == 0
    said = capsys.readouterr().out
    assert f"re-waived {second}" in said and "'same as 2021'" in said and "'a typo in the source'" in said

    # a fresh ingest through the command line, with the same waivers file, applies them at once
    fresh = out.parent / "fresh"
    assert main(["ingest", str(raw), "--out", str(fresh), "--waivers", str(waivers)]) == 0
    assert "(2 waived)" in capsys.readouterr().out
    assert table_finding_ids(fresh) == [first, second]
    validation = pd.read_parquet(fresh / "validation").set_index("finding_id")
    assert validation.loc[first, "waived"] and validation.loc[first, "waiver_reason"].startswith("printed total")

    assert main(["unwaive", second, "--out", str(out), "--waivers", str(waivers)]) == 0
    assert main([*review, "--fail-on", "error"]) == 1


def test_stale_waiver_is_reported_where_its_document_is_and_nowhere_else(workspace, capsys):
    raw, out, waivers = workspace
    ingest(raw, out, waivers)
    finding = table_finding_ids(out)[0]
    assert main(["waive", finding, "--reason", "accepted", "--out", str(out), "--waivers", str(waivers)]) == 0

    # another output folder, of another document, shares the project's waivers file: not stale there
    other_raw, other_out = raw.parent / "other-raw", raw.parent / "other-out"
    other_raw.mkdir()
    (other_raw / "other.txt").write_text(BALTIMORE.read_text().replace("Baltimore", "Annapolis"))
    assert ingest(other_raw, other_out, waivers).stale_waivers == []
    capsys.readouterr()
    main(["review", "--out", str(other_out), "--waivers", str(waivers)])
    assert "stale waiver" not in capsys.readouterr().out

    # the document is corrected: 2021's printed total now equals its parts, so the finding is gone
    text = (raw / "baltimore-md.txt").read_text().replace("575,584\t10,344", "575,584\t9,399")
    (raw / "baltimore-md.txt").write_text(text)
    summary = ingest(raw, out, waivers)
    assert summary.stale_waivers == [finding]
    capsys.readouterr()
    main(["review", "--out", str(out), "--waivers", str(waivers)])
    assert f"stale waiver {finding}" in capsys.readouterr().out


def test_review_filters_by_check_and_severity_and_rejects_unknown_values(ingested, capsys):
    _, out, waivers = ingested
    capsys.readouterr()
    base = ["review", "--out", str(out), "--waivers", str(waivers)]
    assert main([*base, "--check", "FOOTNOTE.Sequence_Gap"]) == 0
    shown = capsys.readouterr().out
    assert "footnote 6 is missing" in shown and "table.total" not in shown
    assert main([*base, "--check", "claim"]) == 0  # a family of checks
    shown = capsys.readouterr().out
    assert "claim.rate_matches_table" in shown and "footnote." not in shown

    assert main([*base, "--check", "table.total_equals_component"]) == 2  # a typo is an error, not "no findings"
    error = capsys.readouterr().err
    assert "unknown check 'table.total_equals_component'" in error and "table.total_equals_components" in error

    assert main([*base, "--severity", "ERROR"]) == 0
    shown = capsys.readouterr().out
    assert "ERROR table.total_equals_components" in shown and "WARNING" not in shown
    assert main([*base, "--severity", "fatal"]) == 2
    assert "valid severities: error, warning, info" in capsys.readouterr().err


def test_review_finds_a_document_by_id_prefix_file_name_added_name_or_site(ingested, capsys):
    from review.findings import record_added_name

    raw, out, waivers = ingested
    doc_id = pd.read_parquet(out / "documents").query("status == 'ok'").doc_id.iloc[0]
    record_added_name(raw, "baltimore-md.txt", "Final draft (v3).txt")
    base = ["review", "--out", str(out), "--waivers", str(waivers), "--raw", str(raw), "--check", "footnote"]
    for name in (doc_id[:6], "baltimore-md.txt", "baltimore-md", "BALTIMORE", "Final draft (v3).txt"):
        capsys.readouterr()
        assert main([*base, "--doc", name]) == 0, name
        shown = capsys.readouterr().out
        assert f"baltimore-md.txt ({doc_id})" in shown and "footnote 6 is missing" in shown, name
        assert "quarantined" not in shown, name  # only the document asked for
    assert main([*base, "--doc", "nowhere"]) == 2
    assert "no document 'nowhere'" in capsys.readouterr().err
    assert main(["waive", "Fnope", "--reason", "x", "--out", str(out), "--waivers", str(waivers)]) == 2


def test_review_lists_quarantined_files_with_their_names_escaped(ingested, capsys):
    _, out, waivers = ingested
    capsys.readouterr()
    assert main(["review", "--out", str(out), "--waivers", str(waivers)]) == 0
    shown = capsys.readouterr().out
    assert "quarantined (1):" in shown
    line = next(line for line in shown.splitlines() if "broken" in line)
    assert "broken\\x1b[2J.txt" in line and "\x1b" not in line and "UTF-8" in line


def test_ingest_prints_file_names_with_escapes_escaped(tmp_path, prefect_harness, capsys):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "title\x1b]0;owned\x07.txt").write_bytes(b"\xff\xfe")
    assert main(["ingest", str(raw), "--out", str(tmp_path / "out")]) == 3
    captured = capsys.readouterr()
    assert "title\\x1b]0;owned\\x07.txt" in captured.out and "\x1b]0" not in captured.out + captured.err


def test_review_ends_quietly_when_its_reader_goes(ingested):
    _, out, waivers = ingested
    process = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "review", "--out", str(out), "--waivers", str(waivers)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO,
    )
    process.stdout.close()  # the reader is gone before psp writes (as `psp review | head -0`)
    error = process.stderr.read().decode()
    assert process.wait(timeout=120) == 0, error
    assert "Traceback" not in error and "BrokenPipeError" not in error, error


def test_export_keeps_integers_names_documents_and_works_where_the_folder_moves(ingested, tmp_path, capsys):
    _, ingested_out, _ = ingested
    out = tmp_path / "it's out"  # a quote in the path must not break the SQL of the views
    shutil.copytree(ingested_out, out)
    assert main(["export", "--format", "jsonl", "--out", str(out)]) == 0
    claims = pd.read_json(out / "export" / "claims.jsonl", lines=True)
    assert len(claims) == len(pd.read_parquet(out / "claims"))
    assert main(["export", "--format", "csv", "--out", str(out), "--to", str(out / "csv")]) == 0
    cells = pd.read_csv(out / "csv" / "table_cells.csv", dtype=str)
    assert len(cells) == 42
    validation = (out / "csv" / "validation.csv").read_text().splitlines()
    header = validation[0].split(",")
    assert header[:3] == ["doc_id", "source", "site"]
    total = next(line for line in validation if "table.total_equals_components" in line and ",2021," in line)
    assert ",baltimore-md.txt,Baltimore," in total and ".0," not in total  # year and start stay integers
    stats = pd.read_csv(out / "csv" / "crime_stats.csv", dtype=str)
    assert stats.year.tolist() == [str(y) for y in range(2017, 2023)] and stats.homicide.iloc[0] == "342"
    documents = pd.read_csv(out / "csv" / "documents.csv", dtype=str)
    assert "'" not in "".join(documents.source)  # plain names are not touched

    # the database's views are relative to its folder: a copy elsewhere works, the original gone
    moved = tmp_path / "moved 'copy'"
    shutil.copytree(out, moved)
    shutil.rmtree(out)
    duckdb = shutil.which("duckdb") or str(Path(sys.executable).parent / "duckdb")
    result = subprocess.run(
        [duckdb, "psp.duckdb", "-csv", 'select "check", count(*) from validation group by 1 order by 1'],
        capture_output=True, text=True, check=True, cwd=moved,
    )
    assert "table.total_equals_components,2" in result.stdout
    from review.export import connect

    with connect(moved) as connection:  # from any working directory
        assert connection.execute("select count(*) from claims").fetchone()[0] == len(claims)


def test_csv_export_neutralises_formulas_in_names_and_text(workspace, capsys):
    raw, out, waivers = workspace
    (raw / "baltimore-md.txt").rename(raw / "=HYPERLINK(x).txt")
    ingest(raw, out, waivers)
    assert main(["export", "--format", "csv", "--out", str(out)]) == 0
    documents = pd.read_csv(out / "export" / "documents.csv", dtype=str)
    assert documents.source.tolist() == ["'=HYPERLINK(x).txt"]
    findings = pd.read_csv(out / "export" / "validation.csv", dtype=str)
    assert set(findings.source) == {"'=HYPERLINK(x).txt"}
    assert all(not m.startswith(("=", "+", "-", "@")) for m in findings.message)


def test_ingest_and_add_take_the_waivers_option():
    from flows.cli import build_parser

    for command in (["ingest"], ["add", "x.txt"], ["review"], ["waive", "F1", "--reason", "r"], ["unwaive", "F1"]):
        assert build_parser()[0].parse_args([*command, "--waivers", "w.yaml"]).waivers == "w.yaml", command


def test_a_bad_waivers_file_is_one_clear_error(ingested, tmp_path, capsys):
    _, out, _ = ingested
    bad = tmp_path / "waivers.yaml"
    bad.write_text("waivers:\n- doc_id: 0123456789abcdef\n  check: table.x\n")
    assert main(["review", "--out", str(out), "--waivers", str(bad)]) == 2
    assert f"psp review: {bad}, line 2: waivers[0] has no place, reason" in capsys.readouterr().err
    raw = tmp_path / "raw"
    raw.mkdir()
    assert main(["ingest", str(raw), "--out", str(tmp_path / "new"), "--waivers", str(bad)]) == 2
    assert f"psp ingest: {bad}, line 2" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()  # stopped before anything was written
