"""Accepted findings: the version-controlled waivers file, parsed and checked, and applied to `validation`.

One file per project (`schemas/waivers.yaml`), shared by every output folder: a waiver belongs to
one document (its doc_id, the hash of its bytes), so it marks that document's findings wherever
the document is ingested, and is "stale" only in an output that holds the document (or a newer
version of its file) without the finding. Each waiver records who accepted the finding and when.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd
import yaml

from schemas.frames import finding_id

_REQUIRED = ("doc_id", "check", "place", "reason")
_OPTIONAL = ("source", "by", "at")


class WaiverFileError(ValueError):
    """The waivers file cannot be read as waivers; the message names the file and line."""


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


def _line(node: yaml.Node | None) -> str:
    return f"line {node.start_mark.line + 1}" if node is not None else "the top"


def text_to_waivers(text: str, name: str = "waivers.yaml") -> list[Waiver]:
    """The waivers of the file's text; a malformed file raises WaiverFileError naming the line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "context_mark", None) or getattr(error, "problem_mark", None)  # where it began
        where = f"line {mark.line + 1}" if mark is not None else "somewhere"
        raise WaiverFileError(f"{name}, {where}: not valid YAML ({getattr(error, 'problem', error)})") from None
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(data.get("waivers") or [], list):
        raise WaiverFileError(f"{name}, {_line(root)}: expected a mapping with a list under 'waivers'")
    items = data.get("waivers") or []
    nodes = _item_nodes(root)
    waivers = []
    for index, item in enumerate(items):
        where = _line(nodes[index] if index < len(nodes) else None)
        if not isinstance(item, dict):
            raise WaiverFileError(f"{name}, {where}: a waiver must be a mapping of {', '.join(_REQUIRED)}")
        missing = [key for key in _REQUIRED if not isinstance(item.get(key), str) or not item[key].strip()]
        if missing:
            raise WaiverFileError(f"{name}, {where}: the waiver has no {', '.join(missing)}")
        extra = {key: str(item[key]) if item.get(key) is not None else None for key in _OPTIONAL}
        waivers.append(Waiver(*(str(item[key]) for key in _REQUIRED), **extra))
    return waivers


def _item_nodes(root: yaml.Node | None) -> list[yaml.Node]:
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "waivers" and isinstance(value, yaml.SequenceNode):
            return list(value.value)
    return []


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
