"""What a command checks before it writes anything: that it can write where it will, and that no
other psp command is writing the same output folder (an exclusive lock for as long as it runs).

Both refuse with a `Refused` error whose message is one line for the CLI to print; nothing has been
written when they do. The lock is `filelock`'s (an flock the kernel releases when the holder dies, so
`kill -9` leaves no stale lock); the holder writes its pid and command beside it for the message.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

LOCK_FILE = ".psp.lock"
HOLDER_FILE = ".psp.lock.holder"


class Refused(Exception):
    """A command that must not start: the output folder is locked or a place is not writable."""

    exit_code = 4


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def unwritable(folders: Iterable[Path]) -> list[Path]:
    """Folders (and every folder under them) a write would need that this process cannot write
    to; a folder that does not exist yet needs its nearest existing parent."""
    blocked = []
    for folder in folders:
        folder = _nearest_existing(folder.absolute())
        if not folder.is_dir():
            blocked.append(folder)
            continue
        for root, _, _ in os.walk(folder):
            if not os.access(root, os.W_OK | os.X_OK):
                blocked.append(Path(root))
    return blocked


def check_writable(folders: Iterable[Path]) -> None:
    blocked = unwritable(folders)
    if blocked:
        more = f" and {len(blocked) - 1} more" if len(blocked) > 1 else ""
        raise Refused(f"cannot write to {blocked[0]}{more} (read-only); nothing was changed")


def lock_holder(out_dir: Path) -> str:
    """Who holds the lock, as the holder recorded it ("pid 4242, psp ingest, since 10:02:11")."""
    try:
        holder = json.loads((out_dir / HOLDER_FILE).read_text(encoding="utf-8"))
        return f"pid {holder['pid']}, {holder['command']}, since {holder['since']}"
    except (OSError, ValueError, KeyError):
        return "another process"


def _record_holder(out_dir: Path, command: str) -> None:
    holder = {"pid": os.getpid(), "command": command, "since": dt.datetime.now().strftime("%H:%M:%S")}
    temporary = out_dir / f".{HOLDER_FILE}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(holder), encoding="utf-8")
    os.replace(temporary, out_dir / HOLDER_FILE)


@contextmanager
def output_lock(out_dir: Path, command: str) -> Iterator[None]:
    """Hold the output folder for the whole command, or refuse at once when another holds it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(out_dir / LOCK_FILE, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise Refused(
            f"{out_dir} is being written by another psp command ({lock_holder(out_dir)}); "
            "run this again when it has finished"
        ) from None
    try:
        _record_holder(out_dir, command)
        yield
    finally:
        (out_dir / HOLDER_FILE).unlink(missing_ok=True)
        lock.release()


@contextmanager
def writing(out_dir: Path, command: str, also: Iterable[Path] = ()) -> Iterator[None]:
    """Check that `out_dir` and the `also` folders are writable, then hold the output lock."""
    check_writable([out_dir, *also])
    with output_lock(out_dir, command):
        yield
