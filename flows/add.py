"""`psp add`: bring new case studies into raw/ under readable names and ingest only them.

A file is named after its site ("<site>-<state abbreviation>.pdf") when the title (or
`--site/--state`) names one, else after a slug of its file name; a different file is never
overwritten (a "-2" suffix is added), and a file already in raw/ with the same bytes is
reused rather than copied twice. A site/state override is recorded in raw/sites.yaml, which
the flow applies to the stored rows.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from extractors.vocab.vocabulary import vocabulary
from flows.raw_files import doc_id_of
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


def unused_path(raw_dir: Path, name: str, keep: Path | None = None) -> Path:
    """`name` in raw/, or "<stem>-2..." when a different file already holds it."""
    target, number = raw_dir / name, 1
    while target.exists() and target != keep:
        number += 1
        target = raw_dir / f"{Path(name).stem}-{number}{Path(name).suffix}"
    return target


def place_file(path: Path, raw_dir: Path, site: str | None = None, state: str | None = None) -> AddedFile:
    """Copy one file into raw/ under an unused name (or find it already there): the override's
    site name when given, else a slug of the file name until the ingest has read its title."""
    data = path.read_bytes()
    doc_id = doc_id_of(data)
    for existing in sorted(p for p in raw_dir.rglob("*") if p.is_file() and p.stat().st_size == len(data)):
        if doc_id_of(existing.read_bytes()) == doc_id:
            return AddedFile(path, existing, copied=False)
    raw_dir.mkdir(parents=True, exist_ok=True)
    target = unused_path(raw_dir, readable_name(path, site, state))
    shutil.copyfile(path, target)
    return AddedFile(path, target, copied=True)


def name_after_site(raw_dir: Path, out_dir: Path, item: AddedFile, doc_id: str) -> AddedFile:
    """Rename a newly copied file after the site and state the ingest read from its title, and
    record the new name as the document's `source` (its doc_id, from the bytes, is unchanged)."""
    documents = storage.read_partition(out_dir, "documents", doc_id)
    if not item.copied or documents is None or documents.status.iloc[0] != "ok":
        return item
    site, state = documents.site.iloc[0], documents.state.iloc[0]
    if pd.isna(site) or pd.isna(state):
        return item
    target = unused_path(raw_dir, readable_name(item.path, site, state), keep=item.path)
    if target == item.path:
        return item
    item.path.rename(target)
    documents["source"] = target.relative_to(raw_dir).as_posix()
    storage.write_partition(out_dir, "documents", doc_id, documents)
    return AddedFile(item.original, target, copied=True)


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
    added = [place_file(path, raw_dir, site, state) for path in paths]
    if site or state:
        for item in added:
            write_override(raw_dir, item.path.relative_to(raw_dir).as_posix(), site, state)
    summary = ingest(raw_dir=str(raw_dir), out_dir=str(out_dir), only=[str(item.path) for item in added], ocr=ocr,
                     waivers_file=str(waivers_file) if waivers_file else None)
    outcomes = {o.source: o for o in summary.documents}
    placed = [(item, outcomes[item.path.relative_to(raw_dir).as_posix()]) for item in added]
    if not (site or state):  # an override already named the files
        placed = [(name_after_site(raw_dir, out_dir, item, o.doc_id), o) for item, o in placed]
    for (item, _), first in zip(placed, added, strict=True):
        record_added_name(raw_dir, item.path.relative_to(raw_dir).as_posix(), item.original.name,
                          renamed_from=first.path.relative_to(raw_dir).as_posix())
    reports = [
        document_report(out_dir, item.path.relative_to(raw_dir).as_posix(), o.doc_id, o.status, o.error)
        for item, o in placed
    ]
    return [item for item, _ in placed], reports


def document_report(out_dir: Path, source: str, doc_id: str, status: str, error: str | None) -> DocumentReport:
    """What the stored outputs say about one document."""
    report = DocumentReport(source, doc_id, status, error)

    def part(name: str) -> pd.DataFrame:
        frame = storage.read_partition(out_dir, name, doc_id)
        return frame if frame is not None else storage.read_dataset(out_dir, name).iloc[0:0]

    documents = part("documents")
    if len(documents):
        report.site, report.state = documents.site.iloc[0], documents.state.iloc[0]
        report.error = report.error or documents.error.iloc[0]
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
