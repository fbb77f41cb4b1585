"""The number grammar of claims: number words, units, qualifiers and dates, driven by data/claims.yaml.

Kept apart from `claims.py` so the grammar can be tested on plain strings and token lists,
without a parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources

import yaml

from extractors.model.printed_numbers import overlong_number

_DIGITS = re.compile(r"^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
_DIGIT_ORDINAL = re.compile(r"^(?P<n>\d{1,6})(?:st|nd|rd|th)$", re.IGNORECASE)


def _phrases(items: list[str]) -> tuple[tuple[str, ...], ...]:
    """Token sequences for phrases: "per cent" -> ("per", "cent"), "-year" -> ("-", "year")."""
    out = []
    for item in items:
        tokens = re.findall(r"-|[^\s-]+", item.lower())
        out.append(tuple(tokens))
    return tuple(sorted(set(out), key=lambda p: -len(p)))


@dataclass(frozen=True)
class ClaimVocabulary:
    """The word lists of data/claims.yaml, in the shapes the parser uses."""

    number_words: dict[str, int]
    tens_words: dict[str, int]
    scale_words: dict[str, int]
    weak_number_words: frozenset[str]
    ordinal_words: dict[str, int]
    rank_words: frozenset[str]
    units: tuple[tuple[tuple[str, ...], str], ...]  # token phrase -> unit, longest first
    currency_signs: dict[str, str]
    rate_bases: dict[int, str]
    rate_words: frozenset[str]
    per_capita: tuple[tuple[str, ...], ...]
    default_measures: dict[str, str]
    rate_nouns: frozenset[str]
    age_cues: frozenset[str]
    age_measure: str
    qualifiers: tuple[tuple[tuple[str, ...], str], ...]
    change_after: dict[str, str]
    change_head: dict[str, str]
    measure_skip_words: frozenset[str]
    months: dict[str, int]
    date_patterns: tuple[re.Pattern[str], ...]
    baseline_cues: tuple[str, ...]
    present_cues: tuple[str, ...]
    label_words: frozenset[str]
    label_after: frozenset[str]
    label_numbers: frozenset[str]
    capacity_words: frozenset[str]
    subset_cues: tuple[str, ...]
    subset_after: tuple[re.Pattern[str], ...]
    overlapping_categories: tuple[str, ...]
    ratio_words: frozenset[str]
    subarea_words: tuple[str, ...]
    population_measures: frozenset[str]
    address_words: frozenset[str]
    pronouns: frozenset[str]
    single_members: frozenset[str]
    comparatives: dict[str, str]
    comparison_word: str
    change_links: frozenset[str]
    change_object_preps: tuple[str, ...]
    money_object_preps: tuple[str, ...]
    range_words: frozenset[str]
    range_and_cue: str
    age_unit_words: frozenset[str]
    counted_unit_cues: frozenset[str]
    lower_bound_qualifiers: frozenset[str]
    upper_bound_qualifiers: frozenset[str]
    date_measures: frozenset[str]
    copula_verbs: frozenset[str]

    def is_number_word(self, word: str) -> bool:
        word = word.lower()
        return word in self.number_words or word in self.tens_words

    def is_scale(self, word: str) -> bool:
        return word.lower() in self.scale_words


# how a plain list, mapping or string of claims.yaml becomes the field type that names it
_PLAIN = {"frozenset[str]": frozenset, "tuple[str, ...]": tuple, "dict[str, str]": dict, "str": str}


_NUMBER_MAPS = ("number_words", "tens_words", "scale_words", "ordinal_words", "months")


def _numbers(mapping: dict[str, int | str]) -> dict[str, int]:
    return {k.lower(): int(v) for k, v in mapping.items()}


@cache
def claim_vocabulary() -> ClaimVocabulary:
    raw = yaml.safe_load(resources.files("extractors.vocab").joinpath("data/claims.yaml").read_text("utf-8"))
    month_alternation = "|".join(sorted(raw["months"], key=len, reverse=True))
    units = [(phrase, unit) for unit, items in raw["units"].items() for phrase in _phrases(items)]
    qualifiers = [(_phrases([phrase])[0], label) for phrase, label in raw["qualifiers"].items()]
    shaped = {
        **{name: _numbers(raw[name]) for name in _NUMBER_MAPS},
        "units": tuple(sorted(units, key=lambda item: -len(item[0]))),
        "rate_bases": {int(k): v for k, v in raw["rate_bases"].items()},
        "per_capita": _phrases(raw["per_capita"]),
        "qualifiers": tuple(sorted(qualifiers, key=lambda item: -len(item[0]))),
        "date_patterns": tuple(
            re.compile(p.format(month=month_alternation), re.IGNORECASE) for p in raw["date_patterns"]
        ),
        "label_words": frozenset(w.lower() for w in raw["label_words"]),
        "label_after": frozenset(w.lower() for w in raw["label_after"]),
        "label_numbers": frozenset(str(w) for w in raw["label_numbers"]),
        "subset_after": tuple(re.compile(p, re.IGNORECASE) for p in raw["subset_after"]),
    }
    plain = {f.name: _PLAIN[str(f.type)](raw[f.name]) for f in fields(ClaimVocabulary) if f.name not in shaped}
    return ClaimVocabulary(**shaped, **plain)


def digits_value(text: str) -> float | None:
    """The value of a number written in digits ("1,450.25", "16"); None for anything else."""
    if not _DIGITS.match(text) or overlong_number(text):
        return None  # more digits than a float holds: kept as text, as in tables
    return float(text.replace(",", ""))


def ordinal_value(text: str, vocab: ClaimVocabulary) -> int | None:
    """The rank of an ordinal word or digit ordinal ("third" = 3, "5th" = 5)."""
    match = _DIGIT_ORDINAL.match(text)
    if match:
        return int(match.group("n"))
    return vocab.ordinal_words.get(text.lower())


def words_to_number(words: list[str], vocab: ClaimVocabulary) -> int | None:
    """The value of number words ("two", "twenty five", "one hundred and twelve", "two million").

    Returns None for anything that is not a well-formed English cardinal, so that a run of
    tokens is only read as one number when it reads as one.
    """
    words = [w.lower() for w in words if w != "-"]
    if not words or words[0] == "and" or words[-1] == "and":
        return None
    total, group, last_scale, previous = 0, 0, None, None
    for word in words:
        if word == "and":
            if previous not in ("hundred",) and not (previous and previous in vocab.scale_words):
                return None
        elif word in vocab.number_words:
            if group % 100 != 0 and not (previous in vocab.tens_words and vocab.number_words[word] < 10):
                return None
            if previous in vocab.tens_words and vocab.number_words[word] == 0:
                return None
            group += vocab.number_words[word]
        elif word in vocab.tens_words:
            if group % 100 != 0:
                return None
            group += vocab.tens_words[word]
        elif word == "hundred":
            if not 0 < group < 10 or previous not in vocab.number_words:
                return None
            group *= 100
        elif word in vocab.scale_words:
            scale = vocab.scale_words[word]
            if group == 0 or (last_scale is not None and scale >= last_scale):
                return None
            total += group * scale
            group, last_scale = 0, scale
        else:
            return None
        previous = word
    return total + group


@dataclass(frozen=True)
class DateMention:
    """A date or period named in a sentence, with its ISO-like form."""

    start: int
    end: int
    iso: str
    baseline: bool  # after "compared with", "than": the reference, not the claim's period


def _iso(match: re.Match[str], vocab: ClaimVocabulary) -> str:
    groups = match.groupdict()
    year = groups.get("year")
    if groups.get("year2"):
        return f"{year}/{groups['year2']}"
    month = None
    if groups.get("month"):
        month = vocab.months[groups["month"].lower().rstrip(".")]
    elif groups.get("mnum"):
        month = int(groups["mnum"])
    if month is None or not 1 <= month <= 12:
        return str(year)
    day = groups.get("day")
    if day and 1 <= int(day) <= 31:
        return f"{year}-{month:02d}-{int(day):02d}"
    return f"{year}-{month:02d}"


@cache
def cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for "any of these cues, as whole words" (compiled once per cue list)."""
    return re.compile(r"(?:^|(?<=\s))(?:" + "|".join(re.escape(cue) for cue in cues) + r")(?=\s|$)")


