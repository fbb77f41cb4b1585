"""The Prefect server a psp run talks to: the project's persistent one when it is up (`psp server
start`, with its UI, so runs can be watched there), else a temporary one for the one command.

Both are Prefect's own server app under uvicorn, in a session of their own (so a Ctrl-C meant for
the run does not stop the server under it), with the database in the project's Prefect home. The
persistent server's pid and URL are kept in `<home>/psp-server.json`. Nothing here imports Prefect:
a run can start its temporary server and import the flow's modules at the same time.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path

RECORD_FILE = "psp-server.json"
LOG_FILE = "psp-server.log"
TEMPORARY_LOG_FILE = "psp-temporary-server.log"  # the last temporary server's output, for its errors
DEFAULT_PORT = 4200
STARTUP_TIMEOUT_S = 120.0


class ServerError(Exception):
    """The server could not be started or reached (one line for the CLI)."""


@dataclass(frozen=True)
class ServerRecord:
    pid: int
    url: str  # the API's URL, e.g. http://127.0.0.1:4200/api

    @property
    def ui(self) -> str:
        return self.url.removesuffix("/api")


def healthy(url: str, timeout_s: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout_s) as response:  # noqa: S310 - local URL
            return response.status == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_record(home: Path) -> ServerRecord | None:
    try:
        data = json.loads((home / RECORD_FILE).read_text(encoding="utf-8"))
        return ServerRecord(int(data["pid"]), str(data["url"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def persistent_server(home: Path) -> ServerRecord | None:
    """The project's persistent server when it is up and answering."""
    record = read_record(home)
    if record is None or not _alive(record.pid) or not healthy(record.url):
        return None
    return record


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _spawn(home: Path, port: int, *, persistent: bool, log: Path) -> subprocess.Popen[bytes]:
    spec = importlib.util.find_spec("prefect")
    if spec is None or not spec.submodule_search_locations:
        raise ServerError("Prefect is not installed in this environment")
    app_dir = Path(next(iter(spec.submodule_search_locations))).parent
    command = [
        sys.executable, "-m", "uvicorn", "--app-dir", str(app_dir), "--factory",
        "prefect.server.api.server:create_app", "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "warning" if persistent else "error", "--lifespan", "on",
    ]
    environment = {**os.environ, "PREFECT_HOME": str(home), "PREFECT__SERVER_FINAL": "1"}
    if persistent:
        environment.update({"PREFECT_SERVER_UI_ENABLED": "true", "PREFECT_UI_ENABLED": "true"})
    else:
        environment.update({"PREFECT__SERVER_EPHEMERAL": "1", "PREFECT_UI_ENABLED": "0"})
    home.mkdir(parents=True, exist_ok=True)
    # handed to the child; the persistent server's log grows, a temporary one's is the last run's
    with open(log, "ab" if persistent else "wb") as output:
        return subprocess.Popen(
            command, env=environment, stdin=subprocess.DEVNULL, stdout=output, stderr=output,
            start_new_session=True,
        )


def _wait_until_healthy(process: subprocess.Popen[bytes], url: str, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"the Prefect server exited with code {process.returncode} while starting")
        if healthy(url, timeout_s=2.0):
            return
        time.sleep(0.1)
    _terminate(process.pid)
    raise ServerError(f"the Prefect server did not answer within {timeout_s:g} s")


def _terminate(pid: int, timeout_s: float = 10.0) -> None:
    with suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while _alive(pid) and time.monotonic() < deadline:
        with suppress(ChildProcessError):
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return
        time.sleep(0.05)
    if _alive(pid):
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def start_persistent(home: Path, port: int = DEFAULT_PORT, timeout_s: float = STARTUP_TIMEOUT_S) -> ServerRecord:
    """Start the project's persistent server (with its UI) and record it; it runs until stopped."""
    running = persistent_server(home)
    if running:
        raise ServerError(f"a Prefect server is already running for this project at {running.ui} (pid {running.pid})")
    if not port_is_free(port):
        raise ServerError(f"port {port} is in use; choose another with --port")
    process = _spawn(home, port, persistent=True, log=home / LOG_FILE)
    record = ServerRecord(process.pid, f"http://127.0.0.1:{port}/api")
    try:
        _wait_until_healthy(process, record.url, timeout_s)
    except ServerError as error:
        raise ServerError(f"{error}; see {home / LOG_FILE}") from None
    temporary = home / f".{RECORD_FILE}.tmp"
    temporary.write_text(json.dumps(asdict(record)), encoding="utf-8")
    os.replace(temporary, home / RECORD_FILE)
    return record


def stop_persistent(home: Path) -> ServerRecord | None:
    """Stop the project's persistent server; None when none was running."""
    record = read_record(home)
    (home / RECORD_FILE).unlink(missing_ok=True)
    if record is None or not _alive(record.pid):
        return None
    _terminate(record.pid)
    return record


def drain_prefect_clients() -> None:
    """Send the run's buffered logs and events while the server is still there (otherwise Prefect
    reports failed flushes at exit), as Prefect's own test harness does."""
    if "prefect" not in sys.modules:
        return
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    for drain in (lambda: APILogWorker.instance().drain(), EventsWorker.drain_all):
        with suppress(RuntimeError):  # the worker never started
            drain()


class TemporaryServer:
    """A server for one command (no UI), started at once; `wait` returns its API URL when it
    answers, so the caller can import the flow's modules while it starts."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self._start()

    def _start(self) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/api"
        self.process = _spawn(self.home, self.port, persistent=False, log=self.home / TEMPORARY_LOG_FILE)

    def wait(self, timeout_s: float = STARTUP_TIMEOUT_S) -> str:
        for _ in range(3):
            try:
                _wait_until_healthy(self.process, self.url, timeout_s)
                return self.url
            except ServerError as error:
                if self.process.returncode != 3:  # uvicorn's exit code for an address taken meanwhile
                    raise ServerError(f"{error}; see {self.home / TEMPORARY_LOG_FILE}") from None
                self._start()
        raise ServerError("no free port for a temporary Prefect server")

    def stop(self) -> None:
        drain_prefect_clients()
        _terminate(self.process.pid)
        with suppress(ChildProcessError, subprocess.TimeoutExpired):
            self.process.wait(timeout=1)


@contextmanager
def temporary_server(home: Path) -> Iterator[TemporaryServer]:
    """A temporary server for the block, stopped after the run's logs and events are sent."""
    server = TemporaryServer(home)
    try:
        yield server
    finally:
        server.stop()
