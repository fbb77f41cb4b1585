"""Synthetic case studies as PDFs, drawn with the tests' reportlab builder (running header, page
numbers, page-bottom footnotes, a ruled table broken across pages, one two-column section)."""

from __future__ import annotations

from pathlib import Path

from benchmarks.corpus import SyntheticDocument
from tests.case_study_pdf import text_to_case_study_pdf


def text_to_pdf(document: SyntheticDocument, path: Path) -> Path:
    return text_to_case_study_pdf(document.text.encode("utf-8"), path, two_column="KEY LESSONS")[0]
