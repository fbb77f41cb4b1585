"""A page set in three columns, each with its own notes right under its text above a table that
spans the page (as multi-column government reports print them), reads column by column, each
column's notes as notes (beside another column's running text, they are no page-bottom block)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from extractors.layout.normalize import loaded_to_normalized
from extractors.load.pdf import pdf_bytes_to_document
from extractors.model.printed_numbers import to_superscript
from extractors.structure.footnotes import document_to_footnote_refs, document_to_footnotes
from extractors.vocab.vocabulary import vocabulary
from tests.pdf_builder import CaseStudySpec, Section, TableSpec, build_case_study_pdf

COLUMNS = [
    "The first column opens the report with the count of residents who reported a disability "
    "in the survey year, a count drawn from the household sample.[^1] It goes on for some lines more, "
    "past the foot of the other two columns, so their notes are printed beside its running text.",
    "The second column turns to severe disability and the share of people who needed help with "
    "daily activities, a share that grew with age.[^2]",
    "The third column closes with the groups living in nursing homes, who are left out of the "
    "household sample and so out of these counts.[^3]",
]
NOTES = {
    1: "Household sample of the survey, second wave.",
    2: "Activities of daily living as defined in the survey.",
    3: "Group quarters population, from the census tables.",
}


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    table = TableSpec(header=["Group", "2005", "2010"], rows=[["All ages", "291,099", "303,858"],
                                                              ["With a disability", "54,425", "56,672"]])
    spec = CaseStudySpec(
        title="DISABILITY IN THE UNITED STATES",
        footnotes=NOTES,
        sections=[Section("HIGHLIGHTS", COLUMNS, columns=3), Section(None, [table])],
    )
    return build_case_study_pdf(spec, tmp_path_factory.mktemp("pdf") / "columns.pdf")


@pytest.fixture(scope="module")
def page_text(pdf: Path) -> str:
    return pdf_bytes_to_document(pdf.read_bytes()).pages[0].text


def _paragraphs(page_text: str) -> list[str]:
    return [" ".join(p.split()) for p in page_text.split("\n\n")]


def _printed(text: str) -> str:
    return re.sub(r"\[\^(\d)\]", lambda m: to_superscript(m.group(1)), text)


def test_the_three_columns_are_read_one_after_another(page_text: str) -> None:
    paragraphs = _paragraphs(page_text)
    at = [paragraphs.index(_printed(column)) for column in COLUMNS]
    assert at == sorted(at)


def test_each_columns_notes_are_notes_not_body_text(page_text: str) -> None:
    paragraphs = _paragraphs(page_text)
    notes = [f"{to_superscript(str(n))} {body}" for n, body in NOTES.items()]
    assert sorted(p for p in paragraphs if p in notes) == sorted(notes)
    assert not any(body in p for p in paragraphs if p not in notes for body in NOTES.values())


def test_every_call_finds_its_note(pdf: Path) -> None:
    doc = loaded_to_normalized(pdf_bytes_to_document(pdf.read_bytes()), vocabulary())
    notes = document_to_footnotes(doc, document_to_footnote_refs(doc), vocabulary())
    assert [(n.number, n.text, n.referenced) for n in notes] == [(k, v, True) for k, v in NOTES.items()]
