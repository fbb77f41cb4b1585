"""Records to contract DataFrames, validated lazily so every failure is collected."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
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


def tables_to_frames(doc_id: str, tables: dict[str, pa.Table]) -> dict[str, pd.DataFrame]:
    """One document's Arrow tables as the frames a read of its partitions gives (doc_id first,
    nullable integers kept), so rows can be checked before they are written."""
    frames = {}
    for name, table in tables.items():
        frame = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
        frame.insert(0, "doc_id", doc_id)
        frames[name] = frame
    return frames


def as_rows(records: Iterable[Any], **extra: Any) -> list[dict[str, Any]]:
    rows = []
    for record in records:
        row = dataclasses.asdict(record)
        values = row.pop("values", None)
        if isinstance(values, dict):
            row.update(values)
        rows.append({**row, **extra})
    return rows


def finding_rows(doc_id: str, findings: list[Finding]) -> list[dict[str, Any]]:
    """Validation rows, one per finding id (the same check at the same place is one finding)."""
    rows = [
        {
            **dataclasses.asdict(f), "finding_id": finding_id(doc_id, f.check, f.place), "waived": False,
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
        try:
            DATASETS[name].model.validate(frame, lazy=True)
        except SchemaErrors as errors:
            for _, case in errors.failure_cases.head(200).iterrows():
                index = case.get("index")
                doc_ids = [frame.at[int(index), "doc_id"]] if pd.notna(index) else sorted(set(frame.doc_id))
                column = case.get("column") or "row"
                for doc_id in doc_ids:
                    document = sources.get(doc_id, doc_id)
                    findings.setdefault(doc_id, []).append(
                        SCHEMA[name].finding(
                            expected=str(case.get("check")),
                            observed=str(case.get("failure_case")),
                            place=f"{name} {column} {index} {case.get('check')}",
                            message=f"{document}: {name}.{column} (row {index}) fails "
                            f"{case.get('check')}: {case.get('failure_case')!r}.",
                        )
                    )
    return findings
