"""Run a document's reading in a child process with a wall-clock and memory limit.

Prefect's task timeouts cannot stop blocking code in a thread, and a native parser (or a text
built to make a step slow) can hang, balloon or crash the interpreter; a child process can be
limited and killed. Children are forked from a forkserver that has already imported the parsers
and built the spaCy pipeline (`flows/preload.py`), so each start is cheap and never inherits the
threads of a running flow; a `ReadingWorker` child reads a batch of documents one after the
other, each under its own limits, and is replaced when one of them stops, crashes or exhausts
it. The reasons given for a limit name it, so that a later run can tell whether the limit has
since been raised (`limit_in_reason`).
"""

from __future__ import annotations

import multiprocessing
import re
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from extractors.model.errors import ExtractionError

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["extractors.load.pdf", "pdfplumber", "flows.preload"])
TIMEOUT_REASON = "parsing took longer than {seconds:g} s (its time limit) and was stopped"
MEMORY_REASON = "the parser needed more than {megabytes:,} MB of memory (its memory limit)"
_MAIN_LOCK = threading.Lock()
_LIMIT = re.compile(r"^(?:parsing took longer than ([\d.]+) s|the parser needed more than ([\d,]+) MB)")


def start_reading_server() -> None:
    """Start the server the reading children fork from now rather than at the first document: it
    takes seconds to load spaCy, which a command can overlap with its own start (the imports of
    pandas, pandera and Prefect, the flow run's creation) on a second core."""
    from multiprocessing import forkserver

    forkserver.ensure_running()


def start_reading_early(raw_dir: Path, out_dir: Path) -> None:
    """The reading server started now when raw/ seems to have something new to read (a no-op run
    never starts it). Not for a run on Dask: its workers read in their own processes."""
    from flows.raw_files import may_have_new_files

    if may_have_new_files(raw_dir, out_dir):
        start_reading_server()


def limit_in_reason(reason: str) -> tuple[float | None, int | None]:
    """(seconds, megabytes): the limit a quarantine reason says was hit, else (None, None)."""
    match = _LIMIT.match(reason)
    if not match:
        return None, None
    seconds, megabytes = match.groups()
    return (float(seconds) if seconds else None), (int(megabytes.replace(",", "")) if megabytes else None)


@contextmanager
def _main_hidden() -> Iterator[None]:
    """A child started meanwhile does not re-run the main script. multiprocessing has each child
    import `__main__` again (by path or module name) in case a function it runs is defined there;
    the readers run only the project's functions, so it would only cost an import, and a script
    that calls the flow without an `if __name__ == "__main__":` guard would start a run, with its
    own Prefect server and children, in every child."""
    main = sys.modules["__main__"]
    with _MAIN_LOCK:  # two batches' readers may start at once: each restores what it found
        saved = {name: main.__dict__[name] for name in ("__file__", "__spec__") if name in main.__dict__}
        main.__dict__.pop("__file__", None)
        main.__spec__ = None  # read by multiprocessing without a default
        try:
            yield
        finally:
            main.__dict__.update(saved)


def _outcome(function: Callable[[Any], Any], argument: Any, memory_bytes: int) -> tuple[str, Any]:
    try:
        return "ok", function(argument)
    except ExtractionError as error:
        return "error", (error.stage, error.reason)
    except MemoryError:
        return "memory", ("load", MEMORY_REASON.format(megabytes=memory_bytes // 2**20))
    except RecursionError:
        return "error", ("load", "damaged file: the parser recursed without end (looping references)")
    except Exception as error:  # noqa: BLE001 - any parser failure quarantines the file
        return "error", ("load", f"the parser failed: {type(error).__name__}: {error}".strip(": "))


def _serve(connection: Any) -> None:
    """The worker's loop: (function, argument, memory limit) in, ("ok" | "error" | "memory",
    payload) out, one request at a time, until the flow closes the pipe. After a MemoryError it
    exits: its heap is not worth keeping."""
    # a Ctrl-C reaches the whole terminal's process group; the run stops after this document, so the
    # parse finishes rather than dying and quarantining a good file as "crashed" (flows/preload.py
    # sets this for the server's children from birth; here for a server without the preload)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    while True:
        try:
            function, argument, memory_bytes = connection.recv()
        except EOFError:
            return
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, hard))  # this request's limit
        status, payload = _outcome(function, argument, memory_bytes)
        connection.send((status, payload))
        if status == "memory":
            return


