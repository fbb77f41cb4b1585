"""Site and state given by a person (`psp add --site --state`), kept beside the documents.

`raw/sites.yaml` maps a document's source (its path under raw/) to the site and state to use
when its title does not name them, or names them wrongly. Extractors never read it: the flow
reads it (strictly, see `schemas.config_files`) at the start of a run and applies a document's
entry when it writes the document's rows; the entry is stored with them (`documents.
site_override`, `state_override`), so a document whose entry was added, changed or removed is
read again by the next run, even if its bytes are unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, RootModel

from extractors.model.records import DocumentFacts
from extractors.vocab.vocabulary import vocabulary
from schemas.config_files import read_yaml_model
from store import storage

OVERRIDES_FILE = "sites.yaml"
_HEADER = "# source (path under raw/) -> site and state, used instead of what the title says\n"


class SiteEntry(BaseModel):
    """One source's entry in `raw/sites.yaml`."""

    model_config = ConfigDict(extra="forbid", strict=True)
    site: str | None = Field(default=None, min_length=1)
    state: str | None = Field(default=None, min_length=1)


class SitesFile(RootModel[dict[str, SiteEntry]]):
    """`raw/sites.yaml`: source (path under raw/) -> site and state."""


@dataclass(frozen=True)
class SiteOverride:
    site: str | None
    state: str | None  # as written in the file: a name or a postal code


def read_overrides(raw_dir: Path) -> dict[str, SiteOverride]:
    """source -> override; raises ConfigError for a file that is not a valid mapping."""
    expected = "a mapping of source (path under raw/) to site and state"
    sites = read_yaml_model(raw_dir / OVERRIDES_FILE, SitesFile, expected)
    return {source: SiteOverride(entry.site, entry.state) for source, entry in (sites.root if sites else {}).items()}


def write_override(raw_dir: Path, source: str, site: str | None, state: str | None) -> None:
    """Record (or replace) the override of one source; other entries are kept."""
    path = raw_dir / OVERRIDES_FILE
    current = {
        name: {key: value for key, value in (("site", o.site), ("state", o.state)) if value}
        for name, o in read_overrides(raw_dir).items()
    }
    entry = current.get(source, {})
    entry.update({key: value for key, value in (("site", site), ("state", state)) if value})
    current[source] = entry
    storage.write_file(path, _HEADER + yaml.safe_dump(current, sort_keys=True, allow_unicode=True))


def overridden_facts(facts: DocumentFacts, override: SiteOverride | None) -> tuple[str | None, str | None]:
    """(site, state) of a document: the override's where it gives one, else what the title says."""
    if override is None:
        return facts.site, facts.state
    state = (vocabulary().state_name(override.state) or override.state) if override.state else facts.state
    return override.site or facts.site, state
