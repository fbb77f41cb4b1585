"""Site and state given by a person (`psp add --site --state`), kept beside the documents.

`raw/sites.yaml` maps a document's source (its path under raw/) to the site and state to use
when its title does not name them, or names them wrongly. Extractors never read it: the flow
applies it to the stored `documents` and `crime_stats` rows after every run, so editing the
file takes effect on the next run even for documents that are otherwise unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from prefect import task

from extractors.vocab.vocabulary import vocabulary
from store import storage

OVERRIDES_FILE = "sites.yaml"
_HEADER = "# source (path under raw/) -> site and state, used instead of what the title says\n"


@dataclass(frozen=True)
class SiteOverride:
    site: str | None
    state: str | None


def read_overrides(raw_dir: Path) -> dict[str, SiteOverride]:
    path = raw_dir / OVERRIDES_FILE
    if not path.exists():
        return {}
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        str(source): SiteOverride(values.get("site"), values.get("state"))
        for source, values in raw.items()
        if isinstance(values, dict)
    }


def write_override(raw_dir: Path, source: str, site: str | None, state: str | None) -> None:
    """Record (or replace) the override of one source; other entries are kept."""
    path = raw_dir / OVERRIDES_FILE
    current = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}) if path.exists() else {}
    entry = dict(current.get(source) or {})
    entry.update({key: value for key, value in (("site", site), ("state", state)) if value})
    current[source] = entry
    storage.write_file(path, _HEADER + yaml.safe_dump(current, sort_keys=True, allow_unicode=True))


def apply_overrides(raw_dir: Path, out_dir: Path) -> list[str]:
    """Rewrite site/state of the stored rows of overridden documents; returns their doc_ids."""
    overrides = read_overrides(raw_dir)
    if not overrides:
        return []
    changed = []
    documents = storage.read_dataset(out_dir, "documents")
    for row in documents.itertuples():
        override = overrides.get(str(row.source))
        if override is None:
            continue
        site = override.site or row.site
        state = (vocabulary().state_name(override.state) or override.state) if override.state else row.state
        if (site, state) == (row.site, row.state):
            continue
        for dataset in ("crime_stats", "documents"):
            frame = storage.read_partition(out_dir, dataset, str(row.doc_id))
            if frame is None:
                continue
            frame["site"], frame["state"] = site, state
            storage.write_partition(out_dir, dataset, str(row.doc_id), frame)
        changed.append(str(row.doc_id))
    return changed


@task(name="apply-site-overrides")
def apply_site_overrides(raw_dir: str, out_dir: str) -> list[str]:
    return apply_overrides(Path(raw_dir), Path(out_dir))
