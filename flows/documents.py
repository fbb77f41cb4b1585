"""One document through the pipeline: read it in a limited child process, check its rows
against the dataset models, write them. Called by the flow's tasks; a bad file ends
quarantined, never raises.

A document's findings (its own checks and the schema checks of its rows) are handed back
rather than written: the corpus step (`flows/corpus.py`) merges them with the cross-document
findings and the waivers and writes each `validation` partition once per run. The rows of a
batch of documents are checked against the dataset models together (`check_batch`): pandera's
cost is mostly per column and per call, not per row, so one call per dataset per batch costs
what one document's did.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from threading import Thread
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd
import pyarrow as pa

from extractors.model.errors import ExtractionError
from extractors.model.records import Finding
from flows.isolation import ReadingWorker, limit_in_reason, run_isolated
from flows.parsing import ReadRequest, read_document
from flows.raw_files import RawFile
from flows.settings import pdf_limits, text_limits
from flows.site_overrides import SiteOverride, overridden_facts
from schemas.datasets import DATASETS
from schemas.frames import (
    finding_rows,
    prepare_schema_checks,
    records_to_frame,
    rows_to_table,
    schema_findings,
    tables_to_frame,
)
from store import storage

if TYPE_CHECKING:
    from flows.parsing import ReadResult

Result = TypeVar("Result")
_OCR_REASON = "no text layer"  # a quarantine that `--ocr` may overcome


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
    # the findings of a document ingested by this run, for the corpus step to write (flows/corpus.py)
    validation: list[dict[str, Any]] = field(default_factory=list, repr=False)
    # the rows it wrote, until `check_batch` has checked them against the dataset models
    written: dict[str, pa.Table] | None = field(default=None, repr=False, compare=False)


def limits(kind: str) -> tuple[float, int]:
    """(seconds, megabytes) one document of this kind may take in its reading process."""
    return pdf_limits() if kind == "pdf" else text_limits()


def _document_row(file: RawFile, version: str, override: SiteOverride | None, **values: object) -> dict[str, object]:
    return {
        "source": file.source,
        "bytes": file.size,
        "duplicates": list(file.duplicates),
        "site_override": override.site if override else None,
        "state_override": override.state if override else None,
        "pipeline_version": version,
        "ingested_at": pd.Timestamp(dt.datetime.now(dt.UTC)),
        **values,
    }


def write_quarantine(
    out_dir: Path, file: RawFile, error: ExtractionError, version: str, override: SiteOverride | None = None
) -> None:
    storage.remove_document(out_dir, file.doc_id)
    row = _document_row(
        file, version, override, kind=file.kind, status="quarantined", error=error.reason, stage=error.stage, ocr=False
    )
    storage.write_partition(out_dir, "documents", file.doc_id, records_to_frame("documents", file.doc_id, [row]))


@dataclass(frozen=True)
class StoredDocument:
    version: str
    source: str
    status: str
    error: str | None
    kind: str = "text"
    duplicates: tuple[str, ...] = ()
    override: SiteOverride | None = None


def _text(value: object) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def stored_versions(documents: pd.DataFrame) -> dict[str, StoredDocument]:
    """doc_id -> what is stored about every document of the `documents` dataset."""
    stored = {}
    for row in documents.itertuples(index=False):
        site, state = _text(row.site_override), _text(row.state_override)
        stored[str(row.doc_id)] = StoredDocument(
            str(row.pipeline_version), str(row.source), str(row.status), _text(row.error), str(row.kind),
            tuple(row.duplicates if row.duplicates is not None else ()),
            SiteOverride(site, state) if site or state else None,
        )
    return stored


def _may_end_otherwise(before: StoredDocument, ocr: bool) -> bool:
    """A quarantine this run may overcome without new bytes: the limit it hit has been raised
    since, or OCR is asked for a PDF with no text layer."""
    error = before.error or ""
    seconds, megabytes = limit_in_reason(error)
    timeout_s, memory_mb = limits(before.kind)
    raised = (seconds is not None and timeout_s > seconds) or (megabytes is not None and memory_mb > megabytes)
    return raised or (ocr and error.startswith(_OCR_REASON))


def unchanged_outcome(
    file: RawFile, out_dir: Path, stored: dict[str, StoredDocument], version: str, ocr: bool = False,
    override: SiteOverride | None = None,
) -> DocumentOutcome | None:
    """The outcome of a file already processed from the same bytes, by this pipeline version,
    under the same names and site override, with every partition present; None when it needs
    (re)processing. A quarantined file is not parsed again unless this run may end otherwise (a
    PDF that hit the time limit would cost that much on every run)."""
    before = stored.get(file.doc_id)
    if before is None or (before.version, before.source, before.duplicates) != (version, file.source, file.duplicates):
        return None
    if before.override != override:
        return None
    if before.status == "quarantined":
        if _may_end_otherwise(before, ocr):
            return None
        return DocumentOutcome(file.source, file.doc_id, "quarantined", before.error, reused=True)
    if not all((storage.partition_dir(out_dir, name, file.doc_id) / storage.PART).exists() for name in DATASETS):
        return None
    return DocumentOutcome(file.source, file.doc_id, "unchanged")


class Reading:
    """A file being read in a limited child process (`reader`, by default the whole reading and
    extraction), started ahead so that it runs while the flow writes the document before it; a
    PDF with no text layer is read again by OCR (same limits) when `ocr` is on. `result()` waits
    for it and raises ExtractionError."""

    def __init__(
        self, file: RawFile, ocr: bool = False, reader: Callable[[ReadRequest], Any] = read_document,
        worker: ReadingWorker | None = None,
    ) -> None:
        self.file, self._reader = file, reader
        self._request = ReadRequest(file.path, file.kind, ocr=ocr)
        self._limits = dict(zip(("timeout_s", "memory_mb"), limits(file.kind), strict=True))
        self._worker, self._own_worker = worker or ReadingWorker(), worker is None
        # a file the walk could not read has nothing to start
        self._call = self._worker.submit(reader, self._request, **self._limits) if file.problem is None else None
        self._done: tuple[Any, ExtractionError | None] | None = None

    def result(self) -> Any:
        """The reader's value (waited for once, then kept); raises ExtractionError."""
        if self._done is None:
            try:
                self._done = (self._read(), None)
            except ExtractionError as error:
                self._done = (None, error)
            finally:
                if self._own_worker:
                    self._worker.close()
        value, error = self._done
        if error is not None:
            raise error
        return value

    def wait(self) -> None:
        """Until the reading is over, whatever its outcome."""
        with suppress(ExtractionError):
            self.result()

    def _read(self) -> Any:
        if self._call is None:
            raise ExtractionError(self.file.stage, self.file.problem or "unreadable")
        try:
            return self._call.result()
        except ExtractionError as error:
            if not (self._request.ocr and self.file.kind == "pdf" and error.reason.startswith(_OCR_REASON)):
                raise
        return run_isolated(self._reader, replace(self._request, by_ocr=True), **self._limits)

    def cancel(self) -> None:
        if self._call is not None:
            self._call.cancel()


