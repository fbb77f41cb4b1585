"""One `validation` write per document per run (issue 11): a document's own findings, its schema
checks, the cross-document findings and the waivers are merged before its partition is written,
and a document whose findings did not change is not written at all."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from tests.test_kill_each_step import write_corpora


@pytest.fixture()
def validation_writes(monkeypatch) -> Counter[str]:
    """doc_id -> how many times its `validation` partition was written (every write goes through
    `storage.write_table`, `write_partition` included)."""
    from store import storage

    writes: Counter[str] = Counter()
    real = storage.write_table

    def counting(out_dir: Path, dataset: str, doc_id: str, table: object) -> None:
        if dataset == "validation":
            writes[doc_id] += 1
        real(out_dir, dataset, doc_id, table)

    monkeypatch.setattr(storage, "write_table", counting)
    return writes


def test_each_document_s_findings_are_written_once_per_run(tmp_path, prefect_harness, validation_writes):
    from flows.ingest import ingest
    from schemas.waivers import Waiver, waivers_to_text

    first, second = tmp_path / "raw-1", tmp_path / "raw-2"
    write_corpora(first, second)
    out, waivers = tmp_path / "out", tmp_path / "waivers.yaml"
    waivers.write_text("waivers: []\n")
    ingest(raw_dir=str(first), out_dir=str(out), waivers_file=str(waivers))
    documents = pd.read_parquet(out / "documents").set_index("source")
    validation = pd.read_parquet(out / "validation")
    # the run had findings of every kind to merge: own, cross-document
    assert (validation.check == "cross.value_conflict").any() and (validation.check != "cross.value_conflict").any()
    assert dict(validation_writes) == {str(doc_id): 1 for doc_id in documents.doc_id}

    validation_writes.clear()
    b_id = str(documents.loc["b.txt"].doc_id)
    own = validation[(validation.doc_id.astype(str) == b_id) & (validation.check == "table.total_equals_components")]
    waivers.write_text(waivers_to_text([Waiver(b_id, own.check.iloc[0], own.place.iloc[0], "accepted")], "# test\n"))
    ingest(raw_dir=str(first), out_dir=str(out), waivers_file=str(waivers))
    assert dict(validation_writes) == {b_id: 1}  # only the document whose findings changed
    assert pd.read_parquet(out / "validation").waived.sum() == 1

    validation_writes.clear()
    ingest(raw_dir=str(first), out_dir=str(out), waivers_file=str(waivers))
    assert not validation_writes  # nothing changed: nothing written
