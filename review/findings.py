"""Findings as a reviewer sees them: filtered, with the place they point at, and waivable.

This is the Python API under `psp review`, `psp waive` and `psp unwaive`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from schemas.waivers import Waiver, apply_waivers, text_to_waivers, waivers_to_text
from store import storage

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
WAIVERS_HEADER = (
    "# Findings a reviewer has accepted, with the reason. Keyed by doc_id + check + place\n"
    "# (finding_id is derived from those three and stays the same across runs).\n"
    '# Edit with `psp waive FINDING_ID --reason "..."` / `psp unwaive FINDING_ID`.\n'
)


class ReviewError(Exception):
    """A request the outputs cannot satisfy (unknown finding, unknown document)."""


@dataclass(frozen=True)
class Place:
    """Where a finding points: the sentence or table row, and the span to highlight in it."""

    text: str
    highlight_start: int | None = None
    highlight_end: int | None = None


def load_findings(
    out_dir: Path,
    *,
    doc: str | None = None,
    severity: str | None = None,
    check: str | None = None,
    include_waived: bool = False,
) -> pd.DataFrame:
    """Findings joined with their document's source and site, most severe first."""
    validation = storage.read_dataset(out_dir, "validation")
    documents = storage.read_dataset(out_dir, "documents")[["doc_id", "source", "site"]]
    frame = validation.merge(documents, on="doc_id", how="left")
    if doc:
        match = (frame.doc_id == doc) | (frame.source == doc) | (frame.site.str.lower() == doc.lower())
        match |= frame.source.map(lambda s: Path(str(s)).stem == doc)
        if not match.any():
            raise ReviewError(f"no document {doc!r} in {out_dir} (give a doc_id, a source name or a site)")
        frame = frame[match]
    if severity:
        frame = frame[frame.severity.map(SEVERITY_RANK) >= SEVERITY_RANK[severity]]
    if check:
        frame = frame[frame.check == check]
    if not include_waived:
        frame = frame[~frame.waived.astype(bool)]
    order = frame.severity.map(SEVERITY_RANK).fillna(0) * -1
    return frame.assign(_order=order).sort_values(["source", "_order", "check", "place"]).drop(columns="_order")


def _sentence_around(text: str, start: int, end: int) -> Place:
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return Place(text[left:right].strip(), start - left, end - left)


def finding_place(finding: pd.Series, text: str | None) -> Place | None:
    """The sentence or table row a finding points at, from the document's normalized text."""
    if text is None or pd.isna(finding.get("start")) or pd.isna(finding.get("end")):
        return None
    start, end = int(finding["start"]), int(finding["end"])
    if "\t" in text[start:end] or finding.get("dataset") in ("crime_stats", "table_cells"):
        row_start = text.rfind("\n", 0, start) + 1
        row_end = text.find("\n", end)
        row = text[row_start : row_end if row_end != -1 else len(text)]
        return Place(row.replace("\t", "  |  "))
    return _sentence_around(text, start, end)


def document_text(out_dir: Path, doc_id: str) -> str | None:
    path = out_dir / "text" / f"{doc_id}.txt"
    return path.read_text(encoding="utf-8") if path.exists() else None


def _read_waivers(waivers_file: Path) -> list[Waiver]:
    return text_to_waivers(waivers_file.read_text(encoding="utf-8")) if waivers_file.exists() else []


def _refresh(out_dir: Path, waivers: list[Waiver], doc_id: str) -> None:
    frame = storage.read_partition(out_dir, "validation", doc_id)
    if frame is not None:
        storage.write_partition(out_dir, "validation", doc_id, apply_waivers(frame, waivers)[0])


def waive(out_dir: Path, waivers_file: Path, finding_id: str, reason: str) -> Waiver:
    """Accept a finding with a reason: recorded in the waivers file and in `validation` now."""
    if not reason.strip():
        raise ReviewError("a waiver needs a reason (--reason)")
    validation = storage.read_dataset(out_dir, "validation")
    rows = validation[validation.finding_id == finding_id]
    if rows.empty:
        raise ReviewError(f"no finding {finding_id} in {out_dir}/validation (run `psp review --all` to list them)")
    row = rows.iloc[0]
    waiver = Waiver(str(row.doc_id), str(row.check), str(row.place), reason.strip())
    waivers = [w for w in _read_waivers(waivers_file) if w.finding_id != finding_id] + [waiver]
    storage.write_file(waivers_file, waivers_to_text(waivers, WAIVERS_HEADER))
    _refresh(out_dir, waivers, waiver.doc_id)
    return waiver


def unwaive(out_dir: Path, waivers_file: Path, finding_id: str) -> Waiver:
    waivers = _read_waivers(waivers_file)
    removed = [w for w in waivers if w.finding_id == finding_id]
    if not removed:
        raise ReviewError(f"no waiver for {finding_id} in {waivers_file}")
    kept = [w for w in waivers if w.finding_id != finding_id]
    storage.write_file(waivers_file, waivers_to_text(kept, WAIVERS_HEADER))
    _refresh(out_dir, kept, removed[0].doc_id)
    return removed[0]


def stale_waivers(out_dir: Path, waivers_file: Path) -> list[Waiver]:
    present = set(storage.read_dataset(out_dir, "validation").finding_id)
    return [w for w in _read_waivers(waivers_file) if w.finding_id not in present]
