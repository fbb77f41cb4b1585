"""Findings rendered for a terminal: grouped by document, the place shown with the number marked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from review.findings import Place, document_text, finding_place

_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m", "mark": "\033[1;4m"}
_RESET = "\033[0m"


def _styler(colour: bool) -> Callable[[str, str], str]:
    return (lambda text, style: f"{_COLOURS[style]}{text}{_RESET}") if colour else (lambda text, style: text)


def _place_line(place: Place, style: Callable[[str, str], str]) -> str:
    text = place.text
    if place.highlight_start is not None and place.highlight_end is not None:
        a, b = place.highlight_start, place.highlight_end
        marked = text[a:b] if style("x", "mark") != "x" else f"[{text[a:b]}]"
        text = text[:a] + style(marked, "mark") + text[b:]
    return text if len(text) < 400 else text[:400] + "..."


def render_findings(findings: pd.DataFrame, out_dir: Path, *, colour: bool = False) -> str:
    style = _styler(colour)
    if findings.empty:
        return "no open findings"
    lines = []
    for (source, doc_id), group in findings.groupby(["source", "doc_id"], sort=False):
        counts = group.severity.value_counts()
        summary = ", ".join(f"{counts[s]} {s}" for s in ("error", "warning", "info") if s in counts)
        lines.append(f"{source} ({doc_id}): {summary}")
        text = document_text(out_dir, str(doc_id))
        for _, finding in group.iterrows():
            waived = f"  [waived: {finding.waiver_reason}]" if finding.waived else ""
            lines.append(f"  {style(finding.severity.upper(), finding.severity)} {finding.check}  {finding.finding_id}"
                         f"{waived}")
            lines.append(f"    expected {finding.expected}, observed {finding.observed}")
            lines.append(f"    {finding.message}")
            place = finding_place(finding, text)
            if place is not None:
                lines.append(f"    > {_place_line(place, style)}")
        lines.append("")
    return "\n".join(lines).rstrip()
