"""Golden test: the Baltimore case study (raw/baltimore-md.txt) through the real Prefect flow,
scored with the acceptance scorer against the hand-checked gold file."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from tests.conftest import BALTIMORE, shared_file


@pytest.fixture(scope="module")
def processed(tmp_path_factory, prefect_harness):
    from flows.ingest import ingest

    raw = tmp_path_factory.mktemp("raw")
    shutil.copy(BALTIMORE, raw / BALTIMORE.name)
    out = tmp_path_factory.mktemp("processed")
    summary = ingest(raw_dir=str(raw), out_dir=str(out))
    assert summary.count("ok") == 1
    return out


@pytest.fixture(scope="module")
def metrics(processed, scorer):
    import json

    gold = json.loads(shared_file("gold/baltimore.json", "the hand-checked Baltimore gold file").read_text())
    return scorer.score(gold, processed)


def test_document_facts(metrics):
    assert metrics["doc_found"] and metrics["site_ok"] and metrics["state_ok"]


def test_tables_and_figures(metrics):
    assert metrics["table_cell_acc"] == 1.0 and metrics["table_cells"] == "42/42"
    assert metrics["table_captions"] == "1/1"
    assert metrics["figures"] == "1/1"


def test_footnotes(metrics):
    assert metrics["footnote_f1"] == 1.0
    assert metrics["footnote_bodies"] == "6/6"
    assert metrics["footnote_urls"] == "4/4"
    assert metrics["footnote_markers"] == "6/6"


def test_text_repairs(metrics):
    assert metrics["text_repairs"] == "3/3"


def test_table_and_footnote_findings(metrics, processed):
    missing = metrics["validation_missing"]
    assert not [m for m in missing if m.startswith(("table_total_mismatch", "footnote_sequence_gap"))]
    assert metrics["validation_false_alarms"] == 0
    validation = pd.read_parquet(processed / "validation")
    totals = validation[validation.check == "table.total_equals_components"].sort_values("year")
    assert totals[["year", "expected", "observed"]].values.tolist() == [
        [2021, "9399", "10344"],
        [2022, "9246", "10624"],
    ]
    assert set(validation.severity) <= {"error", "warning", "info"}


def test_every_offset_points_at_its_text(processed):
    documents = pd.read_parquet(processed / "documents")
    doc_id = documents.doc_id.astype(str).iloc[0]
    text = (processed / "text" / f"{doc_id}.txt").read_text(encoding="utf-8")
    cells = pd.read_parquet(processed / "table_cells")
    for _, cell in cells.iterrows():
        assert text[cell.start : cell.end] == cell.raw
    refs = pd.read_parquet(processed / "footnote_refs")
    superscripts = "\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
    assert all(text[r.start : r.end] in superscripts for r in refs.itertuples())


def test_readers_see_the_whole_dataset(processed):
    import pyarrow.dataset as ds

    table = ds.dataset(processed / "crime_stats", format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 6
    assert "doc_id" in table.column_names


def fraction(value: str) -> float:
    hit, total = value.split("/")
    return int(hit) / int(total) if int(total) else 1.0


def test_claims(metrics):
    # the gold's required claims, each with the measure, change, period, footnote and qualifier it
    # states; precision: the Baltimore standard (one number read as a claim the gold does not list)
    assert metrics["claim_recall"] == 1.0, metrics["claims_missed"]
    assert metrics["claim_precision"] >= 0.975, metrics["claims_predicted"]
    for attribute in ("measure", "change", "period", "footnote", "qualifier"):
        assert fraction(metrics[f"claim_{attribute}"]) == 1.0, (attribute, metrics[f"claim_{attribute}"])


def test_entities(metrics):
    # every organization, person and acronym the gold lists; no ORG/PERSON it does not allow
    assert metrics["org_recall"] == 1.0, metrics["orgs_missed"]
    assert metrics["person_recall"] == 1.0
    assert metrics["org_person_precision"] == 1.0, metrics["org_person_false"]
    assert fraction(metrics["acronyms_expanded"]) == 1.0, metrics["acronyms_expanded"]


def test_every_expected_finding_and_no_false_alarm(metrics):
    assert metrics["validation_expected"] == "4/4", metrics["validation_missing"]
    assert metrics["validation_false_alarms"] == 0
    assert metrics["validation_unexpected"] == [] and metrics["schema_findings"] == 0


def test_the_pipeline_output_passes_its_own_contract(processed):
    validation = pd.read_parquet(processed / "validation")
    assert not validation.check.str.startswith("schema.").any(), validation.message.tolist()
