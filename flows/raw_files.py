"""What raw/ holds: every file a run meets, identified by its bytes, one document per content.

A document is a file in raw/; its `doc_id` is the hash of its bytes (CONTRACT.md). Every entry
the walk meets ends as a file to ingest or as a named skip: a symlinked folder (not followed),
a folder that cannot be listed, a second file with the same bytes as another (a duplicate of
it: one document, both names recorded in its `documents` row). Files that cannot be read
(symlink loops, links out of raw/, FIFOs, files past the size limit) are still files: they get
a quarantined row, with the reason.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".text"}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
MAX_BYTES = 200 * 2**20
_HEAD_BYTES = 1024
_CHUNK = 2**20
_LOOP = "a symlink loop (the link leads back to itself): nothing to read"


def doc_id_of(data: bytes) -> str:
    """The first 16 hex digits of the SHA-256 of the file's bytes (CONTRACT.md)."""
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass(frozen=True)
class Skipped:
    """An entry of raw/ that is not a document, with the reason (listed in the run summary)."""

    source: str
    reason: str


@dataclass(frozen=True)
class RawFile:
    """A file of raw/ as this run found it. `problem` is why it is quarantined without being
    parsed (it cannot be read, is not what its name says, or has no reader); otherwise `doc_id`
    is the hash of its bytes and `kind` says which reader parses it."""

    source: str  # path under raw/, POSIX style
    path: str
    doc_id: str
    size: int
    kind: str  # "pdf" or "text" (Markdown is text: `documents.kind` as CONTRACT.md has it)
    problem: str | None = None
    stage: str = "load"
    duplicates: tuple[str, ...] = ()  # other sources with the same bytes, skipped as duplicates of this one


def find_files(raw_dir: Path, ignored: set[str]) -> tuple[list[Path], list[Skipped]]:
    """Every file under raw/ (hidden entries and the `ignored` names aside) and every entry not
    followed, with why. Symlinked folders are not followed: a loop could never end, and a link
    out of raw/ would read what is not part of the corpus."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    pending = [raw_dir]
    while pending:
        folder = pending.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError as error:
            skipped.append(Skipped(_source(raw_dir, Path(folder)), f"a folder that cannot be read ({_why(error)})"))
            continue
        for entry in entries:
            if entry.name.startswith(".") or entry.name in ignored:
                continue
            path = Path(entry.path)
            if _is_folder(entry) and entry.is_symlink():
                skipped.append(Skipped(_source(raw_dir, path), "a symlinked folder: not followed (copy its files in)"))
            elif _is_folder(entry):
                pending.append(path)
            else:
                files.append(path)
    return sorted(files), sorted(skipped, key=lambda s: s.source)


def may_have_new_files(raw_dir: Path, out_dir: Path) -> bool:
    """A guess from file times only (nothing is read): a file of raw/ (a README or sites.yaml
    included) modified since the last document was written to `out_dir`, or none written yet.
    It only decides whether to start loading the reader early
    (`flows.isolation.start_reading_server`); the run itself decides by the files' bytes."""
    parts = list((out_dir / "documents").glob("doc_id=*/part-0.parquet"))
    newest = max((part.stat().st_mtime for part in parts), default=0.0)
    return any(_modified(path) > newest for path in find_files(raw_dir, set())[0])


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # follows a symlink; a loop or a dangling link is not a folder
    except OSError:
        return False


def _source(raw_dir: Path, path: Path) -> str:
    return path.relative_to(raw_dir).as_posix() if path != raw_dir else "."


def _why(error: OSError) -> str:
    return error.strerror or type(error).__name__


def _unreadable(raw_dir: Path, path: Path) -> str | None:
    """Why the file cannot be read as a document of raw/, or None."""
    try:
        target = path.resolve(strict=True)
    except RuntimeError:  # how Python < 3.13 reports a symlink loop
        return _LOOP
    except OSError as error:
        if error.errno == errno.ELOOP:
            return _LOOP
        if path.is_symlink():
            return f"a symlink to nothing ({_why(error)}): nothing to read"
        return f"cannot be read ({_why(error)})"
    if not target.is_relative_to(raw_dir.resolve()):
        return f"a symlink pointing outside {raw_dir.name}/ ({target}) is not followed"
    mode = os.stat(target).st_mode
    if not stat.S_ISREG(mode):
        return "not a regular file (a FIFO, socket or device) and is not read"
    if os.path.getsize(target) > MAX_BYTES:
        return f"larger than {MAX_BYTES // 2**20} MB"
    return None


def _hash_and_head(path: Path) -> tuple[str, int, bytes]:
    """(doc_id, size, first bytes), reading the file in chunks: a large file is never held whole."""
    digest, size, head = hashlib.sha256(), 0, b""
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            if not size:
                head = chunk[:_HEAD_BYTES]
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest()[:16], size, head


def _misnamed_pdf_reason(head: bytes, size: int) -> str | None:
    lowered = head.lstrip().lower()
    if not size:
        return "empty file (0 bytes)"
    if b"%pdf-" in lowered:
        return None
    if lowered.startswith(b"pk\x03\x04"):
        return "not a PDF: it is a ZIP archive (perhaps a .docx or .xlsx) renamed .pdf"
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered:
        return "not a PDF: it is an HTML page saved with a .pdf name"
    return "not a PDF (no %PDF header)"


def identify(raw_dir: Path, path: Path) -> RawFile:
    """The file's identity and reader, or the reason it is quarantined unread."""
    source = path.relative_to(raw_dir).as_posix()
    suffix = path.suffix.lower()
    kind = "pdf" if suffix == ".pdf" else "text"
    problem = _unreadable(raw_dir, path)
    if problem is None:
        try:
            doc_id, size, head = _hash_and_head(path)
        except OSError as error:
            problem = f"cannot be read ({_why(error)})"
    if problem is not None:
        return RawFile(source, str(path), doc_id_of(b"unreadable:" + source.encode()), 0, kind, problem, "read")
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        return RawFile(source, str(path), doc_id, size, "pdf", _misnamed_pdf_reason(head, size))
    if suffix not in TEXT_SUFFIXES | MARKDOWN_SUFFIXES:
        unsupported = f"unsupported file type {suffix or '(no extension)'!r}: expected .pdf, .txt or .md"
        return RawFile(source, str(path), doc_id, size, kind, unsupported)
    return RawFile(source, str(path), doc_id, size, "text")


def one_per_document(files: list[RawFile]) -> tuple[list[RawFile], list[Skipped]]:
    """One file per distinct content: the first readable one by name keeps the document (so the
    choice is the same on every run, and a copy with no extension never displaces the real file);
    the others are skipped as its duplicates and recorded in its row."""
    groups: dict[str, list[RawFile]] = defaultdict(list)
    for file in files:
        groups[file.doc_id].append(file)
    kept, skipped = [], []
    for group in groups.values():
        first, *others = sorted(group, key=lambda f: (f.problem is not None, f.source))
        kept.append(replace(first, duplicates=tuple(sorted(other.source for other in others))))
        skipped += [Skipped(other.source, f"the same bytes as {first.source} (a duplicate of it)") for other in others]
    return sorted(kept, key=lambda f: f.source), sorted(skipped, key=lambda s: s.source)
