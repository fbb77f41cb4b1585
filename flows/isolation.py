"""Run a document's reading in a child process with a wall-clock and memory limit.

Prefect's task timeouts cannot stop blocking code in a thread, and a native parser (or a text
built to make a step slow) can hang, balloon or crash the interpreter; a child process can be
limited and killed. Children are forked from a forkserver that has already imported the parsers
and built the spaCy pipeline (`flows/preload.py`), so each start is cheap and never inherits the
threads of a running flow. The reasons given for a limit name it, so that a later run can tell
whether the limit has since been raised (`limit_in_reason`).
"""

from __future__ import annotations

import multiprocessing
import re
import resource
import signal
import time
from collections.abc import Callable
from typing import Any

from extractors.model.errors import ExtractionError

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["extractors.load.pdf", "pdfplumber", "flows.preload"])
TIMEOUT_REASON = "parsing took longer than {seconds:g} s (its time limit) and was stopped"
MEMORY_REASON = "the parser needed more than {megabytes:,} MB of memory (its memory limit)"
_LIMIT = re.compile(r"^(?:parsing took longer than ([\d.]+) s|the parser needed more than ([\d,]+) MB)")


def start_reading_server() -> None:
    """Start the server the reading children fork from now rather than at the first document: it
    takes seconds to load spaCy, which a command can overlap with its own start (Prefect's import
    and the flow run's creation) on a second core."""
    from multiprocessing import forkserver

    forkserver.ensure_running()


def limit_in_reason(reason: str) -> tuple[float | None, int | None]:
    """(seconds, megabytes): the limit a quarantine reason says was hit, else (None, None)."""
    match = _LIMIT.match(reason)
    if not match:
        return None, None
    seconds, megabytes = match.groups()
    return (float(seconds) if seconds else None), (int(megabytes.replace(",", "")) if megabytes else None)


def _child(function: Callable[[Any], Any], argument: Any, sender: Any, memory_bytes: int) -> None:
    # a Ctrl-C reaches the whole terminal's process group; the run stops after this document, so the
    # parse finishes rather than dying and quarantining a good file as "crashed"
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    try:
        sender.send(("ok", function(argument)))
    except ExtractionError as error:
        sender.send(("error", (error.stage, error.reason)))
    except MemoryError:
        sender.send(("error", ("load", MEMORY_REASON.format(megabytes=memory_bytes // 2**20))))
    except RecursionError:
        sender.send(("error", ("load", "damaged file: the parser recursed without end (looping references)")))
    except Exception as error:  # noqa: BLE001 - any parser failure quarantines the file
        sender.send(("error", ("load", f"the parser failed: {type(error).__name__}: {error}".strip(": "))))
    finally:
        sender.close()


class IsolatedCall:
    """`function(argument)` started in a limited child process; `result()` waits for it. Started
    ahead, it runs while the caller does other work (the flow writes one document while the next
    is read); its time limit counts from the start."""

    def __init__(self, function: Callable[[Any], Any], argument: Any, *, timeout_s: float, memory_mb: int) -> None:
        self._receiver, sender = _CONTEXT.Pipe(duplex=False)
        arguments = (function, argument, sender, memory_mb * 2**20)
        self._process = _CONTEXT.Process(target=_child, args=arguments, daemon=True)
        self._timeout_s = timeout_s
        self._deadline = time.monotonic() + timeout_s
        self._process.start()
        sender.close()

    def result(self) -> Any:
        """The function's value; raises ExtractionError on its error, on timeout or on a crash."""
        try:
            if not self._receiver.poll(max(0.0, self._deadline - time.monotonic())):
                raise ExtractionError("load", TIMEOUT_REASON.format(seconds=self._timeout_s))
            status, payload = self._receiver.recv()
        except EOFError:
            self._process.join(5)
            raise ExtractionError("load", f"the parser crashed (exit code {self._process.exitcode})") from None
        finally:
            self.cancel()
        if status == "error":
            raise ExtractionError(*payload)
        return payload

    def cancel(self) -> None:
        """Stop the child if it still runs (its result is not wanted)."""
        if self._process.is_alive():
            self._process.kill()
        self._process.join(5)
        self._receiver.close()


def run_isolated(function: Callable[[Any], Any], argument: Any, *, timeout_s: float, memory_mb: int) -> Any:
    """`function(argument)` in a child process; raises ExtractionError on error, timeout or crash."""
    return IsolatedCall(function, argument, timeout_s=timeout_s, memory_mb=memory_mb).result()
