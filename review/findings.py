"""Findings as a reviewer sees them: filtered, with the place they point at, and waivable.

This is the Python API under `psp review`, `psp waive` and `psp unwaive`.
"""

from __future__ import annotations

import datetime as dt
import getpass
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

from schemas.datasets import SEVERITIES
from schemas.registry import CHECKS
from schemas.waivers import Waiver, apply_waivers, read_waivers, waivers_to_text
from schemas.waivers import stale_waivers as stale_of
from store import storage

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}
ADDED_NAMES_FILE = "added-as.yaml"  # in raw/: file -> the names `psp add` was given for it
WAIVERS_HEADER = (
    "# Findings a reviewer has accepted, with the reason, who and when. Keyed by doc_id + check + place\n"
    "# (finding_id is derived from those three and stays the same across runs); one file for every\n"
    "# output folder: a waiver applies wherever its document is ingested.\n"
    '# Edit with `psp waive FINDING_ID --reason "..."` / `psp unwaive FINDING_ID`.\n'
)


class ReviewError(Exception):
    """A request the outputs cannot satisfy (unknown finding, document, check or severity)."""


@dataclass(frozen=True)
class Place:
    """Where a finding points: the sentence or table row, and the span to highlight in it."""

    text: str
    highlight_start: int | None = None
    highlight_end: int | None = None


def added_names(raw_dir: Path) -> dict[str, list[str]]:
    """source -> the file names it was added as (`psp add` records them)."""
    path = raw_dir / ADDED_NAMES_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    if not isinstance(data, dict):
        return {}
    return {str(k): [str(n) for n in v] if isinstance(v, list) else [str(v)] for k, v in data.items()}


def record_added_name(raw_dir: Path, source: str, name: str, *, renamed_from: str | None = None) -> None:
    """Remember that the file `source` in raw/ was added as `name` (moving an earlier entry along
    when the file was renamed)."""
    names = added_names(raw_dir)
    known = names.pop(renamed_from, []) if renamed_from else []
    merged = list(dict.fromkeys([*names.get(source, []), *known, name]))
    names[source] = merged
    header = "# file in raw/ -> the names it was added as (`psp add`), so `psp review --doc NAME` finds it\n"
    storage.write_file(raw_dir / ADDED_NAMES_FILE, header + yaml.safe_dump(names, sort_keys=True, allow_unicode=True))


def _document_match(documents: pd.DataFrame, doc: str, raw_dir: Path | None) -> pd.Series:
    """Documents named by `doc`: a doc_id or its prefix, the file's path or name in raw/ (with or
    without extension), a name it was added as, or its site (case-insensitive)."""
    wanted = doc.strip().lower()
    sources = documents.source.astype(str)
    names = added_names(raw_dir) if raw_dir is not None else {}
    match = documents.doc_id.astype(str).str.startswith(wanted) if len(wanted) >= 4 else documents.doc_id == wanted
    match |= sources.str.lower() == wanted
    match |= sources.map(lambda s: wanted in (Path(s).name.lower(), Path(s).stem.lower()))
    match |= sources.map(lambda s: wanted in [n.lower() for n in names.get(s, [])])
    match |= documents.site.fillna("").astype(str).str.lower() == wanted
    return match


def check_filter(check: str, present: set[str]) -> set[str]:
    """The check ids `check` names (an id or a family such as "claim"), case-insensitive."""
    known = sorted(set(CHECKS) | present)
    wanted = check.strip().lower().rstrip(".")
    chosen = {c for c in known if c.lower() == wanted or c.lower().startswith(wanted + ".")}
    if not chosen:
        raise ReviewError(f"unknown check {check!r}; valid checks: {', '.join(known)}")
    return chosen


def severity_filter(severity: str) -> str:
    wanted = severity.strip().lower()
    if wanted not in SEVERITY_RANK:
        raise ReviewError(f"unknown severity {severity!r}; valid severities: {', '.join(SEVERITIES)}")
    return wanted


def select_documents(out_dir: Path, doc: str | None = None, raw_dir: Path | None = None) -> pd.DataFrame:
    """The stored documents, or those `doc` names; an unknown name is an error."""
    documents = storage.read_dataset(out_dir, "documents")
    if not doc:
        return documents
    match = _document_match(documents, doc, raw_dir)
    if not match.any():
        raise ReviewError(
            f"no document {doc!r} in {out_dir} (give a doc_id or its prefix, a file name in raw/, the name it was "
            "added as, or a site)"
        )
    return documents[match]


def load_findings(
    out_dir: Path,
    *,
    doc: str | None = None,
    severity: str | None = None,
    check: str | None = None,
    include_waived: bool = False,
    raw_dir: Path | None = None,
) -> pd.DataFrame:
    """Findings joined with their document's source and site, most severe first."""
    validation = storage.read_dataset(out_dir, "validation")
    chosen_checks = check_filter(check, set(validation.check.astype(str))) if check else None
    minimum = SEVERITY_RANK[severity_filter(severity)] if severity else None
    documents = select_documents(out_dir, doc, raw_dir)[["doc_id", "source", "site"]]
    frame = validation.merge(documents, on="doc_id", how="inner" if doc else "left")
    if minimum is not None:
        frame = frame[frame.severity.map(SEVERITY_RANK) >= minimum]
    if chosen_checks is not None:
        frame = frame[frame.check.isin(chosen_checks)]
    if not include_waived:
        frame = frame[~frame.waived.astype(bool)]
    order = frame.severity.map(SEVERITY_RANK).fillna(0) * -1
    return frame.assign(_order=order).sort_values(["source", "_order", "check", "place"]).drop(columns="_order")