def read_isolated(file: RawFile, ocr: bool = False, reader: Callable[[ReadRequest], Result] = read_document) -> Result:
    """`reader` run on the file in a limited child process, waited for (see `Reading`)."""
    return Reading(file, ocr, reader).result()


def ingest_file(
    file: RawFile, out_dir: Path, version: str, *, ocr: bool = False, override: SiteOverride | None = None,
    reading: Reading | None = None,
) -> DocumentOutcome:
    """Everything for one file; a bad file ends quarantined, never raises. `version` is the
    pipeline version the run decided on (so a run is consistent even if code changes under it);
    `override` is the file's entry of raw/sites.yaml; `reading`, the file's reading if it was
    started ahead (see `ingest_files`)."""
    try:
        result = (reading or Reading(file, ocr)).result()
        if result.doc_id != file.doc_id:
            raise ExtractionError("read", "the file changed while it was being read: run again")
        return _write_document(out_dir, file, result, version, override)
    except ExtractionError as error:
        failure = error
    except Exception as error:  # noqa: BLE001 - a pipeline bug quarantines one file, not the batch
        failure = ExtractionError("extract", f"internal error ({type(error).__name__}: {error}); please report it")
    write_quarantine(out_dir, file, failure, version, override)
    return DocumentOutcome(file.source, file.doc_id, "quarantined", failure.reason)


