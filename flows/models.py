"""The spaCy pipeline, built once per process: by the parsing children's forkserver (flows/preload.py),
before it forks the children that read documents; tasks never hold one."""

from __future__ import annotations

from functools import cache

from spacy.language import Language

from extractors.nlp.language import build_language


@cache
def language() -> Language:
    return build_language()
