"""Access to the domain vocabulary in `data/vocabulary.yaml` and the gazetteer of US states in
`data/gazetteer.yaml`, loaded once per process."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

_SUPERSCRIPTS = re.compile(r"[\u00b9\u00b2\u00b3\u2070-\u2079]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=2**16)
def _key(text: str) -> str:
    """The form headers are compared in: lower case, single spaces, no footnote calls (kept for
    the strings met most: a document asks for the same labels thousands of times)."""
    return _SPACES.sub(" ", _SUPERSCRIPTS.sub("", text)).strip().lower()


@dataclass(frozen=True)
class TotalRule:
    total: str
    components: tuple[str, ...]
    optional: tuple[str, ...]


@dataclass(frozen=True)
class State:
    """A US state or territory as titles print it: "Wisconsin", "WI", "Wis."."""

    name: str
    code: str
    short: tuple[str, ...] = ()


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
    states: tuple[State, ...]
    state_by_name: dict[str, str]
    rate_filler: tuple[str, ...] = ()
    rate_base: float = 100_000.0
    notes_headings: frozenset[str] = frozenset()
    total_words: frozenset[str] = frozenset()
    subtotal_words: tuple[str, ...] = ()
    not_total_cues: tuple[str, ...] = ()

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

    def rate_subject(self, header: str) -> str | None:
        """For a rate header, the column it is a rate of ("" when it names none, as in "Rate
        per 100,000"); None when the header is no rate or names something unknown."""
        if not self.is_rate_header(header):
            return None
        rest = _strip_words(_key(header), (*self.rate_markers, *self.rate_filler))
        return "" if not rest else self.crime_column(rest)

    def percent_change_subject(self, header: str) -> str | None:
        """Like `rate_subject`, for "% change" headers; a year range in the header is ignored."""
        if not self.is_percent_change_header(header):
            return None
        rest = re.sub(r"\b(?:19|20)\d\d\b|\bfrom\b|\bto\b|\bvs\.?|[-\u2013\u2014/]", " ", _key(header))
        rest = _strip_words(rest, self.percent_change_markers)
        return "" if not rest else self.crime_column(rest)

    def is_notes_heading(self, text: str) -> bool:
        return _key(text).rstrip(":") in self.notes_headings

    def total_kind(self, label: str) -> str:
        """"subtotal" or "total" for a label that marks one ("Subtotal", "Total EURbn"), else ""."""
        key = _key(label).rstrip(":")
        if not key or any(cue in key for cue in self.not_total_cues):
            return ""
        if any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", key) for word in self.subtotal_words):
            return "subtotal"
        if key in self.total_labels or self.total_words & set(re.findall(r"[a-z]+", key)):
            return "total"
        return ""

    def state_name(self, text: str) -> str | None:
        """Full state name for a name, postal code or abbreviation ("OH", "ohio", "Wis.")."""
        return self.state_by_name.get(_key(text).rstrip("."))


def _strip_words(key: str, phrases: tuple[str, ...]) -> str:
    for phrase in sorted(phrases, key=len, reverse=True):
        key = re.sub(rf"(?<![a-z]){re.escape(phrase)}(?![a-z])", " ", key)
    return re.sub(r"[\s(),:;\[\]]+", " ", key).strip()


def _data(name: str) -> dict:
    return yaml.safe_load(resources.files("extractors.vocab").joinpath(f"data/{name}").read_text("utf-8"))


@cache
def vocabulary() -> Vocabulary:
    raw = _data("vocabulary.yaml")
    gazetteer = _data("gazetteer.yaml")
    states = tuple(State(e["name"], e["code"], tuple(e.get("short") or ())) for e in gazetteer["states"])
    by_header = {_key(header): column for column, headers in raw["crime_columns"].items() for header in headers}
    by_header.update({column.replace("_", " "): column for column in raw["crime_columns"]})
    state_by_name = {
        _key(form).rstrip("."): state.name for state in states for form in (state.name, state.code, *state.short)
    }
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
        states=states,
        state_by_name=state_by_name,
        rate_filler=tuple(raw.get("rate_filler", [])),
        rate_base=float(raw.get("rate_base", 100_000)),
        notes_headings=frozenset(_key(h) for h in raw.get("notes_headings", [])),
        total_words=frozenset(raw["total_words"]),
        subtotal_words=tuple(raw["subtotal_words"]),
        not_total_cues=tuple(raw["not_total_cues"]),
    )
