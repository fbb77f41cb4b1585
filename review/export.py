"""Outputs for people who do not use Parquet: one CSV or JSON Lines file per dataset, and a
DuckDB database with one view per dataset."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import duckdb

from review.report import REPORT_TAIL, SECTION_END, IndexRow, cross_findings_html, report_head
from review.report_parts import cross_findings, current_parts
from schemas.datasets import DATASETS
from store import storage

FORMATS = ("csv", "jsonl")
DUCKDB_FILE = "psp.duckdb"
REPORT_FILE = "report.html"


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


def write_report(out_dir: Path) -> Path:
    """`processed/report.html` from what is in `out_dir` now: an index, then each document's
    section (kept from earlier runs or from the workers that ingested it, unless what it shows
    changed), streamed so memory does not grow with the corpus."""
    out_dir.mkdir(parents=True, exist_ok=True)
    documents = storage.read_dataset(out_dir, "documents").sort_values("source")
    validation = storage.read_dataset(out_dir, "validation")
    by_document = dict(iter(validation.groupby("doc_id")))
    index = []
    for document in documents.itertuples():
        findings = by_document.get(document.doc_id, validation.iloc[0:0])
        open_findings = findings[~findings.waived.astype(bool)]
        index.append(IndexRow(document.doc_id, document.source, document.status,
                              open_findings.severity.value_counts().to_dict(), int(findings.waived.sum())))
    parts = current_parts(out_dir, documents, validation)
    path = out_dir / REPORT_FILE
    temporary = out_dir / f".{REPORT_FILE}.tmp"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(report_head(index, stamp))
        for doc_id, part in zip(documents.doc_id, parts, strict=True):
            section = part.read_text(encoding="utf-8")
            compared = cross_findings_html(cross_findings(by_document.get(doc_id, validation.iloc[0:0])))
            if compared:  # inside the document's section, before its closing tag
                section = section.removesuffix(SECTION_END) + compared + SECTION_END
            handle.write(section)
        handle.write(REPORT_TAIL)
    os.replace(temporary, path)
    return path
