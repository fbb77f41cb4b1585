"""Small inline SVG charts (no scripts): counts by year for each column of a crime table.

Only the bar a finding is about is coloured (the flagged series in the flagged year); a bar whose
findings are all waived is grey, every other bar blue."""

from __future__ import annotations

import html

import pandas as pd

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


def crime_table_svg(stats: pd.DataFrame, flagged: dict[tuple[str, int], str]) -> str:
    """One bar panel per count column; `flagged` maps (column, year) to "flag" or "waived".
    Empty string when there is no data."""
    if stats.empty:
        return ""
    stats = stats.sort_values("year")
    panels = []
    for column in stats.columns:
        if column in _SKIP or stats[column].isna().all():
            continue
        present = stats[stats[column].notna()]
        years, values = [int(y) for y in present.year], [float(v) for v in present[column]]
        styles = {year: style for (name, year), style in flagged.items() if name == column}
        panels.append(_panel(column, years, values, styles))
    return '<div class="charts">' + "".join(panels) + "</div>" if panels else ""
