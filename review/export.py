"""Outputs for people who do not use Parquet: one CSV or JSON Lines file per dataset, and a
DuckDB database with one view per dataset."""

from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb

from schemas.datasets import DATASETS
from store import storage

FORMATS = ("csv", "jsonl")
DUCKDB_FILE = "psp.duckdb"


def export_datasets(out_dir: Path, fmt: str, destination: Path) -> list[Path]:
    """Every dataset as one file in `destination`; list columns are written as JSON arrays in CSV."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    destination.mkdir(parents=True, exist_ok=True)
    written = []
    for name in DATASETS:
        frame = storage.read_dataset(out_dir, name)
        path = destination / f"{name}.{fmt}"
        temporary = destination / f".{name}.{fmt}.tmp"
        if fmt == "csv":
            for column in frame.columns:
                if frame[column].map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
                    frame[column] = frame[column].map(lambda v: json.dumps(list(v), ensure_ascii=False))
            frame.to_csv(temporary, index=False)
        else:
            frame.to_json(temporary, orient="records", lines=True, date_format="iso", force_ascii=False)
        os.replace(temporary, path)
        written.append(path)
    return written


def write_duckdb(out_dir: Path) -> Path:
    """`processed/psp.duckdb`: views over the Parquet datasets (no copy of the data).

    Note that `check` is an SQL keyword in DuckDB: quote the column, `select "check" ...`.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / DUCKDB_FILE
    temporary = out_dir / f".{DUCKDB_FILE}.tmp"
    temporary.unlink(missing_ok=True)
    with duckdb.connect(str(temporary)) as connection:
        for name in DATASETS:
            files = (out_dir / name).resolve()
            if any(files.glob("doc_id=*/part-0.parquet")):
                source = (
                    f"read_parquet('{files}/*/*.parquet', hive_partitioning = true, "
                    "hive_types = {'doc_id': VARCHAR})"
                )
                connection.execute(f'create view "{name}" as select * from {source}')
    os.replace(temporary, path)
    return path
