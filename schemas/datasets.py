"""One pandera model per output dataset (CONTRACT.md): the contract, and the only declaration.

Each model lists every stored column (`strict=True`: a column the model does not know is an
error), in the order they are stored. The Arrow schema a partition is written with is derived
from the model (`arrow_schema`), so the two cannot disagree; `doc_id` is in the model but not in
the files, it is the partition key. A column whose pandas type is `object` (lists, dates) names
its Arrow type in the field's metadata.
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

# pandera's model machinery asks `pandera.typing.dask` whether Dask is installed, and that module
# answers by importing dask.dataframe: half a second of every command (the flow's Dask runner
# needs only dask.distributed), spent to recognise Dask annotations no model here uses. Answered
# "no" before any model is built; pandas validation is untouched (tests/test_schemas.py).
_NO_DASK_TYPES = types.ModuleType("pandera.typing.dask")
_NO_DASK_TYPES.DASK_INSTALLED = False  # type: ignore[attr-defined]
sys.modules.setdefault("pandera.typing.dask", _NO_DASK_TYPES)

import pandera.pandas as pa  # noqa: E402
import pyarrow as pa_arrow  # noqa: E402
from pandera.engines.pandas_engine import Date  # noqa: E402
from pandera.typing import Series  # noqa: E402

from extractors.model.printed_numbers import MAX_YEAR, MIN_YEAR  # noqa: E402
from extractors.structure.crime_stats import crime_rate_columns, crime_stat_columns  # noqa: E402

SEVERITIES = ("error", "warning", "info")
# A period is a year, a month, a day, or a span of years: "2019", "2019-06", "2019-06-01", "2017/2020".
PERIOD_PATTERN = r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?|/\d{4})?$"

_STRINGS = {"metadata": {"arrow": pa_arrow.list_(pa_arrow.string())}}
_SPAN = pa_arrow.struct([("start", pa_arrow.int64()), ("end", pa_arrow.int64())])
_SPANS = {"metadata": {"arrow": pa_arrow.list_(_SPAN)}}  # the places a value was compared with
_DOC_ID = {"str_matches": r"^[0-9a-f]{16}$"}


def _offset(**kwargs: object) -> object:
    return pa.Field(ge=0, **kwargs)


def _page() -> object:
    return pa.Field(nullable=True, ge=1)


class DocumentsModel(pa.DataFrameModel):
    doc_id: Series[str] = pa.Field(**_DOC_ID)
    source: Series[str]
    title: Series[str] = pa.Field(nullable=True)
    site: Series[str] = pa.Field(nullable=True)
    state: Series[str] = pa.Field(nullable=True)
    kind: Series[str] = pa.Field(isin=["pdf", "text"])
    pages: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    status: Series[str] = pa.Field(isin=["ok", "quarantined"])
    error: Series[str] = pa.Field(nullable=True)  # why a file was quarantined
    stage: Series[str] = pa.Field(nullable=True)  # the stage that failed ("load", "extract", ...)
    warnings: Series[object] = pa.Field(**_STRINGS)  # problems met while reading the file
    bytes: Series[pd.Int64Dtype] = pa.Field(ge=0)
    pipeline_version: Series[str]
    ingested_at: Series[pd.DatetimeTZDtype] = pa.Field(dtype_kwargs={"unit": "us", "tz": "UTC"})
    ocr: Series[bool]  # text read by OCR (`psp ingest --ocr`) rather than from a text layer
    duplicates: Series[object] = pa.Field(**_STRINGS)  # other files in raw/ with the same bytes
    site_override: Series[str] = pa.Field(nullable=True)  # the site and state given in raw/sites.yaml
    state_override: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True

    @pa.dataframe_check(name="quarantined_documents_have_a_reason")
    def quarantine_reason(cls, frame: pd.DataFrame) -> Series[bool]:  # noqa: N805
        return (frame["status"] != "quarantined") | frame["error"].notna()


class TablesModel(pa.DataFrameModel):
    doc_id: Series[str]
    table_id: Series[str]
    caption: Series[str] = pa.Field(nullable=True)
    source_note: Series[str] = pa.Field(nullable=True)
    page: Series[pd.Int64Dtype] = _page()
    n_rows: Series[int] = pa.Field(ge=0)
    n_cols: Series[int] = pa.Field(ge=1)
    columns: Series[object] = pa.Field(**_STRINGS)
    start: Series[int] = _offset()
    end: Series[int] = _offset()

    class Config:
        strict = True
        unique = ["doc_id", "table_id"]


class TableCellsModel(pa.DataFrameModel):
    doc_id: Series[str]
    table_id: Series[str]
    row: Series[int] = pa.Field(ge=0)
    column: Series[str]
    column_index: Series[int] = pa.Field(ge=0)
    raw: Series[str]
    value: Series[float] = pa.Field(nullable=True)
    start: Series[int] = _offset()
    end: Series[int] = _offset()
    page: Series[pd.Int64Dtype] = _page()
    x0: Series[float] = pa.Field(nullable=True)  # the cell's box on a PDF page, in PDF points
    top: Series[float] = pa.Field(nullable=True)
    x1: Series[float] = pa.Field(nullable=True)
    bottom: Series[float] = pa.Field(nullable=True)
    footnote: Series[str] = pa.Field(nullable=True)  # footnote calls printed in the cell

    class Config:
        strict = True
        unique = ["doc_id", "table_id", "row", "column_index"]


def _crime_stats_model() -> type[pa.DataFrameModel]:
    """The crime_stats model: its count and rate columns are the vocabulary's, so it is built from it."""
    annotations: dict[str, object] = {"doc_id": Series[str], "site": Series[str], "state": Series[str],
                                      "table_id": Series[str], "year": Series[int]}
    # the state tells two Springfields apart
    fields: dict[str, object] = {"site": pa.Field(nullable=True), "state": pa.Field(nullable=True),
                                 "year": pa.Field(ge=MIN_YEAR, le=MAX_YEAR)}
    for name in crime_stat_columns():
        annotations[name], fields[name] = Series[pd.Int64Dtype], pa.Field(nullable=True, ge=0)
    for name in crime_rate_columns():
        annotations[name], fields[name] = Series[float], pa.Field(nullable=True, ge=0)
    annotations.update(start=Series[int], end=Series[int], page=Series[pd.Int64Dtype])
    fields.update(start=_offset(), end=_offset(), page=_page())

    class Config:
        strict = True
        unique = ["doc_id", "table_id", "year"]

    namespace = {"__annotations__": annotations, "__module__": __name__, "Config": Config, **fields}
    return type("CrimeStatsModel", (pa.DataFrameModel,), namespace)


