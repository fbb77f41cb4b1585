"""Structured errors: every failure names the document, the stage and a reason a person understands.

Only the CLI turns these into one-line messages; everything else passes them on as data.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ExtractionError(Exception):
    """A document could not be read; it is quarantined with `reason`."""

    stage: str
    reason: str
    document: str | None = None

    def __post_init__(self) -> None:
        super().__init__(self.reason)

    def __str__(self) -> str:
        where = f"{self.document}: " if self.document else ""
        return f"{where}{self.stage}: {self.reason}"
