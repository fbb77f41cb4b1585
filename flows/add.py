"""`psp add`: bring new case studies into raw/ under readable names and ingest only them.

A file is named after its site ("<site>-<state abbreviation>.pdf") when `--site/--state` or its
title names one (the title is read before the file is copied, so every output, finding and report
names the file as it is in raw/), else after a slug of its file name; a different file is never
overwritten (a "-2" suffix is added), and a file already in raw/ with the same bytes is reused
rather than copied twice. A site/state override is recorded in raw/sites.yaml, which the flow
applies to the stored rows.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from extractors.model.errors import ExtractionError
from extractors.vocab.vocabulary import vocabulary
from flows.documents import read_isolated
from flows.parsing import read_title_site
from flows.raw_files import doc_id_of, identify
from flows.site_overrides import write_override
from review.findings import record_added_name
from store import storage


@dataclass
class AddedFile:
    original: Path
    path: Path  # where it now lives under raw/
    copied: bool  # False when raw/ already held these bytes


@dataclass
class DocumentReport:
    source: str
    doc_id: str
    status: str
    error: str | None = None
    site: str | None = None
    state: str | None = None
    tables: list[str] = field(default_factory=list)
    crime_years: list[int] = field(default_factory=list)
    footnotes: int = 0
    footnote_calls: int = 0
    claims: int = 0
    findings: pd.DataFrame | None = None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "document"


def state_abbreviation(state: str | None) -> str | None:
    if not state:
        return None
    name = vocabulary().state_name(state)
    return next((key for key, value in vocabulary().state_by_name.items() if len(key) == 2 and value == name), None)


def readable_name(path: Path, site: str | None, state: str | None) -> str:
    abbreviation = state_abbreviation(state)
    stem = f"{slug(site)}-{abbreviation.lower()}" if site and abbreviation else slug(site or path.stem)
    return stem + path.suffix.lower()


def unused_path(raw_dir: Path, name: str) -> Path:
    """`name` in raw/, or "<stem>-2..." when a different file already holds it."""
    target, number = raw_dir / name, 1
    while target.exists():
        number += 1
        target = raw_dir / f"{Path(name).stem}-{number}{Path(name).suffix}"
    return target


def title_site(path: Path, *, ocr: bool = False) -> tuple[str | None, str | None]:
    """The site and state the document's title names, read as the ingest reads them (in the same
    limited child process); (None, None) when the title names none or the file cannot be read."""
    file = identify(path.parent, path)
    if file.problem is not None:
        return None, None
    try:
        return read_isolated(file, ocr, read_title_site)
    except ExtractionError:
        return None, None


def place_file(
    path: Path, raw_dir: Path, site: str | None = None, state: str | None = None, *, ocr: bool = False
) -> AddedFile:
    """Copy one file into raw/ under an unused name (or find it already there): the override's
    site when given, else the site its title names, else a slug of the file name."""
    data = path.read_bytes()
    doc_id = doc_id_of(data)
    for existing in sorted(p for p in raw_dir.rglob("*") if p.is_file() and p.stat().st_size == len(data)):
        if doc_id_of(existing.read_bytes()) == doc_id:
            return AddedFile(path, existing, copied=False)
    if not (site or state):
        site, state = title_site(path, ocr=ocr)
    raw_dir.mkdir(parents=True, exist_ok=True)
    target = unused_path(raw_dir, readable_name(path, site, state))
    temporary = raw_dir / f".{target.name}.{os.getpid()}.tmp"  # hidden: no run picks up half a copy
    try:
        shutil.copyfile(path, temporary)
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    return AddedFile(path, target, copied=True)


def add_files(
    paths: list[Path],
    raw_dir: Path,
    out_dir: Path,
    *,
    site: str | None = None,
    state: str | None = None,
    ocr: bool = False,
    waivers_file: Path | None = None,
) -> tuple[list[AddedFile], list[DocumentReport]]:
    """Place each file in raw/, record any override and the name it was added as, ingest only these
    files, report on each; with `ocr`, a PDF with no text layer is named and read by OCR."""
    from flows.ingest import ingest

    state = (vocabulary().state_name(state) or state) if state else None
    added = [place_file(path, raw_dir, site, state, ocr=ocr) for path in paths]
    if site or state:
        for item in added:
            write_override(raw_dir, item.path.relative_to(raw_dir).as_posix(), site, state)
    summary = ingest(
        raw_dir=str(raw_dir), out_dir=str(out_dir), only=[str(item.path) for item in added],
        waivers_file=None if waivers_file is None else str(waivers_file), ocr=ocr,
    )
    outcomes = {o.source: o for o in summary.documents}
    for item in added:
        record_added_name(raw_dir, item.path.relative_to(raw_dir).as_posix(), item.original.name)
    reports = []
    for item in added:
        source = item.path.relative_to(raw_dir).as_posix()
        if source in outcomes:  # absent when a Ctrl-C stopped the run first
            outcome = outcomes[source]
            reports.append(document_report(out_dir, source, outcome.doc_id, outcome.status, outcome.error))
    return added, reports


def _value(cell: object) -> str | None:
    """A stored text cell, None when it is null (pandas reads a missing site as NaN)."""
    return None if pd.isna(cell) else str(cell)


def document_report(out_dir: Path, source: str, doc_id: str, status: str, error: str | None) -> DocumentReport:
    """What the stored outputs say about one document."""
    report = DocumentReport(source, doc_id, status, error)

    def part(name: str) -> pd.DataFrame:
        frame = storage.read_partition(out_dir, name, doc_id)
        return frame if frame is not None else storage.read_dataset(out_dir, name).iloc[0:0]

    documents = part("documents")
    if len(documents):
        report.site, report.state, error = (_value(documents[c].iloc[0]) for c in ("site", "state", "error"))
        report.error = report.error or error
    crime = part("crime_stats")
    for table in part("tables").itertuples():
        years = sorted(int(y) for y in crime[crime.table_id == table.table_id].year)
        span = f", crime statistics {years[0]}-{years[-1]}" if years else ""
        report.tables.append(f"{table.table_id} \u201c{table.caption or ''}\u201d: {table.n_rows} rows{span}")
    report.crime_years = sorted({int(y) for y in crime.year})
    report.footnotes = len(part("footnotes"))
    report.footnote_calls = len(part("footnote_refs"))
    report.claims = len(part("claims"))
    validation = part("validation")
    report.findings = validation[~validation.waived.astype(bool)]
    return report
