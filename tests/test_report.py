"""The HTML report in headless Chromium: the flagged cell is marked with its expected value, each
finding's link lands on its cell or span and back, only the flagged bar is coloured, waived
findings are quiet, and the overview's counts are those of `validation`.

Set PSP_SCREENSHOTS=DIR to keep the screenshots."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from flows.cli import main
from tests.conftest import BALTIMORE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
needs_chromium = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"),
                                    reason="Debian's chromium is not installed")


def ingest(raw: Path, out: Path, waivers: Path):
    from flows.ingest import ingest as flow

    return flow(raw_dir=str(raw), out_dir=str(out), waivers_file=str(waivers))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, prefect_harness):
    """Baltimore, a reprint with one count changed (cross-document findings), a document whose
    title names no site, and a file that cannot be read."""
    from tests.variants.documents import variant_pipe_table

    root = tmp_path_factory.mktemp("report")
    raw = root / "raw"
    raw.mkdir()
    shutil.copy(BALTIMORE, raw / "baltimore-md.txt")
    text = BALTIMORE.read_text()
    (raw / "baltimore-reprint.txt").write_text(text.replace("2018\t602,443\t11,099\t308", "2018\t602,443\t11,100\t309"))
    (raw / "untitled.txt").write_bytes(variant_pipe_table().data.replace(b"Case Study: Lake Marren, Wisconsin",
                                                                         b"Annual review"))
    (raw / "broken.txt").write_bytes(b"\xff\xfe\x00")
    waivers = root / "waivers.yaml"
    waivers.write_text("waivers: []\n")
    ingest(raw, root / "out", waivers)
    return raw, root / "out", waivers


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def _screenshot(page, name: str, tmp_path: Path, full_page: bool = True) -> Path:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=full_page)
    keep = os.environ.get("PSP_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / name)
    return path


def _doc_id(out: Path, source: str) -> str:
    documents = pd.read_parquet(out / "documents")
    return documents[documents.source == source].doc_id.iloc[0]


def _finding_id(out: Path, doc_id: str, check: str, year: int | None = None) -> str:
    v = pd.read_parquet(out / "validation")
    v = v[(v.doc_id == doc_id) & (v.check == check)]
    return v[v.year == year].finding_id.iloc[0] if year else v.finding_id.iloc[0]


def _in_view(page, selector: str) -> bool:
    return page.evaluate(
        """(sel) => { const r = document.querySelector(sel).getBoundingClientRect();
                      return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0; }""", selector)


@needs_chromium
def test_the_flagged_cell_is_marked_and_its_link_lands_on_it(corpus, browser, tmp_path):
    _, out, _ = corpus
    doc_id = _doc_id(out, "baltimore-md.txt")
    html = (out / "report" / f"{doc_id}.html").read_text()
    assert "http://" not in html.replace("http://www", "") and "<script" not in html
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((out / "report" / f"{doc_id}.html").resolve().as_uri())

    cells = page.evaluate("""() => [...document.querySelectorAll('table td')].map(td => ({
        text: td.textContent, classes: td.className, row: td.parentElement.firstElementChild.textContent}))""")
    by_row = {}
    for cell in cells:
        by_row.setdefault(cell["row"].strip(), []).append(cell)
    flagged = [c for c in cells if "flag" in c["classes"].split()]
    assert [c["text"] for c in flagged] == ["10,344expected 9,399", "10,624expected 9,246"]  # the totals alone
    assert all("sev-error" in c["classes"] for c in flagged)
    row_2021 = {c["text"]: c["classes"] for c in by_row["2021"]}
    assert [t for t, classes in row_2021.items() if "cmp" in classes.split()] == ["337", "316", "3232", "5514"]
    assert row_2021["2021"].strip() in ("l", "") and row_2021["575,584"] == ""  # the year and population: not marked
    row_2019 = {c["text"]: c["classes"] for c in by_row["2019"]}  # compared by the prose rate claim
    assert {t for t, classes in row_2019.items() if "cmp" in classes.split()} == {"593,490", "11,101"}

    # only the violent crime bars of 2021 and 2022 are coloured
    bars = page.evaluate("""() => [...document.querySelectorAll('svg rect.bar-flag')]
                             .map(r => r.closest('svg').getAttribute('aria-label') + ' ' + r.textContent)""")
    assert bars == ["violent crime by year 2021: 10,344 (flagged)", "violent crime by year 2022: 10,624 (flagged)"]

    # the finding's link lands on the cell, and the cell links back to the finding
    total = _finding_id(out, doc_id, "table.total_equals_components", 2021)
    page.click(f'a[href="#place-{total}"]')
    target = page.evaluate("() => { const t = document.querySelector(':target'); "
                           "return [t.id, t.closest('td').textContent, t.getAttribute('href')]; }")
    assert target == [f"place-{total}", "10,344expected 9,399", f"#finding-{total}"]
    assert _in_view(page, f"#place-{total}")
    _screenshot(page, "baltimore-cell.png", tmp_path, full_page=False)
    page.click(f"#place-{total}")
    assert page.evaluate("() => document.querySelector(':target').id") == f"finding-{total}"

    # a claim finding lands on its span in the text, with the table's value beside it
    claim = _finding_id(out, doc_id, "claim.rate_matches_table")
    page.click(f'a[href="#place-{claim}"]')
    mark = page.evaluate("() => { const t = document.querySelector(':target'), m = t.closest('mark'); "
                         "return [m.className, t.closest('.text') !== null, m.textContent]; }")
    assert mark == ["finding sev-warning", True, "2,027.01expected 1,870.46"]
    assert _in_view(page, f"#place-{claim}")
    _screenshot(page, "baltimore-claim.png", tmp_path, full_page=False)

    # every finding's link has its place on the page, and every place links back
    links = page.evaluate("""() => [...document.querySelectorAll('a[href^="#place-"]')].map(a => {
        const id = a.getAttribute('href').slice(1); const place = document.getElementById(id);
        const back = place && (place.matches('a[href^="#finding-"]') || place.querySelector('a[href^="#finding-"]')
                               || place.closest('li[id^="finding-"]'));
        return [id, !!place, !!back]; })""")
    findings = pd.read_parquet(out / "validation").query("doc_id == @doc_id")
    assert sorted(i for i, *_ in links) == sorted(f"place-{f}" for f in findings.finding_id)
    assert all(place and back for _, place, back in links), links
    assert (findings.check == "cross.value_conflict").sum() >= 1
    _screenshot(page, "baltimore.png", tmp_path)
    page.close()


@needs_chromium
def test_the_overview_counts_are_those_of_validation(corpus, browser, tmp_path):
    _, out, _ = corpus
    validation = pd.read_parquet(out / "validation")
    documents = pd.read_parquet(out / "documents")
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((out / "report.html").resolve().as_uri())
    run = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.card:first-of-type [data-count]')]
                           .map(e => [e.dataset.count, +e.textContent]))""")
    open_findings = validation[~validation.waived]
    assert run == {
        "documents": len(documents), "ok": int((documents.status == "ok").sum()),
        "quarantined": int((documents.status == "quarantined").sum()), "findings": len(validation),
        **{f"open-{s}": int((open_findings.severity == s).sum()) for s in ("error", "warning", "info")},
        "waived": int(validation.waived.sum()),
    }
    checks = page.evaluate("""() => [...document.querySelectorAll('tr[data-check]')].map(r => [r.dataset.check,
        r.dataset.severity, +r.querySelector('[data-count=open]').textContent,
        +r.querySelector('[data-count=waived]').textContent])""")
    expected = validation.groupby(["check", "severity"]).waived.agg(lambda w: [int((~w).sum()), int(w.sum())])
    assert sorted(checks) == sorted([c, s, *counts] for (c, s), counts in expected.items())
    rows = page.evaluate("""() => [...document.querySelectorAll('tr[data-doc]')].map(r => [r.dataset.doc,
        r.children[2].textContent, ...[...r.querySelectorAll('[data-count]')].map(e => +e.textContent)])""")
    for doc_id, site, errors, warnings, infos, waived in rows:
        mine = validation[validation.doc_id == doc_id]
        open_mine = mine[~mine.waived]
        assert [errors, warnings, infos] == [int((open_mine.severity == s).sum()) for s in ("error", "warning", "info")]
        assert waived == int(mine.waived.sum())
        stored = documents.set_index("doc_id").site.get(doc_id)
        assert site == (stored if isinstance(stored, str) and stored else "—")
    assert "—" in [site for _, site, *_ in rows]  # the untitled document: no site, shown as a dash
    quarantined = page.evaluate("() => [...document.querySelectorAll('.card:first-of-type table tr')]"
                                ".slice(1).map(r => r.textContent)")
    assert len(quarantined) == 1 and quarantined[0].startswith("broken.txt") and "UTF" in quarantined[0]
    _screenshot(page, "overview.png", tmp_path)

    # a document page's header never shows an empty site as "· , ·"
    untitled = _doc_id(out, "untitled.txt")
    html = (out / "report" / f"{untitled}.html").read_text()
    assert " · , · " not in html and "· ·" not in html
    page.close()


