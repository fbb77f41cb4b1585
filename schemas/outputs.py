"""An extraction as contract rows per dataset, and every check run on it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from extractors.model.records import Finding
from extractors.pipeline import Extraction
from schemas.checks import crime_total_findings, table_total_findings
from schemas.claim_checks import claims_to_findings
from schemas.footnote_checks import footnote_findings
from schemas.frames import as_rows
from schemas.registry import LOAD_WARNING
from schemas.table_checks import (
    overlong_number_findings,
    percent_change_findings,
    rate_findings,
    unrecognised_column_findings,
)


def extraction_rows(
    extraction: Extraction, *, site: str | None, state: str | None
) -> dict[str, list[dict[str, Any]]]:
    tables = [
        {
            "table_id": t.table_id, "caption": t.caption, "source_note": t.source_note, "page": t.page,
            "n_rows": t.n_rows, "n_cols": t.n_cols, "columns": list(t.columns), "start": t.start, "end": t.end,
        }
        for t in extraction.tables
    ]
    cells = [row for table in extraction.tables for row in as_rows(table.cells, table_id=table.table_id)]
    footnotes = [{**row, "urls": list(row["urls"])} for row in as_rows(extraction.footnotes)]
    return {
        "tables": tables,
        "table_cells": cells,
        "crime_stats": as_rows(extraction.crime_stats, site=site, state=state),
        "figures": as_rows(extraction.figures),
        "footnotes": footnotes,
        "footnote_refs": as_rows(extraction.footnote_refs),
        "entities": as_rows(extraction.entities),
        "claims": as_rows(extraction.claims),
    }


def extraction_findings(extraction: Extraction, document_name: str) -> list[Finding]:
    """Every check on one document, each finding with the page of its place."""
    return [_with_page(finding, extraction) for finding in _findings(extraction, document_name)]


def _with_page(finding: Finding, extraction: Extraction) -> Finding:
    """The page (and on a PDF the box) of the finding's span; a missing footnote is placed where its neighbours are."""
    if finding.start is not None:
        box = extraction.document.bbox(finding.start, finding.end) if finding.end is not None else None
        if box is not None:
            return replace(finding, page=box.page, x0=box.x0, top=box.top, x1=box.x1, bottom=box.bottom)
        return replace(finding, page=extraction.document.page_at(finding.start))
    if finding.footnote is not None:
        near = [r for r in extraction.footnote_refs if r.number in (finding.footnote - 1, finding.footnote + 1)]
        near += [f for f in extraction.footnotes if f.number in (finding.footnote - 1, finding.footnote + 1)]
        pages = [item.page for item in near if item.page is not None]
        return replace(finding, page=min(pages)) if pages else finding
    return finding


def _findings(extraction: Extraction, document_name: str) -> list[Finding]:
    findings = crime_total_findings(extraction.crime_stats, document_name)
    crime_tables = {stat.table_id for stat in extraction.crime_stats}
    for table in extraction.tables:
        findings += table_total_findings(table, document_name, crime_table=table.table_id in crime_tables)
        stats = [stat for stat in extraction.crime_stats if stat.table_id == table.table_id]
        findings += rate_findings(table, stats, document_name) + percent_change_findings(table, document_name)
        findings += unrecognised_column_findings(table, stats, document_name)
        findings += overlong_number_findings(table, document_name)
    findings += footnote_findings(extraction.footnotes, extraction.footnote_refs, document_name)
    findings += claims_to_findings(extraction.claims, extraction.crime_stats, document_name)
    findings += [
        LOAD_WARNING.finding(
            expected="a clean file",
            observed=warning, place=f"load warning {index}",
            message=f"{document_name}: read with a problem: {warning}. Check the extracted text against the file.",
        )
        for index, warning in enumerate(extraction.warnings)
    ]
    return findings
