"""Title, site and state from the title block of the first page, read with a gazetteer.

No list of title forms: every line of the title block (the title, its subtitle, a line
naming the site, in any order) is searched for a state of the gazetteer (a name, a postal
code or an abbreviation after a comma: "Memphis, TN", "Case Study: Lake Marren,
Wisconsin"). The place is the capitalised words before that comma, trimmed to the longest
ending the document itself prints again ("CASE STUDY BALTIMORE" -> "Baltimore"), else to
the place spaCy's entity recogniser finds there. A title that names no state gives its
first place entity (GPE) instead ("... in the United States").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractors.model.document import PROSE_KINDS, Block, NormalizedDocument
from extractors.model.records import DocumentFacts
from extractors.vocab.vocabulary import Vocabulary

if TYPE_CHECKING:  # spaCy types only: the flow unpickles these records without loading spaCy
    from spacy.tokens import Doc

_SMALL_WORDS = {"of", "and", "the", "in", "for", "on", "at", "to", "a", "an"}
TITLE_BLOCK_KINDS = ("title", "subtitle", "heading")
_TITLE_BLOCKS = 5
# capitalised words (and "of", "de", "la" between them) ending right before a comma
_PLACE_WORDS = re.compile(r"((?:[A-Z][\w.'\u2019-]*\s+(?:(?:of|de|la|du)\s+)?)*[A-Z][\w.'\u2019-]*)\s*$")


@dataclass(frozen=True)
class Place:
    site: str | None
    state: str | None


def display_case(text: str, keep: frozenset[str] = frozenset()) -> str:
    """Title case for text printed in capitals ("CASE STUDY SPRINGFIELD" -> "Case Study
    Springfield"); words in `keep` (acronyms the document prints in capitals) stay as printed."""
    if any(char.islower() for char in text):
        return text
    words = re.split(r"(\s+)", text)
    out = []
    for index, word in enumerate(words):
        if word.strip(".,:;()") in keep:
            out.append(word)
            continue
        word = word.lower()
        if word.strip() and (index == 0 or word not in _SMALL_WORDS):
            word = word[:1].upper() + word[1:]
        out.append(word)
    return "".join(out)


def _state_pattern(vocab: Vocabulary) -> re.Pattern[str]:
    """A state after a comma: its name (any case), its postal code (capitals) or abbreviation."""
    names = sorted((state.name for state in vocab.states), key=len, reverse=True)
    shorts = sorted((short for state in vocab.states for short in state.short), key=len, reverse=True)
    codes = sorted(state.code for state in vocab.states)
    return re.compile(
        r",\s*(?P<state>(?i:" + "|".join(map(re.escape, names)) + r")(?![\w])"
        r"|(?:" + "|".join(map(re.escape, shorts)) + r")(?!\w)"
        r"|(?:" + "|".join(codes) + r")(?![\w.]))"
    )


def _printed_again(phrase: str, body: str) -> bool:
    return bool(re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", body, re.IGNORECASE))


def _place_before(text: str, end: int, body: str, places: Sequence[tuple[int, int]]) -> str | None:
    """The place whose name ends at `end` (a comma): the longest ending of the capitalised
    words there that the body prints again, else a place entity ending there, else the words."""
    match = _PLACE_WORDS.search(text[:end])
    if not match:
        return None
    words = match.group(1).split()
    for size in range(len(words), 0, -1):
        phrase = " ".join(words[-size:])
        if _printed_again(phrase, body):
            return phrase
    entity = next((text[start:stop] for start, stop in places if stop == match.end(1)), None)
    return re.sub(r"^the\s+", "", entity, flags=re.IGNORECASE) if entity else match.group(1)


def line_to_place(
    line: str, body: str, vocab: Vocabulary, places: Sequence[tuple[int, int]] = ()
) -> Place | None:
    """The site and state a title line names, if it names one.

    `line` as printed, `body` the rest of the document (the evidence for where a place name
    starts), `places` the (start, end) spans of place entities (GPE) in the line.
    """
    for match in _state_pattern(vocab).finditer(line):
        state = vocab.state_name(match.group("state"))
        site = _place_before(line, match.start(), body, places)
        if state and site:
            return Place(display_case(site), state)
    for start, stop in places:
        name = re.sub(r"^the\s+", "", line[start:stop], flags=re.IGNORECASE)
        state = vocab.state_name(name)
        return Place(display_case(name), state)
    return None


def title_blocks(doc: NormalizedDocument) -> list[Block]:
    """The title block: the title and the headings and subtitles right under it."""
    blocks: list[Block] = []
    for block in doc.blocks:
        if block.kind not in TITLE_BLOCK_KINDS or (not blocks and block.kind != "title"):
            if blocks or block.kind not in ("heading", "paragraph"):
                break
            continue
        blocks.append(block)
        if len(blocks) == _TITLE_BLOCKS:
            break
    return blocks


def _acronyms(doc: NormalizedDocument) -> frozenset[str]:
    """Words the document's prose prints in capitals ("PSP"): a title in capitals keeps them."""
    prose = " ".join(doc.block_text(block) for block in doc.blocks_of(*PROSE_KINDS))
    return frozenset(re.findall(r"\b[A-Z]{2,5}\b", prose))


def document_to_facts(doc: NormalizedDocument, parsed_title: Sequence[Doc], vocab: Vocabulary) -> DocumentFacts:
    """Title, site and state. `parsed_title` holds the spaCy parses of `title_texts(doc)`."""
    blocks = title_blocks(doc)
    spans = {(block.start, block.end) for block in blocks}
    body = "\n".join(doc.block_text(b) for b in doc.blocks if (b.start, b.end) not in spans)
    keep = _acronyms(doc)
    lines = [doc.block_text(block) for block in blocks]
    for line, parsed in zip(lines, parsed_title, strict=False):
        places = [(e.start_char, e.end_char) for e in parsed.ents if e.label_ == "GPE"]
        place = line_to_place(line, body, vocab, places)
        if place is not None:
            return DocumentFacts(display_case(line, keep | {_code(vocab, place.state)}), place.site, place.state)
    return DocumentFacts(display_case(lines[0], keep) if lines else None, None, None)


def _code(vocab: Vocabulary, state: str | None) -> str:
    return next((s.code for s in vocab.states if s.name == state), "")


def title_texts(doc: NormalizedDocument) -> list[str]:
    """The title-block lines as spaCy should read them (capitals in title case)."""
    return [display_case(doc.block_text(block)) for block in title_blocks(doc)]
