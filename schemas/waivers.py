"""Accepted findings: parsed from the version-controlled waivers file and applied to `validation`."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import yaml

from schemas.frames import finding_id


@dataclass(frozen=True)
class Waiver:
    doc_id: str
    check: str
    place: str
    reason: str

    @property
    def finding_id(self) -> str:
        return finding_id(self.doc_id, self.check, self.place)


def text_to_waivers(text: str) -> list[Waiver]:
    data = yaml.safe_load(text) or {}
    return [
        Waiver(str(item["doc_id"]), str(item["check"]), str(item["place"]), str(item["reason"]))
        for item in data.get("waivers") or []
    ]


def waivers_to_text(waivers: list[Waiver], header: str) -> str:
    items = [
        {"finding_id": w.finding_id, "doc_id": w.doc_id, "check": w.check, "place": w.place, "reason": w.reason}
        for w in waivers
    ]
    return header + yaml.safe_dump({"waivers": items}, sort_keys=False, allow_unicode=True)


def apply_waivers(validation: pd.DataFrame, waivers: list[Waiver]) -> tuple[pd.DataFrame, list[Waiver]]:
    """Mark waived findings; returns the frame and the stale waivers (their finding no longer occurs)."""
    by_id = {w.finding_id: w for w in waivers}
    frame = validation.copy()
    ids = frame["finding_id"].astype(str)
    frame["waived"] = ids.isin(by_id)
    frame["waiver_reason"] = ids.map(lambda i: by_id[i].reason if i in by_id else None)
    present = set(ids)
    stale = [w for w in waivers if w.finding_id not in present]
    return frame, stale
