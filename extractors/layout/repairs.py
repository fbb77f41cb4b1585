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
    notes_list_edits,
    page_bottom_note_edits,
    spaced_call_edits,
)
from extractors.layout.table_layouts import aligned_column_edits, flattened_table_edits, pipe_table_edits
from extractors.layout.text_repairs import glued_heading_edits, glued_word_edits, run_repairs
from extractors.vocab.vocabulary import Vocabulary


def repair_layout(
    clean: str, offsets: list[int], vocab: Vocabulary, known_words: frozenset[str]
) -> tuple[str, list[int]]:
    """The clean text and its source map, with every layout repair applied."""
    return run_repairs(
        clean,
        offsets,
        [
            pipe_table_edits,
            aligned_column_edits,
            flattened_table_edits,
            glued_heading_edits,
            lambda text: notes_list_edits(text, vocab),
            bracket_body_edits,
            page_bottom_note_edits,
            bracket_call_edits,
            spaced_call_edits,
            lambda text: glued_word_edits(text, known_words),
        ],
    )
