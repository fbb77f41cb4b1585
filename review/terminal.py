"""Findings rendered for a terminal: grouped by document, the place shown with the number marked.

Everything that comes from a document or its file name passes `printable` first: a file named
with terminal escapes must not recolour, move or retitle the reader's terminal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from review.findings import Place, document_text, finding_place

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "mark": "\033[1;4m"}
_RESET = "\033[0m"
# C0 and C1 controls (escape, backspace, carriage return, ...), DEL, and the bidirectional overrides
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(value: object) -> str:
    """The text with every control character written as an escape ("\\x1b"), safe to print."""
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(value))


def _styler(colour: bool) -> Callable[[str, str], str]:
    return (lambda text, style: f"{_COLOURS[style]}{text}{_RESET}") if colour else (lambda text, style: text)


def _place_line(place: Place, style: Callable[[str, str], str]) -> str:
    text = printable(place.text)
    if place.highlight_start is not None and place.highlight_end is not None:
        a, b = place.highlight_start, place.highlight_end
        before, value, after = (printable(t) for t in (place.text[:a], place.text[a:b], place.text[b:]))
        marked = value if style("x", "mark") != "x" else f"[{value}]"
        text = before + style(marked, "mark") + after
    return text if len(text) < 400 else text[:400] + "..."


def render_findings(findings: pd.DataFrame, out_dir: Path, *, colour: bool = False) -> str:
    style = _styler(colour)
    if findings.empty:
        return "no open findings"
    lines = []
    for (source, doc_id), group in findings.groupby(["source", "doc_id"], sort=False, dropna=False):
        counts = group.severity.value_counts()
        summary = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if s in counts)
        lines.append(f"{printable(source)} ({doc_id}): {summary}")
        text = document_text(out_dir, str(doc_id))
        for _, finding in group.iterrows():
            waived = f"  [waived: {printable(finding.waiver_reason)}]" if finding.waived else ""
            page = f"  page {int(finding.page)}" if pd.notna(finding.get("page")) else ""
            lines.append(f"  {style(finding.severity.upper(), finding.severity)} {finding.check}  {finding.finding_id}"
                         f"{page}{waived}")
            lines.append(f"    expected {printable(finding.expected)}, observed {printable(finding.observed)}")
            lines.append(f"    {printable(finding.message)}")
            place = finding_place(finding, text)
            if place is not None:
                lines.append(f"    > {_place_line(place, style)}")
        lines.append("")
    return "\n".join(lines).rstrip()


def render_quarantined(documents: pd.DataFrame) -> str:
    """The files that were not read, with the stage and the reason."""
    if documents.empty:
        return ""
    lines = [f"quarantined ({len(documents)}):"]
    for d in documents.itertuples():
        stage = f" [{d.stage}]" if isinstance(getattr(d, "stage", None), str) else ""
        lines.append(f"  {printable(d.source)} ({d.doc_id}){stage}: {printable(d.error)}")
    return "\n".join(lines)