def ingest_files(
    files: list[RawFile], out_dir: Path, version: str, *, ocr: bool, overrides: dict[str, SiteOverride],
    stop: Callable[[], bool],
) -> Iterator[DocumentOutcome]:
    """Each file in turn, the next one's reading started as soon as this one's is read, so the
    child reads it while this one is checked and written (on two cores that costs little wall
    time). Before each file `stop()` is asked; a reading started ahead of a stop is cancelled."""
    ahead: Reading | None = None
    worker = ReadingWorker()  # one process reads the batch's files, one after the other
    # pandera's first check loads a second of code: done in a thread while the first file is read
    # (this thread only waits on its child then)
    preparing = Thread(target=prepare_schema_checks, name="prepare-schema-checks", daemon=True)
    preparing.start()
    try:
        for index, file in enumerate(files):
            if stop():
                return
            reading, ahead = ahead or Reading(file, ocr, worker=worker), None
            reading.wait()
            preparing.join()
            if index + 1 < len(files) and not stop():
                ahead = Reading(files[index + 1], ocr, worker=worker)
            yield ingest_file(file, out_dir, version, override=overrides.get(file.source), reading=reading)
    finally:
        if ahead is not None:
            ahead.cancel()
        worker.close()


def _write_document(
    out_dir: Path, file: RawFile, result: ReadResult, version: str, override: SiteOverride | None
) -> DocumentOutcome:
    """The document's rows, checked against the dataset models before they are written, then
    written (`documents` last: the commit mark); its findings are returned, not written."""
    # imported with the first document's extraction: a run with nothing to read (a no-op re-run)
    # never loads spaCy, which the pipeline these modules name imports
    from schemas.outputs import extraction_findings, extraction_rows

    extraction, doc_id = result.extraction, file.doc_id
    site, state = overridden_facts(extraction.facts, override)
    rows = extraction_rows(extraction, site=site, state=state)
    rows["documents"] = [
        _document_row(
            file, version, override, title=extraction.facts.title, site=site, state=state, kind=file.kind,
            pages=result.page_count, status="ok", warnings=list(extraction.warnings), ocr=result.ocr,
        )
    ]
    tables = {name: rows_to_table(name, rows.get(name, [])) for name in DATASETS if name != "validation"}
    validation = finding_rows(doc_id, extraction_findings(extraction, file.source))
    storage.remove_document(out_dir, doc_id)  # no partition of an earlier version may pass for this one
    storage.write_text(out_dir, doc_id, extraction.document.text)
    for name in [n for n in tables if n != "documents"] + ["documents"]:
        storage.write_table(out_dir, name, doc_id, tables[name])
    counts = {name: len(validation) if name == "validation" else tables[name].num_rows for name in DATASETS}
    severities = Counter(row["severity"] for row in validation)
    return DocumentOutcome(
        file.source, doc_id, "ok", rows=counts, findings=dict(severities), validation=validation, written=tables
    )


def check_batch(outcomes: list[DocumentOutcome]) -> list[DocumentOutcome]:
    """The rows the batch's documents wrote, checked against the dataset models in one call per
    dataset; each document's schema findings join its validation rows (not yet written: the
    corpus step writes them). A document killed before this step has no `validation` partition,
    so the next run reads it again."""
    written = {o.doc_id: o.written for o in outcomes if o.written is not None}
    if not written:
        return outcomes
    names = [name for name in DATASETS if name != "validation"]
    frames = {name: tables_to_frame({doc_id: tables[name] for doc_id, tables in written.items()}) for name in names}
    found = schema_findings(frames, {o.doc_id: o.source for o in outcomes})
    return [_with_schema_findings(o, found.get(o.doc_id, [])) if o.doc_id in written else o for o in outcomes]


def _with_schema_findings(outcome: DocumentOutcome, findings: list[Finding]) -> DocumentOutcome:
    rows = {row["finding_id"]: row for row in outcome.validation + finding_rows(outcome.doc_id, findings)}
    validation = list(rows.values())
    return replace(
        outcome, validation=validation, rows={**outcome.rows, "validation": len(validation)},
        findings=dict(Counter(row["severity"] for row in validation)), written=None,
    )