@cache
def word_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for "any of these words or phrases between word boundaries"."""
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\b")


def find_dates(text: str, vocab: ClaimVocabulary) -> list[DateMention]:
    """Dates, months, years and year ranges in a sentence, leftmost first, without overlaps."""
    taken: list[tuple[int, int]] = []
    found = []
    for pattern in vocab.date_patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            words_before = text[max(0, start - 40) : start].lower().split()
            baseline = cue_pattern(vocab.baseline_cues).search(" ".join(words_before[-5:])) is not None
            found.append(DateMention(start, end, _iso(match, vocab), baseline))
    return sorted(found, key=lambda mention: mention.start)


def match_phrase(tokens: list[str], phrases: tuple[tuple[tuple[str, ...], str], ...]) -> tuple[int, str] | None:
    """The longest phrase that `tokens` starts with: (number of tokens, label)."""
    lowered = [t.lower() for t in tokens]
    for phrase, label in phrases:
        if tuple(lowered[: len(phrase)]) == phrase:
            return len(phrase), label
    return None


def match_phrase_before(tokens: list[str], phrases: tuple[tuple[tuple[str, ...], str], ...]) -> tuple[int, str] | None:
    """The longest phrase that `tokens` ends with: (number of tokens, label)."""
    lowered = [t.lower() for t in tokens]
    for phrase, label in phrases:
        if len(phrase) <= len(lowered) and tuple(lowered[len(lowered) - len(phrase) :]) == phrase:
            return len(phrase), label
    return None
