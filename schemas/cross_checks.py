"""Checks across documents: one site's statistics as printed by different case studies."""

from __future__ import annotations

import pandas as pd

from extractors.crime_stats import crime_stat_columns
from extractors.records import Finding

VALUE_CONFLICT = "cross.value_conflict"
CROSS_PREFIX = "cross."


def _site_key(site: object, state: object) -> tuple[str, str] | None:
    if not isinstance(site, str) or not site.strip():
        return None
    return site.strip().lower(), state.strip().lower() if isinstance(state, str) else ""


def value_conflict_findings(crime_stats: pd.DataFrame, documents: pd.DataFrame) -> dict[str, list[Finding]]:
    """doc_id -> findings: the same site (and state), statistic and year printed with different
    values in two documents. Each affected document gets one finding per conflicting other
    document, so both sides show it. Counts and populations are compared, rates are not (they
    follow from them)."""
    if crime_stats.empty or documents.empty:
        return {}
    docs = documents.set_index("doc_id")
    columns = [c for c in crime_stat_columns() if c in crime_stats.columns]
    long = crime_stats.melt(id_vars=["doc_id", "table_id", "year"], value_vars=columns, var_name="stat").dropna(
        subset=["value"]
    )
    long["key"] = [
        _site_key(docs.at[d, "site"], docs.at[d, "state"]) if d in docs.index else None for d in long.doc_id
    ]
    long = long[long.key.notna()]
    findings: dict[str, list[Finding]] = {}
    for (key, year, stat), group in long.groupby(["key", "year", "stat"], sort=True):
        if group.doc_id.nunique() < 2 or group.value.nunique() < 2:
            continue
        for mine in group.itertuples():
            for other in group.itertuples():
                if other.doc_id == mine.doc_id or other.value == mine.value:
                    continue
                findings.setdefault(mine.doc_id, []).append(_finding(mine, other, key, int(year), str(stat), docs))
    return findings


def _finding(mine, other, key: tuple[str, str], year: int, stat: str, docs: pd.DataFrame) -> Finding:  # noqa: ANN001
    source, other_source = docs.at[mine.doc_id, "source"], docs.at[other.doc_id, "source"]
    site = docs.at[mine.doc_id, "site"]
    label = stat.replace("_", " ")
    return Finding(
        check=VALUE_CONFLICT, severity="warning", dataset="crime_stats", table_id=mine.table_id, year=year,
        expected=f"{other.value:g}", observed=f"{mine.value:g}",
        place=f"{key[0]} {year} {stat} {mine.table_id} vs {other.doc_id} {other.table_id}",
        message=f"{source}, {mine.table_id}, {year}: {label} for {site} is {mine.value:,.0f}, but {other_source} "
        f"({other.table_id}) prints {other.value:,.0f} for the same site and year.",
    )