@needs_chromium
def test_a_waived_finding_is_marked_quietly(corpus, browser, tmp_path, capsys):
    raw, shared_out, waivers = corpus
    out = tmp_path / "out"
    shutil.copytree(shared_out, out)
    doc_id = _doc_id(out, "baltimore-md.txt")
    total = _finding_id(out, doc_id, "table.total_equals_components", 2021)
    assert main(["waive", total, "--reason", "typo in the source", "--out", str(out), "--waivers",
                 str(tmp_path / "w.yaml")]) == 0
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto((out / "report" / f"{doc_id}.html").resolve().as_uri())
    cell = page.evaluate(f"() => document.getElementById('place-{total}').closest('td').className")
    assert cell.split()[0] == "waived"
    item = page.evaluate(f"() => document.getElementById('finding-{total}').className")
    assert item == "finding waived"
    bars = page.evaluate("() => [...document.querySelectorAll('svg rect[class]')].map(r => [r.getAttribute('class'), "
                         "r.textContent])")
    assert bars == [["bar-waived", "2021: 10,344 (flagged, waived)"], ["bar-flag", "2022: 10,624 (flagged)"]]
    page.close()


def test_report_sections_are_rendered_once_and_redone_when_their_findings_change(tmp_path, prefect_harness):
    from review.report_parts import PARTS_DIR

    raw, out, waivers = tmp_path / "raw", tmp_path / "out", tmp_path / "waivers.yaml"
    raw.mkdir()
    waivers.write_text("waivers: []\n")
    shutil.copy(BALTIMORE, raw / "baltimore-md.txt")
    (raw / "copy.txt").write_text(BALTIMORE.read_text() + "\n")  # same site, same numbers
    ingest(raw, out, waivers)
    sections = {path.name: path.stat().st_mtime_ns for path in (out / PARTS_DIR).glob("*.html")}
    pages = {path.name: path.stat().st_mtime_ns for path in (out / "report").iterdir()}
    assert len(sections) == 2 and len(pages) == 2  # one per document, rendered by the task that ingested it

    # a re-run that changes nothing renders and writes nothing
    ingest(raw, out, waivers)
    assert {path.name: path.stat().st_mtime_ns for path in (out / PARTS_DIR).glob("*.html")} == sections
    assert {path.name: path.stat().st_mtime_ns for path in (out / "report").iterdir()} == pages

    # a waiver changes one document's findings: its page shows it at once, and that section alone is redone
    validation = pd.read_parquet(out / "validation")
    finding = sorted(validation[validation.check == "table.total_equals_components"].finding_id)[0]
    doc_id = validation.set_index("finding_id").doc_id[finding]
    assert main(["waive", finding, "--reason", "typo in the source", "--out", str(out), "--waivers", str(waivers)]) == 0
    after = {path.name: path.stat().st_mtime_ns for path in (out / PARTS_DIR).glob("*.html")}
    assert len(after) == 2 and len(set(after) & set(sections)) == 1
    assert f'id="finding-{finding}" class="finding waived"' in (out / "report" / f"{doc_id}.html").read_text()
    changed = {name for name, mtime in ((p.name, p.stat().st_mtime_ns) for p in (out / "report").iterdir())
               if pages.get(name) != mtime}
    assert changed == {f"{doc_id}.html"}

    # a document leaving raw/ takes its section and page with it
    (raw / "copy.txt").unlink()
    ingest(raw, out, waivers)
    assert len(list((out / PARTS_DIR).glob("*.html"))) == 1 and len(list((out / "report").iterdir())) == 1


