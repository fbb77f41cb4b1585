"""One pandera model per output dataset (CONTRACT.md), and the Arrow schema it is stored with.

The Arrow schemas are fixed so that every document's partition has the same columns and
types, whatever it contains; `doc_id` is not stored in the files, it is the partition key.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_arrow
from pandera.typing import Series

from extractors.model.printed_numbers import MAX_YEAR, MIN_YEAR
from extractors.structure.crime_stats import crime_rate_columns, crime_stat_columns

_INT = pa_arrow.int64()
_STR = pa_arrow.string()
_FLOAT = pa_arrow.float64()
_BOOL = pa_arrow.bool_()
_STRS = pa_arrow.list_(pa_arrow.string())
_SPANS = pa_arrow.list_(pa_arrow.struct([("start", _INT), ("end", _INT)]))  # places a value was compared with
_PLACE = [("start", _INT), ("end", _INT), ("page", _INT)]

SEVERITIES = ("error", "warning", "info")


class DocumentsModel(pa.DataFrameModel):
    doc_id: Series[str] = pa.Field(str_matches=r"^[0-9a-f]{16}$")
    source: Series[str]
    title: Series[str] = pa.Field(nullable=True)
    site: Series[str] = pa.Field(nullable=True)
    state: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=["pdf", "text"])
    pages: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    status: Series[str] = pa.Field(isin=["ok", "quarantined"])
    error: Series[str] = pa.Field(nullable=True)
    ocr: Series[bool]  # text read by OCR (`psp ingest --ocr`) rather than from a text layer
    site_override: Series[str] = pa.Field(nullable=True)  # the site and state given in raw/sites.yaml
    state_override: Series[str] = pa.Field(nullable=True)
    pipeline_version: Series[str]

    @pa.dataframe_check(name="quarantined_documents_have_a_reason")
    def quarantine_reason(cls, frame: pd.DataFrame) -> Series[bool]:  # noqa: N805
        return (frame["status"] != "quarantined") | frame["error"].notna()


class TablesModel(pa.DataFrameModel):
    doc_id: Series[str]
    table_id: Series[str]
    caption: Series[str] = pa.Field(nullable=True)
    source_note: Series[str] = pa.Field(nullable=True)
    n_rows: Series[int] = pa.Field(ge=0)
    n_cols: Series[int] = pa.Field(ge=1)

    class Config:
        unique = ["doc_id", "table_id"]


class TableCellsModel(pa.DataFrameModel):
    doc_id: Series[str]
    table_id: Series[str]
    row: Series[int] = pa.Field(ge=0)
    column: Series[str]
    raw: Series[str]
    value: Series[float] = pa.Field(nullable=True)

    class Config:
        unique = ["doc_id", "table_id", "row", "column_index"]


class CrimeStatsModel(pa.DataFrameModel):
    doc_id: Series[str]
    table_id: Series[str]
    year: Series[int] = pa.Field(ge=MIN_YEAR, le=MAX_YEAR)
    population: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)

    class Config:
        unique = ["doc_id", "table_id", "year"]


class FiguresModel(pa.DataFrameModel):
    doc_id: Series[str]
    figure_id: Series[str]
    caption: Series[str] = pa.Field(str_length={"min_value": 1})
    has_data: Series[bool]


class FootnotesModel(pa.DataFrameModel):
    doc_id: Series[str]
    number: Series[int] = pa.Field(ge=1)
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    referenced: Series[bool]

    class Config:
        unique = ["doc_id", "number"]


class FootnoteRefsModel(pa.DataFrameModel):
    doc_id: Series[str]
    number: Series[int] = pa.Field(ge=1)
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)

    @pa.dataframe_check(name="span_is_not_empty")
    def span(cls, frame: pd.DataFrame) -> Series[bool]:  # noqa: N805
        return frame["end"] > frame["start"]


class EntitiesModel(pa.DataFrameModel):
    doc_id: Series[str]
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    label: Series[str]
    canonical: Series[str]
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)


class ClaimsModel(pa.DataFrameModel):
    doc_id: Series[str]
    claim_id: Series[str]
    value: Series[float]
    unit: Series[str]
    measure: Series[str] = pa.Field(nullable=True)
    period: Series[str] = pa.Field(nullable=True, str_matches=r"^\d{4}(-\d\d(-\d\d)?)?$")
    change: Series[str] = pa.Field(nullable=True, isin=["increase", "decrease", "above", "below"])
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)

    class Config:
        unique = ["doc_id", "claim_id"]


class ValidationModel(pa.DataFrameModel):
    doc_id: Series[str]
    finding_id: Series[str] = pa.Field(unique=True)
    check: Series[str] = pa.Field(str_matches=r"^[a-z_]+(\.[a-z_]+)+$")
    severity: Series[str] = pa.Field(isin=list(SEVERITIES))
    dataset: Series[str]
    expected: Series[str]
    observed: Series[str]
    message: Series[str] = pa.Field(str_length={"min_value": 10})
    waived: Series[bool]
    waiver_reason: Series[str] = pa.Field(nullable=True)


@dataclass(frozen=True)
class Dataset:
    name: str
    model: type[pa.DataFrameModel]
    arrow: pa_arrow.Schema


def _schema(*fields: tuple[str, pa_arrow.DataType]) -> pa_arrow.Schema:
    return pa_arrow.schema(list(fields))


DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in [
        Dataset(
            "documents",
            DocumentsModel,
            _schema(
                ("source", _STR), ("title", _STR), ("site", _STR), ("state", _STR), ("kind", _STR), ("pages", _INT),
                ("status", _STR), ("error", _STR), ("stage", _STR), ("warnings", _STRS), ("bytes", _INT),
                ("pipeline_version", _STR), ("ingested_at", pa_arrow.timestamp("us", tz="UTC")), ("ocr", _BOOL),
                ("duplicates", _STRS), ("site_override", _STR), ("state_override", _STR),
            ),
        ),
        Dataset(
            "tables",
            TablesModel,
            _schema(
                ("table_id", _STR), ("caption", _STR), ("source_note", _STR), ("page", _INT), ("n_rows", _INT),
                ("n_cols", _INT), ("columns", _STRS), ("start", _INT), ("end", _INT),
            ),
        ),
        Dataset(
            "table_cells",
            TableCellsModel,
            _schema(
                ("table_id", _STR), ("row", _INT), ("column", _STR), ("column_index", _INT), ("raw", _STR),
                ("value", _FLOAT), *_PLACE, ("x0", _FLOAT), ("top", _FLOAT), ("x1", _FLOAT), ("bottom", _FLOAT),
                ("footnote", _STR),
            ),
        ),
        Dataset(
            "crime_stats",
            CrimeStatsModel,
            _schema(
                ("site", _STR), ("table_id", _STR), ("year", _INT),
                *((name, _INT) for name in crime_stat_columns()),
                *((name, _FLOAT) for name in crime_rate_columns()), *_PLACE,
            ),
        ),
        Dataset(
            "figures",
            FiguresModel,
            _schema(("figure_id", _STR), ("caption", _STR), ("source_note", _STR), ("has_data", _BOOL), *_PLACE),
        ),
        Dataset(
            "footnotes",
            FootnotesModel,
            _schema(
                ("number", _INT), ("text", _STR), ("urls", _STRS), ("retrieved", pa_arrow.date32()),
                ("referenced", _BOOL), *_PLACE,
            ),
        ),
        Dataset("footnote_refs", FootnoteRefsModel, _schema(("number", _INT), *_PLACE)),
        Dataset(
            "entities",
            EntitiesModel,
            _schema(("text", _STR), ("label", _STR), ("canonical", _STR), *_PLACE),
        ),
        Dataset(
            "claims",
            ClaimsModel,
            _schema(
                ("claim_id", _STR), ("value", _FLOAT), ("unit", _STR), ("measure", _STR), ("period", _STR),
                ("change", _STR), ("qualifier", _STR), ("footnote", _INT), ("sentence", _STR), *_PLACE,
                ("paragraph", _INT), ("role", _STR), ("whole", _STR), ("period_source", _STR),
            ),
        ),
        Dataset(
            "validation",
            ValidationModel,
            _schema(
                ("finding_id", _STR), ("check", _STR), ("severity", _STR), ("dataset", _STR), ("table_id", _STR),
                ("year", _INT), ("claim_id", _STR), ("footnote", _INT), ("expected", _STR), ("observed", _STR),
                ("message", _STR), ("waived", _BOOL), ("waiver_reason", _STR), ("place", _STR), ("start", _INT),
                ("end", _INT), ("page", _INT), ("x0", _FLOAT), ("top", _FLOAT), ("x1", _FLOAT), ("bottom", _FLOAT),
                ("compared", _SPANS),
            ),
        ),
    ]
}
