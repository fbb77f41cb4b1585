"""Running the flow for a command: which Prefect server it talks to, what it must not do unasked,
and how Ctrl-C ends it.

- The server: one set in `PREFECT_API_URL`, else the project's persistent server when it is up,
  else a temporary one, started while the flow's modules are imported.
- The guard: an ingest that would remove the outputs of more than half of the stored documents
  (an empty or wrong raw folder) refuses unless `--prune` is given.
- Ctrl-C: the first asks the run to stop after the current document (flows/progress.py) and the
  rest of the run (checks, report, DuckDB views) covers what is done; a second stops at once.

Nothing heavy is imported at module level: `psp --help` and argument errors stay instant.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

from flows.guard import Refused
from flows.progress import clear_stop, request_stop
from flows.server import TemporaryServer, persistent_server
from flows.settings import apply_prefect_settings


class WouldRemove(Refused):
    """An ingest that would remove most stored outputs without --prune (a usage error)."""

    exit_code = 2


@dataclass
class PrefectSession:
    url: str
    kind: str  # "configured", "persistent" or "temporary"
    server: TemporaryServer | None = None

    def wait(self) -> None:
        """Block until the server answers (the temporary one may still be starting), saying which
        server the run uses."""
        if self.kind == "persistent":
            print(f"prefect: the project's server at {self.url.removesuffix('/api')}", file=sys.stderr)
        if self.server is not None:
            print("prefect: a temporary server for this run (`psp server start` keeps one up: faster runs, "
                  "and a UI)", file=sys.stderr)
            self.server.wait()


def _url_in_prefect_settings() -> str | None:
    """The API URL of Prefect's current settings when Prefect is already loaded (a test harness,
    a caller's `temporary_settings`): never replaced by a server of ours."""
    if "prefect" not in sys.modules:
        return None
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value() or None


@contextmanager
def prefect_session(home: Path) -> Iterator[PrefectSession]:
    """Prefect's settings and API URL for the block; call `wait()` before the first flow run."""
    apply_prefect_settings(home)
    configured = os.environ.get("PREFECT_API_URL") or _url_in_prefect_settings()
    if configured:
        yield PrefectSession(configured, "configured")
        return
    record = persistent_server(home)
    if record is not None:
        os.environ["PREFECT_API_URL"] = record.url
        try:
            yield PrefectSession(record.url, "persistent")
        finally:
            os.environ.pop("PREFECT_API_URL", None)
        return
    server = TemporaryServer(home)
    os.environ["PREFECT_API_URL"] = server.url
    try:
        yield PrefectSession(server.url, "temporary", server)
    finally:
        server.stop()
        os.environ.pop("PREFECT_API_URL", None)


def stored_sources(out_dir: Path) -> dict[str, str]:
    """doc_id -> source of every stored document."""
    from store import storage

    documents = storage.read_dataset(out_dir, "documents")
    return dict(zip(documents.doc_id.astype(str), documents.source.astype(str), strict=True))


def check_removals(raw_dir: Path, out_dir: Path, stored: dict[str, str], *, prune: bool) -> None:
    """Refuse (unless `prune`) when the files of more than half of the stored documents (or of
    all of them) are no longer in `raw_dir`: more likely a wrong or empty folder than a clean-up."""
    from flows.ingest import SKIPPED_NAMES
    from flows.raw_files import find_files

    present = {path.relative_to(raw_dir).as_posix() for path in find_files(raw_dir, SKIPPED_NAMES)[0]}
    gone = sorted(source for source in stored.values() if source not in present)
    if prune or not gone or len(gone) * 2 <= len(stored):
        return
    names = ", ".join(gone[:5]) + (f" and {len(gone) - 5} more" if len(gone) > 5 else "")
    raise WouldRemove(
        f"{raw_dir} has no file for {len(gone)} of the {len(stored)} documents in {out_dir} ({names}); "
        "their outputs would be removed. Check the folder, or pass --prune to remove them"
    )


@contextmanager
def stop_after_current_document(out_dir: Path) -> Iterator[None]:
    """While the block runs, the first Ctrl-C asks the run to stop after its current document;
    the second stops at once (KeyboardInterrupt)."""
    previous = signal.getsignal(signal.SIGINT)

    def stop(signum: int, frame: FrameType | None) -> None:
        request_stop(out_dir)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        print("\nstopping after the current document (Ctrl-C again to stop at once)", file=sys.stderr, flush=True)

    clear_stop(out_dir)
    signal.signal(signal.SIGINT, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        clear_stop(out_dir)


def _start_reading_early(raw_dir: Path, out_dir: Path) -> None:
    """When raw/ seems to have something new to read, the reading server loads spaCy while this
    process loads Prefect (a no-op run never starts it)."""
    from flows.isolation import start_reading_server
    from flows.raw_files import may_have_new_files

    if may_have_new_files(raw_dir, out_dir):
        start_reading_server()


def run_ingest(
    home: Path, raw_dir: Path, out_dir: Path, *, waivers_file: Path, workers: int, dask_address: str | None,
    ocr: bool, prune: bool,
) -> tuple[Any, dict[str, str]]:
    """The ingest flow over `raw_dir` (the caller holds the output lock); returns the run summary
    and the sources of the documents stored before it (to name the removed ones)."""
    if workers <= 1 and not dask_address:  # Dask workers read in their own processes
        _start_reading_early(raw_dir, out_dir)
    with prefect_session(home) as session, stop_after_current_document(out_dir):
        from flows.ingest import ingest_with_workers  # after the API URL is set: Prefect reads it once

        stored = stored_sources(out_dir)
        check_removals(raw_dir, out_dir, stored, prune=prune)
        session.wait()
        with without_heartbeats():
            summary = ingest_with_workers(
                workers, dask_address, raw_dir=str(raw_dir), out_dir=str(out_dir), waivers_file=str(waivers_file),
                ocr=ocr,
            )
    return summary, stored


def run_add(
    home: Path, paths: list[Path], raw_dir: Path, out_dir: Path, *, site: str | None, state: str | None, ocr: bool,
    waivers_file: Path,
) -> tuple[list[Any], list[Any]]:
    """`psp add` (the caller holds the output lock): the files placed in raw/ and their reports."""
    from flows.isolation import start_reading_server

    start_reading_server()  # the added files are read (the site of each first, to name it)
    with prefect_session(home) as session, stop_after_current_document(out_dir):
        from flows.add import add_files  # after the API URL is set: Prefect reads it once

        session.wait()
        with without_heartbeats():
            return add_files(paths, raw_dir, out_dir, site=site, state=state, ocr=ocr, waivers_file=waivers_file)


@contextmanager
def without_heartbeats() -> Iterator[None]:
    """No flow-run heartbeats: they let a server mark a run whose worker died as crashed, which a
    command run in the terminal shows itself, and their thread costs up to a second per run to join."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings

    with temporary_settings(updates={PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield
