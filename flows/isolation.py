"""Run a native parser in a child process with a wall-clock and memory limit.

Prefect's task timeouts cannot stop blocking code in a thread, and a native parser can hang,
balloon or crash the interpreter; a child process can be limited and killed. Children are
forked from a forkserver that has already imported the parsers, so each start is cheap and
never inherits the threads of a running flow.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal
from collections.abc import Callable
from typing import Any

from extractors.model.errors import ExtractionError

_CONTEXT = multiprocessing.get_context("forkserver")
_CONTEXT.set_forkserver_preload(["extractors.load.pdf", "pdfplumber"])


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
        sender.send(("error", ("load", f"the parser needed more than {memory_bytes // 2**20:,} MB of memory")))
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
            raise ExtractionError("load", f"parsing took longer than {timeout_s:g} s and was stopped")
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
