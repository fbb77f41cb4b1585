"""Numeric claims stated in prose: every quantity, with what it counts, when, and its source.

Numbers are found token by token in the parsed prose (digits and number words), units and
qualifiers are read around them with the grammar of `grammar.py`, and what is counted comes
from the dependency parse (`measures.py`). Dates, years, footnote calls, labels
("Table 2") and URL digits are not claims; table cells never reach prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractors.claims.grammar import ClaimVocabulary, DateMention, find_dates, word_pattern
from extractors.claims.measures import change_of, coordinated_change, measure_of, relations
from extractors.claims.quantities import Quantity, read_quantities
from extractors.model.document import NormalizedDocument
from extractors.model.printed_numbers import SUPERSCRIPT_DIGITS, SUPERSCRIPT_RUN, from_superscript
from extractors.model.records import Claim
from extractors.nlp.prose import ProseBlock

if TYPE_CHECKING:  # spaCy types only: the flow unpickles these records without loading spaCy
    from spacy.tokens import Doc, Span


@dataclass
class _Draft:
    """A claim being assembled; frozen into a Claim once footnotes and relations are known."""

    quantity: Quantity
    measure: str | None
    change: str | None
    period: str | None
    period_source: str | None
    sentence: tuple[int, int]
    paragraph: int
    footnote: int | None = None
    role: str | None = None
    whole: int | None = None  # index of the whole in the drafts

    @property
    def start(self) -> int:
        return self.quantity.start

    @property
    def end(self) -> int:
        return self.quantity.end


def _sentence_bounds(doc: NormalizedDocument, block: ProseBlock, sent: Span) -> tuple[int, int]:
    start = block.start + sent.start_char
    end = block.start + sent.end_char
    while end < block.block.end and doc.text[end] in SUPERSCRIPT_DIGITS:
        end += 1
    return start, end


def _period(
    claim_start: int, claim_end: int, dates: list[DateMention], offset: int, text: str
) -> tuple[str | None, bool]:
    """The period a sentence anchors a claim to: a date right after it, else the sentence's first."""
    outside = [d for d in dates if not (d.start < claim_end - offset and claim_start - offset < d.end)]
    for mention in outside:
        gap = text[claim_end - offset : mention.start]
        after = mention.start >= claim_end - offset
        if after and len(gap) <= 30 and not re.search(r"[,;]\s", gap) and not mention.baseline:
            return mention.iso, True
    anchors = [d for d in outside if not d.baseline]
    return (anchors[0].iso, True) if anchors else (None, False)


def _present(text: str, vocab: ClaimVocabulary) -> bool:
    return word_pattern(vocab.present_cues).search(text.lower()) is not None


def _block_drafts(
    doc: NormalizedDocument, block: ProseBlock, parsed: Doc, vocab: ClaimVocabulary
) -> tuple[list[_Draft], list[tuple[int, int]]]:
    drafts: list[_Draft] = []
    bounds = [_sentence_bounds(doc, block, sent) for sent in parsed.sents]
    carried: str | None = None
    for sent in parsed.sents:
        sent_text = block.text[sent.start_char : sent.end_char]
        dates = find_dates(sent_text, vocab)
        quantities = read_quantities(sent, dates, vocab, block.start)
        first = len(drafts)
        for quantity in quantities:
            period, stated = _period(quantity.start, quantity.end, dates, block.start + sent.start_char, sent_text)
            source = "sentence" if stated else None
            if period is None and carried and not _present(sent_text, vocab):
                period, source = carried, "paragraph"
            previous = [(d.quantity, d.measure) for d in drafts[first:]]
            change = change_of(quantity, sent, vocab)
            if change is None and len(drafts) > first and drafts[-1].change:
                change = coordinated_change(quantity, drafts[-1].quantity, drafts[-1].change, sent)
            drafts.append(
                _Draft(
                    quantity=quantity,
                    measure=measure_of(quantity, sent, previous, vocab),
                    change=change,
                    period=period,
                    period_source=source,
                    sentence=_sentence_bounds(doc, block, sent),
                    paragraph=block.start,
                )
            )
        anchors = [d for d in dates if not d.baseline]
        if anchors:
            carried = anchors[0].iso
        elif dates and _present(sent_text, vocab):
            carried = None
    return drafts, bounds


def _attach_footnotes(
    doc: NormalizedDocument, block: ProseBlock, drafts: list[_Draft], sentences: list[tuple[int, int]]
) -> None:
    """Give each footnote call to the claim it is glued to, or to the last claim of its sentence."""
    if block.block.kind == "footnote":
        return
    for match in SUPERSCRIPT_RUN.finditer(doc.text, block.start, block.block.end):
        number = int(from_superscript(match.group()))
        position = match.start()
        owning = [s for s in sentences if s[0] <= position]
        if not owning:
            continue
        sentence = owning[-1]
        candidates = [d for d in drafts if d.sentence == sentence and d.end <= position]
        if not candidates:
            continue
        target = None
        glued = [d for d in candidates if re.fullmatch(r"[.,;:)%\]]*", doc.text[d.end : position])]
        later = [s[0] for s in sentences if s[0] > position]
        tail = doc.text[match.end() : later[0] if later else block.block.end]
        if glued:
            target = glued[-1]
        elif re.fullmatch(r"[\s.,;:)\]\"'\u201d\u2019]*", tail):
            principal = [d for d in candidates if d.role != "modifier" and d.quantity.role != "modifier"]
            target = (principal or candidates)[-1]
        else:
            between = doc.text[candidates[-1].end : position]
            if len(between.split()) <= 4 and not re.search(r"[,;:]", between):
                target = candidates[-1]
        if target is not None and target.footnote is None:
            target.footnote = number


def _freeze(doc: NormalizedDocument, drafts: list[_Draft]) -> list[Claim]:
    ids = [f"c{d.start}" for d in drafts]
    claims = []
    for draft in drafts:
        q = draft.quantity
        sentence = doc.text[draft.sentence[0] : draft.sentence[1]]
        claims.append(
            Claim(
                claim_id=f"c{q.start}",
                value=q.value,
                unit=q.unit,
                measure=draft.measure,
                period=draft.period,
                change=draft.change,
                qualifier=q.qualifier,
                footnote=draft.footnote,
                sentence=re.sub(r"\s+", " ", sentence).strip(),
                start=q.start,
                end=q.end,
                page=doc.page_at(q.start),
                paragraph=draft.paragraph,
                role=draft.role or q.role,
                whole=ids[draft.whole] if draft.whole is not None else None,
                period_source=draft.period_source,
            )
        )
    return claims


def prose_to_claims(
    doc: NormalizedDocument, prose: list[ProseBlock], parsed: list[Doc], vocab: ClaimVocabulary
) -> list[Claim]:
    """Every quantity stated in the prose blocks, in document order (pure: no I/O, no model)."""
    drafts: list[_Draft] = []
    for block, parsed_block in zip(prose, parsed, strict=True):
        block_drafts, sentences = _block_drafts(doc, block, parsed_block, vocab)
        relations(block_drafts, doc.text, vocab)
        _attach_footnotes(doc, block, block_drafts, sentences)
        offset = len(drafts)
        for draft in block_drafts:
            if draft.whole is not None:
                draft.whole += offset
        drafts.extend(block_drafts)
    return _freeze(doc, drafts)
