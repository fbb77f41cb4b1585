"""One document's section of the HTML report: its findings, each linked to the one cell or text
span it is about (and back), the tables, charts, figures, text and footnotes.

Static and self-contained: no scripts, fonts or styles are fetched, and PDF page crops are embedded.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from review.charts import crime_table_svg
from review.marks import FindingRef, Mark, Marks, findings_to_marks
from review.rows import rows_of, same, sorted_rows

SECTION_END = "</section>"  # every document section ends so; the page adds cross-document findings before it
STYLE = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#1d232a;background:#f6f7f9}
header,section.doc,main{max-width:1100px;margin:0 auto;padding:16px 24px}
section.doc,.card{background:#fff;border:1px solid #dde1e6;border-radius:8px;margin-bottom:24px}
.card{padding:8px 16px}
h1{font-size:24px}h2{font-size:20px;border-bottom:1px solid #dde1e6}h3{font-size:16px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #c9ced6;padding:2px 8px;text-align:right}
th{background:#eef1f4}td.l,th.l{text-align:left}.scroll{overflow-x:auto;max-width:100%}
.sev-error{color:#b42318}.sev-warning{color:#a15c00}.sev-info{color:#175cd3}
td.flag,span.flag{background:#fee4e2;outline:2px solid #d92d20;outline-offset:-2px;font-weight:600}
td.flag.sev-warning,span.flag.sev-warning{background:#fef0c7;outline-color:#dc6803}
td.flag.sev-info,span.flag.sev-info{background:#d1e9ff;outline-color:#2e90fa}
td.cmp,span.cmp,mark.cmp{background:#eef4ff;outline:1px dashed #3e4784;outline-offset:-3px}
td.waived,span.waived,mark.finding.waived{background:#f2f4f7;outline:1px dashed #98a2b3;color:#475467}
td.cmp.waived,mark.cmp.waived{background:none;outline:1px dotted #d0d5dd}
tr.row-flag td{background:#fff6ed}.expect{display:block;font-size:11px;font-weight:400;color:#b42318}
.legend .expect,.text .expect{display:inline;margin-left:4px}
.waived .expect{color:#667085}
.doc td a,mark a{color:inherit;text-decoration:none}a.also{font-size:10px;vertical-align:super;margin-left:2px}
.text{white-space:pre-wrap;font-family:Georgia,serif;max-height:480px;overflow:auto;border:1px solid #eee;padding:8px}
mark.ent{background:#e0ecff}mark.claim{background:#fff1c2}mark.fn{background:#e3f6e8}
mark.finding{background:#fda29b;outline:2px solid #b42318;font-weight:600}
mark.finding.sev-warning{background:#fec84b;outline-color:#dc6803}mark.finding.sev-info{background:#b2ddff}
li.finding{margin:6px 0}li.finding.waived{opacity:.6}.counts span{margin-right:12px}.missing{color:#b42318}
.legend{font-size:13px;border:1px solid #dde1e6;border-radius:6px;padding:4px 10px;margin:8px 0;background:#fcfcfd}
.legend span,.legend mark{padding:0 6px;margin:0 4px 0 10px;outline-offset:0}img.crop{display:block;max-width:100%;
border:1px solid #c9ced6;margin:4px 0}:target{outline:3px solid #175cd3!important;scroll-margin-top:40vh}
nav{font-size:14px;margin-bottom:8px}
"""
LEGEND = (
    '<div class="legend"><b>Legend</b>'
    '<span class="flag sev-error">10,344<span class="expect">expected 9,399</span></span>'
    'the printed value a finding is about, with the expected value'
    '<span class="cmp">342</span>a value it was compared with'
    '<span class="waived">10,344</span>a waived finding'
    '<mark class="claim">claim</mark><mark class="ent">entity</mark><mark class="fn">footnote call</mark></div>'
)


@dataclass(frozen=True)
class DocumentView:
    """What the report shows for one document: its rows of each dataset (review/rows.py), in the
    order they are stored."""

    document: pd.Series
    text: str
    tables: list[Any]
    cells: list[Any]
    crime_stats: list[Any]
    figures: list[Any]
    footnotes: list[Any]
    refs: list[Any]
    entities: list[Any]
    claims: list[Any]
    findings: list[Any]
    crops: dict[str, str] = field(default_factory=dict)  # finding_id -> a data: URI of its PDF page crop


def escape(value: object) -> str:
    return html.escape("" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value))


def as_number(text: str) -> str:
    """"9399" -> "9,399", "1870.46" -> "1,870.46"; anything else as it is."""
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        return text
    decimals = len(text.split(".")[1]) if "." in text else 0
    return f"{float(text):,.{decimals}f}"


def _counts(findings: list[Any]) -> str:
    counts = Counter(f.severity for f in findings if not bool(f.waived))
    parts = [f'<span class="sev-{s}">{counts.get(s, 0)} {s}</span>' for s in ("error", "warning", "info")]
    waived = sum(bool(f.waived) for f in findings)
    return '<div class="counts">' + "".join(parts) + f"<span>{waived} waived</span></div>"


