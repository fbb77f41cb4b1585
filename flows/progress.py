"""What a run shows while it works, and how it is asked to stop.

The document loop reports each finished document (`report_document`) and, between documents,
asks whether to stop (`stop_requested`). A Ctrl-C asks by creating a stop file in the output
folder, which the flow's task threads and Dask workers in other processes all see; the command
holding the output lock clears it before and after its run. The CLI installs the reporter: a rich
progress bar on a terminal, one plain line per document otherwise; without one (the flow called
from Python) nothing is shown.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from review.terminal import printable

STOP_FILE = ".psp.stop"


def stop_requested(out_dir: str | Path) -> bool:
    return (Path(out_dir) / STOP_FILE).exists()


def request_stop(out_dir: Path) -> None:
    (out_dir / STOP_FILE).touch()


def clear_stop(out_dir: Path) -> None:
    (out_dir / STOP_FILE).unlink(missing_ok=True)


def _found(outcome: Any) -> str:  # noqa: ANN401 - a flows.documents.DocumentOutcome
    if outcome.status == "quarantined":
        return f"quarantined {printable(outcome.source)}: {printable(outcome.error)}"
    found = ", ".join(f"{n} {name}" for name, n in outcome.rows.items() if n and name != "documents")
    return f"ok {printable(outcome.source)} ({outcome.doc_id}): {found or 'nothing found'}"


class Reporter:
    """Counts the documents of a run; shows nothing (the base of the two that do)."""

    def __init__(self) -> None:
        self.todo = 0
        self.done: set[str] = set()
        self.quarantined = 0
        self._lock = threading.Lock()

    def start(self, todo: int, unchanged: int) -> None:
        self.todo = todo

    def document(self, outcome: Any) -> None:  # noqa: ANN401 - a DocumentOutcome
        with self._lock:
            if outcome.source in self.done:  # reported by its worker thread, then again with its batch
                return
            self.done.add(outcome.source)
            self.quarantined += outcome.status == "quarantined"
            self.show(outcome)

    def show(self, outcome: Any) -> None:  # noqa: ANN401
        pass

    def close(self) -> None:
        pass


class LineReporter(Reporter):
    """One plain line per document, for logs and pipes."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__()
        self._stream = stream

    @property
    def stream(self) -> TextIO:
        return self._stream or sys.stderr  # looked up when printing: a test may have replaced it

    def start(self, todo: int, unchanged: int) -> None:
        super().start(todo, unchanged)
        skipped = f", {unchanged} unchanged" if unchanged else ""
        print(f"ingesting {todo} document{'s' if todo != 1 else ''}{skipped}", file=self.stream, flush=True)

    def show(self, outcome: Any) -> None:  # noqa: ANN401
        print(f"[{len(self.done)}/{self.todo}] {_found(outcome)}", file=self.stream, flush=True)


class BarReporter(Reporter):
    """A progress bar on a terminal: n/N, documents per second, time left, quarantined so far;
    a quarantined document is also printed above the bar."""

    def __init__(self) -> None:
        super().__init__()
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self._started = time.monotonic()
        self.progress = Progress(
            TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), TextColumn("{task.fields[errors]}"),
            console=Console(stderr=True), transient=False,
        )
        self.task = self.progress.add_task("ingest", total=None, rate="", errors="0 quarantined")

    def start(self, todo: int, unchanged: int) -> None:
        super().start(todo, unchanged)
        self._started = time.monotonic()
        if unchanged:
            self.progress.console.print(f"{unchanged} unchanged")
        self.progress.update(self.task, total=todo)
        self.progress.start()

    def show(self, outcome: Any) -> None:  # noqa: ANN401
        if outcome.status == "quarantined":
            self.progress.console.print(_found(outcome))
        rate = len(self.done) / max(time.monotonic() - self._started, 1e-6)
        self.progress.update(
            self.task, completed=len(self.done), rate=f"{rate:.1f} docs/s", errors=f"{self.quarantined} quarantined"
        )

    def close(self) -> None:
        self.progress.stop()


_reporter: list[Reporter] = [Reporter()]


@contextmanager
def showing(reporter: Reporter) -> Iterator[Reporter]:
    """Documents are reported to `reporter` while the block runs (in this process)."""
    _reporter[0] = reporter
    try:
        yield reporter
    finally:
        reporter.close()
        _reporter[0] = Reporter()


def terminal_reporter() -> Reporter:
    """A progress bar on a terminal, one line per document otherwise."""
    return BarReporter() if sys.stderr.isatty() else LineReporter()


def report_started(todo: int, unchanged: int) -> None:
    _reporter[0].start(todo, unchanged)


def report_document(outcome: Any) -> None:  # noqa: ANN401
    _reporter[0].document(outcome)
