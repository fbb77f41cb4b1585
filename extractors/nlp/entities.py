"""Named entities of a document's prose, each with a canonical name.

spaCy (with the domain entity ruler, see `extractors/nlp/language.py`) finds the mentions; this module
cleans them up and links acronyms to the full name the document defines for them, so that
"SPD" on page 5 carries canonical "Springfield Police Department" from page 1.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import accumulate
from typing import TYPE_CHECKING

from extractors.model.document import NormalizedDocument
from extractors.model.records import Entity
from extractors.nlp.prose import ProseBlock

if TYPE_CHECKING:  # spaCy types only: the flow unpickles these records without loading spaCy
    from spacy.tokens import Doc, Span


@dataclass(frozen=True)
class Definition:
    """An acronym defined in text as "Long Form (SHORT)"; offsets are relative to the scanned text."""

    short: str
    long: str
    long_start: int
    long_end: int
    short_start: int
    short_end: int


# Words an acronym usually skips, and the heads that make a name an organisation's.
FUNCTION_WORDS = frozenset("of and the for on in to a an at by with from &".split())
ORG_HEADS = frozenset(
    "department office bureau division unit center centers centre university college service services administration "
    "agency agencies academy commission council institute foundation coalition alliance authority section squad "
    "patrol corps board partnership police investigations court task force team network program programs "
    "initiative project association".split()
)
QUALIFIERS = frozenset({"US", "U.S.", "USA", "United States", "National", "Federal", "State", "County", "City"})
NOT_NAMES = FUNCTION_WORDS | frozenset("this that it there which he she they we each every its their our".split())
MERGE_LABELS = frozenset({"ORG", "GPE", "LOC", "FAC"})
NAME_LABELS = frozenset("ORG PERSON GPE LOC NORP FAC PRODUCT EVENT WORK_OF_ART LAW LANGUAGE".split())
_SHORT_FORM = re.compile(r"\(([A-Z][A-Za-z0-9&./-]{1,11})\)")
_WORD = re.compile(r"[^\s/\u2013\u2014-]+")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE|a|an|An)\s+")
_TRAILING_JUNK = re.compile(r"(?:['\u2019]s|\s*\(+|[\s,;:.\"'\u201c\u201d(]+|\s+(?:of|and|the|for|to|in|on))$")
_URL = re.compile(r"https?://|www\.", re.IGNORECASE)
_DIRECTION = re.compile(r"^(?:North|South|East|West|Central|Northern|Southern|Eastern|Western)(?:east|west)?(?:ern)?$")
_APPOSITIVE_ORG = re.compile(
    r"\b([A-Z][\w&'\u2019.-]*(?: [A-Z][\w&'\u2019.-]*){0,5}) is an? (?:[\w-]+ ){0,3}?"
    r"(?:organization|organisation|nonprofit|non-profit|agency|company|foundation|coalition|association|charity)\b"
)


# --------------------------------------------------------------------------------------- acronyms


def _short_letters(short: str) -> str:
    """The letters an acronym stands for: "BCICs" -> "bcic", "U.S.A.O." -> "usao"."""
    core = short[:-1] if len(short) > 2 and short.endswith("s") and short[:-1].isupper() else short
    return "".join(ch for ch in core if ch.isalnum()).lower()


def _word_cost(letters: str, words: list[str]) -> float | None:
    """Cost of reading `letters` off `words` (first letter = first word's initial), or None.

    Each letter is a word initial or a later character of the previous letter's word (free when it is
    upper case, as in "US"; a small penalty otherwise). Content words left unmatched cost 1, function
    words are free. Lower cost = more acronym-like."""
    if not words or not letters or words[0][0].lower() != letters[0]:
        return None

    def skipped(lo: int, hi: int) -> int:
        return sum(1 for w in words[lo:hi] if w.lower() not in FUNCTION_WORDS)

    @cache
    def go(li: int, wi: int, pos: int) -> float:
        if li == len(letters):
            return skipped(wi + 1, len(words))
        c, best = letters[li], float("inf")
        word = words[wi]
        for p in range(pos + 1, len(word)):
            if word[p].lower() == c:
                penalty = 0.0 if word[p].isupper() or word.isupper() else 0.6
                best = min(best, penalty + go(li + 1, wi, p))
        for wj in range(wi + 1, len(words)):
            if words[wj][0].lower() == c:
                best = min(best, skipped(wi + 1, wj) + go(li + 1, wj, 0))
        return best

    cost = go(1, 0, 0)
    return None if cost == float("inf") else cost


def _sentence_words(text: str, end: int, limit: int) -> list[re.Match[str]]:
    """Up to `limit` words before `end`, stopping at a sentence or clause boundary."""
    found = list(_WORD.finditer(text, max(0, end - 400), end))
    out: list[re.Match[str]] = []
    for match in reversed(found):
        word = match.group()
        if out and (word[-1] in ";:!?)(" or (word.endswith(".") and not re.fullmatch(r"(?:[A-Za-z]\.)+", word))):
            break
        out.append(match)
        if len(out) >= limit:
            break
    return list(reversed(out))


def _strip_word(match: re.Match[str]) -> tuple[str, int]:
    """A word without surrounding punctuation, and its start offset."""
    word = match.group()
    lead = len(word) - len(word.lstrip("\"'\u201c\u2018([{"))
    return word[lead:].rstrip("\"'\u201d\u2019,;:.)]}"), match.start() + lead


def find_definitions(text: str) -> list[Definition]:
    """Every "Long Form (SHORT)" in `text`, Schwartz-Hearst style but matching word initials first."""
    out = []
    for m in _SHORT_FORM.finditer(text):
        short = m.group(1)
        letters = _short_letters(short)
        if len(letters) < 2 or sum(ch.isupper() for ch in short) < 2 or letters.isdigit():
            continue
        raw = _sentence_words(text, m.start(), len(letters) + 5)
        words = [_strip_word(w) for w in raw]
        best: tuple[float, int] | None = None
        for i in range(len(words) - 1, -1, -1):
            if not words[i][0] or words[i][0].lower() in FUNCTION_WORDS:
                continue
            cost = _word_cost(letters, [w for w, _ in words[i:] if w])
            if cost is not None and cost <= max(1.0, len(letters) / 2) and (best is None or cost < best[0]):
                best = (cost, i)
        if best is None:
            continue
        long_start = words[best[1]][1]
        long_end = long_start + len(text[long_start : m.start()].rstrip(" ,"))
        long = re.sub(r"\s+", " ", text[long_start:long_end])
        out.append(Definition(short, long, long_start, long_end, m.start(1), m.end(1)))
    return out


def acronym_definitions(text: str) -> dict[str, str]:
    """Acronym -> expansion for every definition in `text` (the first definition of an acronym wins)."""
    out: dict[str, str] = {}
    for d in find_definitions(text):
        out.setdefault(d.short, d.long)
    return out


def _extend_left(text: str, start: int, gpe_names: set[str]) -> int:
    """Widen a long form over what acronyms usually leave out: "Bureau of", "US", "National", a city name."""
    before = text[max(0, start - 120) : start]
    head_of = re.search(r"\b([A-Z][a-z]+) of\s+$", before)
    if head_of and head_of.group(1).lower() in ORG_HEADS:
        start -= len(before) - head_of.start()
        before = text[max(0, start - 120) : start]
    qualifier = re.search(r"(?:^|\s)(United States|[A-Z][\w.]*)\s+$", before)
    if qualifier and (qualifier.group(1) in QUALIFIERS or qualifier.group(1) in gpe_names):
        start -= len(before) - qualifier.start(1)
    return start


def _org_like(long: str) -> bool:
    """A Title Case expansion names an organisation or program; "subject matter experts" does not."""
    content = [w for w in long.split() if w.lower() not in FUNCTION_WORDS]
    return bool(content) and all(w[0].isupper() for w in content)


# --------------------------------------------------------------------------------------- mentions


@dataclass
class _Span:
    start: int
    end: int
    label: str
    canonical: str | None = None


def _clean(text: str, span: _Span) -> _Span | None:
    """Trim articles, possessives and stray punctuation; None for noise (URLs, numbers, blanks)."""
    start, end = span.start, span.end
    while True:
        piece = text[start:end]
        lead = _LEADING_ARTICLE.match(piece)
        trail = _TRAILING_JUNK.search(piece)
        if lead:
            start += lead.end()
        elif trail and trail.start() > 0:
            end = start + trail.start()
        else:
            break
    piece = text[start:end]
    if not piece.strip() or _URL.search(piece):
        return None
    if span.label in NAME_LABELS and not re.search(r"[A-Za-z]", piece):
        return None
    return _Span(start, end, span.label, span.canonical)


def _title_case_block(text: str) -> bool:
    """A list line like "Crime Scene Procedures": the NER calls such lines organisations too eagerly."""
    words = [w for w in re.findall(r"[A-Za-z][\w'\u2019.-]*", text) if w.lower() not in FUNCTION_WORDS]
    return 0 < len(words) <= 12 and all(w[0].isupper() for w in words)


class _Reach:
    """Intervals sorted by start with the furthest end reached so far, so that "does any of them
    overlap (or contain) this span" costs a binary search: a long document has thousands of
    mentions, and testing every pair grew with the square of its length."""

    def __init__(self, intervals: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(intervals)
        self.starts = [start for start, _ in ordered]
        self.ends: list[float] = list(accumulate((end for _, end in ordered), max, initial=float("-inf")))

    def furthest_end(self, before: int) -> float:
        """The furthest end of the intervals that start before `before` (-inf when none does)."""
        return self.ends[bisect_left(self.starts, before)]

    def overlaps(self, span: _Span) -> bool:
        return self.furthest_end(span.end) > span.start

    def covers(self, position: int) -> bool:
        return self.furthest_end(position + 1) > position

    def contains_nearly(self, span: _Span) -> bool:
        """An interval reaches from at most one character after the span's start to at most one before its end."""
        return self.furthest_end(span.start + 2) >= span.end - 1


