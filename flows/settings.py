"""Where a project's things live, the pipeline version, and the Prefect settings the CLI applies.

A project is a folder (the working directory, or `psp --project DIR`) holding `raw/`,
`processed/`, `schemas/waivers.yaml` and Prefect's home `.prefect/`; nothing is found from this
file's location, so an installed package works like a clone. Importing this module changes
nothing: the CLI calls `apply_prefect_settings` before Prefect is first imported.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources
from importlib.resources.abc import Traversable
from pathlib import Path

DISTRIBUTION = "psp-extract"
# the packages whose code and rules decide what is extracted: a change to any of them redoes every document
VERSIONED_PACKAGES = ("extractors", "schemas")
_VERSIONED_SUFFIXES = (".py", ".yaml", ".jsonl")
_UNVERSIONED_FILES = {"waivers.yaml"}  # a reviewer's decisions, applied to every run without redoing it


@dataclass(frozen=True)
class Project:
    root: Path
    prefect_home: Path  # Prefect's database and settings: PREFECT_HOME when set, else .prefect/ in the project

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def processed(self) -> Path:
        return self.root / "processed"

    @property
    def waivers_file(self) -> Path:
        return self.root / "schemas" / "waivers.yaml"


def project(root: str | Path | None = None) -> Project:
    """The project in `root`, or in the working directory."""
    folder = Path(root if root is not None else Path.cwd()).resolve()
    return Project(folder, Path(os.environ.get("PREFECT_HOME") or folder / ".prefect"))


def prefect_settings(home: Path) -> dict[str, str]:
    """Prefect's settings for a quiet, offline run (no telemetry, which fails without network;
    no UI for the temporary server; console shows warnings, not every task's state line) with its
    database in the project's Prefect home."""
    return {
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_UI_ENABLED": "false",
        "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
        "PREFECT_LOGGING_LOG_PRINTS": "false",
        "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
        "PREFECT_RESULTS_PERSIST_BY_DEFAULT": "false",
    }


def apply_prefect_settings(home: Path) -> None:
    """Set Prefect's settings in the environment (a user's own variables win); call before
    Prefect is imported, since it reads them once."""
    for name, value in prefect_settings(home).items():
        os.environ.setdefault(name, value)


def package_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def _versioned_files(folder: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    files = []
    for entry in folder.iterdir():
        name = f"{prefix}/{entry.name}"
        if entry.is_dir():
            if entry.name != "__pycache__":
                files += _versioned_files(entry, name)
        elif entry.name.endswith(_VERSIONED_SUFFIXES) and entry.name not in _UNVERSIONED_FILES:
            files.append((name, entry))
    return files


def code_digest(folders: dict[str, Traversable]) -> str:
    """A digest of the code and rules files under each folder (by name and content)."""
    digest = hashlib.sha256()
    for prefix, folder in sorted(folders.items()):
        for name, entry in sorted(_versioned_files(folder, prefix), key=lambda item: item[0]):
            digest.update(name.encode())
            digest.update(entry.read_bytes())
    return digest.hexdigest()[:8]


@cache
def pipeline_version() -> str:
    """Package version plus a digest of the installed extraction code and rules (wherever the
    package is installed, whatever the working directory), so outputs made by an older pipeline
    are recognised and redone."""
    digest = code_digest({package: resources.files(package) for package in VERSIONED_PACKAGES})
    return f"{package_version()}+{digest}"


def pdf_limits() -> tuple[float, int]:
    """(seconds, megabytes) one PDF may take in its reading process (parsing, extraction and
    language analysis); PSP_PDF_TIMEOUT_S and PSP_PDF_MEMORY_MB override the defaults."""
    return float(os.environ.get("PSP_PDF_TIMEOUT_S", "120")), int(os.environ.get("PSP_PDF_MEMORY_MB", "4096"))


def text_limits() -> tuple[float, int]:
    """(seconds, megabytes) one text file may take in its reading process, language analysis
    included; PSP_TEXT_TIMEOUT_S and PSP_TEXT_MEMORY_MB override the defaults."""
    return float(os.environ.get("PSP_TEXT_TIMEOUT_S", "120")), int(os.environ.get("PSP_TEXT_MEMORY_MB", "2048"))
