"""The domain's entity patterns for spaCy's EntityRuler, built from `data/entity_rules.yaml`.

The YAML writes each token pattern as one short line ("Cap+ police department|service") and
each federal partner as its canonical name and printed forms; the stop-word list every
capitalised-word token carries is written once and put into each token here.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml

_OPERATORS = "+*?"


def _token(word: str, rules: dict[str, Any]) -> dict[str, Any]:
    operator = word[-1] if word[-1] in _OPERATORS and len(word) > 1 else ""
    word = word[: -1] if operator else word
    if word in ("Cap", "Name"):
        stops = rules["stop_words"] + (rules["head_nouns"] if word == "Name" else [])
        token: dict[str, Any] = {"TEXT": {"REGEX": rules["capitalised"]}, "LOWER": {"NOT_IN": stops}}
    elif "|" in word:
        token = {"LOWER": {"IN": word.split("|")}}
    else:
        token = {"LOWER": word}
    if operator:
        token["OP"] = operator
    return token


def rules_to_patterns(rules: dict[str, Any]) -> list[dict[str, Any]]:
    """Token patterns for every rule line, then a phrase pattern for every printed name."""
    patterns: list[dict[str, Any]] = [
        {"label": label, "pattern": [_token(word, rules) for word in line.split()]}
        for label, lines in rules["rules"].items()
        for line in lines
    ]
    patterns += [
        {"label": "ORG", "pattern": form, "id": name} for name, forms in rules["names"].items() for form in forms
    ]
    return patterns


def entity_patterns() -> list[dict[str, Any]]:
    text = resources.files("extractors.vocab").joinpath("data/entity_rules.yaml").read_text("utf-8")
    return rules_to_patterns(yaml.safe_load(text))
