"""The HTML report as files: `report.html`, an overview of the run, and one page per document
under `report/`, so a corpus of a thousand documents opens as fast as one.

The overview comes first because it answers the first questions: which documents were read and
which quarantined (and why), which checks fail how often (with examples linked to their place),
and per document its site, state and open findings. Each page is self-contained (no scripts, no
network); a document page is rewritten only when its content changed.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from review.report import SECTION_END, STYLE, cross_findings_html, escape
from review.report_parts import cross_findings, current_sections
from review.rows import is_missing
from store import storage

REPORT_FILE = "report.html"
PAGES_DIR = "report"  # processed/report/<doc_id>.html
_SEVERITIES = ("error", "warning", "info")
_EXAMPLES = 3  # findings shown per check in the overview


@dataclass(frozen=True)
class IndexRow:
    """One document as the overview lists it."""

    doc_id: str
    source: str
    title: str
    site: str
    state: str
    status: str
    error: str
    open_by_severity: dict[str, int]
    waived: int


def page_link(doc_id: str, anchor: str = "") -> str:
    """The overview's link to a document page (or to a place on it)."""
    return f"{PAGES_DIR}/{doc_id}.html" + (f"#{anchor}" if anchor else "")


def _head(title: str) -> str:
    return (f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style></head><body>")


_TAIL = "</body></html>"


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


def index_rows(documents: pd.DataFrame, validation: pd.DataFrame) -> list[IndexRow]:
    """One row per document with its open findings by severity: counted over the findings' columns
    as lists, not over a frame per document."""
    open_by: dict[str, Counter[str]] = {}
    waived_by: Counter[str] = Counter()
    columns = (validation[c].tolist() for c in ("doc_id", "severity", "waived"))
    for doc_id, severity, waived in zip(*columns, strict=True):
        if bool(waived):
            waived_by[doc_id] += 1
        elif not is_missing(severity):
            open_by.setdefault(doc_id, Counter())[str(severity)] += 1
    return [
        IndexRow(str(d.doc_id), _text(d.source), _text(d.title), _text(d.site), _text(d.state), _text(d.status),
                 _text(d.error), dict(open_by.get(d.doc_id, {})), waived_by[d.doc_id])
        for d in documents.itertuples()
    ]


def _run_card(index: list[IndexRow], validation: pd.DataFrame) -> str:
    ok = sum(r.status == "ok" for r in index)
    quarantined = [r for r in index if r.status == "quarantined"]
    waived = validation.waived.astype(bool)
    counts = validation[~waived].severity.value_counts()
    severities = ", ".join(f'<span class="sev-{s}" data-count="open-{s}">{int(counts.get(s, 0))}</span> {s}'
                           for s in _SEVERITIES)
    lines = [
        f'<p>Documents: <b data-count="documents">{len(index)}</b> — <span data-count="ok">{ok}</span> ok, '
        f'<span data-count="quarantined">{len(quarantined)}</span> quarantined.</p>',
        f'<p>Findings: <b data-count="findings">{len(validation)}</b> — open {severities}; '
        f'<span data-count="waived">{int(waived.sum())}</span> waived.</p>',
    ]
    if quarantined:
        rows = "".join(f'<tr><td class="l"><a href="{page_link(r.doc_id)}">{escape(r.source)}</a></td>'
                       f'<td class="l">{escape(r.error)}</td></tr>' for r in quarantined)
        lines.append(f'<h3>Quarantined</h3><div class="scroll"><table><tr><th class="l">document</th>'
                     f'<th class="l">reason</th></tr>{rows}</table></div>')
    return '<div class="card"><h2>This run</h2>' + "".join(lines) + "</div>"


def _where(f) -> str:  # noqa: ANN001 - a findings row
    """", Table 1, 2021" or ", footnote 6": enough to tell the examples of one check apart."""
    parts = [_text(f.table_id), str(int(f.year)) if pd.notna(f.year) else ""]
    parts.append(f"footnote {int(f.footnote)}" if pd.notna(f.footnote) and not f.table_id else "")
    return "".join(f", {p}" for p in parts if p)


def _checks_card(validation: pd.DataFrame, sources: dict[str, str]) -> str:
    if validation.empty:
        return '<div class="card"><h2>Findings by check</h2><p>No findings.</p></div>'
    rank = {s: i for i, s in enumerate(_SEVERITIES)}
    groups = sorted(validation.groupby(["check", "severity"]), key=lambda g: (rank.get(g[0][1], 9), g[0][0]))
    rows = []
    for (check, severity), group in groups:
        waived = group.waived.astype(bool)
        examples = group[~waived].head(_EXAMPLES) if (~waived).any() else group.head(_EXAMPLES)
        links = "<br>".join(
            f'<a href="{page_link(f.doc_id, "place-" + f.finding_id)}">{escape(sources.get(f.doc_id, f.doc_id))}</a>'
            f"{escape(_where(f))}: {escape(f.observed)} (expected {escape(f.expected)})"
            for f in examples.itertuples()
        )
        rows.append(
            f'<tr data-check="{escape(check)}" data-severity="{escape(severity)}"><td class="l">{escape(check)}</td>'
            f'<td class="l sev-{escape(severity)}">{escape(severity)}</td><td data-count="open">{int((~waived).sum())}'
            f'</td><td data-count="waived">{int(waived.sum())}</td><td>{group.doc_id.nunique()}</td>'
            f'<td class="l"><small>{links}</small></td></tr>'
        )
    head = ('<tr><th class="l">check</th><th class="l">severity</th><th>open</th><th>waived</th><th>documents</th>'
            '<th class="l">examples</th></tr>')
    return (f'<div class="card"><h2>Findings by check</h2><div class="scroll"><table>{head}{"".join(rows)}'
            "</table></div></div>")


def _documents_card(index: list[IndexRow]) -> str:
    rows = "".join(
        f'<tr data-doc="{r.doc_id}"><td class="l"><a href="{page_link(r.doc_id)}">{escape(r.source)}</a></td>'
        f'<td class="l">{escape(r.title)}</td><td class="l">{escape(r.site) or "—"}</td>'
        f'<td class="l">{escape(r.state) or "—"}</td><td class="l">{escape(r.status)}</td>'
        + "".join(f'<td data-count="{s}">{r.open_by_severity.get(s, 0)}</td>' for s in _SEVERITIES)
        + f'<td data-count="waived">{r.waived}</td></tr>'
        for r in index
    )
    head = ('<tr><th class="l">document</th><th class="l">title</th><th class="l">site</th><th class="l">state</th>'
            '<th class="l">status</th><th>errors</th><th>warnings</th><th>info</th><th>waived</th></tr>')
    return (f'<div class="card"><h2>Documents</h2><p>Open findings per document; each links to its page.</p>'
            f'<div class="scroll"><table>{head}{rows}</table></div></div>')


def overview_html(index: list[IndexRow], validation: pd.DataFrame, generated: str) -> str:
    sources = {r.doc_id: r.source for r in index}
    return (
        _head("psp-extract report") + f"<header><h1>psp-extract report</h1><p>Generated {escape(generated)}.</p>"
        f"</header><main>{_run_card(index, validation)}{_checks_card(validation, sources)}"
        f"{_documents_card(index)}</main>" + _TAIL
    )


def document_page(title: str, section: str) -> str:
    return (_head(f"{title} — psp-extract report") + f'<header><nav><a href="../{REPORT_FILE}">← all documents'
            f"</a></nav></header><main>{section}</main>" + _TAIL)


def _write_if_changed(path: Path, text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    storage.write_file(path, text)
    return True


def write_report(out_dir: Path, raw_dir: Path | None = None) -> Path:
    """`report.html` and `report/<doc_id>.html` from what is in `out_dir` now. Each document's
    section is kept from earlier runs or from the worker that ingested it unless what it shows
    changed; `raw_dir` (where the PDFs are) lets a section that must be redone crop its pages."""
    out_dir.mkdir(parents=True, exist_ok=True)
    documents = storage.read_dataset(out_dir, "documents").sort_values("source")
    validation = storage.read_dataset(out_dir, "validation")
    compared_by = dict(iter(cross_findings(validation).groupby("doc_id")))  # few: most documents have none
    sections = current_sections(out_dir, documents, validation, raw_dir)
    pages = out_dir / PAGES_DIR
    wanted = set()
    for document, section in zip(documents.itertuples(), sections, strict=True):
        compared = cross_findings_html(compared_by[document.doc_id]) if document.doc_id in compared_by else ""
        if compared:  # inside the document's section, before its closing tag
            section = section.removesuffix(SECTION_END) + compared + SECTION_END
        path = pages / f"{document.doc_id}.html"
        _write_if_changed(path, document_page(_text(document.title) or _text(document.source), section))
        wanted.add(path)
    for path in pages.glob("*.html") if pages.exists() else []:
        if path not in wanted:
            path.unlink(missing_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    path = out_dir / REPORT_FILE
    temporary = out_dir / f".{REPORT_FILE}.tmp"
    temporary.write_text(overview_html(index_rows(documents, validation), validation, stamp), encoding="utf-8")
    os.replace(temporary, path)
    return path
