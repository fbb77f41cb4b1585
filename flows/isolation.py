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
from collections.abc import Callable
from typing import Any

from extractors.model.errors import ExtractionError

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["extractors.load.pdf", "pdfplumber", "flows.preload"])
TIMEOUT_REASON = "parsing took longer than {seconds:g} s (its time limit) and was stopped"
MEMORY_REASON = "the parser needed more than {megabytes:,} MB of memory (its memory limit)"
_LIMIT = re.compile(r"^(?:parsing took longer than ([\d.]+) s|the parser needed more than ([\d,]+) MB)")


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


def run_isolated(function: Callable[[Any], Any], argument: Any, *, timeout_s: float, memory_mb: int) -> Any:
    """`function(argument)` in a child process; raises ExtractionError on error, timeout or crash."""
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(target=_child, args=(function, argument, sender, memory_mb * 2**20), daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(timeout_s):
            raise ExtractionError("load", TIMEOUT_REASON.format(seconds=timeout_s))
        status, payload = receiver.recv()
    except EOFError:
        process.join(5)
        raise ExtractionError("load", f"the parser crashed (exit code {process.exitcode})") from None
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        receiver.close()
    if status == "error":
        raise ExtractionError(*payload)
    return payload