def _title(ref: FindingRef) -> str:
    return escape(f"{ref.severity} {ref.check}{' (waived)' if ref.waived else ''}: {ref.message}")


def _marked(content: str, mark: Mark, anchored: set[str]) -> str:
    """A cell's or span's content with its findings: the first one's place wraps the value, others
    follow as small links; a value only compared links to the finding that compared it."""
    if not mark.about:
        first = mark.compared[0]
        return f'<a href="#finding-{first.finding_id}" title="compared by {_title(first)}">{content}</a>'
    first, *others = mark.about
    anchored.update(f.finding_id for f in mark.about)
    out = f'<a id="place-{first.finding_id}" href="#finding-{first.finding_id}" title="{_title(first)}">{content}</a>'
    out += "".join(
        f'<a class="also" id="place-{f.finding_id}" href="#finding-{f.finding_id}" title="{_title(f)}">'
        f"{index}</a>" for index, f in enumerate(others, start=2)
    )
    expected = {f.expected for f in mark.about if not f.waived} or {f.expected for f in mark.about}
    numbers = [as_number(e) for e in sorted(expected) if re.fullmatch(r"-?\d+(\.\d+)?", e)]
    return out + "".join(f'<span class="expect">expected {escape(n)}</span>' for n in numbers)


def _classes(mark: Mark) -> str:
    return " ".join(c for c in (mark.style, f"sev-{mark.severity}" if mark.about else "") if c)


def _of_table(rows: list[Any], table_id: object) -> list[Any]:
    """The rows of one table, as the filter `frame.table_id == table_id` picks them."""
    return [row for row in rows if same(row.table_id, table_id)]


def _table_html(view: DocumentView, table, marks: Marks, anchored: set[str]) -> str:  # noqa: ANN001
    grid: dict[int, list[tuple[int, str, int]]] = {}
    for cell in _of_table(view.cells, table.table_id):
        grid.setdefault(int(cell.row), []).append((int(cell.column_index), str(cell.raw), int(cell.start)))
    rows = []
    for _, row_cells in sorted(grid.items()):
        row_cells.sort()
        first = min(start for *_, start in row_cells)
        on_row = marks.rows.get(first, [])
        anchors = "".join(f'<span id="place-{f.finding_id}"></span>' for f in on_row)
        anchored.update(f.finding_id for f in on_row)
        tds = []
        for i, (_, raw, start) in enumerate(row_cells):
            mark = marks.cells.get(start)
            content = escape(raw) if mark is None else _marked(escape(raw), mark, anchored)
            classes = ("l " if i == 0 else "") + (_classes(mark) if mark else "")
            tds.append(f'<td id="c{start}" class="{classes.strip()}">{anchors if i == 0 else ""}{content}</td>')
        row_class = ' class="row-flag"' if any(not f.waived for f in on_row) else ""
        rows.append(f"<tr{row_class}>{''.join(tds)}</tr>")
    head = "".join(f'<th{" class=l" if i == 0 else ""}>{escape(c)}</th>' for i, c in enumerate(table.columns))
    notes = ""
    for f in marks.tables.get(str(table.table_id), []):
        anchored.add(f.finding_id)
        notes += (f'<p id="place-{f.finding_id}" class="sev-{f.severity}"><a href="#finding-{f.finding_id}">'
                  f"{escape(f.severity)} {escape(f.check)}</a>: {escape(f.message)}</p>")
    caption = f"{escape(table.table_id)}. {escape(table.caption)}" if table.caption else escape(table.table_id)
    source = f"<p><small>Source: {escape(table.source_note)}</small></p>" if table.source_note else ""
    chart = crime_table_svg(_of_table(view.crime_stats, table.table_id), marks.bars.get(str(table.table_id), {}))
    return (f'<h3>{caption}</h3>{notes}<div class="scroll"><table><tr>{head}</tr>{"".join(rows)}</table></div>'
            f"{source}{chart}")


@lru_cache(maxsize=4096)
def _tag(kind: str, what: object, which: object) -> str:
    """The opening tag of a claim or entity: a corpus repeats a few thousand of them."""
    return f'<mark class="{kind}" title="{escape(what)}: {escape(which)}">'


def _text_html(view: DocumentView, marks: Marks, anchored: set[str]) -> str:
    spans: list[tuple[int, int, int, str, Mark | None]] = []  # start, end, priority, opening tag, finding mark
    for (start, end), mark in marks.spans.items():
        kind = "finding" if mark.about else "cmp"
        waived = " waived" if mark.style.endswith("waived") else ""
        severity = f" sev-{mark.severity}" if mark.about else ""
        spans.append((start, end, 0, f'<mark class="{kind}{severity}{waived}">', mark))
    spans += [(int(c.start), int(c.end), 1, _tag("claim", c.unit, c.measure), None) for c in view.claims]
    spans += [(int(r.start), int(r.end), 2, f'<mark class="fn" title="footnote {r.number}">', None) for r in view.refs]
    spans += [(int(n.start), int(n.end), 3, _tag("ent", n.label, n.canonical), None) for n in view.entities]
    out, position, text = [], 0, view.text
    for start, end, _, tag, mark in sorted(spans, key=lambda s: (s[0], s[2])):
        if start < position or end <= start:
            continue
        content = html.escape(text[start:end])  # the text is a str: escape() without its checks
        out += [html.escape(text[position:start]), tag, content if mark is None else _marked(content, mark, anchored),
                "</mark>"]
        position = end
    out.append(html.escape(text[position:]))
    return '<div class="text">' + "".join(out) + "</div>"


