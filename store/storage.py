"""The processed/ layout of CONTRACT.md: one Parquet partition per dataset and document.

Every file is written under a hidden temporary name and renamed into place, so a reader or a
crash never sees a half-written partition; readers (pyarrow, pandas, DuckDB) skip hidden files.
The `documents` partition is written last: a document row marked "ok" means the rest is there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from schemas.datasets import DATASETS

PART = "part-0.parquet"
_NULLABLE_INTEGERS = {pa.int64(): pd.Int64Dtype()}  # an all-null integer column stays integer


def partition_dir(out_dir: Path, dataset: str, doc_id: str) -> Path:
    return out_dir / dataset / f"doc_id={doc_id}"


def _atomic_write(path: Path, write: Callable[[Path], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{os.getpid()}.tmp"
    try:
        write(temporary)
        with open(temporary, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_partition(out_dir: Path, dataset: str, doc_id: str, frame: pd.DataFrame) -> None:
    schema = DATASETS[dataset].arrow
    table = pa.Table.from_pandas(frame[schema.names], schema=schema, preserve_index=False)
    # without pandas' metadata: a partition reads the same whichever path wrote it
    write_table(out_dir, dataset, doc_id, table.replace_schema_metadata(None))


def write_table(out_dir: Path, dataset: str, doc_id: str, table: pa.Table) -> None:
    _atomic_write(partition_dir(out_dir, dataset, doc_id) / PART, lambda path: pq.write_table(table, path))


def write_text(out_dir: Path, doc_id: str, text: str) -> None:
    write_file(out_dir / "text" / f"{doc_id}.txt", text)


def write_file(path: Path, text: str) -> None:
    """A UTF-8 text file, written under a temporary name and renamed into place."""
    _atomic_write(path, lambda temporary: temporary.write_text(text, encoding="utf-8"))


def read_dataset(out_dir: Path, dataset: str) -> pd.DataFrame:
    """The whole dataset with doc_id as a string column; an empty frame when nothing is written."""
    root = out_dir / dataset
    schema = DATASETS[dataset].arrow
    if not root.exists() or not any(root.glob(f"doc_id=*/{PART}")):
        frame = schema.empty_table().to_pandas()
        frame.insert(0, "doc_id", pd.Series(dtype=str))
        return frame
    frame = pd.read_parquet(root)
    if not set(schema.names) <= set(frame.columns):  # partitions written before a column was added
        frame = _read_with_schema(root, schema)
    frame["doc_id"] = frame["doc_id"].astype(str)
    return frame[["doc_id", *schema.names]]


def _read_with_schema(root: Path, schema: pa.Schema) -> pd.DataFrame:
    """Every partition read with the current schema, a column missing from older files as null:
    pandas takes the columns of one file only, so a column added since would be lost. (pyarrow.dataset
    is imported here: at import time it would enlarge every memory-limited parsing child.)"""
    import pyarrow.dataset as pads

    doc_id = pa.field("doc_id", pa.string())
    partitioning = pads.partitioning(pa.schema([doc_id]), flavor="hive")
    table = pq.read_table(root, schema=pa.schema([doc_id, *schema]), partitioning=partitioning)
    return table.to_pandas(types_mapper=_NULLABLE_INTEGERS.get)


def count_rows(out_dir: Path, dataset: str) -> int:
    """Rows of a dataset from the Parquet footers, without reading the data."""
    root = out_dir / dataset
    if not root.exists():
        return 0
    return sum(pq.ParquetFile(part).metadata.num_rows for part in root.glob(f"doc_id=*/{PART}"))


def read_documents(out_dir: Path, dataset: str, doc_ids: list[str]) -> pd.DataFrame:
    """The rows of some documents (doc_id as a string column), in the order given."""
    parts = _parts(out_dir, dataset, doc_ids)
    if not parts:
        frame = DATASETS[dataset].arrow.empty_table().to_pandas()
        frame.insert(0, "doc_id", pd.Series(dtype=str))
        return frame
    return _read_parts(out_dir, dataset, parts).to_pandas(types_mapper=_NULLABLE_INTEGERS.get)


def read_documents_table(out_dir: Path, dataset: str, doc_ids: list[str]) -> pa.Table:
    """The rows of some documents as one Arrow table, doc_id first, in the order given."""
    parts = _parts(out_dir, dataset, doc_ids)
    if not parts:
        return pa.schema([pa.field("doc_id", pa.string()), *DATASETS[dataset].arrow]).empty_table()
    return _read_parts(out_dir, dataset, parts)


def _parts(out_dir: Path, dataset: str, doc_ids: list[str]) -> list[tuple[str, Path]]:
    parts = [(doc_id, partition_dir(out_dir, dataset, doc_id) / PART) for doc_id in doc_ids]
    return [(doc_id, path) for doc_id, path in parts if path.exists()]


def _read_parts(out_dir: Path, dataset: str, parts: list[tuple[str, Path]]) -> pa.Table:
    """Each partition read on its own: a Parquet dataset scan costs about twice as much per small
    file. Partitions written before the schema changed are read by a scan with the current schema."""
    schema = DATASETS[dataset].arrow
    tables = []
    for doc_id, path in parts:
        with pq.ParquetFile(path, pre_buffer=False) as file:
            if not file.schema_arrow.equals(schema):
                return _scan(out_dir, dataset, [str(path) for _, path in parts])
            table = file.read(use_threads=False)
        tables.append(table.add_column(0, "doc_id", pa.array([doc_id] * table.num_rows, pa.string())))
    return pa.concat_tables(tables)


def _scan(out_dir: Path, dataset: str, parts: list[str]) -> pa.Table:
    """(pyarrow.dataset is imported here: at import time it would enlarge every memory-limited parsing child.)"""
    import pyarrow.dataset as ds

    schema = DATASETS[dataset].arrow
    partitioning = ds.partitioning(pa.schema([("doc_id", pa.string())]), flavor="hive")
    table = ds.dataset(parts, schema=schema.append(pa.field("doc_id", pa.string())), partitioning=partitioning,
                       partition_base_dir=str(out_dir / dataset)).to_table()
    return table.select(["doc_id", *schema.names])


def read_partition(out_dir: Path, dataset: str, doc_id: str) -> pd.DataFrame | None:
    path = partition_dir(out_dir, dataset, doc_id) / PART
    if not path.exists():
        return None
    frame = pq.read_table(path, schema=DATASETS[dataset].arrow).to_pandas(types_mapper=_NULLABLE_INTEGERS.get)
    frame.insert(0, "doc_id", doc_id)
    return frame


def stored_doc_ids(out_dir: Path) -> set[str]:
    """Every document with an output of any dataset or a text file (a run killed while removing a
    document leaves some without a `documents` row)."""
    ids = {path.name.removeprefix("doc_id=") for name in DATASETS for path in (out_dir / name).glob("doc_id=*")}
    return ids | {path.stem for path in (out_dir / "text").glob("*.txt")}


def remove_document(out_dir: Path, doc_id: str) -> None:
    """Delete every output of one document; `documents` first so no half state looks complete."""
    for dataset in ["documents", *[name for name in DATASETS if name != "documents"]]:
        shutil.rmtree(partition_dir(out_dir, dataset, doc_id), ignore_errors=True)
    (out_dir / "text" / f"{doc_id}.txt").unlink(missing_ok=True)


def sweep_temporary_files(out_dir: Path) -> list[Path]:
    """Hidden temporary files left by a run that was killed mid-write."""
    swept = [path for path in out_dir.rglob(".*.tmp") if path.is_file()] if out_dir.exists() else []
    for path in swept:
        path.unlink(missing_ok=True)
    return swept
