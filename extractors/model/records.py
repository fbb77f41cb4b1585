"""Typed records passed between stages; one class per output row kind.

Every record that points into the document carries `start`/`end` (offsets into the
normalized text) and `page`, so a reviewer can jump to the source.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Cell:
    row: int  # 0-based data row; -1 for the header
    column: str
    column_index: int
    raw: str  # as printed, marks included ("3,707a")
    value: float | None  # the number, marks and footnote calls aside (3707.0)
    start: int
    end: int
    page: int | None = None
    x0: float | None = None  # the cell's box on a PDF page, in PDF points (None for text)
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    footnote: str | None = None  # a footnote call or mark glued to the cell ("a", "2", "*")


@dataclass(frozen=True)
class Table:
    table_id: str
    caption: str | None
    source_note: str | None
    page: int | None
    columns: tuple[str, ...]
    cells: tuple[Cell, ...]  # data cells only, row-major
    start: int
    end: int

    @property
    def n_rows(self) -> int:
        return 1 + max((cell.row for cell in self.cells), default=-1)

    @property
    def n_cols(self) -> int:
        return len(self.columns)

    def rows(self) -> list[list[Cell]]:
        grid: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in self.cells:
            grid[cell.row].append(cell)
        return grid


@dataclass(frozen=True)
class CrimeStat:
    table_id: str
    year: int
    values: dict[str, int | float | None]  # canonical column -> count ("<offense>_rate" -> printed rate)
    start: int
    end: int
    page: int | None
    cells: dict[str, tuple[int, int]] = field(default_factory=dict)  # canonical column -> its cell's start, end


@dataclass(frozen=True)
class Figure:
    figure_id: str
    caption: str
    source_note: str | None
    has_data: bool
    page: int | None
    start: int
    end: int


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str
    urls: tuple[str, ...]
    retrieved: dt.date | None
    referenced: bool
    page: int | None
    start: int
    end: int


@dataclass(frozen=True)
class FootnoteRef:
    number: int
    start: int
    end: int
    page: int | None


@dataclass(frozen=True)
class DocumentFacts:
    title: str | None
    site: str | None
    state: str | None


@dataclass(frozen=True)
class Finding:
    """One result of a check, in the shape of a `validation` row."""

    check: str
    severity: str  # "error", "warning", "info"
    dataset: str
    expected: str
    observed: str
    message: str
    place: str  # stable description of where, used in the finding id
    table_id: str | None = None
    year: int | None = None
    claim_id: str | None = None
    footnote: int | None = None
    start: int | None = None  # the span of the value the finding is about (a cell, a claim, a call)
    end: int | None = None
    page: int | None = None
    x0: float | None = None  # the span's box on a PDF page, in PDF points (None for text)
    top: float | None = None
    x1: float | None = None
    bottom: float | None = None
    compared: tuple[tuple[int, int], ...] = ()  # spans of the values it was compared with (a total's parts)
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Entity:
    """One entity mention; `start`/`end` index `NormalizedDocument.text`."""

    text: str
    label: str
    canonical: str
    start: int
    end: int
    page: int | None


@dataclass(frozen=True)
class Claim:
    """One row of the `claims` dataset (contract fields first, then helpers for the checks)."""

    claim_id: str
    value: float
    unit: str
    measure: str | None
    period: str | None
    change: str | None
    qualifier: str | None
    footnote: int | None
    sentence: str
    start: int
    end: int
    page: int | None
    paragraph: int = 0  # document offset of the prose block the claim is in
    role: str | None = None  # "share", "part", "range", "modifier" (the "five" of "five-year"), "rank"
    whole: str | None = None  # claim_id of the whole a "part" belongs to
    period_source: str | None = None  # "sentence" (stated there) or "paragraph" (carried from before)
