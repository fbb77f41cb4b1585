"""Access to the domain vocabulary in `data/vocabulary.yaml`, loaded once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


def _key(text: str) -> str:
    """The form headers are compared in: lower case, single spaces, no footnote calls."""
    text = re.sub(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+", "", text)
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass(frozen=True)
class TotalRule:
    total: str
    components: tuple[str, ...]
    optional: tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    crime_column_by_header: dict[str, str]
    total_rules: tuple[TotalRule, ...]
    rate_markers: tuple[str, ...]
    percent_change_markers: tuple[str, ...]
    total_labels: frozenset[str]
    table_caption: re.Pattern[str]
    figure_caption: re.Pattern[str]
    source_note: re.Pattern[str]
    bullets: tuple[str, ...]
    retrieved_patterns: tuple[re.Pattern[str], ...]
    site_patterns: tuple[re.Pattern[str], ...]
    state_by_name: dict[str, str]

    def crime_column(self, header: str) -> str | None:
        """Canonical crime_stats column for a printed header, or None."""
        key = _key(header)
        if key in self.crime_column_by_header:
            return self.crime_column_by_header[key]
        return self.crime_column_by_header.get(key.rstrip("s"))

    def is_rate_header(self, header: str) -> bool:
        key = _key(header)
        return any(marker in key for marker in self.rate_markers)

    def is_percent_change_header(self, header: str) -> bool:
        key = _key(header)
        return any(marker in key for marker in self.percent_change_markers)

    def is_total_label(self, text: str) -> bool:
        return _key(text).rstrip(":") in self.total_labels

    def state_name(self, text: str) -> str | None:
        """Full state name for a name or postal abbreviation ("MD", "Md.", "maryland")."""
        return self.state_by_name.get(_key(text).rstrip("."))


@cache
def vocabulary() -> Vocabulary:
    raw = yaml.safe_load(resources.files("extractors").joinpath("data/vocabulary.yaml").read_text("utf-8"))
    by_header = {_key(header): column for column, headers in raw["crime_columns"].items() for header in headers}
    by_header.update({column.replace("_", " "): column for column in raw["crime_columns"]})
    states: dict[str, str] = {}
    for abbreviation, name in raw["states"].items():
        states[abbreviation.lower()] = name
        states[name.lower()] = name
    return Vocabulary(
        crime_column_by_header=by_header,
        total_rules=tuple(
            TotalRule(total, tuple(rule["components"]), tuple(rule.get("optional", [])))
            for total, rule in raw["crime_totals"].items()
        ),
        rate_markers=tuple(raw["rate_markers"]),
        percent_change_markers=tuple(raw["percent_change_markers"]),
        total_labels=frozenset(_key(label) for label in raw["total_labels"]),
        table_caption=re.compile(raw["table_caption"]),
        figure_caption=re.compile(raw["figure_caption"]),
        source_note=re.compile(raw["source_note"], re.IGNORECASE),
        bullets=tuple(raw["bullets"]),
        retrieved_patterns=tuple(re.compile(p, re.IGNORECASE) for p in raw["retrieved_patterns"]),
        site_patterns=tuple(re.compile(p, re.IGNORECASE) for p in raw["site_patterns"]),
        state_by_name=states,
    )
