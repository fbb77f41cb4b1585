"""The spaCy pipeline, built once per process (tasks ask for it; they are never handed one)."""

from __future__ import annotations

from functools import cache

from spacy.language import Language

from extractors.nlp.language import build_language


@cache
def language() -> Language:
    return build_language()