def quarantined_documents(out_dir: Path, doc: str | None = None, raw_dir: Path | None = None) -> pd.DataFrame:
    documents = select_documents(out_dir, doc, raw_dir)
    return documents[documents.status == "quarantined"].sort_values("source")


def _sentence_around(text: str, start: int, end: int) -> Place:
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    right_candidates = [i for i in (text.find(". ", end), text.find("\n", end)) if i != -1]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    return Place(text[left:right].strip(), start - left, end - left)


def finding_place(finding: pd.Series, text: str | None) -> Place | None:
    """The sentence or table row a finding points at, its value marked, from the normalized text."""
    if text is None or pd.isna(finding.get("start")) or pd.isna(finding.get("end")):
        return None
    start, end = int(finding["start"]), int(finding["end"])
    row_start = text.rfind("\n", 0, start) + 1
    row_end = text.find("\n", end)
    row = text[row_start : row_end if row_end != -1 else len(text)]
    if "\t" in row and "\n" not in text[start:end]:  # a table row: the row, the cell marked
        before, value, after = row[: start - row_start], row[start - row_start : end - row_start], row[end - row_start:]
        before, after = before.replace("\t", "  |  "), after.replace("\t", "  |  ")
        return Place(before + value + after, len(before), len(before) + len(value))
    if "\t" in text[start:end]:  # a whole row, or a table: its first line
        return Place(row.split("\n")[0].replace("\t", "  |  "))
    return _sentence_around(text, start, end)


def document_text(out_dir: Path, doc_id: str) -> str | None:
    path = out_dir / "text" / f"{doc_id}.txt"
    return path.read_text(encoding="utf-8") if path.exists() else None


def _refresh(out_dir: Path, waivers: list[Waiver], doc_id: str) -> None:
    frame = storage.read_partition(out_dir, "validation", doc_id)
    if frame is not None:
        storage.write_partition(out_dir, "validation", doc_id, apply_waivers(frame, waivers))


def reviewer() -> str:
    """Who is waiving: git's user.name, else the login name."""
    try:
        name = subprocess.run(["git", "config", "user.name"], capture_output=True, text=True, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        name = ""
    return name or os.environ.get("USER") or getpass.getuser()


@dataclass(frozen=True)
class WaiveResult:
    waiver: Waiver
    previous: Waiver | None  # the waiver it replaced, if the finding was already waived

    def describe(self) -> str:
        """What changed, in a line."""
        w, before = self.waiver, self.previous
        head = f"{w.finding_id} ({w.check}, {w.place})"
        if before is None:
            return f"waived {head}: {w.reason}"
        was = f"by {before.by or 'unknown'} at {before.at or 'an unknown time'}"
        if before.reason == w.reason:
            return f"re-waived {head}: same reason as before ({was}); now by {w.by} at {w.at}"
        return f"re-waived {head}: reason changed from {before.reason!r} ({was}) to {w.reason!r}"


def waive(out_dir: Path, waivers_file: Path, finding_id: str, reason: str, *, by: str | None = None) -> WaiveResult:
    """Accept a finding with a reason: recorded (with who and when) in the waivers file and in
    `validation` now."""
    if not reason.strip():
        raise ReviewError("a waiver needs a reason (--reason)")
    validation = storage.read_dataset(out_dir, "validation")
    rows = validation[validation.finding_id == finding_id]
    if rows.empty:
        raise ReviewError(f"no finding {finding_id} in {out_dir}/validation (run `psp review --all` to list them)")
    row = rows.iloc[0]
    documents = storage.read_dataset(out_dir, "documents")
    sources = documents[documents.doc_id == row.doc_id].source
    at = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    waiver = Waiver(str(row.doc_id), str(row.check), str(row.place), reason.strip(),
                    str(sources.iloc[0]) if len(sources) else None, by or reviewer(), at)
    current = read_waivers(waivers_file)
    previous = next((w for w in current if w.finding_id == finding_id), None)
    waivers = [w for w in current if w.finding_id != finding_id] + [waiver]
    storage.write_file(waivers_file, waivers_to_text(waivers, WAIVERS_HEADER))
    _refresh(out_dir, waivers, waiver.doc_id)
    return WaiveResult(waiver, previous)


def unwaive(out_dir: Path, waivers_file: Path, finding_id: str) -> Waiver:
    waivers = read_waivers(waivers_file)
    removed = [w for w in waivers if w.finding_id == finding_id]
    if not removed:
        raise ReviewError(f"no waiver for {finding_id} in {waivers_file}")
    kept = [w for w in waivers if w.finding_id != finding_id]
    storage.write_file(waivers_file, waivers_to_text(kept, WAIVERS_HEADER))
    _refresh(out_dir, kept, removed[0].doc_id)
    return removed[0]


def stale_waivers(out_dir: Path, waivers_file: Path) -> list[Waiver]:
    """Waivers whose finding no longer occurs in this output's documents (see schemas.waivers)."""
    documents = storage.read_dataset(out_dir, "documents")
    return stale_of(read_waivers(waivers_file), documents, storage.read_dataset(out_dir, "validation"))

