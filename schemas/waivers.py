"""Accepted findings: the version-controlled waivers file, parsed and checked, and applied to `validation`.

One file per project (`schemas/waivers.yaml`), shared by every output folder: a waiver belongs to
one document (its doc_id, the hash of its bytes), so it marks that document's findings wherever
the document is ingested, and is "stale" only in an output that holds the document (or a newer
version of its file) without the finding. Each waiver records who accepted the finding and when.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from schemas.config_files import read_yaml_model, text_to_model
from schemas.frames import finding_id


def _doc_id(value: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{16}", value):
        raise ValueError(f"{value!r} is no doc_id (16 hex digits, the hash of the document's bytes)")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


_Text = Annotated[str, AfterValidator(_text)]
# who and when, as written by `psp waive` or by hand (an unquoted date is read as text too)
_Note = Annotated[str | None, BeforeValidator(lambda value: None if value is None else str(value))]


class WaiverEntry(BaseModel):
    """One accepted finding as the file holds it (`finding_id`, written for the reader, is derived
    and ignored)."""

    model_config = ConfigDict(extra="ignore", strict=True)
    doc_id: Annotated[str, AfterValidator(_doc_id)]
    check: _Text
    place: _Text
    reason: _Text
    source: _Note = None
    by: _Note = None
    at: _Note = None


class WaiversFile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    waivers: list[WaiverEntry] | None = None


_EXPECTED = "a mapping with a list of waivers under 'waivers'"


@dataclass(frozen=True)
class Waiver:
    doc_id: str
    check: str
    place: str
    reason: str
    source: str | None = None  # the document's file (path under raw/) when it was waived
    by: str | None = None  # who accepted it (git user.name or $USER)
    at: str | None = None  # when, ISO 8601 UTC

    @property
    def finding_id(self) -> str:
        return finding_id(self.doc_id, self.check, self.place)


def _waivers(parsed: WaiversFile | None) -> list[Waiver]:
    return [Waiver(**entry.model_dump()) for entry in (parsed.waivers or [] if parsed is not None else [])]


def text_to_waivers(text: str, name: str = "waivers.yaml") -> list[Waiver]:
    """The waivers of the file's text; a malformed file raises ConfigError naming the file and line."""
    return _waivers(text_to_model(text, name, WaiversFile, _EXPECTED))


def read_waivers(path: Path) -> list[Waiver]:
    """The waivers of the project's file (none when it does not exist); raises ConfigError."""
    return _waivers(read_yaml_model(path, WaiversFile, _EXPECTED))


def waivers_to_text(waivers: list[Waiver], header: str) -> str:
    items = [
        {"finding_id": w.finding_id, **{k: v for k, v in asdict(w).items() if v is not None}}
        for w in sorted(waivers, key=lambda w: (w.doc_id, w.check, w.place))
    ]
    return header + yaml.safe_dump({"waivers": items}, sort_keys=False, allow_unicode=True)


def apply_waivers(validation: pd.DataFrame, waivers: list[Waiver]) -> pd.DataFrame:
    """The findings with `waived` and `waiver_reason` set from the waivers (pure: a new frame)."""
    by_id = {w.finding_id: w for w in waivers}
    frame = validation.copy()
    ids = frame["finding_id"].astype(str)
    frame["waived"] = ids.isin(by_id)
    frame["waiver_reason"] = ids.map(lambda i: by_id[i].reason if i in by_id else None)
    return frame


def waive_rows(rows: list[dict[str, Any]], waivers: list[Waiver]) -> list[dict[str, Any]]:
    """`apply_waivers` for validation rows as dicts (pure: new rows), for the corpus step that
    writes them without a frame."""
    by_id = {w.finding_id: w for w in waivers}
    waivers_of = [by_id.get(str(row["finding_id"])) for row in rows]
    return [
        {**row, "waived": waiver is not None, "waiver_reason": waiver.reason if waiver is not None else None}
        for row, waiver in zip(rows, waivers_of, strict=True)
    ]


def stale_waivers(waivers: list[Waiver], documents: pd.DataFrame, validation: pd.DataFrame) -> list[Waiver]:
    """The waivers this output shows to be out of date: their document is here but the finding no
    longer occurs, or their file is here with other bytes (the document was corrected). Waivers of
    documents this output never held belong to another corpus and are not stale here."""
    present = set(validation["finding_id"].astype(str))
    doc_ids = set(documents["doc_id"].astype(str))
    sources = dict(zip(documents["source"].astype(str), documents["doc_id"].astype(str), strict=True))
    return [
        w for w in waivers
        if w.finding_id not in present and (w.doc_id in doc_ids or sources.get(w.source or "", w.doc_id) != w.doc_id)
    ]
