"""Records to contract DataFrames, validated lazily so every failure is collected."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from functools import cache
from typing import Any

import pandas as pd
import pyarrow as pa
from pandera.errors import SchemaErrors

from extractors.model.records import Finding
from schemas.datasets import DATASETS
from schemas.registry import SCHEMA


def finding_id(doc_id: str, check: str, place: str) -> str:
    """Stable across runs: the same document, check and place give the same id."""
    return "F" + hashlib.sha1(f"{doc_id}|{check}|{place}".encode()).hexdigest()[:10]


def records_to_frame(dataset: str, doc_id: str, rows: Iterable[dict[str, Any]]) -> pd.DataFrame:
    """A frame with exactly the dataset's columns (missing ones null), plus doc_id first."""
    schema = DATASETS[dataset].arrow
    frame = pd.DataFrame(list(rows), columns=schema.names)
    for field in schema:
        if str(field.type).startswith("list"):
            lists = [value if isinstance(value, list) else [] for value in frame[field.name]]
            frame[field.name] = pd.Series(lists, index=frame.index, dtype=object)
        elif str(field.type) == "int64":
            frame[field.name] = frame[field.name].astype("Int64")
        elif str(field.type) == "bool":
            frame[field.name] = frame[field.name].astype(bool)
        elif str(field.type) == "string":
            frame[field.name] = frame[field.name].astype("str").where(frame[field.name].notna(), None)
        elif str(field.type) == "double":
            frame[field.name] = frame[field.name].astype("Float64").astype(float)
    frame.insert(0, "doc_id", doc_id)
    return frame


def rows_to_table(dataset: str, rows: Iterable[dict[str, Any]]) -> pa.Table:
    """Rows straight to the dataset's Arrow table (extra keys dropped, missing ones null): the
    write path needs no pandas frame."""
    return pa.Table.from_pylist(list(rows), schema=DATASETS[dataset].arrow)


def tables_to_frame(tables: dict[str, pa.Table]) -> pd.DataFrame:
    """One dataset's Arrow tables of several documents (doc_id -> table) as the frame a read of
    their partitions gives (doc_id first, nullable integers kept), so rows can be checked before
    they are written."""
    with_ids = [
        table.add_column(0, "doc_id", pa.array([doc_id] * table.num_rows, pa.string()))
        for doc_id, table in tables.items()
    ]
    return pa.concat_tables(with_ids).to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)


def record_to_row(record: Any) -> dict[str, Any]:
    """A record as a row: `dataclasses.asdict` without its deep copy of every value (records are
    frozen and their values immutable), which cost more than writing the rows."""
    return {field.name: _plain(getattr(record, field.name)) for field in dataclasses.fields(record)}


def _plain(value: Any) -> Any:
    if isinstance(value, (str, int, float)) or value is None:
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return record_to_row(value)
    if isinstance(value, (tuple, list)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def as_rows(records: Iterable[Any], **extra: Any) -> list[dict[str, Any]]:
    rows = []
    for record in records:
        row = record_to_row(record)
        values = row.pop("values", None)
        if isinstance(values, dict):
            row.update(values)
        rows.append({**row, **extra})
    return rows


def finding_rows(doc_id: str, findings: list[Finding]) -> list[dict[str, Any]]:
    """Validation rows, one per finding id (the same check at the same place is one finding)."""
    rows = [
        {
            **record_to_row(f), "finding_id": finding_id(doc_id, f.check, f.place), "waived": False,
            "compared": [{"start": start, "end": end} for start, end in f.compared],
        }
        for f in findings
    ]
    return list({row["finding_id"]: row for row in rows}.values())


def findings_to_frame(doc_id: str, findings: list[Finding]) -> pd.DataFrame:
    return records_to_frame("validation", doc_id, finding_rows(doc_id, findings))


def schema_findings(frames: dict[str, pd.DataFrame], sources: dict[str, str]) -> dict[str, list[Finding]]:
    """Validate each dataset (rows of many documents at once) against its pandera model, lazily,
    so every failure is collected; returns the findings per doc_id."""
    findings: dict[str, list[Finding]] = {}
    for name, frame in frames.items():
        if name == "validation" or frame.empty:
            continue
        frame = frame.reset_index(drop=True)
        # a failing row is named by its place in its own document's partition, whichever documents
        # were checked with it, so a finding's id does not depend on the batch
        row_in_document = frame.groupby("doc_id", sort=False).cumcount()
        try:
            DATASETS[name].model.validate(frame, lazy=True)
        except SchemaErrors as errors:
            for _, case in errors.failure_cases.head(200).iterrows():
                index = case.get("index")
                known = pd.notna(index)
                doc_ids = [frame.at[int(index), "doc_id"]] if known else sorted(set(frame.doc_id))
                row = int(row_in_document[int(index)]) if known else index
                column = case.get("column") or "row"
                for doc_id in doc_ids:
                    document = sources.get(doc_id, doc_id)
                    findings.setdefault(doc_id, []).append(
                        SCHEMA[name].finding(
                            expected=str(case.get("check")),
                            observed=str(case.get("failure_case")),
                            place=f"{name} {column} {row} {case.get('check')}",
                            message=f"{document}: {name}.{column} (row {row}) fails "
                            f"{case.get('check')}: {case.get('failure_case')!r}.",
                        )
                    )
    return findings


@cache
def prepare_schema_checks() -> None:
    """Build every dataset's pandera schema and load pandera's checking code (about a second of
    imports) by checking an empty frame of each, once per process: called while the first
    document is read in its child process, so that the first write does not wait for it."""
    for dataset in DATASETS.values():
        dataset.model.validate(tables_to_frame({"0" * 16: dataset.arrow.empty_table()}), lazy=True)
