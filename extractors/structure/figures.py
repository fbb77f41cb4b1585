"""Charts and figures, recorded by caption even when the text carries none of their data."""

from __future__ import annotations

from extractors.model.document import NormalizedDocument
from extractors.model.records import Figure
from extractors.vocab.vocabulary import Vocabulary


def document_to_figures(doc: NormalizedDocument, vocab: Vocabulary) -> list[Figure]:
    figures = []
    blocks = doc.blocks
    for index, block in enumerate(blocks):
        if block.kind != "figure_caption":
            continue
        match = vocab.figure_caption.match(doc.block_text(block))
        if not match:
            continue
        following = [b for b in blocks[index + 1 : index + 3]]
        source_note = None
        if following and following[0].kind == "source_note":
            note = vocab.source_note.match(doc.block_text(following[0]))
            source_note = note.group("note").strip().rstrip(".") if note else None
            following = following[1:]
        has_data = bool(following) and following[0].kind == "table_row"
        figures.append(
            Figure(
                figure_id=f"{match.group('kind')} {match.group('number')}",
                caption=match.group("caption").strip(),
                source_note=source_note,
                has_data=has_data,
                page=block.page,
                start=block.start,
                end=block.end,
            )
        )
    return figures
