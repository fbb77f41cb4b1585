"""The report's per-document sections, rendered once and kept until what they show changes.

A section depends on the document's outputs (fixed by its doc_id and pipeline version), its row in
`documents` and its own findings (which site overrides and waivers can change after the document
is written). The report step renders the sections that are missing or whose key no longer
matches, a batch of documents at a time, and stitches the page together. Findings that compare
documents (`cross.*`) are added at stitching, so a new document never invalidates the others.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pandas as pd

from review.crops import finding_crops
from review.findings import document_text
from review.report import DocumentView, document_html
from review.rows import rows_by_document
from schemas.cross_checks import is_cross_finding
from store import storage

PARTS_DIR = ".report-parts"  # hidden: Parquet readers and the contract's globs skip it
_BATCH = 50  # documents read per scan: bounds memory
_BOX = ["page", "x0", "top", "x1", "bottom"]  # a PDF's crops are made from its cells' boxes
_SHOWN = {  # the datasets and columns a section shows (None: all): only these are read
    "tables": ["table_id", "caption", "source_note", "columns", "start", "end"],
    "table_cells": ["table_id", "row", "column_index", "raw", "value", "start", "end", *_BOX],
    "crime_stats": None,  # each count column is a chart
    "figures": ["figure_id", "caption", "has_data"],
    "footnotes": ["number", "text"],
    "footnote_refs": ["number", "start", "end"],
    "entities": ["start", "end", "label", "canonical"],
    "claims": ["start", "end", "unit", "measure"],
}
_DOCUMENT_FIELDS = ("source", "title", "site", "state", "kind", "status", "error", "pipeline_version")
_FINDING_FIELDS = ("finding_id", "check", "severity", "table_id", "year", "footnote", "start", "end", "page",
                   "compared", "expected", "observed", "message", "waived", "waiver_reason")


@cache
def _renderer_digest() -> str:
    """Sections made by older report code are stale too."""
    digest = hashlib.sha256()
    for name in ("report.py", "marks.py", "charts.py", "crops.py", "report_parts.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


def _plain(value: object) -> str:
    """One spelling per value whichever reader produced it (1 and 1.0, None and NaN, numpy bools)."""
    if type(value) is str:  # most values: spelled as they are
        return value
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}:{_plain(v)}" for k, v in sorted(value.items())) + "}"
    if hasattr(value, "__len__") and not isinstance(value, str):
        return "[" + ",".join(_plain(v) for v in value) + "]"  # type: ignore[union-attr]
    if value is None or (not isinstance(value, str | list) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(bool(value)) if hasattr(value, "dtype") and value.dtype == bool else str(value)


def own_findings(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings a section shows: all but the cross-document ones."""
    return findings[~is_cross_finding(findings)]


def cross_findings(findings: pd.DataFrame) -> pd.DataFrame:
    return findings[is_cross_finding(findings)]


def part_keys(documents: pd.DataFrame, findings: pd.DataFrame) -> dict[str, str]:
    """doc_id -> a digest of everything its section shows that can change after the document is
    written: its row in `documents` and its own findings."""
    findings = own_findings(findings)
    base = _renderer_digest().encode()
    digests = {}
    columns = [documents[field].tolist() for field in _DOCUMENT_FIELDS]
    for doc_id, *values in zip(documents.doc_id.tolist(), *columns, strict=True):
        digests[doc_id] = hashlib.sha256(base + "\x1f".join(map(_plain, values)).encode())
    ordered = findings.sort_values(["doc_id", "finding_id"])
    for doc_id, *values in zip(ordered.doc_id.tolist(), *[ordered[f].tolist() for f in _FINDING_FIELDS], strict=True):
        if doc_id in digests:
            digests[doc_id].update(("\x1e" + "\x1f".join(map(_plain, values))).encode())
    return {doc_id: digest.hexdigest()[:16] for doc_id, digest in digests.items()}


