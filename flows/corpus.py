"""The corpus-wide steps, after every document is written: cross-document checks and waivers,
merged with each document's own findings into one `validation` write per document.

They are a stored state of their own: the run records last (`.corpus-state.json`) a digest of
what they were applied to (the documents as stored, the waivers file, the pipeline version).
A run that finds the record missing or different redoes them, whatever the documents say, so a
run killed in these steps (or stopped by a bad configuration file) loses no finding.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
from prefect import task

from flows.documents import DocumentOutcome
from schemas.cross_checks import CROSS_PREFIX, value_conflict_findings
from schemas.datasets import DATASETS
from schemas.frames import finding_rows, rows_to_table
from schemas.waivers import Waiver, stale_waivers, waive_rows
from store import storage

STATE_FILE = ".corpus-state.json"  # hidden: not a dataset
_SCHEMA = DATASETS["validation"].arrow


def corpus_key(documents: pd.DataFrame, waivers: list[Waiver], version: str) -> str:
    """A digest of everything the corpus steps depend on: which documents are stored and when
    each was written (a rewritten document is new to them), the waivers and the pipeline."""
    digest = hashlib.sha256(version.encode())
    for waiver in sorted(waivers, key=lambda w: w.finding_id):
        digest.update(f"\x1e{waiver.finding_id}\x1f{waiver.reason}".encode())
    columns = [documents[c].astype(str).tolist() for c in ("doc_id", "source", "status", "ingested_at")]
    for values in sorted(zip(*columns, strict=True)):
        digest.update(("\x1d" + "\x1f".join(values)).encode())
    return digest.hexdigest()[:16]


def stored_key(out_dir: Path) -> str | None:
    path = out_dir / STATE_FILE
    try:
        return str(json.loads(path.read_text(encoding="utf-8"))["key"])
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, or cut short: the steps are redone


def record_key(out_dir: Path, key: str) -> None:
    storage.write_file(out_dir / STATE_FILE, json.dumps({"key": key}))


_DOUBLES = [field.name for field in _SCHEMA if pa.types.is_floating(field.type)]


def findings_table(rows: list[dict[str, Any]]) -> pa.Table:
    """A document's validation rows as its partition holds them: a NaN double is stored as null
    (as pandas, which the rows used to pass through, stores it)."""
    return rows_to_table("validation", [_nan_as_null(row) for row in rows])


def _nan_as_null(row: dict[str, Any]) -> dict[str, Any]:
    nan = [name for name in _DOUBLES if isinstance(row.get(name), float) and row[name] != row[name]]
    return {**row, **dict.fromkeys(nan)} if nan else row


def _own_rows(stored: pa.Table) -> list[dict[str, Any]]:
    """A stored partition's rows but the cross-document findings, which are made anew."""
    return [row for row in stored.to_pylist() if not str(row["check"]).startswith(CROSS_PREFIX)]


def _same(table: pa.Table, stored: pa.Table) -> bool:
    return table.num_rows == stored.num_rows and table.sort_by("finding_id").equals(stored.sort_by("finding_id"))


def merge_findings(
    out_dir: Path, documents: pd.DataFrame, new: dict[str, list[dict[str, Any]]], waivers: list[Waiver]
) -> tuple[pd.DataFrame, int]:
    """Every document's findings (its own, the cross-document ones, waivers marked), written once
    for each document ingested this run and for each other document whose findings changed.
    `new` holds the findings of the documents ingested this run (not yet written). Returns the
    whole `validation` dataset as written and how many partitions were written. Rows stay dicts
    and Arrow tables: a pandas frame per document cost more than the writes."""
    ok = documents[documents.status == "ok"]
    kept = set(ok.doc_id)
    crime_stats = storage.read_dataset(out_dir, "crime_stats")
    cells = storage.read_dataset(out_dir, "table_cells")[["doc_id", "table_id", "start", "end", "value"]]
    cross = value_conflict_findings(crime_stats[crime_stats.doc_id.isin(kept)], ok, cells[cells.doc_id.isin(kept)])
    stored = storage.read_partitions(out_dir, "validation", [d for d in ok.doc_id if d not in new])
    waived: dict[str, list[Waiver]] = {}
    for waiver in waivers:
        waived.setdefault(waiver.doc_id, []).append(waiver)
    tables, written = [], 0
    for doc_id in sorted(ok.doc_id):
        if doc_id not in new and doc_id not in stored:
            continue  # not ingested by this run (`only`) and never finished: the next full run redoes it
        own = new[doc_id] if doc_id in new else _own_rows(stored[doc_id])
        rows = waive_rows(own + finding_rows(doc_id, cross.get(doc_id, [])), waived.get(doc_id, []))
        table = findings_table(rows)
        if doc_id in new or not _same(table, stored[doc_id]):
            storage.write_partition(out_dir, "validation", doc_id, table)
            written += 1
        tables.append(table.add_column(0, "doc_id", pa.array([doc_id] * table.num_rows, pa.string())))
    if not tables:
        return storage.read_documents(out_dir, "validation", []), written
    return pa.concat_tables(tables).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get), written


def current_documents(
    out_dir: str, stored: pd.DataFrame, outcomes: list[DocumentOutcome], removed: list[str]
) -> pd.DataFrame:
    """The `documents` dataset as it stands now: the rows read at the start, less those this run
    rewrote or removed, plus the rows it wrote (read once, here)."""
    written = [o.doc_id for o in outcomes if o.status != "unchanged" and not o.reused]
    kept = stored[~stored.doc_id.isin(written + removed)]
    return pd.concat([kept, storage.read_documents(Path(out_dir), "documents", written)], ignore_index=True)


@task(name="corpus-wide-steps")
def corpus_steps(
    out_dir: str, documents: pd.DataFrame, outcomes: list[DocumentOutcome], waivers: list[Waiver], version: str
) -> tuple[pd.DataFrame, list[str], str, bool]:
    """Cross-document checks and waivers over every document, merged with the findings of the
    documents this run ingested: one `validation` write per document that changed. Skipped when
    the record of the last completed run says they were applied to these very documents and
    waivers. Returns the whole `validation` dataset, the stale waiver ids, the key to record
    once the report is out, and whether anything was redone."""
    out = Path(out_dir)
    key = corpus_key(documents, waivers, version)
    new = {o.doc_id: o.validation for o in outcomes if o.status == "ok"}
    redo = key != stored_key(out) or bool(new)
    validation = merge_findings(out, documents, new, waivers)[0] if redo else storage.read_dataset(out, "validation")
    return validation, [w.finding_id for w in stale_waivers(waivers, documents, validation)], key, redo


def record_corpus_state(out_dir: str, key: str) -> None:
    """Written last: the corpus-wide steps and the report are done for this set of documents."""
    record_key(Path(out_dir), key)
