"""A PDF of a text case study, laid out from the document's structure (for the PDF-vs-text test).

The text is normalized with the real loader and normalizer, so the spec follows what the
pipeline itself sees: the title, headings as sections, paragraphs and list items, each
table with its caption and source note, figure captions, and footnote bodies by number.
Superscript footnote calls become the builder's "[^n]" calls, so each body is printed at
the bottom of the page where its call lands. One section is laid out in two columns, and
each table is forced to continue onto a second page with its header repeated.
"""

from __future__ import annotations

import re
from pathlib import Path

from extractors.layout.normalize import FOOTNOTE_BODY, loaded_to_normalized
from extractors.load.text import text_bytes_to_document
from extractors.model.document import Block as DocBlock
from extractors.model.document import NormalizedDocument
from extractors.model.printed_numbers import SUPERSCRIPT_RUN, from_superscript
from extractors.vocab.vocabulary import vocabulary
from tests.pdf_builder import (
    Block,
    CaseStudySpec,
    FigureSpec,
    ListItem,
    Section,
    TableSpec,
    build_case_study_pdf,
)


def _with_calls(text: str) -> str:
    """Superscript calls ("budgeted).²") in the builder's call syntax ("budgeted).[^2]")."""
    return SUPERSCRIPT_RUN.sub(lambda m: f"[^{from_superscript(m.group())}]", text)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _table(
    doc: NormalizedDocument, blocks: list[DocBlock], start: int, break_after: int | None
) -> tuple[TableSpec, int]:
    """The table whose caption (or first row) is blocks[start]; returns it and the next index."""
    caption = None
    if blocks[start].kind == "table_caption":
        caption = _flat(doc.block_text(blocks[start]))
        start += 1
    rows: list[list[str]] = []
    while start < len(blocks) and blocks[start].kind == "table_row":
        rows.append([_with_calls(cell.strip()) for cell in doc.block_text(blocks[start]).split("\t")])
        start += 1
    source = None
    if start < len(blocks) and blocks[start].kind == "source_note":
        source = _flat(doc.block_text(blocks[start]))
        start += 1
    header, *body = rows
    forced = break_after if break_after is not None and 0 < break_after < len(body) else None
    return TableSpec(header=header, rows=body, caption=caption, source=source, break_after_rows=forced), start


def document_to_spec(
    doc: NormalizedDocument, *, two_column: str | None = None, break_tables_after: int | None = 3
) -> CaseStudySpec:
    """A builder spec from the blocks of a normalized document.

    `two_column` names the heading of the section laid out in two columns;
    `break_tables_after` forces every table onto a second page after that many rows.
    """
    blocks = list(doc.blocks)
    title = ""
    footnotes: dict[int, str] = {}
    sections: list[Section] = [Section(None)]
    index = 0
    while index < len(blocks):
        block = blocks[index]
        text = doc.block_text(block)
        current = sections[-1].blocks
        index += 1
        if block.kind == "title" and not title:
            title = _flat(text)
        elif block.kind in ("title", "heading"):
            heading = _flat(text)
            sections.append(Section(heading, two_column=heading == two_column))
        elif block.kind == "footnote":
            match = FOOTNOTE_BODY.match(text)
            assert match is not None
            footnotes[int(from_superscript(match.group(1)))] = _flat(text[match.end(1) :])
        elif block.kind in ("table_caption", "table_row"):
            table, index = _table(doc, blocks, index - 1, break_tables_after)
            current.append(table)
        elif block.kind == "figure_caption":
            source = None
            if index < len(blocks) and blocks[index].kind == "source_note":
                source = _flat(doc.block_text(blocks[index]))
                index += 1
            current.append(FigureSpec(caption=_flat(text), source=source))
        elif block.kind == "list_item":
            current.append(ListItem(_with_calls(_flat(text).removeprefix("- "))))
        else:  # paragraph, or a source note that belongs to no table
            current.append(_with_calls(_flat(text)))
    return CaseStudySpec(title=title, sections=[s for s in sections if s.heading or s.blocks], footnotes=footnotes)


def text_to_case_study_pdf(
    data: bytes, path: Path, *, two_column: str | None = None, break_tables_after: int | None = 3
) -> tuple[Path, CaseStudySpec]:
    """Write the PDF of a text case study at `path`; returns the path and the spec it was drawn from."""
    doc = loaded_to_normalized(text_bytes_to_document(data), vocabulary())
    spec = document_to_spec(doc, two_column=two_column, break_tables_after=break_tables_after)
    return build_case_study_pdf(spec, path), spec


def spec_blocks(spec: CaseStudySpec) -> list[Block]:
    """Every block of the spec in order (for assertions on what was drawn)."""
    return [block for section in spec.sections for block in section.blocks]
