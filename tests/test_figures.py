"""Figures (`extractors.structure.figures`) from the blocks of a normalized document made here."""

from __future__ import annotations

from extractors.model.document import Block, NormalizedDocument
from extractors.model.records import Figure
from extractors.structure.figures import document_to_figures
from extractors.vocab.vocabulary import vocabulary


def blocks_doc(*parts: tuple[str, str], page: int | None = 3) -> NormalizedDocument:
    """A normalized document of the given (kind, text) blocks, one blank line between them."""
    text, blocks = "", []
    for kind, part in parts:
        start = len(text) + (2 if text else 0)
        text = f"{text}\n\n{part}" if text else part
        blocks.append(Block(kind, start, len(text), page))  # type: ignore[arg-type]
    return NormalizedDocument(text, tuple(blocks), tuple(range(len(text))), (0,), (page,))


def test_a_caption_with_its_source_note_and_no_data() -> None:
    doc = blocks_doc(
        ("paragraph", "Crime fell over three years."),
        ("figure_caption", "Figure 1: Violent crime by year, 2019-2021"),
        ("source_note", "Source: City Police Department."),
        ("paragraph", "Arrests rose."),
    )
    caption = doc.blocks[1]
    assert document_to_figures(doc, vocabulary()) == [
        Figure("Figure 1", "Violent crime by year, 2019-2021", "City Police Department", False, 3,
               caption.start, caption.end),
    ]


def test_a_figure_with_its_rows_has_data_also_after_its_source_note() -> None:
    doc = blocks_doc(
        ("figure_caption", "Chart 2 - Arrests per month"),
        ("table_row", "Month\tArrests"),
        ("figure_caption", "Graph 3. Calls for service"),
        ("source_note", "Sources: CAD system"),
        ("table_row", "Year\tCalls"),
    )
    figures = document_to_figures(doc, vocabulary())
    assert [(f.figure_id, f.caption, f.source_note, f.has_data) for f in figures] == [
        ("Chart 2", "Arrests per month", None, True),
        ("Graph 3", "Calls for service", "CAD system", True),
    ]


def test_only_figure_captions_the_vocabulary_reads_are_figures() -> None:
    doc = blocks_doc(
        ("figure_caption", "Figures show the trend"),  # no number: the caption pattern does not match
        ("paragraph", "Figure 4: a sentence is no caption block"),
        ("figure_caption", "Map 5: Districts"),
    )
    assert [f.figure_id for f in document_to_figures(doc, vocabulary())] == ["Map 5"]
