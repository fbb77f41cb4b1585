"""Outputs for people who do not use Parquet: one CSV or JSON Lines file per dataset, and a
DuckDB database with one view per dataset.

Each exported file names every row's document by `source` and `site` (not only by doc_id);
integer columns stay integers (a year is 2021, not 2021.0). In CSV, a text cell a spreadsheet
would run as a formula (it begins with =, +, -, @, a tab or a carriage return: OWASP's CSV
injection rule) gets a leading apostrophe; a cell that is a plain number ("-7.0", "+3%") is
left as it is, since a spreadsheet reads it as a number and runs nothing.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import duckdb
import pandas as pd

from schemas.datasets import DATASETS
from store import storage

FORMATS = ("csv", "jsonl")
DUCKDB_FILE = "psp.duckdb"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")


def neutralise_formula(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, prefixed with "'"; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _with_document(frame: pd.DataFrame, documents: pd.DataFrame, name: str) -> pd.DataFrame:
    """doc_id, source and site first; a dataset's own site (crime_stats) is kept."""
    if name == "documents":
        first = ["doc_id", "source", "site"]
        return frame[first + [c for c in frame.columns if c not in first]]
    extra = [c for c in ("source", "site") if c not in frame.columns]
    joined = frame.merge(documents[["doc_id", *extra]], on="doc_id", how="left")
    first = ["doc_id", "source", "site"]
    return joined[first + [c for c in joined.columns if c not in first]]


def _json_cell(value: object) -> object:
    if hasattr(value, "__len__") and not isinstance(value, str | dict):
        return json.dumps([_json_cell(v) for v in value], ensure_ascii=False)  # type: ignore[union-attr]
    if isinstance(value, dict):
        return {k: int(v) if hasattr(v, "item") else v for k, v in value.items()}
    return value


def export_frame(out_dir: Path, name: str, documents: pd.DataFrame) -> pd.DataFrame:
    """One dataset as exported: every document's rows, integers as nullable integers, named by
    source and site."""
    frame = storage.read_documents(out_dir, name, sorted(storage.stored_doc_ids(out_dir)))
    return _with_document(frame, documents, name)


def to_csv_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """List columns as JSON arrays, formula-like text neutralised."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            values = frame[column].map(lambda v: _json_cell(v) if hasattr(v, "__len__") and not isinstance(v, str)
                                       else v)
            frame[column] = values.map(neutralise_formula)
    return frame


def export_datasets(out_dir: Path, fmt: str, destination: Path) -> list[Path]:
    """Every dataset as one file in `destination`."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    destination.mkdir(parents=True, exist_ok=True)
    documents = storage.read_dataset(out_dir, "documents")
    written = []
    for name in DATASETS:
        frame = export_frame(out_dir, name, documents)
        path = destination / f"{name}.{fmt}"
        temporary = destination / f".{name}.{fmt}.tmp"
        if fmt == "csv":
            to_csv_frame(frame).to_csv(temporary, index=False)
        else:
            frame.to_json(temporary, orient="records", lines=True, date_format="iso", force_ascii=False)
        os.replace(temporary, path)
        written.append(path)
    return written


def sql_string(text: str) -> str:
    """A SQL string literal (quotes doubled): DuckDB takes no parameters in a view's definition."""
    return "'" + text.replace("'", "''") + "'"


def write_duckdb(out_dir: Path) -> Path:
    """`processed/psp.duckdb`: views over the Parquet datasets (no copy of the data), with paths
    relative to the database's folder, so a moved or copied `processed/` keeps working. DuckDB
    resolves them from its working directory, or from `SET file_search_path = '<folder>'`.

    Note that `check` is an SQL keyword in DuckDB: quote the column, `select "check" ...`.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / DUCKDB_FILE
    temporary = out_dir / f".{DUCKDB_FILE}.tmp"
    temporary.unlink(missing_ok=True)
    with duckdb.connect(str(temporary)) as connection:
        connection.execute(f"set file_search_path = {sql_string(str(out_dir.resolve()))}")
        for name in DATASETS:
            if any((out_dir / name).glob(f"doc_id=*/{storage.PART}")):
                source = (
                    f"read_parquet({sql_string(f'{name}/*/*.parquet')}, hive_partitioning = true, "
                    "hive_types = {'doc_id': VARCHAR})"
                )
                connection.execute(f'create view "{name}" as select * from {source}')
    os.replace(temporary, path)
    return path


def connect(out_dir: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """The outputs' DuckDB database, opened so its views find the Parquet files wherever it is run from."""
    connection = duckdb.connect(str(out_dir / DUCKDB_FILE), read_only=read_only)
    connection.execute(f"set file_search_path = {sql_string(str(out_dir.resolve()))}")
    return connection