def _footnotes_html(view: DocumentView, marks: Marks, anchored: set[str]) -> str:
    items = [(int(n.number), f'<li value="{n.number}">{escape(n.text)}</li>')
             for n in sorted_rows(view.footnotes, "number")]
    numbers = {f.finding_id: f.footnote for f in view.findings}
    for f in marks.unplaced:
        number = numbers.get(f.finding_id)
        if f.check.startswith("footnote.") and pd.notna(number):
            items.append((int(number), f'<li value="{int(number)}" id="place-{f.finding_id}" class="missing">'
                          f'<a href="#finding-{f.finding_id}">{escape(f.message)}</a></li>'))
            anchored.add(f.finding_id)
    return "<h3>Footnotes</h3><ol>" + "".join(item for _, item in sorted(items, key=lambda i: i[0])) + "</ol>"


def finding_item(f, place_here: bool = False, crop: str | None = None, after: str = "") -> str:  # noqa: ANN001
    """One finding in a list, linked to its place (or being its place, when it has no other), with
    the numbers it compares and, for a PDF, a crop of its page."""
    waived = " waived" if f.waived else ""
    place = f'<span id="place-{f.finding_id}"></span>' if place_here else ""
    page = f" · page {int(f.page)}" if pd.notna(getattr(f, "page", None)) else ""
    expected, observed = (escape(as_number(str(value))) for value in (f.expected, f.observed))
    numbers = f"expected <b>{expected}</b>, printed <b>{observed}</b>"
    image = (f'<img class="crop" src="{crop}" alt="page{escape(page.removeprefix(" · page"))} of the PDF, the '
             'place outlined" loading="lazy">') if crop else ""
    return (
        f'<li id="finding-{f.finding_id}" class="finding{waived}">{place}'
        f'<a href="#place-{f.finding_id}"><b class="sev-{escape(f.severity)}">{escape(f.severity)}</b> '
        f"{escape(f.check)}</a> "
        f"<code>{f.finding_id}</code>{page} — {escape(f.message)} ({numbers})"
        + (f" <i>waived: {escape(f.waiver_reason)}</i>" if f.waived else "") + f"{after}{image}</li>"
    )


def _meta(d: pd.Series) -> str:
    where = ", ".join(escape(v) for v in (d.site, d.state) if isinstance(v, str) and v.strip())
    pages = f"{int(d.pages)} page{'' if int(d.pages) == 1 else 's'}" if pd.notna(d.get("pages")) else ""
    parts = [escape(d.source), f"<code>{d.doc_id}</code>", where, escape(d.kind), pages]
    return "<p>" + " · ".join(p for p in parts if p) + "</p>"


def document_html(view: DocumentView) -> str:
    d = view.document
    marks = findings_to_marks(view.findings, view.cells, view.tables, view.crime_stats)
    anchored: set[str] = set()
    tables = "".join(_table_html(view, t, marks, anchored) for t in view.tables)
    text = _text_html(view, marks, anchored) if view.text else "<p>(no text: the document was not ingested)</p>"
    footnotes = _footnotes_html(view, marks, anchored)
    items = "".join(
        finding_item(f, f.finding_id not in anchored, view.crops.get(f.finding_id)) for f in view.findings
    )
    figures = "".join(
        f"<li>{escape(f.figure_id)}: {escape(f.caption)}{'' if f.has_data else ' (no data in the text)'}</li>"
        for f in view.figures
    )
    status = "" if d.status == "ok" else f'<p class="missing">Quarantined: {escape(d.error)}</p>'
    return (
        f'<section class="doc" id="doc-{d.doc_id}"><h2>{escape(d.title or d.source)}</h2>{_meta(d)}'
        f"{status}{_counts(view.findings)}{LEGEND}<h3>Findings</h3><ul>{items or '<li>none</li>'}</ul>{tables}"
        f"<h3>Figures</h3><ul>{figures or '<li>none</li>'}</ul>"
        f"<h3>Text</h3>{text}{footnotes}{SECTION_END}"
    )


def cross_findings_html(findings: pd.DataFrame) -> str:
    """The findings that compare this document with others: listed apart from the document's own
    section, which stays the same whatever the rest of the corpus says; each links to its table row."""
    if findings.empty:
        return ""
    items = "".join(
        finding_item(f, place_here=True, after=f' <a href="#c{int(f.start)}">(in the table)</a>' if pd.notna(f.start)
                     else "")
        for f in rows_of(findings)
    )
    return "<h3>Compared with other documents</h3><ul>" + items + "</ul>"
