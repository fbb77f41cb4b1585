"""The spaCy pipeline and the vocabularies, built once per process (tasks ask for them; they
are never handed one)."""

from __future__ import annotations

from functools import cache

from spacy.language import Language

from extractors.nlp.language import build_language
from extractors.pipeline import Vocabularies, load_vocabularies


@cache
def language() -> Language:
    return build_language()


@cache
def vocabularies() -> Vocabularies:
    return load_vocabularies()
