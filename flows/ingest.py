"""The ingestion flow: raw/ in, the contract datasets of processed/ out.

Read it as a table of contents: sweep what a killed run left, find the documents, skip those
already done, ingest the rest (one task each; one bad file never stops the batch), drop the
outputs of documents no longer in raw/, apply the reviewers' waivers, publish the report.

Documents run one at a time by default; `ingest_with_workers` runs them on a Dask cluster.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner

from flows.cross import cross_check_outputs
from flows.documents import DocumentOutcome, ingest_file, stored_versions, unchanged_outcome, validate_stored
from flows.progress import report_document, report_started, stop_requested
from flows.server import drain_prefect_clients
from flows.settings import pipeline_version, project
from flows.site_overrides import OVERRIDES_FILE, apply_site_overrides
from review.findings import ADDED_NAMES_FILE, read_waivers
from review.report_parts import write_report_parts
from review.terminal import printable
from schemas.waivers import apply_waivers, stale_waivers
from store import storage

SKIPPED_NAMES = {"README.md", "README.txt", ".gitkeep", OVERRIDES_FILE, ADDED_NAMES_FILE}


@dataclass
class RunSummary:
    documents: list[DocumentOutcome]
    removed: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)
    waived: int = 0
    stale_waivers: list[str] = field(default_factory=list)
    interrupted: bool = False  # stopped by Ctrl-C before every document was done
    total: int = 0  # documents found in raw/

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.documents)


@task(name="discover-documents")
def discover_documents(raw_dir: str, only: list[str] | None = None) -> list[str]:
    """Every file under raw/ (hidden files and READMEs aside), or just `only`."""
    root = Path(raw_dir)
    if only:
        return sorted(str(Path(path)) for path in only)
    return sorted(
        str(path)
        for path in root.rglob("*")
        if not path.is_dir() and path.name not in SKIPPED_NAMES and not path.name.startswith(".")
    )


@task(name="sweep-temporary-files")
def sweep_temporary_files(out_dir: str) -> int:
    return len(storage.sweep_temporary_files(Path(out_dir)))


@task(name="find-unchanged-documents")
def find_unchanged_documents(
    paths: list[str], raw_dir: str, out_dir: str, version: str, ocr: bool = False
) -> list[DocumentOutcome]:
    """Documents whose bytes and pipeline version match what is stored, ok or quarantined for a
    reason this run cannot change: one pass, no task each."""
    stored = stored_versions(Path(out_dir))
    outcomes = [unchanged_outcome(Path(raw_dir), Path(path), Path(out_dir), stored, version, ocr) for path in paths]
    return [outcome for outcome in outcomes if outcome is not None]


def _batch_run_name() -> str:
    """ "ingest alder-bay.txt", or "ingest 8 documents: alder-bay.txt to ashford.txt"."""
    from prefect.runtime import task_run

    names = [Path(path).name for path in task_run.parameters["paths"]]
    return f"ingest {names[0]}" if len(names) == 1 else f"ingest {len(names)} documents: {names[0]} to {names[-1]}"


@task(name="ingest-documents", task_run_name=_batch_run_name)
def ingest_documents(
    paths: list[str], raw_dir: str, out_dir: str, version: str, ocr: bool = False
) -> list[DocumentOutcome]:
    """A batch of documents, each on its own (one bad file never stops the others). Documents go
    in batches because a task run costs a few hundred ms on Dask and pandera's checks have a
    fixed cost per call (a batch of 32 costs a third per document of a batch of 8); the batches
    shrink towards the end of a run so parallel workers finish together. Progress is still logged
    per document, and a Ctrl-C (see flows/progress.py) stops the batch after its current document."""
    logger = get_run_logger()
    outcomes = []
    for path in paths:
        if stop_requested(out_dir):
            break
        outcome = ingest_file(Path(raw_dir), Path(path), Path(out_dir), version, ocr=ocr)
        # the run's log in the Prefect UI, at INFO so that the terminal, showing Prefect's warnings, has only
        # the progress (report_document) and no second line per quarantined document
        if outcome.status == "quarantined":
            logger.info("quarantined %s: %s", printable(outcome.source), printable(outcome.error))
        else:
            found = ", ".join(f"{n} {name}" for name, n in outcome.rows.items() if n and name != "documents")
            logger.info("ok %s (%s): %s", printable(outcome.source), outcome.doc_id, found)
        report_document(outcome)
        outcomes.append(outcome)
    # the batch's rows against the pandera models, then its report sections: one pass per batch,
    # in the worker that wrote them (the report step re-renders only what later steps change)
    validate_stored(Path(out_dir), [outcome.doc_id for outcome in outcomes if outcome.status == "ok"])
    write_report_parts(Path(out_dir), [outcome.doc_id for outcome in outcomes], Path(raw_dir))
    return outcomes


def batches(paths: list[str], size: int) -> list[list[str]]:
    """Batches of at most `size`, shrinking towards the end (a quarter of what is left) so that
    parallel workers finish together instead of one idling while another runs a full batch."""
    out, first = [], 0
    while first < len(paths):
        take = max(1, min(size, -(-(len(paths) - first) // 4)))
        out.append(paths[first : first + take])
        first += take
    return out


@task(name="remove-deleted-documents")
def remove_deleted_documents(out_dir: str, kept_doc_ids: list[str]) -> list[str]:
    """Outputs of documents whose file left raw/ (or changed, so got a new doc_id) are deleted."""
    removed = sorted(storage.stored_doc_ids(Path(out_dir)) - set(kept_doc_ids))
    for doc_id in removed:
        storage.remove_document(Path(out_dir), doc_id)
    return removed


@task(name="apply-waivers")
def apply_waivers_to_outputs(out_dir: str, waivers_file: str) -> tuple[int, list[str], int]:
    """Re-mark every document's findings from the waivers file, rewriting only partitions whose
    marks changed; returns (waived, stale waiver ids, partitions rewritten)."""
    waivers = read_waivers(Path(waivers_file))
    out = Path(out_dir)
    validation = storage.read_dataset(out, "validation")
    marked = apply_waivers(validation, waivers)
    stale = stale_waivers(waivers, storage.read_dataset(out, "documents"), validation)
    changed = (marked["waived"] != validation["waived"].astype(bool)) | (
        marked["waiver_reason"].fillna("") != validation["waiver_reason"].fillna("")
    )
    rewritten = sorted(set(marked.loc[changed, "doc_id"]))
    for doc_id in rewritten:
        storage.write_partition(out, "validation", doc_id, marked[marked.doc_id == doc_id])
    return int(marked["waived"].sum()), [w.finding_id for w in stale], len(rewritten)


@task(name="summarise-outputs")
def summarise_outputs(out_dir: str) -> tuple[dict[str, int], dict[str, int]]:
    """Rows per dataset (from Parquet footers) and open findings by severity."""
    from schemas.datasets import DATASETS

    out = Path(out_dir)
    rows = {name: storage.count_rows(out, name) for name in DATASETS}
    validation = storage.read_dataset(out, "validation")
    open_findings = validation[~validation["waived"].astype(bool)]
    return rows, {str(k): int(v) for k, v in open_findings["severity"].value_counts().items()}


@task(name="publish-report")
def publish_report(out_dir: str, outputs_changed: bool, raw_dir: str | None = None) -> str:
    """The HTML report and the DuckDB views, rebuilt from what is on disk now (kept as they are
    when this run changed nothing)."""
    from review.export import DUCKDB_FILE, write_duckdb
    from review.pages import REPORT_FILE, write_report

    out = Path(out_dir)
    if not outputs_changed and (out / REPORT_FILE).exists() and (out / DUCKDB_FILE).exists():
        return str(out / REPORT_FILE)
    write_duckdb(out)
    return str(write_report(out, Path(raw_dir) if raw_dir else None))


@task(name="publish-artifacts")
def publish_artifacts(out_dir: str, summary: RunSummary) -> None:
    """A findings table and a markdown summary, visible in the Prefect UI of a Prefect server."""
    validation = storage.read_dataset(Path(out_dir), "validation")
    columns = ["finding_id", "doc_id", "check", "severity", "expected", "observed", "waived", "message"]
    rows = [{k: str(v) for k, v in row.items()} for row in validation[columns].to_dict("records")]
    create_table_artifact(table=rows, key="psp-findings", description="Findings of the last psp ingest run")
    lines = [
        "# psp ingest",
        f"- documents: {summary.count('ok')} ok, {summary.count('unchanged')} unchanged, "
        f"{summary.count('quarantined')} quarantined, {len(summary.removed)} removed",
        "- rows: " + ", ".join(f"{name} {n}" for name, n in summary.rows.items()),
        "- open findings: " + ", ".join(f"{n} {s}" for s, n in summary.findings.items()),
        *[f"- quarantined `{o.source}`: {o.error}" for o in summary.documents if o.status == "quarantined"],
    ]
    create_markdown_artifact(markdown="\n".join(lines), key="psp-summary", description="psp ingest summary")


@flow(name="psp-ingest", task_runner=ThreadPoolTaskRunner(max_workers=1))
def ingest(
    raw_dir: str = "raw",
    out_dir: str = "processed",
    only: list[str] | None = None,
    waivers_file: str | None = None,
    ocr: bool = False,
    batch_size: int = 32,
) -> RunSummary:
    """Ingest every case study in `raw_dir` (or only the files in `only`) into `out_dir`; with
    `ocr`, a PDF with no text layer is read by OCR instead of being quarantined."""
    version = pipeline_version()
    sweep_temporary_files(out_dir)
    paths = discover_documents(raw_dir, only)
    unchanged = find_unchanged_documents(paths, raw_dir, out_dir, version, ocr)
    done = {str(Path(raw_dir) / outcome.source) for outcome in unchanged}
    todo = [path for path in paths if str(Path(path)) not in done]
    report_started(len(todo), len(unchanged))
    work = batches(todo, batch_size)
    futures = ingest_documents.map(
        work, raw_dir=unmapped(raw_dir), out_dir=unmapped(out_dir), version=unmapped(version), ocr=unmapped(ocr)
    )
    outcomes = list(unchanged)
    for future in as_completed(futures):
        outcomes += future.result()
        for outcome in future.result():  # a Dask worker's documents are reported here, per batch
            report_document(outcome)
    interrupted = stop_requested(out_dir)
    ingested = [o.doc_id for o in outcomes if o.status != "unchanged" and not o.reused]
    # an interrupted run has not seen every file's outputs: it removes nothing
    removed = [] if only or interrupted else remove_deleted_documents(out_dir, [o.doc_id for o in outcomes])
    overridden = apply_site_overrides(raw_dir, out_dir)
    changed = bool(ingested or removed or overridden)
    if changed:
        cross_check_outputs(out_dir)
    waived, stale, rewritten = apply_waivers_to_outputs(out_dir, waivers_file or str(project().waivers_file))
    rows, findings = summarise_outputs(out_dir)
    summary = RunSummary(
        sorted(outcomes, key=lambda o: o.source), removed, rows, findings, waived, stale, interrupted, len(paths)
    )
    publish_report(out_dir, changed or bool(rewritten), raw_dir)
    publish_artifacts(out_dir, summary)
    return summary


@contextmanager
def _shared_api_server() -> Iterator[None]:
    """Dask workers are separate processes: without one API server they would each start their
    own temporary server. Start one (unless one is configured) and hand its URL to the workers."""
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_API_URL, temporary_settings

    previous = os.environ.get("PREFECT_API_URL")
    server = None
    url = PREFECT_API_URL.value()
    if not url:
        server = SubprocessASGIServer()  # the process's temporary server, if an earlier run started one
        if server.running:
            server = None  # not ours to stop
            url = SubprocessASGIServer().api_url
        else:
            server.start()
            url = server.api_url
    os.environ["PREFECT_API_URL"] = url
    try:
        with temporary_settings(updates={PREFECT_API_URL: url}):
            yield
    finally:
        if previous is None:
            os.environ.pop("PREFECT_API_URL", None)
        else:
            os.environ["PREFECT_API_URL"] = previous
        if server is not None:
            drain_prefect_clients()
            server.stop()


def ingest_with_workers(workers: int = 1, dask_address: str | None = None, **parameters: object) -> RunSummary:
    """The same flow with documents spread over Dask workers: a local cluster of `workers`
    single-threaded processes, or the cluster at `dask_address`. Each worker loads the spaCy
    model once; outputs are the same as a serial run."""
    if workers <= 1 and not dask_address:
        return ingest(**parameters)
    from dask import config
    from prefect_dask import DaskTaskRunner

    # workers start child processes for PDFs, so they must not be daemonic; keep Dask quiet. Dask
    # sets MALLOC_TRIM_THRESHOLD_ in workers, which turns off glibc's adaptive mmap threshold: spaCy's
    # many mid-sized arrays then cost about 12% more CPU, so only the thread limits are kept.
    threads = {name: 1 for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    config.set({
        "distributed.worker.daemon": False,
        # Dask's samplers are for its dashboard, which we do not serve; the stack profiler alone (every
        # 10 ms) cost the workers about 10% of their CPU
        "distributed.worker.profile.enabled": False,
        "distributed.nanny.pre-spawn-environ": threads,
        "distributed.worker.preload": ["flows.dask_setup"],  # workers ignore Ctrl-C: the run stops them
        "logging.distributed": "warning",
    })
    logging.getLogger("distributed").setLevel(logging.WARNING)
    cluster = {"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None}
    runner = DaskTaskRunner(address=dask_address) if dask_address else DaskTaskRunner(cluster_kwargs=cluster)
    with _shared_api_server():
        return ingest.with_options(task_runner=runner)(**parameters)
