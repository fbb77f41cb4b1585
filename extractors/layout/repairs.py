"""Text from other extractors brought to the page model before normalization reads it.

The order matters: tables first (so their separators are tabs before anything looks at
lines), then headings, then footnote styles (bodies before calls, since a call is only
taken for a footnote that has a body), then glued words. What a line is on its own (a
heading over its text, a title over its subtitle) is no repair: `layout.blocks` reads it.
"""

from __future__ import annotations

from extractors.layout.note_styles import (
    bracket_body_edits,
    bracket_call_edits,
    caption_note_edits,
    notes_list_edits,
    page_bottom_note_edits,
    parenthesized_note_edits,
    spaced_call_edits,
)
from extractors.layout.text_repairs import Edit, glued_heading_edits, glued_word_edits, run_repairs
from extractors.tables.flattened import flattened_table_edits
from extractors.tables.text import text_table_edits
from extractors.vocab.vocabulary import Vocabulary


def table_edits(text: str, vocab: Vocabulary) -> list[Edit]:
    """Tables (pipes, tabs, aligned columns) as the page model's tab rows."""
    return [Edit(e.start, e.end, e.text) for e in text_table_edits(text, vocab)]


def flattened_edits(text: str, vocab: Vocabulary) -> list[Edit]:
    """A table flattened onto one line, put back on the page model's tab rows."""
    return [Edit(e.start, e.end, e.text) for e in flattened_table_edits(text, vocab)]


def repair_layout(
    clean: str, offsets: list[int], vocab: Vocabulary, known_words: frozenset[str], *, tables: bool = True
) -> tuple[str, list[int]]:
    """The clean text and its source map, with every layout repair applied (`tables=False` for a
    loader that found the blocks, and so the tables: a PDF's word positions, a Markdown parse)."""
    return run_repairs(
        clean,
        offsets,
        [
            *([lambda text: flattened_edits(text, vocab), lambda text: table_edits(text, vocab)] if tables else []),
            glued_heading_edits,
            parenthesized_note_edits,
            lambda text: notes_list_edits(text, vocab),
            bracket_body_edits,
            page_bottom_note_edits,
            lambda text: caption_note_edits(text, vocab),
            bracket_call_edits,
            spaced_call_edits,
            lambda text: glued_word_edits(text, known_words),
        ],
    )
