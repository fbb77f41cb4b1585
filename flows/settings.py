"""Project-wide settings: where things live, the pipeline version, and Prefect's configuration.

Prefect reads its settings from the environment; the defaults below make a plain run quiet and
offline (no telemetry calls, which fail without network, no UI build) on Prefect's embedded
local server. A user's own environment variables still win.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
WAIVERS_FILE = PROJECT_ROOT / "schemas" / "waivers.yaml"
PACKAGE_VERSION = "0.1.0"

PREFECT_DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_ENABLED": "false",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
    "PREFECT_LOGGING_LOG_PRINTS": "false",
    "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    "PREFECT_HOME": str(PROJECT_ROOT / ".prefect"),
}
for _name, _value in PREFECT_DEFAULTS.items():
    os.environ.setdefault(_name, _value)


@cache
def pipeline_version() -> str:
    """Package version plus a digest of the extraction code and rules, so outputs made by an
    older pipeline are recognised and redone."""
    digest = hashlib.sha256()
    for folder in ("extractors", "schemas"):
        for path in sorted((PROJECT_ROOT / folder).rglob("*")):
            if path.suffix in {".py", ".yaml", ".jsonl"} and path.name != "waivers.yaml":
                digest.update(path.relative_to(PROJECT_ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return f"{PACKAGE_VERSION}+{digest.hexdigest()[:8]}"


def pdf_limits() -> tuple[float, int]:
    """(seconds, megabytes) one PDF may take in its reading process (parsing, extraction and
    language analysis); PSP_PDF_TIMEOUT_S and PSP_PDF_MEMORY_MB override the defaults."""
    return float(os.environ.get("PSP_PDF_TIMEOUT_S", "120")), int(os.environ.get("PSP_PDF_MEMORY_MB", "4096"))


def text_limits() -> tuple[float, int]:
    """(seconds, megabytes) one text file may take in its reading process, language analysis
    included; PSP_TEXT_TIMEOUT_S and PSP_TEXT_MEMORY_MB override the defaults."""
    return float(os.environ.get("PSP_TEXT_TIMEOUT_S", "120")), int(os.environ.get("PSP_TEXT_MEMORY_MB", "2048"))