CrimeStatsModel = _crime_stats_model()


class FiguresModel(pa.DataFrameModel):
    doc_id: Series[str]
    figure_id: Series[str]
    caption: Series[str] = pa.Field(str_length={"min_value": 1})
    source_note: Series[str] = pa.Field(nullable=True)
    has_data: Series[bool]
    start: Series[int] = _offset()
    end: Series[int] = _offset()
    page: Series[pd.Int64Dtype] = _page()

    class Config:
        strict = True


class FootnotesModel(pa.DataFrameModel):
    doc_id: Series[str]
    number: Series[int] = pa.Field(ge=1)
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    urls: Series[object] = pa.Field(**_STRINGS)
    retrieved: Series[Date] = pa.Field(nullable=True)
    referenced: Series[bool]
    start: Series[int] = _offset()
    end: Series[int] = _offset()
    page: Series[pd.Int64Dtype] = _page()

    class Config:
        strict = True
        # numbering may restart (per chapter, per table's notes), so a number alone is no key
        unique = ["doc_id", "number", "start"]


class FootnoteRefsModel(pa.DataFrameModel):
    doc_id: Series[str]
    number: Series[int] = pa.Field(ge=1)
    start: Series[int] = _offset()
    end: Series[int] = _offset()
    page: Series[pd.Int64Dtype] = _page()

    class Config:
        strict = True

    @pa.dataframe_check(name="span_is_not_empty")
    def span(cls, frame: pd.DataFrame) -> Series[bool]:  # noqa: N805
        return frame["end"] > frame["start"]


class EntitiesModel(pa.DataFrameModel):
    doc_id: Series[str]
    text: Series[str] = pa.Field(str_length={"min_value": 1})
    label: Series[str]
    canonical: Series[str]
    start: Series[int] = _offset()
    end: Series[int] = _offset()
    page: Series[pd.Int64Dtype] = _page()

    class Config:
        strict = True


