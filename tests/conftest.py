"""Shared fixtures: the Prefect test harness and paths to the shared reference files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import flows  # noqa: F401  (applies the project's Prefect settings before Prefect is imported)

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
RAW = REPO / "raw"
BALTIMORE = RAW / "baltimore-md.txt"


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
    tools = SHARED / "tools"
    if not (tools / "score.py").exists():
        pytest.skip("../shared/tools/score.py is not available")
    sys.path.insert(0, str(tools))
    import score

    return score
