"""A dataset's rows as plain named tuples, made once per read and grouped by document.

The report walks every cell, entity and claim of every document: pandas' per-row and per-column
access (boolean filters, Series iteration over Arrow-backed columns) cost far more than the HTML.
Each column is turned into a Python list once (`Series.tolist`, so the values are those pandas
gives: missing strings as NaN, missing integers as pd.NA) and the report works on the rows.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Sequence
from functools import cache
from typing import Any

import numpy as np
import pandas as pd


@cache
def _row_type(columns: tuple[str, ...]) -> type:
    return namedtuple("Row", columns, rename=True)


def rows_of(frame: pd.DataFrame) -> list[Any]:
    """The frame's rows as named tuples of plain values, in the frame's order."""
    make = _row_type(tuple(frame.columns))._make
    return list(map(make, zip(*(frame[column].tolist() for column in frame.columns), strict=True)))


def rows_by_document(frame: pd.DataFrame) -> dict[str, list[Any]]:
    """doc_id -> its rows, in the frame's order: what `groupby("doc_id")` gives, without a frame per group."""
    grouped: dict[str, list[Any]] = {}
    for row in rows_of(frame):
        grouped.setdefault(row.doc_id, []).append(row)
    return grouped


def is_missing(value: object) -> bool:
    """A missing scalar of any reader: None, NaN or pd.NA (what `pd.isna` says of a scalar)."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def same(value: object, other: object) -> bool:
    """`==` as a pandas filter reads it: a missing value equals nothing."""
    return not is_missing(value) and not is_missing(other) and bool(value == other)


def sorted_rows(rows: Sequence[Any], column: str) -> list[Any]:
    """The rows in the order `sort_values(column)` gives (numpy's quicksort, missing last), so rows
    with equal keys come out as they always have."""
    present = [row for row in rows if not is_missing(getattr(row, column))]
    missing = [row for row in rows if is_missing(getattr(row, column))]
    keys = np.array([getattr(row, column) for row in present])
    return [present[i] for i in np.argsort(keys, kind="quicksort")] + missing
