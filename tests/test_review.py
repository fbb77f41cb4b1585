"""Reviewing findings end to end: psp review, waive, unwaive, re-runs, stale waivers, report, export."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from flows.cli import main
from tests.conftest import BALTIMORE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture()
def workspace(tmp_path, prefect_harness):
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(BALTIMORE, raw / "baltimore-md.txt")
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers: []\n")
    return raw, tmp_path / "out", waivers


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
    assert main([*review, "--fail-on", "error"]) == 1  # one table finding still open
    assert main(["waive", second, "--reason", "same as 2021", "--out", str(out), "--waivers", str(waivers)]) == 0
    capsys.readouterr()
    assert main([*review, "--fail-on", "error"]) == 0
    assert main([*review, "--fail-on", "warning"]) == 1  # the footnote gap is a warning

    # a fresh re-ingest produces the same finding ids, so the waivers still apply
    fresh = out.parent / "fresh"
    summary = ingest(raw, fresh, waivers)
    assert summary.waived == 2 and summary.stale_waivers == []
    assert table_finding_ids(fresh) == [first, second]
    validation = pd.read_parquet(fresh / "validation").set_index("finding_id")
    assert validation.loc[first, "waived"] and validation.loc[first, "waiver_reason"].startswith("printed total")

    assert main(["unwaive", second, "--out", str(out), "--waivers", str(waivers)]) == 0
    assert main([*review, "--fail-on", "error"]) == 1


def test_stale_waiver_is_reported(workspace, capsys):
    raw, out, waivers = workspace
    ingest(raw, out, waivers)
    finding = table_finding_ids(out)[0]
    assert main(["waive", finding, "--reason", "accepted", "--out", str(out), "--waivers", str(waivers)]) == 0
    # the document is corrected: 2021's printed total now equals its parts, so the finding is gone
    text = (raw / "baltimore-md.txt").read_text().replace("575,584\t10,344", "575,584\t9,399")
    (raw / "baltimore-md.txt").write_text(text)
    summary = ingest(raw, out, waivers)
    assert summary.stale_waivers == [finding]
    capsys.readouterr()
    main(["review", "--out", str(out), "--waivers", str(waivers)])
    assert f"stale waiver {finding}" in capsys.readouterr().out


def test_review_filters_and_errors(workspace, capsys):
    raw, out, waivers = workspace
    ingest(raw, out, waivers)
    capsys.readouterr()
    assert main(["review", "--out", str(out), "--check", "footnote.sequence_gap", "--doc", "Baltimore"]) == 0
    shown = capsys.readouterr().out
    assert "footnote 6 is missing" in shown and "table.total" not in shown
    assert main(["review", "--out", str(out), "--doc", "nowhere"]) == 2
    assert "no document 'nowhere'" in capsys.readouterr().err
    assert main(["waive", "Fnope", "--reason", "x", "--out", str(out), "--waivers", str(waivers)]) == 2


def test_export_and_duckdb(workspace, capsys):
    raw, out, waivers = workspace
    ingest(raw, out, waivers)
    assert main(["export", "--format", "jsonl", "--out", str(out)]) == 0
    claims = pd.read_json(out / "export" / "claims.jsonl", lines=True)
    assert len(claims) == len(pd.read_parquet(out / "claims"))
    assert main(["export", "--format", "csv", "--out", str(out), "--to", str(out / "csv")]) == 0
    assert len(pd.read_csv(out / "csv" / "table_cells.csv")) == 42
    duckdb = shutil.which("duckdb") or str(Path(os.sys.executable).parent / "duckdb")
    result = subprocess.run(
        [duckdb, str(out / "psp.duckdb"), "-csv", 'select "check", count(*) from validation group by 1 order by 1'],
        capture_output=True, text=True, check=True,
    )
    assert "table.total_equals_components,2" in result.stdout


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="Debian's chromium is not installed")
def test_report_links_every_finding_to_its_place(workspace):
    from playwright.sync_api import sync_playwright

    raw, out, waivers = workspace
    # a second printing of the same site with one count changed: cross-document findings too
    text = (raw / "baltimore-md.txt").read_text()
    (raw / "baltimore-reprint.txt").write_text(text.replace("2018\t602,443\t11,099\t308", "2018\t602,443\t11,100\t309"))
    ingest(raw, out, waivers)
    report = out / "report.html"
    html = report.read_text()
    assert "Compared with other documents" in html
    assert "http://" not in html and "https://cdn" not in html and "<script" not in html
    args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        page = browser.new_page(viewport={"width": 1280, "height": 1800})
        page.goto(report.resolve().as_uri())
        links = page.evaluate(
            """() => [...document.querySelectorAll('a[href^="#place-"]')]
                     .map(a => [a.getAttribute('href'), !!document.getElementById(a.getAttribute('href').slice(1))])"""
        )
        page.screenshot(path=str(out / "report.png"), full_page=True)
        browser.close()
    findings = pd.read_parquet(out / "validation")
    assert (findings.check == "cross.value_conflict").sum() >= 2
    assert len(links) == len(findings) > 0
    assert all(exists for _, exists in links), links
    assert (out / "report.png").stat().st_size > 10_000


def test_report_sections_are_rendered_once_and_redone_when_their_findings_change(workspace, capsys):
    from review.report_parts import PARTS_DIR

    raw, out, waivers = workspace
    shutil.copy(raw / "baltimore-md.txt", raw / "copy.txt")
    (raw / "copy.txt").write_text((raw / "copy.txt").read_text() + "\n")  # same site, same numbers
    ingest(raw, out, waivers)
    sections = {path.name: path.stat().st_mtime_ns for path in (out / PARTS_DIR).iterdir()}
    assert len(sections) == 2  # one per document, rendered by the task that ingested it

    # a re-run that changes nothing renders nothing
    ingest(raw, out, waivers)
    assert {path.name: path.stat().st_mtime_ns for path in (out / PARTS_DIR).iterdir()} == sections

    # a waiver changes one document's findings: the report shows it at once, and that section
    # alone is redone (the old one deleted)
    finding = table_finding_ids(out)[0]
    assert main(["waive", finding, "--reason", "typo in the source", "--out", str(out), "--waivers", str(waivers)]) == 0
    after = {path.name: path.stat().st_mtime_ns for path in (out / PARTS_DIR).iterdir()}
    assert len(after) == 2 and len(set(after) & set(sections)) == 1
    html = (out / "report.html").read_text()
    assert f'id="finding-{finding}" class="waived"' in html

    # a document leaving raw/ takes its section with it
    (raw / "copy.txt").unlink()
    ingest(raw, out, waivers)
    assert len(list((out / PARTS_DIR).iterdir())) == 1
