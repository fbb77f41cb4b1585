"""The pandera models collect every failure, attributed to the right document."""

from __future__ import annotations

from schemas.frames import records_to_frame, schema_findings


def test_failures_of_several_documents_are_collected_per_document():
    good = records_to_frame("tables", "a" * 16, [{"table_id": "Table 1", "n_rows": 2, "n_cols": 3, "columns": ["x"]}])
    bad = records_to_frame(
        "tables", "b" * 16,
        [{"table_id": "Table 1", "n_rows": -1, "n_cols": 0, "columns": []},
         {"table_id": "Table 1", "n_rows": 1, "n_cols": 1, "columns": ["y"]}],
    )
    import pandas as pd

    findings = schema_findings({"tables": pd.concat([good, bad])}, {"b" * 16: "bad.txt"})
    assert set(findings) == {"b" * 16}  # the other document is untouched
    checks = {f.expected for f in findings["b" * 16]}
    assert any("greater_than_or_equal_to(0)" in c for c in checks)
    assert any("greater_than_or_equal_to(1)" in c for c in checks)
    assert any("unique" in f.message or "duplicate" in f.message.lower() for f in findings["b" * 16])
    assert all(f.check == "schema.tables" and f.message.startswith("bad.txt") for f in findings["b" * 16])


def test_claims_period_and_change_vocabulary_are_enforced():
    frame = records_to_frame(
        "claims", "c" * 16,
        [{"claim_id": "c1", "value": 1.0, "unit": "count", "period": "June 2020", "change": "up",
          "start": 0, "end": 1}],
    )
    (findings,) = schema_findings({"claims": frame}, {}).values()
    assert {f.place.split()[1] for f in findings} == {"period", "change"}