class ClaimsModel(pa.DataFrameModel):
    doc_id: Series[str]
    claim_id: Series[str]
    value: Series[float]
    unit: Series[str]
    measure: Series[str] = pa.Field(nullable=True)
    period: Series[str] = pa.Field(nullable=True, str_matches=PERIOD_PATTERN)
    change: Series[str] = pa.Field(nullable=True, isin=["increase", "decrease", "above", "below"])
    qualifier: Series[str] = pa.Field(nullable=True)
    footnote: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1)
    sentence: Series[str]
    start: Series[int] = _offset()
    end: Series[int] = _offset()
    page: Series[pd.Int64Dtype] = _page()
    paragraph: Series[int] = _offset()  # offset of the prose block the claim is in
    role: Series[str] = pa.Field(nullable=True, isin=["share", "part", "range", "modifier", "rank"])
    whole: Series[str] = pa.Field(nullable=True)  # claim_id of the whole a part belongs to
    period_source: Series[str] = pa.Field(nullable=True, isin=["sentence", "paragraph"])

    class Config:
        strict = True
        unique = ["doc_id", "claim_id"]


class ValidationModel(pa.DataFrameModel):
    doc_id: Series[str]
    finding_id: Series[str] = pa.Field(unique=True)
    check: Series[str] = pa.Field(str_matches=r"^[a-z_]+(\.[a-z_]+)+$")
    severity: Series[str] = pa.Field(isin=list(SEVERITIES))
    dataset: Series[str]
    table_id: Series[str] = pa.Field(nullable=True)
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    claim_id: Series[str] = pa.Field(nullable=True)
    footnote: Series[pd.Int64Dtype] = pa.Field(nullable=True)
    expected: Series[str]
    observed: Series[str]
    message: Series[str] = pa.Field(str_length={"min_value": 10})
    waived: Series[bool]
    waiver_reason: Series[str] = pa.Field(nullable=True)
    place: Series[str]
    start: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    end: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    page: Series[pd.Int64Dtype] = _page()
    x0: Series[float] = pa.Field(nullable=True)  # the box of the place on a PDF page
    top: Series[float] = pa.Field(nullable=True)
    x1: Series[float] = pa.Field(nullable=True)
    bottom: Series[float] = pa.Field(nullable=True)
    compared: Series[object] = pa.Field(**_SPANS)

    class Config:
        strict = True


_ARROW_TYPES = {
    "int64": pa_arrow.int64(), "Int64": pa_arrow.int64(), "float64": pa_arrow.float64(), "bool": pa_arrow.bool_(),
    "str": pa_arrow.string(), "string": pa_arrow.string(), "date": pa_arrow.date32(),
}


def arrow_schema(model: type[pa.DataFrameModel]) -> pa_arrow.Schema:
    """The stored columns of a model, in its order, without the partition key doc_id."""
    fields = []
    for name, column in model.to_schema().columns.items():
        if name == "doc_id":
            continue
        dtype = column.dtype.type if hasattr(column.dtype, "type") else None
        declared = (column.metadata or {}).get("arrow")
        if declared is None and isinstance(dtype, pd.DatetimeTZDtype):
            declared = pa_arrow.timestamp(dtype.unit, tz=str(dtype.tz))
        if declared is None:
            declared = _ARROW_TYPES[str(column.dtype).split("[")[0]]
        fields.append(pa_arrow.field(name, declared))
    return pa_arrow.schema(fields)


@dataclass(frozen=True)
class Dataset:
    name: str
    model: type[pa.DataFrameModel]

    @cached_property
    def arrow(self) -> pa_arrow.Schema:
        return arrow_schema(self.model)


DATASETS: dict[str, Dataset] = {
    dataset.name: dataset
    for dataset in [
        Dataset("documents", DocumentsModel),
        Dataset("tables", TablesModel),
        Dataset("table_cells", TableCellsModel),
        Dataset("crime_stats", CrimeStatsModel),
        Dataset("figures", FiguresModel),
        Dataset("footnotes", FootnotesModel),
        Dataset("footnote_refs", FootnoteRefsModel),
        Dataset("entities", EntitiesModel),
        Dataset("claims", ClaimsModel),
        Dataset("validation", ValidationModel),
    ]
}
