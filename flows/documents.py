"""One document through the pipeline: read, load, extract, check, write. Called by the flow's tasks."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from extractors.load.markdown import markdown_bytes_to_document
from extractors.load.ocr import pdf_bytes_to_ocr_document, read_by_ocr
from extractors.load.text import text_bytes_to_document
from extractors.model.errors import ExtractionError
from extractors.model.pages import LoadedDocument
from flows.isolation import run_isolated
from flows.settings import pdf_limits, pipeline_version
from schemas.datasets import DATASETS
from schemas.frames import finding_rows, findings_to_frame, records_to_frame, rows_to_table, schema_findings
from store import storage

if TYPE_CHECKING:
    from extractors.pipeline import Extraction

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
MAX_BYTES = 200 * 2**20


@dataclass
class DocumentOutcome:
    """What the flow reports about one document: plain data only."""

    source: str
    doc_id: str
    status: str  # "ok", "quarantined" or "unchanged"
    error: str | None = None
    reused: bool = False  # quarantined by an earlier run from the same bytes: not parsed again
    rows: dict[str, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)


def doc_id_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def read_source(raw_dir: Path, path: Path) -> bytes:
    """The file's bytes, refusing what is not a regular file inside raw/."""
    if not path.resolve().is_relative_to(raw_dir.resolve()):
        raise ExtractionError("read", f"a symlink pointing outside {raw_dir.name}/ ({path.resolve()}) is not followed")
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise ExtractionError("read", "not a regular file (a FIFO, socket or device) and is not read")
    if os.path.getsize(path) > MAX_BYTES:
        raise ExtractionError("read", f"larger than {MAX_BYTES // 2**20} MB")
    return path.read_bytes()


def _pdf_loader(data: bytes) -> LoadedDocument:
    from extractors.load.pdf import pdf_bytes_to_document

    return pdf_bytes_to_document(data)


def _pdf_loader_for_ocr(data: bytes) -> LoadedDocument:
    """With --ocr, a text layer drawn invisible (render mode 3: a scan's OCR layer) is read."""
    from extractors.load.pdf import pdf_bytes_to_document

    return pdf_bytes_to_document(data, ocr=True)


def _misnamed_pdf_reason(data: bytes) -> str | None:
    head = data[:1024].lstrip().lower()
    if not data:
        return "empty file (0 bytes)"
    if b"%pdf-" in head:
        return None
    if head.startswith(b"pk\x03\x04"):
        return "not a PDF: it is a ZIP archive (perhaps a .docx or .xlsx) renamed .pdf"
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        return "not a PDF: it is an HTML page saved with a .pdf name"
    return "not a PDF (no %PDF header)"


def load(path: Path, data: bytes, *, ocr: bool = False) -> LoadedDocument:
    """The document's pages; a PDF is parsed in a limited child process, and one with no text
    layer is read by OCR (in a child process with the same limits) when `ocr` is on."""
    suffix = path.suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        reason = _misnamed_pdf_reason(data)
        if reason:
            raise ExtractionError("load", reason)
        timeout_s, memory_mb = pdf_limits()
        try:
            loader = _pdf_loader_for_ocr if ocr else _pdf_loader
            return run_isolated(loader, data, timeout_s=timeout_s, memory_mb=memory_mb)
        except ExtractionError as error:
            if not (ocr and error.reason.startswith("no text layer")):
                raise
        return run_isolated(pdf_bytes_to_ocr_document, data, timeout_s=timeout_s, memory_mb=memory_mb)
    if suffix in TEXT_SUFFIXES:
        return text_bytes_to_document(data)
    if suffix in MARKDOWN_SUFFIXES:
        return markdown_bytes_to_document(data)
    raise ExtractionError("load", f"unsupported file type {suffix or '(no extension)'!r}: expected .pdf, .txt or .md")


def extract(loaded: LoadedDocument) -> Extraction:
    # imported on the first document to extract: a run with nothing to extract (a no-op re-run)
    # never loads spaCy, which is a third of a no-op run's imports
    from extractors.pipeline import loaded_to_extraction
    from flows.models import language, vocabularies

    return loaded_to_extraction(loaded, language(), vocabularies())


def _document_row(source: str, data_size: int, version: str, **values: object) -> dict[str, object]:
    return {
        "source": source,
        "bytes": data_size,
        "pipeline_version": version,
        "ingested_at": pd.Timestamp(dt.datetime.now(dt.UTC)),
        **values,
    }


def write_quarantine(
    out_dir: Path, doc_id: str, source: str, size: int, kind: str, error: ExtractionError, version: str
) -> None:
    storage.remove_document(out_dir, doc_id)
    row = _document_row(
        source, size, version, kind=kind, status="quarantined", error=error.reason, stage=error.stage, ocr=False
    )
    storage.write_partition(out_dir, "documents", doc_id, records_to_frame("documents", doc_id, [row]))


@dataclass(frozen=True)
class StoredDocument:
    version: str
    source: str
    status: str
    error: str | None


# Quarantine reasons that a new run may overcome without new bytes: raised limits, OCR asked for.
_LIMIT_REASONS = ("parsing took longer than", "the parser needed more than")
_OCR_REASON = "no text layer"


