"""The ingestion flow: raw/ in, the contract datasets of processed/ out.

Read it as a table of contents: check the configuration files, sweep what a killed run left,
find the documents, skip those already done, ingest the rest (in batches; one bad file never
stops the batch), drop the outputs of documents no longer in raw/, run the corpus-wide steps
(cross-document checks and waivers, one `validation` write per document), publish the report,
and record last that the corpus-wide steps are done for this set of documents.

Two batches of documents run at once by default, each read by its own child process (see
`READERS`); `ingest_with_workers` runs them on a Dask cluster.
The steps a user follows in Prefect's UI are tasks (finding the documents, each batch of them,
the corpus-wide steps, the report, the artifacts); the bookkeeping between them (the sweep, the
stored rows, the unchanged files, the removals, the counts, the state record) runs in the flow
itself: a task run costs Prefect tens of milliseconds, a large part of a run with nothing to do.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import pandas as pd
from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.futures import as_completed
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from flows.corpus import corpus_steps, current_documents, record_corpus_state
from flows.documents import DocumentOutcome, check_batch, ingest_files, stored_versions, unchanged_outcome
from flows.isolation import start_reading_early
from flows.progress import report_document, report_started, stop_requested
from flows.raw_files import RawFile, Skipped, find_files, identify, one_per_document
from flows.server import drain_prefect_clients
from flows.settings import pipeline_version, project
from flows.site_overrides import OVERRIDES_FILE, SiteOverride, read_overrides
from review.findings import ADDED_NAMES_FILE
from review.terminal import printable
from schemas.waivers import Waiver, read_waivers
from store import storage

SKIPPED_NAMES = {"README.md", "README.txt", ".gitkeep", OVERRIDES_FILE, ADDED_NAMES_FILE}


@dataclass(frozen=True)
class RunConfiguration:
    """The files people edit, read and checked before the run writes anything."""

    overrides: dict[str, SiteOverride]
    waivers: list[Waiver]


def read_configuration(raw_dir: str, waivers_file: str) -> RunConfiguration:
    """`raw/sites.yaml` and the waivers file; a bad one raises ConfigError naming the file and line."""
    return RunConfiguration(read_overrides(Path(raw_dir)), read_waivers(Path(waivers_file)))


@dataclass
class RunSummary:
    documents: list[DocumentOutcome]  # one per stored document this run met
    removed: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # entries of raw/ that are not documents, with why
    rows: dict[str, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)
    waived: int = 0
    stale_waivers: list[str] = field(default_factory=list)
    interrupted: bool = False  # stopped by Ctrl-C before every document was done
    total: int = 0  # documents found in raw/

    def count(self, status: str) -> int:
        return sum(outcome.status == status for outcome in self.documents)


@task(name="discover-documents")
def discover_documents(raw_dir: str, only: list[str] | None = None) -> tuple[list[RawFile], list[Skipped]]:
    """Every file under raw/ (hidden files and READMEs aside), or just `only`, identified by its
    bytes, one per document; and every entry that is not a document, with why."""
    root = Path(raw_dir)
    paths, skipped = ([Path(path) for path in sorted(only)], []) if only else find_files(root, SKIPPED_NAMES)
    files, duplicates = one_per_document([identify(root, path) for path in paths])
    return files, sorted(skipped + duplicates, key=lambda s: s.source)


def sweep_temporary_files(out_dir: str) -> int:
    return len(storage.sweep_temporary_files(Path(out_dir)))


def read_stored_documents(out_dir: str) -> pd.DataFrame:
    """The `documents` dataset as the run found it (read once: the corpus step reuses it)."""
    return storage.read_dataset(Path(out_dir), "documents")


def find_unchanged_documents(
    files: list[RawFile], out_dir: str, stored: pd.DataFrame, version: str, ocr: bool,
    overrides: dict[str, SiteOverride],
) -> list[DocumentOutcome]:
    """Documents whose bytes, names, site override and pipeline version match what is stored, ok
    or quarantined for a reason this run cannot change: one pass, no task each."""
    versions = stored_versions(stored)
    outcomes = [
        unchanged_outcome(file, Path(out_dir), versions, version, ocr, overrides.get(file.source)) for file in files
    ]
    return [outcome for outcome in outcomes if outcome is not None]


def _batch_run_name() -> str:
    """ "ingest alder-bay.txt", or "ingest 8 documents: alder-bay.txt to ashford.txt"."""
    from prefect.runtime import task_run

    names = [Path(file.source).name for file in task_run.parameters["files"]]
    return f"ingest {names[0]}" if len(names) == 1 else f"ingest {len(names)} documents: {names[0]} to {names[-1]}"


@task(name="ingest-documents", task_run_name=_batch_run_name)
def ingest_documents(
    files: list[RawFile], out_dir: str, version: str, ocr: bool, overrides: dict[str, SiteOverride]
) -> list[DocumentOutcome]:
    """A batch of documents, each on its own (one bad file never stops the others). Documents go
    in batches because a task run costs a few hundred ms on Dask and the batch's rows are checked
    against the dataset models together; batches shrink towards the end of a run so that the
    readers (or Dask workers) running them at once finish together. Progress is still logged per
    document, and a Ctrl-C (see flows/progress.py) stops the batch after its current document."""
    logger = get_run_logger()
    outcomes = []
    stop = partial(stop_requested, out_dir)
    for outcome in ingest_files(files, Path(out_dir), version, ocr=ocr, overrides=overrides, stop=stop):
        # the run's log in the Prefect UI, at INFO so that the terminal, showing Prefect's warnings, has only
        # the progress (report_document) and no second line per quarantined document
        if outcome.status == "quarantined":
            logger.info("quarantined %s: %s", printable(outcome.source), printable(outcome.error))
        else:
            found = ", ".join(f"{n} {name}" for name, n in outcome.rows.items() if n and name != "documents")
            logger.info("ok %s (%s): %s", printable(outcome.source), outcome.doc_id, found)
        report_document(outcome)
        outcomes.append(outcome)
    return check_batch(outcomes)


def batches(paths: list[RawFile], size: int, parallel: bool = False) -> list[list[RawFile]]:
    """Batches of at most `size`; for parallel workers they shrink towards the end (a quarter of
    what is left) so that the workers finish together instead of one idling while another runs a
    full batch."""
    out, first = [], 0
    while first < len(paths):
        take = max(1, min(size, -(-(len(paths) - first) // 4))) if parallel else size
        out.append(paths[first : first + take])
        first += take
    return out


def remove_deleted_documents(out_dir: str, kept_doc_ids: list[str]) -> list[str]:
    """Outputs of documents whose file left raw/ (or changed, so got a new doc_id) are deleted,
    also what a run killed while deleting left of them."""
    removed = sorted(storage.stored_doc_ids(Path(out_dir)) - set(kept_doc_ids))
    for doc_id in removed:
        storage.remove_document(Path(out_dir), doc_id)
    return removed


def summarise_outputs(out_dir: str, validation: pd.DataFrame) -> tuple[dict[str, int], dict[str, int]]:
    """Rows per dataset (from Parquet footers) and open findings by severity."""
    from schemas.datasets import DATASETS

    out = Path(out_dir)
    rows = {name: storage.count_rows(out, name) for name in DATASETS}
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
def publish_artifacts(summary: RunSummary, validation: pd.DataFrame) -> None:
    """A findings table and a markdown summary, visible in the Prefect UI of a Prefect server."""
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
        *[f"- skipped `{s.source}`: {s.reason}" for s in summary.skipped],
    ]
    create_markdown_artifact(markdown="\n".join(lines), key="psp-summary", description="psp ingest summary")


def _usable_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# Batches run at once in the flow's own process, each read by its own child: a child reads (spaCy,
# a core's worth) while the flow only writes, about a tenth of that, so one reader left the second
# core of a two-core machine mostly idle. Two, not one per core: more cores are what Dask is for.
READERS = min(2, _usable_cores())


@flow(name="psp-ingest", task_runner=ThreadPoolTaskRunner(max_workers=READERS))
def ingest(
    raw_dir: str = "raw",
    out_dir: str = "processed",
    only: list[str] | None = None,
    waivers_file: str | None = None,
    ocr: bool = False,
    batch_size: int = 32,
    parallel: bool = False,
) -> RunSummary:
    """Ingest every case study in `raw_dir` (or only the files in `only`) into `out_dir`; with
    `ocr`, a PDF with no text layer is read by OCR instead of being quarantined; `parallel` says
    the task runner is Dask's (see `ingest_with_workers`): each worker reads in its own process."""
    if not parallel:  # spaCy loads in the reading server while the run finds its documents
        start_reading_early(Path(raw_dir), Path(out_dir))
    version = pipeline_version()
    config = read_configuration(raw_dir, waivers_file or str(project().waivers_file))  # before anything is written
    sweep_temporary_files(out_dir)
    files, skipped = discover_documents(raw_dir, only)
    stored = read_stored_documents(out_dir)
    unchanged = find_unchanged_documents(files, out_dir, stored, version, ocr, config.overrides)
    done = {outcome.source for outcome in unchanged}
    todo = [file for file in files if file.source not in done]
    report_started(len(todo), len(unchanged))
    work = batches(todo, batch_size, parallel=parallel or READERS > 1)
    futures = ingest_documents.map(
        work, out_dir=unmapped(out_dir), version=unmapped(version), ocr=unmapped(ocr),
        overrides=unmapped(config.overrides),
    )
    outcomes = list(unchanged)
    for future in as_completed(futures):
        outcomes += future.result()
        for outcome in future.result():  # a Dask worker's documents are reported here, per batch
            report_document(outcome)
    interrupted = stop_requested(out_dir)
    # an interrupted run has not seen every file's outputs: it removes nothing
    removed = [] if only or interrupted else remove_deleted_documents(out_dir, [o.doc_id for o in outcomes])
    documents = current_documents(out_dir, stored, outcomes, removed)
    # quoted: Prefect would otherwise walk every finding row of every outcome looking for futures
    validation, stale, key, changed = corpus_steps(out_dir, documents, quote(outcomes), config.waivers, version)
    rows, findings = summarise_outputs(out_dir, validation)
    waived = int(validation["waived"].astype(bool).sum())
    reported = sorted((replace(o, validation=[]) for o in outcomes), key=lambda o: o.source)  # rows are written
    summary = RunSummary(reported, removed, skipped, rows, findings, waived, stale, interrupted, len(files))
    publish_report(out_dir, changed, raw_dir)
    record_corpus_state(out_dir, key)
    publish_artifacts(quote(summary), validation)
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
        return ingest.with_options(task_runner=runner)(**parameters, parallel=True)
