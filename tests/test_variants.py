"""Variant case studies (fictional cities, layouts the Baltimore text does not have) through the
real flow, each scored by ../shared/tools/score.py against its own gold file."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from tests.variants.documents import Variant, all_variants, revised_pipe_table

VARIANTS = {variant.name: variant for variant in all_variants()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, prefect_harness):
    from flows.ingest import ingest

    raw = tmp_path_factory.mktemp("raw")
    gold_dir = tmp_path_factory.mktemp("gold")
    for variant in VARIANTS.values():
        (raw / variant.name).write_bytes(variant.data)
        (gold_dir / f"{variant.name}.json").write_text(json.dumps(variant.gold), encoding="utf-8")
    out = tmp_path_factory.mktemp("processed")
    summary = ingest(raw_dir=str(raw), out_dir=str(out))
    assert summary.count("ok") == len(VARIANTS)
    return raw, out, gold_dir


@pytest.fixture(scope="module")
def metrics(corpus, scorer):
    _, out, gold_dir = corpus
    return {
        name: scorer.score(json.loads((gold_dir / f"{name}.json").read_text(encoding="utf-8")), out)
        for name in VARIANTS
    }


def _all(fraction: str) -> bool:
    hit, total = fraction.split("/")
    return hit == total


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_scores_like_the_reference_document(metrics, name):
    m = metrics[name]
    assert m["doc_found"] and m["site_ok"] and m["state_ok"]
    assert m["table_cell_acc"] == 1.0, m["table_cells"]
    assert _all(m["table_captions"])
    assert m["footnote_f1"] == 1.0
    assert _all(m["footnote_bodies"]) and _all(m["footnote_urls"]) and _all(m["footnote_markers"])
    assert m["claim_recall"] == 1.0, m["claims_missed"]  # the gold lists every claim the text makes
    assert m["claim_precision"] == 1.0, m["claims_predicted"]
    assert all(_all(m[f"claim_{attribute}"]) for attribute in ("measure", "change", "period", "footnote", "qualifier"))
    assert _all(m["validation_expected"]), m["validation_missing"]
    assert m["validation_false_alarms"] == 0
    assert m["validation_unexpected"] == [] and m["schema_findings"] == 0
    assert _all(m["text_repairs"])


def test_planted_errors_only(corpus):
    _, out, _ = corpus
    validation = pd.read_parquet(out / "validation")
    documents = pd.read_parquet(out / "documents")[["doc_id", "source"]]
    found = validation.merge(documents, on="doc_id")
    checks = sorted(zip(found.source, found.check, found.year.astype("Int64").astype(str), strict=True))
    assert checks == [  # every finding, of every check and severity (schema.* included: there must be none)
        ("cedar-bluff-oh.txt", "table.total_equals_components", "2021"),
        ("pine-harbor-tn.txt", "table.percent_change_matches_counts", "2019"),
        ("pine-harbor-tn.txt", "table.rate_matches_counts", "2018"),
    ]
    rate = found[found.check == "table.rate_matches_counts"].iloc[0]
    assert "1,025.1" in rate.message and "4,120 / 405,870" in rate.message


def test_rates_are_stored_beside_the_counts(corpus):
    _, out, _ = corpus
    stats = pd.read_parquet(out / "crime_stats")
    rates = stats[stats.site == "Pine Harbor"].dropna(subset=["violent_crime_rate"]).set_index("year")
    assert rates.violent_crime_rate.to_dict() == {2017: 973.4, 2018: 1025.1, 2019: 947.2}


def _run(raw, out, variants: list[Variant]) -> pd.DataFrame:
    from flows.ingest import ingest

    for path in raw.iterdir():
        path.unlink()
    for variant in variants:
        (raw / variant.name).write_bytes(variant.data)
    ingest(raw_dir=str(raw), out_dir=str(out))
    validation = pd.read_parquet(out / "validation")
    documents = pd.read_parquet(out / "documents")[["doc_id", "source"]]
    return validation[validation.check == "cross.value_conflict"].merge(documents, on="doc_id")


def test_cross_document_value_conflict(tmp_path, prefect_harness):
    raw, out = tmp_path / "raw", tmp_path / "out"
    raw.mkdir()
    first, revised = VARIANTS["lake-marren-wi.txt"], revised_pipe_table()
    conflicts = _run(raw, out, [first, revised])
    assert sorted(zip(conflicts.source, conflicts.expected, conflicts.observed, strict=True)) == [
        ("lake-marren-wi-revised.txt", "1006", "1008"),
        ("lake-marren-wi-revised.txt", "19", "21"),
        ("lake-marren-wi.txt", "1008", "1006"),
        ("lake-marren-wi.txt", "21", "19"),
    ]
    assert set(conflicts.severity) == {"warning"} and set(conflicts.year) == {2021}
    assert "lake-marren-wi-revised.txt" in conflicts[conflicts.source == "lake-marren-wi.txt"].message.iloc[0]
    assert _run(raw, out, [first]).empty  # the other document left: the conflict is gone
