"""Small inline SVG charts (no scripts): counts by year for each column of a crime table.

Only the bar a finding is about is coloured (the flagged series in the flagged year); a bar whose
findings are all waived is grey, every other bar blue."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from review.rows import is_missing, sorted_rows

_SKIP = {"doc_id", "site", "state", "table_id", "year", "start", "end", "page", "population"}
_W, _H, _PAD = 180, 90, 14
COLOURS = {"flag": "#d92d20", "waived": "#98a2b3", "": "#84adea"}
_NOTE = {"flag": " (flagged)", "waived": " (flagged, waived)", "": ""}


def _panel(column: str, years: list[int], values: list[float], styles: dict[int, str]) -> str:
    top = max(values) or 1.0
    bar = (_W - 2 * _PAD) / max(len(years), 1)
    bars = []
    for i, (year, value) in enumerate(zip(years, values, strict=True)):
        height = (_H - 2 * _PAD) * value / top
        x, y = _PAD + i * bar, _H - _PAD - height
        style = styles.get(year, "")
        css = f' class="bar-{style}"' if style else ""
        bars.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar * 0.8:.1f}" height="{height:.1f}" fill="{COLOURS[style]}"'
            f"{css}><title>{year}: {value:,.0f}{_NOTE[style]}</title></rect>"
        )
    label = html.escape(column.replace("_", " "))
    first, last = (years[0], years[-1]) if years else ("", "")
    return (
        f'<svg width="{_W}" height="{_H}" viewBox="0 0 {_W} {_H}" role="img" aria-label="{label} by year">'
        f'<text x="{_PAD}" y="11" font-size="11">{label}</text>{"".join(bars)}'
        f'<text x="{_PAD}" y="{_H - 2}" font-size="9">{first}</text>'
        f'<text x="{_W - _PAD - 22}" y="{_H - 2}" font-size="9">{last}</text></svg>'
    )


def crime_table_svg(stats: Sequence[Any], flagged: dict[tuple[str, int], str]) -> str:
    """One bar panel per count column of a table's crime_stats rows (review/rows.py), years in
    order; `flagged` maps (column, year) to "flag" or "waived". Empty string when there is no data."""
    if not stats:
        return ""
    stats = sorted_rows(stats, "year")
    panels = []
    for index, column in enumerate(stats[0]._fields):
        present = [row for row in stats if not is_missing(row[index])]
        if column in _SKIP or not present:
            continue
        years, values = [int(row.year) for row in present], [float(row[index]) for row in present]
        styles = {year: style for (name, year), style in flagged.items() if name == column}
        panels.append(_panel(column, years, values, styles))
    return '<div class="charts">' + "".join(panels) + "</div>" if panels else ""
