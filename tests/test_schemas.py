"""The pandera models collect every failure, attributed to the right document."""

from __future__ import annotations

from schemas.frames import records_to_frame, schema_findings


def test_failures_of_several_documents_are_collected_per_document():
    place = {"start": 0, "end": 5, "page": 1}
    good = records_to_frame(
        "tables", "a" * 16, [{"table_id": "Table 1", "n_rows": 2, "n_cols": 3, "columns": ["x"], **place}]
    )
    bad = records_to_frame(
        "tables", "b" * 16,
        [{"table_id": "Table 1", "n_rows": -1, "n_cols": 0, "columns": [], **place},
         {"table_id": "Table 1", "n_rows": 1, "n_cols": 1, "columns": ["y"], **place}],
    )
    import pandas as pd

    findings = schema_findings({"tables": pd.concat([good, bad])}, {"b" * 16: "bad.txt"})
    assert set(findings) == {"b" * 16}  # the other document is untouched
    checks = {f.expected for f in findings["b" * 16]}
    assert any("greater_than_or_equal_to(0)" in c for c in checks)
    assert any("greater_than_or_equal_to(1)" in c for c in checks)
    assert any("unique" in f.message or "duplicate" in f.message.lower() for f in findings["b" * 16])
    assert all(f.check == "schema.tables" and f.message.startswith("bad.txt") for f in findings["b" * 16])


def _claim_row(**values):
    row = {"claim_id": "c1", "value": 1.0, "unit": "count", "sentence": "One case.", "start": 0, "end": 1,
           "page": 1, "paragraph": 0}
    return {**row, **values}


def test_claims_period_and_change_vocabulary_are_enforced():
    frame = records_to_frame("claims", "c" * 16, [_claim_row(period="June 2020", change="up")])
    (findings,) = schema_findings({"claims": frame}, {}).values()
    assert {f.place.split()[1] for f in findings} == {"period", "change"}


def test_a_period_is_a_year_a_month_a_day_or_a_span_of_years():
    good = ["2019", "2019-06", "2019-06-01", "2017/2020", None]
    rows = [_claim_row(claim_id=f"c{i}", period=period) for i, period in enumerate(good)]
    assert schema_findings({"claims": records_to_frame("claims", "c" * 16, rows)}, {}) == {}
    for bad in ["June 2020", "2019-13", "2019-06-32", "2017/20", "2017-2020", "19"]:
        frame = records_to_frame("claims", "c" * 16, [_claim_row(period=bad)])
        assert schema_findings({"claims": frame}, {}), bad


def test_every_stored_column_is_in_the_model_and_nothing_else():
    import pytest
    from pandera.errors import SchemaErrors

    from schemas.datasets import DATASETS

    for name, dataset in DATASETS.items():
        model_columns = list(dataset.model.to_schema().columns)
        assert model_columns == ["doc_id", *dataset.arrow.names], name
    frame = records_to_frame("claims", "c" * 16, [_claim_row()])
    DATASETS["claims"].model.validate(frame)
    with pytest.raises(SchemaErrors):
        DATASETS["claims"].model.validate(frame.assign(unknown=1), lazy=True)


def test_the_models_are_built_without_importing_dask_dataframe():
    import subprocess
    import sys

    from tests.conftest import REPO

    probe = (
        "import sys; from schemas.datasets import DATASETS; from schemas.frames import prepare_schema_checks; "
        "[d.arrow for d in DATASETS.values()]; prepare_schema_checks(); print('dask.dataframe' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
