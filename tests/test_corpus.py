"""Golden tests: each document of ../shared/corpus read on first sight, against the facts we
state ourselves in tests/corpus_facts.yaml (layout facts; tables have their own tests)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from extractors.load.markdown import markdown_bytes_to_document
from extractors.load.pdf import pdf_bytes_to_document
from extractors.load.text import text_bytes_to_document
from extractors.pipeline import Extraction, loaded_to_extraction
from schemas.outputs import extraction_findings
from tests.conftest import REPO, shared_file

FACTS = yaml.safe_load((REPO / "tests" / "corpus_facts.yaml").read_text("utf-8"))
_LOADERS = {".pdf": pdf_bytes_to_document, ".txt": text_bytes_to_document, ".md": markdown_bytes_to_document}


@pytest.fixture(scope="module")
def extracted(nlp, vocabularies):  # noqa: ANN001 - the session's spaCy pipeline and vocabularies
    cache: dict[str, Extraction] = {}

    def run(name: str) -> Extraction:
        path = shared_file(f"corpus/docs/{name}", "a corpus document, read against tests/corpus_facts.yaml")
        if name not in cache:
            cache[name] = loaded_to_extraction(_LOADERS[Path(name).suffix](path.read_bytes()), nlp, vocabularies)
        return cache[name]

    return run


@pytest.mark.parametrize("name", sorted(FACTS))
def test_title_site_and_blocks(name: str, extracted) -> None:  # noqa: ANN001
    facts, extraction = FACTS[name], extracted(name)
    assert (extraction.facts.site, extraction.facts.state) == (facts["site"], facts["state"])
    if "title" in facts:
        assert extraction.facts.title == facts["title"]
    doc = extraction.document
    for kind, text in facts.get("blocks", []):
        assert any(b.kind == kind and doc.block_text(b) == text for b in doc.blocks), (kind, text)
    for text in facts.get("text", []):
        assert text in " ".join(doc.text.split()), text


@pytest.mark.parametrize("name", sorted(FACTS))
def test_footnotes_calls_and_urls(name: str, extracted) -> None:  # noqa: ANN001
    facts, extraction = FACTS[name], extracted(name)
    notes = {note.number: note for note in extraction.footnotes}
    assert sorted(notes) == [note["number"] for note in facts["footnotes"]]
    text = extraction.document.text
    for expected in facts["footnotes"]:
        note = notes[expected["number"]]
        assert note.text.startswith(expected["starts"]) and note.referenced
        assert list(note.urls) == expected.get("urls", [])
        retrieved = expected.get("retrieved")
        assert note.retrieved == (dt.date.fromisoformat(str(retrieved)) if retrieved else None)
        calls = [r for r in extraction.footnote_refs if r.number == expected["number"]]
        assert any(text[: r.start].rstrip(" |\n").endswith(expected["call_after"]) for r in calls), expected


@pytest.mark.parametrize("name", sorted(FACTS))
def test_claims_and_findings(name: str, extracted) -> None:  # noqa: ANN001
    facts, extraction = FACTS[name], extracted(name)
    claims = {(claim.value, claim.unit) for claim in extraction.claims}
    for value, unit in facts.get("claims", []):
        assert (value, unit) in claims, (value, unit)
    families = ("footnote.", "document.")
    findings = {
        (f.check, f.severity)
        for f in extraction_findings(extraction, name)
        if f.check.startswith(families) and f.severity in ("warning", "error")
    }
    assert findings == {tuple(pair) for pair in facts["findings"]}