def _appositive_orgs(texts: Iterable[str]) -> set[str]:
    """Names the document itself calls an organisation ("Youth Link is a nonprofit organization")."""
    names = {m.group(1) for t in texts for m in _APPOSITIVE_ORG.finditer(t)}
    return {n for n in names if n.split()[0].lower() not in NOT_NAMES}


def _merge_adjacent(text: str, offset: int, ents: list[Span]) -> list[_Span]:
    """Rejoin a name the NER cut in two ("the City of" + "Springfield", "Springfield Mayor's" + "Office of ...")."""
    out: list[_Span] = []
    for ent in ents:
        span = _Span(offset + ent.start_char, offset + ent.end_char, ent.label_, ent.ent_id_ or None)
        prev = out[-1] if out else None
        if (
            prev
            and prev.label == span.label
            and span.label in MERGE_LABELS
            and not prev.canonical
            and not span.canonical
            and text[prev.end : span.start].isspace()
        ):
            prev.end = span.end
        else:
            out.append(span)
    return out


def _plural_of_name(text: str, piece: str) -> bool:
    """ "Shoot Reviews" next to "Shoot Review": a kind of thing, not a person's name."""
    singular = piece[:-1]
    return piece.endswith("s") and len(piece.split()) > 1 and re.search(rf"\b{re.escape(singular)}\b", text) is not None


