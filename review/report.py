"""A static, self-contained HTML report: every finding linked to its place in the source.

No scripts, fonts or styles are fetched: the page works offline and can be mailed around.
"""

from __future__ import annotations

import html
from collections import namedtuple
from dataclasses import dataclass
from functools import cache

import pandas as pd

from review.charts import crime_table_svg

SECTION_END = "</section>"  # every document section ends so; the report adds cross-document findings before it
_STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header,section.doc{max-width:1100px;margin:0 auto;padding:16px 24px}
section.doc{background:#fff;border:1px solid #dde1e6;border-radius:8px;margin-bottom:24px}
h1{font-size:24px}h2{font-size:20px;border-bottom:1px solid #dde1e6}h3{font-size:16px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #c9ced6;padding:2px 8px;text-align:right}
th{background:#eef1f4}tr.flagged td{background:#fde2e1}.sev-error{color:#b42318}.sev-warning{color:#a15c00}
.sev-info{color:#175cd3}.text{white-space:pre-wrap;font-family:Georgia,serif;max-height:480px;overflow:auto;
border:1px solid #eee;padding:8px}mark.ent{background:#e0ecff}mark.claim{background:#fff1c2}
mark.fn{background:#e3f6e8}mark.finding{background:#fda29b;outline:2px solid #b42318}
.waived{opacity:.55}.counts span{margin-right:12px}li{margin:4px 0}.missing{color:#b42318}
:target{outline:3px solid #175cd3}
"""


@dataclass(frozen=True)
class DocumentView:
    """What the report shows for one document (frames already filtered to it)."""

    document: pd.Series
    text: str
    tables: pd.DataFrame
    cells: pd.DataFrame
    crime_stats: pd.DataFrame
    figures: pd.DataFrame
    footnotes: pd.DataFrame
    refs: pd.DataFrame
    entities: pd.DataFrame
    claims: pd.DataFrame
    findings: pd.DataFrame


@cache
def _row_type(columns: tuple[str, ...]) -> type:
    return namedtuple("Row", columns, rename=True)


def _rows(frame: pd.DataFrame) -> list:
    """The frame's rows as named tuples of plain values: pandas' itertuples is slow on the Arrow-backed
    string columns the datasets are read with, and the report walks every entity and claim."""
    row = _row_type(tuple(frame.columns))
    return [row(*values) for values in zip(*(frame[column].tolist() for column in frame.columns), strict=True)]


def _e(value: object) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))


def _counts(findings: pd.DataFrame) -> str:
    open_findings = findings[~findings.waived.astype(bool)]
    counts = open_findings.severity.value_counts()
    parts = [f'<span class="sev-{s}">{counts.get(s, 0)} {s}</span>' for s in ("error", "warning", "info")]
    return '<div class="counts">' + "".join(parts) + f"<span>{int(findings.waived.sum())} waived</span></div>"


def _in_table(view: DocumentView, start: int) -> bool:
    return bool(((view.tables.start <= start) & (view.tables.end >= start)).any()) if len(view.tables) else False


def _text_html(view: DocumentView, anchored: set[str]) -> str:
    spans: list[tuple[int, int, int, str]] = []  # start, end, priority, opening tag
    for f in _rows(view.findings):
        if pd.notna(f.start) and f.finding_id not in anchored and not _in_table(view, int(f.start)):
            spans.append((int(f.start), int(f.end), 0, f'<mark class="finding" id="place-{f.finding_id}">'))
            anchored.add(f.finding_id)
    for c in _rows(view.claims):
        spans.append((int(c.start), int(c.end), 1, f'<mark class="claim" title="{_e(c.unit)}: {_e(c.measure)}">'))
    for r in _rows(view.refs):
        spans.append((int(r.start), int(r.end), 2, f'<mark class="fn" title="footnote {r.number}">'))
    for n in _rows(view.entities):
        spans.append((int(n.start), int(n.end), 3, f'<mark class="ent" title="{_e(n.label)}: {_e(n.canonical)}">'))
    out, position = [], 0
    for start, end, _, tag in sorted(spans, key=lambda s: (s[0], s[2])):
        if start < position or end <= start:
            continue
        out += [_e(view.text[position:start]), tag, _e(view.text[start:end]), "</mark>"]
        position = end
    out.append(_e(view.text[position:]))
    return '<div class="text">' + "".join(out) + "</div>"


def _table_html(view: DocumentView, table: pd.Series, anchored: set[str]) -> str:
    cells = view.cells[view.cells.table_id == table.table_id]
    findings = list(_rows(view.findings[view.findings.table_id == table.table_id]))
    grid: dict[int, list[tuple[int, str, int, int]]] = {}
    for row, column, raw, start, end in zip(cells.row, cells.column_index, cells.raw, cells.start, cells.end,
                                            strict=True):
        grid.setdefault(int(row), []).append((int(column), str(raw), int(start), int(end)))
    rows = []
    for _, row_cells in sorted(grid.items()):
        row_cells.sort()
        values = [raw for _, raw, _, _ in row_cells]
        first, last = row_cells[0][2], max(end for *_, end in row_cells)
        hits = [
            f for f in findings
            if (pd.notna(f.year) and values[0] == str(int(f.year))) or (pd.notna(f.start) and first <= f.start <= last)
        ]
        anchors = "".join(f'<span id="place-{f.finding_id}"></span>' for f in hits if f.finding_id not in anchored)
        anchored.update(f.finding_id for f in hits)
        flagged = ' class="flagged"' if hits else ""
        tds = "".join(f"<td>{(anchors if i == 0 else '')}{_e(v)}</td>" for i, v in enumerate(values))
        rows.append(f"<tr{flagged}>{tds}</tr>")
    head = "".join(f"<th>{_e(c)}</th>" for c in table.columns)
    leftovers = [f for f in findings if f.finding_id not in anchored]
    anchored.update(f.finding_id for f in leftovers)
    after = "".join(f'<p id="place-{f.finding_id}" class="missing">{_e(f.message)}</p>' for f in leftovers)
    caption = f"{_e(table.table_id)}. {_e(table.caption)}" if table.caption else _e(table.table_id)
    source = f"<p><small>Source: {_e(table.source_note)}</small></p>" if table.source_note else ""
    flagged_years = {int(f.year) for f in findings if pd.notna(f.year)}
    chart = crime_table_svg(view.crime_stats[view.crime_stats.table_id == table.table_id], flagged_years)
    return f"<h3>{caption}</h3><table><tr>{head}</tr>{''.join(rows)}</table>{source}{after}{chart}"


def _footnotes_html(view: DocumentView, anchored: set[str]) -> str:
    items = [f'<li value="{n.number}">{_e(n.text)}</li>' for n in _rows(view.footnotes.sort_values("number"))]
    for f in _rows(view.findings):
        if f.finding_id not in anchored and f.check.startswith("footnote."):
            number = f' value="{int(f.footnote)}"' if pd.notna(f.footnote) else ""
            items.append(f'<li{number} id="place-{f.finding_id}" class="missing">{_e(f.message)}</li>')
            anchored.add(f.finding_id)
    return "<h3>Footnotes</h3><ol>" + "".join(items) + "</ol>"


def _finding_item(f, place_here: bool = False) -> str:  # noqa: ANN001 - a findings row
    """One finding in a list, linked to its place (or being its place, when it has no other)."""
    waived = f' class="waived" title="waived: {_e(f.waiver_reason)}"' if f.waived else ""
    place = f'<span id="place-{f.finding_id}"></span>' if place_here else ""
    return (
        f'<li id="finding-{f.finding_id}"{waived}>{place}<a href="#place-{f.finding_id}">'
        f'<b class="sev-{f.severity}">{_e(f.severity)}</b> {_e(f.check)}</a> '
        f"<code>{f.finding_id}</code> — {_e(f.message)} (expected {_e(f.expected)}, observed {_e(f.observed)})"
        + (f" <i>waived: {_e(f.waiver_reason)}</i>" if f.waived else "") + "</li>"
    )


def _findings_html(view: DocumentView) -> str:
    items = "".join(_finding_item(f) for f in _rows(view.findings))
    return "<h3>Findings</h3><ul>" + (items or "<li>none</li>") + "</ul>"


def document_html(view: DocumentView) -> str:
    d = view.document
    anchored: set[str] = set()
    tables = "".join(_table_html(view, t, anchored) for t in _rows(view.tables))
    footnotes = _footnotes_html(view, anchored)
    text = _text_html(view, anchored) if view.text else "<p>(no text: the document was not ingested)</p>"
    leftovers = "".join(
        f'<p id="place-{f.finding_id}" class="missing">{_e(f.message)}</p>'
        for f in _rows(view.findings) if f.finding_id not in anchored
    )
    figures = "".join(
        f"<li>{_e(f.figure_id)}: {_e(f.caption)}{'' if f.has_data else ' (no data in the text)'}</li>"
        for f in _rows(view.figures)
    )
    status = "" if d.status == "ok" else f'<p class="missing">Quarantined: {_e(d.error)}</p>'
    return (
        f'<section class="doc" id="doc-{d.doc_id}"><h2>{_e(d.title or d.source)}</h2>'
        f"<p>{_e(d.source)} · <code>{d.doc_id}</code> · {_e(d.site)}, {_e(d.state)} · {_e(d.kind)}</p>"
        f"{status}{_counts(view.findings)}{_findings_html(view)}{leftovers}{tables}"
        f"<h3>Figures</h3><ul>{figures or '<li>none</li>'}</ul>"
        f"<h3>Text</h3>{text}{footnotes}{SECTION_END}"
    )


def cross_findings_html(findings: pd.DataFrame) -> str:
    """The findings that compare this document with others: listed apart from the document's own
    section, which stays the same whatever the rest of the corpus says."""
    if findings.empty:
        return ""
    items = "".join(_finding_item(f, place_here=True) for f in _rows(findings))
    return "<h3>Compared with other documents</h3><ul>" + items + "</ul>"


@dataclass(frozen=True)
class IndexRow:
    doc_id: str
    source: str
    status: str
    open_by_severity: dict[str, int]
    waived: int


def report_head(index: list[IndexRow], generated: str) -> str:
    """The page up to the first document: styles and the index of documents with their counts."""
    rows = "".join(
        f'<tr><td style="text-align:left"><a href="#doc-{r.doc_id}">{_e(r.source)}</a></td><td>{_e(r.status)}</td>'
        + "".join(f"<td>{r.open_by_severity.get(s, 0)}</td>" for s in ("error", "warning", "info"))
        + f"<td>{r.waived}</td></tr>"
        for r in index
    )
    table = (
        "<table><tr><th>document</th><th>status</th><th>errors</th><th>warnings</th><th>info</th>"
        f"<th>waived</th></tr>{rows}</table>"
    )
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>psp-extract report</title>'
        f"<style>{_STYLE}</style></head><body><header><h1>psp-extract report</h1>"
        f"<p>Generated {_e(generated)}. Open findings by document:</p>{table}</header>"
    )


REPORT_TAIL = "</body></html>"