class ReadingWorker:
    """A child process, forked from the reading server, that reads one request after another
    under each request's time and memory limits; a new one is started when the last was stopped
    (a timeout, a cancelled request), crashed or ran out of memory. Reading a batch of documents
    in one worker spares each the start of a fresh process (about 75 ms: the fork, and a first
    parse in a process whose memory is not yet its own)."""

    def __init__(self) -> None:
        self._process: Any = None
        self._connection: Any = None
        self.served = 0  # requests sent to the current process

    def submit(
        self, function: Callable[[Any], Any], argument: Any, *, timeout_s: float, memory_mb: int
    ) -> IsolatedCall:
        if self._process is None or not self._process.is_alive():
            self._start()
        self._connection.send((function, argument, memory_mb * 2**20))
        self.served += 1
        return IsolatedCall(self, (function, argument), timeout_s=timeout_s, memory_mb=memory_mb)

    def _start(self) -> None:
        self.stop()
        self._connection, theirs = _CONTEXT.Pipe(duplex=True)
        self._process = _CONTEXT.Process(target=_serve, args=(theirs,), daemon=True)
        with _main_hidden():
            self._process.start()
        theirs.close()
        self.served = 0

    def receive(self, deadline: float, timeout_s: float) -> tuple[str, Any]:
        try:
            if not self._connection.poll(max(0.0, deadline - time.monotonic())):
                self.stop()
                raise ExtractionError("load", TIMEOUT_REASON.format(seconds=timeout_s))
            return self._connection.recv()
        except (EOFError, ConnectionResetError):  # the pipe is a socket pair: a dead peer may reset it
            self._process.join(5)
            code = self._process.exitcode
            self.stop()
            return "crashed", ("load", f"the parser crashed (exit code {code})")

    def stop(self) -> None:
        """End the current process (it finishes nothing it was reading)."""
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(5)
            self._connection.close()
        self._process = self._connection = None

    def close(self) -> None:
        """Let an idle process end by closing its pipe (killed if it does not)."""
        if self._process is not None and self._process.is_alive():
            self._connection.close()
            self._process.join(5)
        self.stop()


class IsolatedCall:
    """A request being read by a `ReadingWorker`; `result()` waits for it. Started ahead, it runs
    while the caller does other work (the flow writes one document while the next is read); its
    time limit counts from the start. A crash or a memory error in a worker that had read other
    requests first is tried once more in a fresh process, so that no earlier request can decide
    a document's outcome."""

    def __init__(self, worker: ReadingWorker, request: tuple[Callable[[Any], Any], Any], *, timeout_s: float,
                 memory_mb: int) -> None:
        self._worker, self._request = worker, request
        self._limits = {"timeout_s": timeout_s, "memory_mb": memory_mb}
        self._fresh = worker.served == 1
        self._deadline = time.monotonic() + timeout_s

    def result(self) -> Any:
        """The function's value; raises ExtractionError on its error, on timeout or on a crash."""
        status, payload = self._worker.receive(self._deadline, self._limits["timeout_s"])
        if status in ("crashed", "memory") and not self._fresh:
            self._worker.stop()
            return self._worker.submit(*self._request, **self._limits).result()
        if status != "ok":
            raise ExtractionError(*payload)
        return payload

    def cancel(self) -> None:
        """Stop reading it (its result is not wanted): the worker's process is ended."""
        self._worker.stop()


def run_isolated(function: Callable[[Any], Any], argument: Any, *, timeout_s: float, memory_mb: int) -> Any:
    """`function(argument)` in a fresh child process; raises ExtractionError on error, timeout or crash."""
    worker = ReadingWorker()
    try:
        return worker.submit(function, argument, timeout_s=timeout_s, memory_mb=memory_mb).result()
    finally:
        worker.close()
