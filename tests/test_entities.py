"""Entities: the acronym matcher on made-up sentences, Baltimore's rows grounded in its text (its
scores are asserted with the acceptance scorer in test_baltimore.py), and a fictional city to show
nothing in the rules is specific to one document."""

from __future__ import annotations

import pytest

from extractors.model.records import Entity
from extractors.nlp.entities import acronym_definitions, find_definitions
from tests.conftest import BALTIMORE

# ------------------------------------------------------------------------------ acronym matcher


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Riverton Police Department (RPD) patrols the city.", {"RPD": "Riverton Police Department"}),
        ("They asked subject matter experts (SME) for help.", {"SME": "subject matter experts"}),
        ("It supports training and technical assistance (TTA).", {"TTA": "training and technical assistance"}),
        ("staff of the Riverton Neighborhood Hubs (RNHs) meet weekly", {"RNHs": "Riverton Neighborhood Hubs"}),
        (
            "a grant from the State Crime Gun Intelligence Center (CGIC) Integration Initiative",
            {"CGIC": "Crime Gun Intelligence Center"},
        ),
        ("the Office of Violence Prevention (OVP) leads", {"OVP": "Office of Violence Prevention"}),
        ("the Department of Public Safety (DOPS)", {"DOPS": "Department of Public Safety"}),
        ("the US Attorney's Office (USAO) charged", {"USAO": "US Attorney's Office"}),
        ("a Real-Time Crime Center (RTCC) opened", {"RTCC": "Real-Time Crime Center"}),
        # the matcher reads letters only; prose_to_entities widens this over "Bureau of"
        (
            "Bureau of Alcohol, Tobacco, Firearms and Explosives (ATF)",
            {"ATF": "Alcohol, Tobacco, Firearms and Explosives"},
        ),
    ],
)
def test_acronym_definitions(sentence: str, expected: dict[str, str]) -> None:
    assert acronym_definitions(sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Homicides fell in 2021 (2020) and (see Table 2).",
        "The program (PDF) is online.",  # letters that spell nothing before the parenthesis
        "A talk by Paul. Smith said so (PS) again.",  # a definition never crosses a sentence end
        "We met them (Jane Doe) yesterday.",
    ],
)
def test_no_false_definitions(sentence: str) -> None:
    assert acronym_definitions(sentence) == {}


def test_first_definition_wins_and_offsets_point_at_the_text() -> None:
    text = "The Lakeside Police Department (LPD) and later the Lakeside Parks Department (LPD)."
    assert acronym_definitions(text) == {"LPD": "Lakeside Police Department"}
    first = find_definitions(text)[0]
    assert text[first.long_start : first.long_end] == "Lakeside Police Department"
    assert text[first.short_start : first.short_end] == "LPD"


# ------------------------------------------------------------------------------ end to end


def _entities(nlp, raw: bytes) -> tuple[str, list[Entity]]:
    from extractors.load.text import text_bytes_to_document
    from extractors.pipeline import load_vocabularies, loaded_to_extraction

    vocabularies = load_vocabularies()
    ex = loaded_to_extraction(text_bytes_to_document(raw), nlp, vocabularies)
    return ex.document.text, ex.entities


@pytest.fixture(scope="module")
def baltimore(nlp):
    return _entities(nlp, BALTIMORE.read_bytes())


def test_baltimore_rows_are_grounded(baltimore) -> None:
    text, ents = baltimore
    assert ents and all(text[e.start : e.end] == e.text for e in ents)
    assert all(e.text.strip() == e.text and not e.text.lower().startswith("the ") for e in ents)
    assert not any(e.label == "PERSON" and e.text == "Baltimore" for e in ents)
    bpd = [e for e in ents if e.text == "BPD"]
    assert len(bpd) > 20 and {e.canonical for e in bpd} == {"Baltimore Police Department"}
    assert {e.label for e in bpd} == {"ORG"}


FICTIONAL = """CASE STUDY RIVERTON, OHIO

In 2020, the city of Riverton, Ohio, joined the National Public Safety Partnership (PSP). The Riverton Police \
Department (RPD) worked with the Hamlin County Sheriff's Office and the Ohio Bureau of Criminal Investigation (BCI) \
to reduce gun violence.

The RPD Real Time Crime Center (RTCC) opened in 2021. Chief Maria Delgado said the RTCC helped detectives. The \
Hamlin County Prosecutor's Office assigned two prosecutors to the Violent Crime Task Force (VCTF), and the U.S. \
Attorney's Office for the Southern District of Ohio joined the effort with the FBI and ATF.

- Lakeside University
- Riverton Office of Violence Prevention (OVP)

Hope Works is a nonprofit organization that supports victims. Researchers from Lakeside University evaluated the \
community violence intervention (CVI) programs run by OVP and Hope Works.
"""


def test_fictional_city(nlp) -> None:
    text, ents = _entities(nlp, FICTIONAL.encode())
    by_text = {e.text: e for e in ents}
    assert by_text["RPD"].canonical == "Riverton Police Department"
    assert by_text["RTCC"].canonical == "Real Time Crime Center"
    assert by_text["OVP"].canonical == "Riverton Office of Violence Prevention"
    assert by_text["VCTF"].canonical == "Violent Crime Task Force"
    assert by_text["CVI"].canonical == "community violence intervention" and by_text["CVI"].label != "ORG"
    # federal agencies the document never spells out still get their full names
    assert by_text["FBI"].canonical == "Federal Bureau of Investigation"
    assert by_text["ATF"].canonical == "Bureau of Alcohol, Tobacco, Firearms and Explosives"
    orgs = {e.text for e in ents if e.label == "ORG"}
    assert {"Hamlin County Sheriff's Office", "Lakeside University", "Hope Works"} <= orgs
    assert "U.S. Attorney's Office for the Southern District of Ohio" in orgs
    assert [e.text for e in ents if e.label == "PERSON"] == ["Maria Delgado"]
    assert sum(e.text == "Hope Works" for e in ents) == 2
    assert all(text[e.start : e.end] == e.text for e in ents)


def test_entity_rules_expand_to_ruler_patterns() -> None:
    from extractors.vocab.entity_rules import entity_patterns, rules_to_patterns

    rules = {"capitalised": "^[A-Z]", "stop_words": ["the"], "head_nouns": ["office"],
             "rules": {"ORG": ["Cap+ police department|service", "Name the? office"]},
             "names": {"Federal Bureau of Investigation": ["FBI"]}}
    assert rules_to_patterns(rules) == [
        {"label": "ORG", "pattern": [
            {"TEXT": {"REGEX": "^[A-Z]"}, "LOWER": {"NOT_IN": ["the"]}, "OP": "+"},
            {"LOWER": "police"}, {"LOWER": {"IN": ["department", "service"]}}]},
        {"label": "ORG", "pattern": [
            {"TEXT": {"REGEX": "^[A-Z]"}, "LOWER": {"NOT_IN": ["the", "office"]}},
            {"LOWER": "the", "OP": "?"}, {"LOWER": "office"}]},
        {"label": "ORG", "pattern": "FBI", "id": "Federal Bureau of Investigation"},
    ]
    patterns = entity_patterns()  # the packaged rules: unique, and labelled for the ruler
    assert len({repr(p) for p in patterns}) == len(patterns)
    assert {p["label"] for p in patterns} == {"ORG", "LOC"}