@pytest.fixture(scope="module")
def baltimore_pdf_out(tmp_path_factory, prefect_harness) -> Path:
    """The outputs of a PDF built from Baltimore, ingested once for the tests of its findings' places."""
    from tests.case_study_pdf import text_to_case_study_pdf

    root = tmp_path_factory.mktemp("baltimore-pdf")
    raw = root / "raw"
    raw.mkdir()
    text_to_case_study_pdf(BALTIMORE.read_bytes(), raw / "baltimore-md.pdf")
    waivers = root / "waivers.yaml"
    waivers.write_text("waivers: []\n")
    ingest(raw, root / "out", waivers)
    return root / "out"


def test_every_finding_of_a_pdf_has_its_page(baltimore_pdf_out):
    validation = pd.read_parquet(baltimore_pdf_out / "validation")
    assert len(validation) == 4 and validation.page.notna().all(), validation[["check", "page"]]
    pages = validation.set_index("check").page
    assert pages["footnote.sequence_gap"] == 1  # placed where footnotes 5 and 7 are
    doc_id = validation.doc_id.iloc[0]
    html = (baltimore_pdf_out / "report" / f"{doc_id}.html").read_text()
    for finding in validation.itertuples():
        assert f"<code>{finding.finding_id}</code> · page {int(finding.page)} —" in html


def test_a_pdf_finding_shows_its_page_crop_with_the_place_outlined(baltimore_pdf_out):
    import base64
    import io
    import re

    from PIL import Image

    validation = pd.read_parquet(baltimore_pdf_out / "validation")
    html = (baltimore_pdf_out / "report" / f"{validation.doc_id.iloc[0]}.html").read_text()
    placed = validation[validation.start.notna()]
    assert placed[["x0", "top", "x1", "bottom"]].notna().all().all()  # every finding with a span has its box
    for finding in placed.itertuples():
        item = re.search(rf'<li id="finding-{finding.finding_id}".*?</li>', html).group()
        crop = re.search(r'<img class="crop" src="data:image/png;base64,([^"]+)"', item)
        assert crop, finding.check
        image = Image.open(io.BytesIO(base64.b64decode(crop.group(1)))).convert("RGB")
        pixels = np.asarray(image).astype(int)
        red = int(((pixels[..., 0] > 180) & (pixels[..., 1] < 90) & (pixels[..., 2] < 90)).sum())
        assert red > 20, finding.check  # the place is outlined