def _any_of(names: Iterable[str]) -> re.Pattern[str]:
    """Whole-word, case-sensitive match of any of `names`, longest first."""
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])")


def _name_mentions(prose: list[ProseBlock], names: set[str], spans: list[_Span]) -> list[_Span]:
    """ORG mentions of the names the document calls organisations, where the NER saw nothing."""
    if not names:
        return []
    pattern = _any_of(names)
    seen = _Reach((s.start, s.end) for s in spans)
    out: list[_Span] = []
    for block in prose:
        for m in pattern.finditer(block.text):
            span = _Span(block.start + m.start(), block.start + m.end(), "ORG")
            if not seen.overlaps(span):
                out.append(span)
    return out


def _written_lowercase(text: str, piece: str) -> bool:
    """True when the document also writes `piece` in lower case, as it would a common noun phrase."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(piece)}(?![\w-])", re.IGNORECASE)
    return any(m.group() == piece.lower() for m in pattern.finditer(text))


def _fix_labels(text: str, spans: list[_Span], org_names: set[str], tc_blocks: list[tuple[int, int]]) -> list[_Span]:
    """Relabel or drop mentions whose label the context contradicts."""
    gpe_names = {text[s.start : s.end] for s in spans if s.label == "GPE"}
    title_case = _Reach(tc_blocks)
    # each of these scans the whole text: once per distinct name, not once per mention
    plural = cache(lambda piece: _plural_of_name(text, piece))
    lowercase = cache(lambda piece: _written_lowercase(text, piece))
    out = []
    for s in spans:
        piece = text[s.start : s.end]
        words = piece.split()
        if s.label == "PERSON":
            if piece in gpe_names:
                s.label = "GPE"
            elif (
                piece in org_names
                or any(piece.endswith(" " + n) for n in org_names)
                or plural(piece)
            ):
                s.label = "ORG"  # a name the text calls an organisation, or the plural of a known name
            elif lowercase(piece):
                continue  # "Focused Deterrence" is also written "focused deterrence": a common noun, not a name
        if s.label == "ORG":
            if len(words) == 1 and _DIRECTION.match(piece):
                continue
            in_tc = title_case.covers(s.start)
            if in_tc and not (piece.isupper() or s.canonical or piece in org_names or words[-1].lower() in ORG_HEADS):
                continue
        out.append(s)
    return out


def prose_to_entities(doc: NormalizedDocument, prose: list[ProseBlock], parsed: list[Doc]) -> list[Entity]:
    """Entity mentions of the prose with canonical names; acronyms expand to their in-document definition.

    `parsed[i]` is the spaCy Doc of `prose[i].text`; its offsets plus the block start are document offsets."""
    text = doc.text
    spans: list[_Span] = []
    for block, sdoc in zip(prose, parsed, strict=True):
        for piece in _merge_adjacent(text, block.start, list(sdoc.ents)):
            cleaned = _clean(text, piece)
            if cleaned is not None:
                spans.append(cleaned)

    tc_blocks = [(b.start, b.block.end) for b in prose if _title_case_block(b.text)]
    org_names = _appositive_orgs(b.text for b in prose)
    spans = _fix_labels(text, spans, org_names, tc_blocks)
    gpe_names = {text[s.start : s.end] for s in spans if s.label == "GPE"}
    spans += _name_mentions(prose, org_names, spans)

    # acronym definitions: the long form replaces whatever pieces the NER made of it
    defs: dict[str, tuple[str, bool]] = {}
    long_spans: list[_Span] = []
    regions: list[tuple[int, int]] = []
    for block in prose:
        for d in find_definitions(block.text):
            start = _extend_left(text, block.start + d.long_start, gpe_names)
            end = block.start + d.long_end
            long = re.sub(r"\s+", " ", text[start:end])
            org_like = _org_like(long)
            if d.short not in defs:
                defs[d.short] = (long, org_like)
            regions.append((start, block.start + d.short_end + 1))
            if org_like:
                long_spans.append(_Span(start, end, "ORG", long))
    defined = _Reach(regions)
    spans = [s for s in spans if not defined.overlaps(s)]
    for short, value in list(defs.items()):
        variant = short[:-1] if short.endswith("s") and short[:-1].isupper() else short + "s"
        defs.setdefault(variant, value)

    # every mention of a defined acronym, whether or not the NER saw it
    acronym_spans: list[_Span] = []
    if defs:
        pattern = _any_of(defs)
        for block in prose:
            for m in pattern.finditer(block.text):
                long, org_like = defs[m.group(1)]
                acronym_spans.append(
                    _Span(block.start + m.start(), block.start + m.end(), "ORG" if org_like else "MISC", long)
                )
    acronyms = _Reach((a.start, a.end) for a in acronym_spans)
    spans = [s for s in spans if not acronyms.contains_nearly(s)]

    merged = spans + long_spans + acronym_spans
    seen: set[tuple[int, int, str]] = set()
    out = []
    for s in sorted(merged, key=lambda s: (s.start, -s.end)):
        key = (s.start, s.end, s.label)
        if key in seen:
            continue
        seen.add(key)
        piece = text[s.start : s.end]
        canonical = re.sub(r"\s+", " ", s.canonical or piece)
        out.append(Entity(piece, s.label, canonical, s.start, s.end, doc.page_at(s.start)))
    return out