def stored_versions(out_dir: Path) -> dict[str, StoredDocument]:
    """doc_id -> what is stored about every document already in `out_dir`."""
    documents = storage.read_dataset(out_dir, "documents")
    return {
        str(row.doc_id): StoredDocument(
            str(row.pipeline_version), str(row.source), str(row.status), None if pd.isna(row.error) else str(row.error)
        )
        for row in documents[["doc_id", "pipeline_version", "source", "status", "error"]].itertuples()
    }


def unchanged_outcome(
    raw_dir: Path, path: Path, out_dir: Path, stored: dict[str, StoredDocument], version: str, ocr: bool = False
) -> DocumentOutcome | None:
    """The outcome of a file already processed from the same bytes, by this pipeline version,
    under the same name, with every partition present; None when it needs (re)processing. A file
    quarantined for a reason that does not depend on the run's settings is not parsed again (a
    PDF that hit the time limit would otherwise cost that much on every run)."""
    source = path.relative_to(raw_dir).as_posix()
    try:
        data = read_source(raw_dir, path)
    except (ExtractionError, OSError):
        return None
    doc_id = doc_id_of(data)
    before = stored.get(doc_id)
    if before is None or (before.version, before.source) != (version, source):
        return None
    if before.status == "quarantined":
        error = before.error or ""
        if error.startswith(_LIMIT_REASONS) or (ocr and error.startswith(_OCR_REASON)):
            return None
        return DocumentOutcome(source, doc_id, "quarantined", before.error, reused=True)
    if not all((storage.partition_dir(out_dir, name, doc_id) / storage.PART).exists() for name in DATASETS):
        return None
    return DocumentOutcome(source, doc_id, "unchanged")


def ingest_file(
    raw_dir: Path, path: Path, out_dir: Path, version: str | None = None, *, ocr: bool = False
) -> DocumentOutcome:
    """Everything for one file; a bad file ends quarantined, never raises. `version` is the
    pipeline version the run decided on (so a run is consistent even if code changes under it);
    `ocr` reads a PDF with no text layer by OCR instead of quarantining it."""
    version = version or pipeline_version()
    source = path.relative_to(raw_dir).as_posix()
    kind = "pdf" if path.suffix.lower() == ".pdf" else "text"
    try:
        data = read_source(raw_dir, path)
    except (ExtractionError, OSError) as error:
        failure = error if isinstance(error, ExtractionError) else ExtractionError("read", str(error))
        doc_id = doc_id_of(b"unreadable:" + source.encode())
        write_quarantine(out_dir, doc_id, source, 0, kind, failure, version)
        return DocumentOutcome(source, doc_id, "quarantined", failure.reason)
    doc_id = doc_id_of(data)
    try:
        return _ingest_bytes(out_dir, path, source, data, doc_id, version, ocr=ocr)
    except ExtractionError as error:
        failure = error
    except Exception as error:  # noqa: BLE001 - a pipeline bug quarantines one file, not the batch
        failure = ExtractionError("extract", f"internal error ({type(error).__name__}: {error}); please report it")
    write_quarantine(out_dir, doc_id, source, len(data), kind, failure, version)
    return DocumentOutcome(source, doc_id, "quarantined", failure.reason)


def _ingest_bytes(
    out_dir: Path, path: Path, source: str, data: bytes, doc_id: str, version: str, *, ocr: bool = False
) -> DocumentOutcome:
    loaded = load(path, data, ocr=ocr)
    extraction = extract(loaded)
    from schemas.outputs import extraction_findings, extraction_rows  # with the pipeline: see extract()

    rows = extraction_rows(extraction, site=extraction.facts.site, state=extraction.facts.state)
    rows["validation"] = finding_rows(doc_id, extraction_findings(extraction, source))
    rows["documents"] = [
        _document_row(
            source, len(data), version, title=extraction.facts.title, site=extraction.facts.site,
            state=extraction.facts.state, kind=loaded.kind, pages=loaded.page_count, status="ok",
            warnings=list(loaded.warnings), ocr=read_by_ocr(loaded),
        )
    ]
    storage.write_text(out_dir, doc_id, extraction.document.text)
    for name in [n for n in DATASETS if n != "documents"] + ["documents"]:  # documents last: the commit mark
        storage.write_table(out_dir, name, doc_id, rows_to_table(name, rows.get(name, [])))
    severities = Counter(row["severity"] for row in rows["validation"])
    return DocumentOutcome(
        source, doc_id, "ok", rows={name: len(rows.get(name, [])) for name in DATASETS}, findings=dict(severities)
    )


def validate_stored(out_dir: Path, doc_ids: list[str], *, batch: int = 200) -> int:
    """Check the stored rows of these documents against the pandera models, a batch of documents
    per pass (the per-call overhead is paid per batch, memory is bounded by the batch); failures
    are added to `validation`."""
    total = 0
    for first in range(0, len(doc_ids), batch):
        chunk = doc_ids[first : first + batch]
        frames = {name: storage.read_documents(out_dir, name, chunk) for name in DATASETS}
        sources = dict(zip(frames["documents"].doc_id, frames["documents"].source, strict=True))
        for doc_id, findings in schema_findings(frames, sources).items():
            stored = storage.read_partition(out_dir, "validation", doc_id)
            added = findings_to_frame(doc_id, findings)
            merged = pd.concat([stored, added], ignore_index=True).drop_duplicates("finding_id")
            storage.write_partition(out_dir, "validation", doc_id, merged)
            total += len(findings)
    return total
