"""Title, site and state from the forms case-study titles take."""

from __future__ import annotations

import re

from extractors.model.document import NormalizedDocument
from extractors.model.records import DocumentFacts
from extractors.vocab.vocabulary import vocabulary

_SMALL_WORDS = {"of", "and", "the", "in", "for", "on", "at", "to", "a", "an"}


def display_case(text: str) -> str:
    """Title case for text printed in capitals ("CASE STUDY SPRINGFIELD" -> "Case Study Springfield")."""
    if any(char.islower() for char in text):
        return text
    words = re.split(r"(\s+)", text.lower())
    out = []
    for index, word in enumerate(words):
        if word.strip() and (index == 0 or word not in _SMALL_WORDS):
            word = word[:1].upper() + word[1:]
        out.append(word)
    return "".join(out)


def text_to_site(text: str) -> tuple[str, str] | None:
    """(city, state) when a line reads like "Case Study: Milwaukee, Wisconsin" or "Memphis, TN"."""
    vocab = vocabulary()
    for pattern in vocab.site_patterns:
        match = pattern.match(text)
        if not match:
            continue
        state = vocab.state_name(match.group("state"))
        city = match.group("city").strip()
        if state and city and len(city.split()) <= 4:
            return display_case(city), state
    return None


def document_to_facts(doc: NormalizedDocument, *, candidates: int = 4) -> DocumentFacts:
    """The title is the first title/heading block; the site comes from the first line naming one."""
    heads = [b for b in doc.blocks[: candidates * 2] if b.kind in ("title", "heading", "paragraph")][:candidates]
    title = next((display_case(doc.block_text(b)) for b in heads if b.kind == "title"), None)
    for block in heads:
        for line in doc.block_text(block).split("\n"):
            site = text_to_site(line)
            if site:
                return DocumentFacts(title or display_case(line), *site)
    return DocumentFacts(title, None, None)