def part_path(out_dir: Path, doc_id: str, key: str) -> Path:
    return out_dir / PARTS_DIR / f"{doc_id}-{key}.html"


def document_views(
    out_dir: Path, documents: pd.DataFrame, findings: pd.DataFrame, raw_dir: Path | None = None
) -> Iterator[DocumentView]:
    """Each document's outputs and own `findings`, read from disk a batch of documents at a time and
    made rows once per batch; a PDF's findings with the crops of their pages (kept beside the
    sections, made from the file in `raw_dir`)."""
    by_document = rows_by_document(findings)
    rows = [document for _, document in documents.iterrows()]
    for first in range(0, len(rows), _BATCH):
        batch = rows[first : first + _BATCH]
        ids = [d.doc_id for d in batch]
        frames = {name: storage.read_documents(out_dir, name, ids, columns) for name, columns in _SHOWN.items()}
        grouped = {name: rows_by_document(frame) for name, frame in frames.items()}
        for document in batch:
            of = {name: grouped[name].get(document.doc_id, []) for name in _SHOWN}
            yield DocumentView(
                document=document, text=document_text(out_dir, document.doc_id) or "", tables=of["tables"],
                cells=of["table_cells"], crime_stats=of["crime_stats"], figures=of["figures"],
                footnotes=of["footnotes"], refs=of["footnote_refs"], entities=of["entities"],
                claims=of["claims"], findings=by_document.get(document.doc_id, []),
                crops=_crops(out_dir, raw_dir, document, findings, frames),
            )


def _crops(
    out_dir: Path, raw_dir: Path | None, document: pd.Series, findings: pd.DataFrame, frames: dict[str, pd.DataFrame]
) -> dict[str, str]:
    """A PDF's crops, from its frames (the only documents that have any: no filter for the others)."""
    if document.get("kind") != "pdf":
        return {}
    own, *located = (
        frame[frame.doc_id == document.doc_id]
        for frame in (findings, frames["table_cells"], frames["claims"], frames["footnote_refs"])
    )
    return finding_crops(out_dir / PARTS_DIR, raw_dir, document, own, located)


def _render(out_dir: Path, documents: pd.DataFrame, findings: pd.DataFrame, keys: dict[str, str],
            raw_dir: Path | None) -> dict[Path, str]:
    """The sections rendered and written now, by path."""
    sections = {}
    for view in document_views(out_dir, documents, own_findings(findings), raw_dir):
        path = part_path(out_dir, view.document.doc_id, keys[view.document.doc_id])
        sections[path] = document_html(view)
        storage.write_file(path, sections[path])
    return sections


def _as_read(section: str) -> str:
    """A section as reading its file back gives it (text mode reads every line end as "\n")."""
    return section.replace("\r\n", "\n").replace("\r", "\n")


def current_sections(
    out_dir: Path, documents: pd.DataFrame, findings: pd.DataFrame, raw_dir: Path | None = None
) -> list[str]:
    """The section of every document, in the order given: kept ones read, missing or stale ones
    rendered now (and kept as files), and sections no document uses any more deleted."""
    keys = part_keys(documents, findings)
    paths = [part_path(out_dir, doc_id, keys[doc_id]) for doc_id in documents.doc_id]
    missing = [i for i, path in enumerate(paths) if not path.exists()]
    rendered = _render(out_dir, documents.iloc[missing], findings, keys, raw_dir)
    wanted = set(paths)
    for path in (out_dir / PARTS_DIR).glob("*.html"):
        if path not in wanted:
            path.unlink(missing_ok=True)
    kept = set(documents.doc_id)
    for folder in (out_dir / PARTS_DIR / "crops").glob("*"):
        if folder.name not in kept:
            shutil.rmtree(folder, ignore_errors=True)
    return [_as_read(rendered[path]) if path in rendered else path.read_text(encoding="utf-8") for path in paths]
