"""Corpus-wide checks, run once per flow after every document is written.

Their findings go into each affected document's `validation` partition (so `psp review`,
waivers and the report treat them like any other finding); every run first drops the
previous run's `cross.*` findings, so a conflict resolved by a new or removed document
disappears."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from prefect import task

from schemas.cross_checks import is_cross_finding, value_conflict_findings
from schemas.datasets import DATASETS
from schemas.frames import finding_rows, rows_to_table
from store import storage


def cross_check(out_dir: Path) -> int:
    """Rewrite the cross-document findings of every stored document; returns how many there are."""
    documents = storage.read_dataset(out_dir, "documents")
    documents = documents[documents.status == "ok"]
    cells = storage.read_dataset(out_dir, "table_cells")[["doc_id", "table_id", "start", "end", "value"]]
    findings = value_conflict_findings(storage.read_dataset(out_dir, "crime_stats"), documents, cells)
    validation = storage.read_dataset(out_dir, "validation")
    schema = DATASETS["validation"].arrow
    total = 0
    by_document = dict(iter(validation.groupby("doc_id", sort=True)))
    for doc_id in sorted(set(by_document) | set(findings)):
        frame = by_document.get(doc_id, validation.iloc[0:0])
        kept = frame[~is_cross_finding(frame)]
        new = finding_rows(str(doc_id), findings.get(str(doc_id), []))
        total += len(new)
        if len(kept) == len(frame) and not new:
            continue  # no cross-document finding before or now
        table = pa.concat_tables([
            pa.Table.from_pandas(kept[schema.names], schema=schema, preserve_index=False),
            rows_to_table("validation", new),
        ])
        storage.write_table(out_dir, "validation", str(doc_id), table)
    return total


@task(name="cross-document-checks")
def cross_check_outputs(out_dir: str) -> int:
    return cross_check(Path(out_dir))
