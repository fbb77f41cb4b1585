"""The spaCy pipeline and the vocabularies, built once per process: by the parsing children's
forkserver (flows/preload.py), before it forks the children that read documents; tasks never
hold them."""

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
