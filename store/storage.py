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


def _atomic_write(path: Path, write: Callable[[Path], None], synced: bool = False) -> None:
    """`write` fills the temporary file (and fsyncs it itself when `synced`); it is made durable
    before it is renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.parent / f".{path.name}.{os.getpid()}.tmp"
    try:
        write(temporary)
        if not synced:
            with open(temporary, "rb") as handle:
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_partition(out_dir: Path, dataset: str, doc_id: str, frame: pd.DataFrame | pa.Table) -> None:
    """One document's partition, from a frame or from an Arrow table of the dataset's schema."""
    schema = DATASETS[dataset].arrow
    table = frame if isinstance(frame, pa.Table) else pa.Table.from_pandas(
        frame[schema.names], schema=schema, preserve_index=False)
    # without pandas' metadata: a partition reads the same whichever path wrote it
    write_table(out_dir, dataset, doc_id, table.replace_schema_metadata(None))


def write_table(out_dir: Path, dataset: str, doc_id: str, table: pa.Table) -> None:
    _atomic_write(partition_dir(out_dir, dataset, doc_id) / PART, lambda path: pq.write_table(table, path))


def write_text(out_dir: Path, doc_id: str, text: str) -> None:
    write_file(out_dir / "text" / f"{doc_id}.txt", text)


def write_file(path: Path, text: str) -> None:
    """A UTF-8 text file, written under a temporary name and renamed into place."""
    _atomic_write(path, lambda temporary: _write_synced(temporary, text.encode("utf-8")), synced=True)


def _write_synced(path: Path, data: bytes) -> None:
    """Written and fsynced through one handle: opening the file again to fsync it cost as much as writing it."""
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def read_dataset(out_dir: Path, dataset: str) -> pd.DataFrame:
    """The whole dataset with doc_id as a string column; an empty frame when nothing is written."""
    root = out_dir / dataset
    schema = DATASETS[dataset].arrow
    files = sorted(root.glob(f"doc_id=*/{PART}")) if root.exists() else []
    if not files:
        frame = schema.empty_table().to_pandas()
        frame.insert(0, "doc_id", pd.Series(dtype=str))
        return frame
    table = _read_parts([(path.parent.name.removeprefix("doc_id="), path) for path in files], schema)
    if table is not None:  # every partition of the current schema: what pandas reads, at half the cost
        return table.to_pandas()
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


def read_documents(
    out_dir: Path, dataset: str, doc_ids: list[str], columns: list[str] | None = None
) -> pd.DataFrame:
    """The rows of some documents (doc_id as a string column), in the order given; only `columns`
    (and doc_id) when given."""
    parts = _parts(out_dir, dataset, doc_ids)
    if not parts:
        frame = DATASETS[dataset].arrow.empty_table().to_pandas()
        frame.insert(0, "doc_id", pd.Series(dtype=str))
        return frame if columns is None else frame[["doc_id", *columns]]
    return _table(out_dir, dataset, parts, columns).to_pandas(types_mapper=_NULLABLE_INTEGERS.get)


def _table(out_dir: Path, dataset: str, parts: list[tuple[str, Path]], columns: list[str] | None = None) -> pa.Table:
    table = _read_parts(parts, DATASETS[dataset].arrow, columns)
    return table if table is not None else _scan(out_dir, dataset, [str(path) for _, path in parts], columns)


def read_partitions(out_dir: Path, dataset: str, doc_ids: list[str]) -> dict[str, pa.Table]:
    """doc_id -> its partition as an Arrow table of the dataset's schema, for those that have one."""
    return {doc_id: _table(out_dir, dataset, [(doc_id, path)]).drop_columns(["doc_id"])
            for doc_id, path in _parts(out_dir, dataset, doc_ids)}


def _parts(out_dir: Path, dataset: str, doc_ids: list[str]) -> list[tuple[str, Path]]:
    parts = [(doc_id, partition_dir(out_dir, dataset, doc_id) / PART) for doc_id in doc_ids]
    return [(doc_id, path) for doc_id, path in parts if path.exists()]


def _read_parts(
    parts: list[tuple[str, Path]], schema: pa.Schema, columns: list[str] | None = None
) -> pa.Table | None:
    """The partitions, each read on its own (a Parquet dataset scan costs about twice as much per
    small file), doc_id first; None when one was written with another schema (before a column was
    added) or with pandas' metadata: those are read by a scan, as they always were."""
    tables, doc_ids = [], []
    for doc_id, path in parts:
        with pq.ParquetFile(path, pre_buffer=False) as file:
            written = file.schema_arrow
            if not written.equals(schema) or b"pandas" in (written.metadata or {}):
                return None
            table = file.read(columns=columns, use_threads=False)
        tables.append(table)
        doc_ids += [doc_id] * table.num_rows
    return pa.concat_tables(tables).add_column(0, "doc_id", pa.array(doc_ids, pa.string()))


def _scan(out_dir: Path, dataset: str, parts: list[str], columns: list[str] | None = None) -> pa.Table:
    """(pyarrow.dataset is imported here: at import time it would enlarge every memory-limited parsing child.)"""
    import pyarrow.dataset as ds

    schema = DATASETS[dataset].arrow
    partitioning = ds.partitioning(pa.schema([("doc_id", pa.string())]), flavor="hive")
    table = ds.dataset(parts, schema=schema.append(pa.field("doc_id", pa.string())), partitioning=partitioning,
                       partition_base_dir=str(out_dir / dataset)).to_table()
    return table.select(["doc_id", *(schema.names if columns is None else columns)])


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
