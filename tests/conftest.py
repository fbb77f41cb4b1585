"""Shared fixtures: the Prefect test harness and paths to the shared reference files.

Files from `../shared` are never copied into the repository: a test that reads one names it with
`shared_file` or `needs_shared`, which skip with a reason saying which file is missing and what
the test covers (README, "Tests")."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from flows.settings import apply_prefect_settings

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
RAW = REPO / "raw"
BALTIMORE = RAW / "baltimore-md.txt"

apply_prefect_settings(REPO / ".prefect")  # before any test imports Prefect, as the CLI does


def _missing(relative: str, covers: str) -> str:
    return f"needs ../shared/{relative} ({covers}); not found at {SHARED / relative}"


def needs_shared(relative: str, covers: str) -> pytest.MarkDecorator:
    """Skip the test (or module, as `pytestmark`) when ../shared/`relative` is not beside the repository."""
    return pytest.mark.skipif(not (SHARED / relative).exists(), reason=_missing(relative, covers))


def shared_file(relative: str, covers: str) -> Path:
    """The path of ../shared/`relative`; skips the calling test when it is not there."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(_missing(relative, covers))
    return path


@pytest.fixture(scope="session")
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def nlp():
    """The project's spaCy pipeline, built once for the whole test session."""
    from flows.models import language

    return language()


@pytest.fixture(scope="session")
def scorer():
    """The acceptance scorer from ../shared/tools (skips when shared/ is not beside the repo)."""
    tools = shared_file("tools/score.py", "the acceptance scorer").parent
    sys.path.insert(0, str(tools))
    import score

    return score


@pytest.fixture(scope="session")
def vocabularies():
    """Every vocabulary the extractors read, loaded once for the session (as a flow does)."""
    from extractors.pipeline import load_vocabularies

    return load_vocabularies()


@pytest.fixture(scope="session")
def claims_of(nlp):
    """Claims of a made-up text, through the same normalization and parse as the flow."""
    from extractors.claims.claims import prose_to_claims
    from extractors.claims.grammar import claim_vocabulary
    from extractors.layout.normalize import loaded_to_normalized
    from extractors.load.text import text_bytes_to_document
    from extractors.nlp.prose import document_to_prose
    from extractors.pipeline import model_words
    from extractors.vocab.vocabulary import vocabulary

    def run(text: str):
        doc = loaded_to_normalized(text_bytes_to_document(text.encode("utf-8")), vocabulary(), model_words())
        prose = document_to_prose(doc)
        return prose_to_claims(doc, prose, list(nlp.pipe(p.text for p in prose)), claim_vocabulary())

    return run
