"""Quantities in a parsed sentence: the number (digits or words), its unit, qualifier and range.

Everything that looks like a number but is not a quantity is dropped here: years, days of a
date, labels ("Table 2", "District 9", "pp. 12"), times, enumerators, hyphenated names
("COVID-19") and the base of a rate ("per 100,000").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from extractors.claims.grammar import (
    ClaimVocabulary,
    DateMention,
    digits_value,
    match_phrase,
    match_phrase_before,
    ordinal_value,
    words_to_number,
)

if TYPE_CHECKING:  # spaCy types only: the flow unpickles these records without loading spaCy
    from spacy.tokens import Doc, Span

_YEAR_DIGITS = 4


@dataclass(frozen=True)
class Quantity:
    """A number read from the tokens of one sentence; offsets are document offsets."""

    value: float
    unit: str
    start: int
    end: int
    first: int  # token index of the first number token (after any currency sign)
    last: int  # token index of the last number token
    unit_end: int  # token index after the number, its unit and a rate's denominator
    unit_tokens: tuple[int, ...] = ()
    qualifier: str | None = None
    role: str | None = None  # "range", "modifier", "rank"
    age: bool = False
    is_word: bool = False


# A four-digit count in this range is a year in prose (history reaches further back than tables).
_PROSE_YEARS = (1800, 2100)

def _number_at(doc: Doc, i: int, end: int, vocab: ClaimVocabulary) -> tuple[float, int, bool] | None:
    """(value, index after the number, written in words) for a number starting at token i."""
    token = doc[i]
    value = digits_value(token.text)
    if value is not None:
        j = i + 1
        if j < end and doc[j].lower_ in vocab.scale_words and doc[j].lower_ != "hundred":
            value *= vocab.scale_words[doc[j].lower_]
            j += 1
        return value, j, False
    if not vocab.is_number_word(token.lower_):
        return None
    j = i + 1
    while j < end:
        word = doc[j].lower_
        glued_hyphen = word == "-" and not doc[j - 1].whitespace_ and not doc[j].whitespace_
        if vocab.is_number_word(word) or vocab.is_scale(word):
            j += 1
        elif (glued_hyphen or word == "and") and j + 1 < end and vocab.is_number_word(doc[j + 1].lower_):
            j += 1
        else:
            break
    while j > i:
        words = [t.text for t in doc[i:j]]
        number = words_to_number(words, vocab)
        if number is not None:
            return float(number), j, True
        j -= 1
    return None


def _rank_at(doc: Doc, i: int, end: int, vocab: ClaimVocabulary) -> int | None:
    """Index after a rank ("third-highest", "second largest", "5th most"), else None."""
    if ordinal_value(doc[i].text, vocab) is None:
        return None
    j = i + 1
    if j < end and doc[j].text == "-":
        j += 1
    if j < end and doc[j].lower_ in vocab.rank_words:
        return j + 1
    return None


def _unit_at(doc: Doc, j: int, end: int, vocab: ClaimVocabulary) -> tuple[str, int, tuple[int, ...]] | None:
    """(unit, index after it, unit token indexes) for the words after a number."""
    if j >= end:
        return None
    if doc[j].lower_ in vocab.rate_words and j + 1 < end:
        base = digits_value(doc[j + 1].text)
        if base is not None and base >= 1:
            k = j + 2
            while k < end and doc[k].pos_ in ("NOUN", "PROPN", "ADJ") and doc[k].text != "-":
                k += 1
            unit = vocab.rate_bases.get(int(base), f"per_{int(base)}")
            return unit, k, tuple(range(j, k))
    texts = [t.text for t in doc[j : min(end, j + 4)]]
    for phrase in vocab.per_capita:
        if tuple(t.lower() for t in texts[: len(phrase)]) == phrase:
            return "per_capita", j + len(phrase), tuple(range(j, j + len(phrase)))
    found = match_phrase(texts, vocab.units)
    if found:
        n, unit = found
        return unit, j + n, tuple(range(j, j + n))
    return None


def _is_label(doc: Doc, i: int, j: int, sent: Span, vocab: ClaimVocabulary) -> bool:
    """A number that names or orders something rather than counting it."""
    token = doc[i]
    previous = doc[i - 1] if i > sent.start else None
    if previous is not None and previous.text == "." and i - 2 >= sent.start:
        previous = doc[i - 2]
    following = doc[j] if j < sent.end else None
    if token.text in vocab.label_numbers and _qualifier(doc, i, sent, vocab) is None:
        return True
    if previous is not None:
        word = previous.lower_.rstrip(".")
        if word in vocab.label_words or previous.text == "#" or word in vocab.months:
            return True
        if previous.lower_ in vocab.rate_words:
            return True
        if previous.text == "-" and i - 2 >= sent.start and not previous.whitespace_:
            before = doc[i - 2]
            if before.is_alpha and not before.whitespace_ and not vocab.is_number_word(before.lower_):
                return True
        if previous.text == "(" and following is not None and following.text == ")":
            return True
    if following is not None and following.lower_ in vocab.label_after:
        return True
    if following is not None and following.is_title and following.pos_ == "PROPN":
        k = j
        while k < sent.end and doc[k].pos_ == "PROPN":
            k += 1
        if doc[k - 1].lower_.rstrip(".") in vocab.address_words:
            return True
    starts_block = all(t.is_space for t in doc[: i]) if i < 3 else False
    return starts_block and following is not None and following.text in (".", ")")


def _in_date(start: int, end: int, dates: list[DateMention], offset: int) -> bool:
    return any(d.start < end - offset and start - offset < d.end for d in dates)


def _counts_something(doc: Doc, i: int, j: int, end: int, vocab: ClaimVocabulary) -> bool:
    """A number word is a quantity only when something counted follows it ("two officers")."""
    k = j + 1 if j < end and doc[j].text == "-" else j
    if k >= end or doc[k].lower_ == "of":
        return False
    if j - i == 1 and doc[i].lower_ in vocab.weak_number_words and _qualifier(doc, i, sent_of(doc, i), vocab) is None:
        return False
    return doc[k].pos_ in ("NOUN", "PROPN", "ADJ") or doc[k].lower_ in vocab.rate_words


def _qualifier(doc: Doc, start_token: int, sent: Span, vocab: ClaimVocabulary) -> str | None:
    texts = [t.text for t in doc[max(sent.start, start_token - 3) : start_token]]
    found = match_phrase_before(texts, vocab.qualifiers)
    return found[1] if found else None


def _read_one(doc: Doc, i: int, sent: Span, vocab: ClaimVocabulary) -> tuple[dict, int] | None:
    """The raw reading of a number at token i: value, unit, extent; None when there is none."""
    end = sent.end
    rank_end = _rank_at(doc, i, end, vocab)
    if rank_end is not None:
        value = ordinal_value(doc[i].text, vocab)
        return {"value": float(value or 0), "unit": "rank", "first": i, "last": i, "unit_end": rank_end,
                "unit_tokens": tuple(range(i + 1, rank_end)), "role": "rank", "is_word": doc[i].is_alpha}, rank_end
    number = _number_at(doc, i, end, vocab)
    if number is None:
        return None
    value, j, is_word = number
    unit_found = _unit_at(doc, j, end, vocab)
    if unit_found and i > sent.start and doc[i - 1].lower_ in vocab.counted_unit_cues and doc[j].tag_ == "NNS":
        unit_found = None  # "these twelve years": years counted, the noun is the measure
    unit, unit_end, unit_tokens = unit_found if unit_found else ("count", j, ())
    first = i
    if i > sent.start and doc[i - 1].text in vocab.currency_signs:
        unit, first = vocab.currency_signs[doc[i - 1].text], i - 1
    reading = {"value": value, "unit": unit, "first": first, "number_first": i, "last": j - 1,
               "unit_end": unit_end, "unit_tokens": unit_tokens, "role": None, "is_word": is_word}
    if unit_tokens and doc[unit_tokens[0]].text == "-":
        reading["role"] = "modifier"
    return reading, j


def _exclusion(doc: Doc, reading: dict, sent: Span, dates: list[DateMention], vocab: ClaimVocabulary,
               offset: int) -> str | None:
    """Why a number is not a quantity ("year", "date", "label", "word"), or None when it is one."""
    i, j = reading["number_first"], reading["last"] + 1
    token = doc[i]
    start, end = token.idx + offset, doc[j - 1].idx + len(doc[j - 1].text) + offset
    if reading["unit"] == "count" and len(token.text) == _YEAR_DIGITS and token.text.isdigit():
        if _PROSE_YEARS[0] <= int(token.text) <= _PROSE_YEARS[1]:
            return "year"
    if reading["unit"] == "count" and _ends_year_span(doc, i, sent):
        return "year"
    if _in_date(start, end, dates, offset + sent.start_char):
        return "date"
    if _is_label(doc, i, reading["unit_end"] if reading["unit_tokens"] else j, sent, vocab):
        return "label"
    if reading["is_word"] and reading["unit"] == "count" and not _counts_something(doc, i, j, sent.end, vocab):
        return "word"
    return None


def _ends_year_span(doc: Doc, i: int, sent: Span) -> bool:
    """"1990-96": the two digits after a year and a dash are the span's last year, not a count."""
    token = doc[i]
    if i - 2 < sent.start or len(token.text) != 2 or not token.text.isdigit() or doc[i - 1].text not in "-\u2013":
        return False
    year = doc[i - 2].text
    return len(year) == _YEAR_DIGITS and year.isdigit() and _PROSE_YEARS[0] <= int(year) <= _PROSE_YEARS[1]


def _excluded(doc: Doc, reading: dict, sent: Span, dates: list[DateMention], vocab: ClaimVocabulary,
              offset: int) -> bool:
    return _exclusion(doc, reading, sent, dates, vocab, offset) is not None


def _range_partner(doc: Doc, after: int, sent: Span, first_token: int, vocab: ClaimVocabulary) -> int | None:
    """Index of the second number of a range ("16 to 24", "between 10 and 20"), else None."""
    if after + 1 >= sent.end or doc[after].lower_ not in vocab.range_words:
        return None
    window = doc[max(sent.start, first_token - 5) : first_token]
    if doc[after].lower_ == "and" and not any(t.lower_ == vocab.range_and_cue for t in window):
        return None
    nxt = doc[after + 1]
    if nxt.text in vocab.currency_signs and after + 2 < sent.end:
        nxt = doc[after + 2]
    if digits_value(nxt.text) is not None or vocab.is_number_word(nxt.lower_):
        return nxt.i
    return None


def _quantity(doc: Doc, reading: dict, sent: Span, vocab: ClaimVocabulary, offset: int, **extra) -> Quantity:
    first, last = doc[reading["first"]], doc[reading["last"]]
    before = doc[max(sent.start, reading["first"] - 3) : reading["first"]]
    unit_words = [doc[k].lower_ for k in reading["unit_tokens"]]
    age = any(t.lower_ in vocab.age_cues for t in before) or bool(set(unit_words[-1:]) & vocab.age_unit_words)
    fields = {
        "value": reading["value"],
        "unit": "years" if age and reading["unit"] == "count" else reading["unit"],
        "start": first.idx + offset,
        "end": last.idx + len(last.text) + offset,
        "first": reading.get("number_first", reading["first"]),
        "last": reading["last"],
        "unit_end": reading["unit_end"],
        "unit_tokens": reading["unit_tokens"],
        "qualifier": _qualifier(doc, reading["first"], sent, vocab),
        "role": reading["role"],
        "age": age,
        "is_word": reading["is_word"],
    }
    fields.update(extra)
    return Quantity(**fields)


def read_quantities(sent: Span, dates: list[DateMention], vocab: ClaimVocabulary, offset: int) -> list[Quantity]:
    """The quantities of one sentence, left to right; `offset` maps Doc offsets to the document."""
    doc = sent.doc
    out: list[Quantity] = []
    # a number or a rank starts only at a digit or a number or ordinal word: most tokens are neither
    starts = [token.i for token in sent if _may_start_number(token.text, token.lower_, vocab)]
    i = sent.start
    for start in starts:
        if start < i:
            continue
        i = start
        read = _read_one(doc, i, sent, vocab)
        if read is None:
            continue
        reading, j = read
        partner_index = None
        if reading["unit"] != "rank":
            partner_index = _range_partner(doc, reading["unit_end"], sent, reading["first"], vocab)
        partner = _read_one(doc, partner_index, sent, vocab) if partner_index is not None else None
        if partner is not None and partner[0]["unit"] == "rank":
            partner = None
        if partner is not None and _exclusion(doc, reading, sent, dates, vocab, offset) in ("year", "date"):
            partner = None  # "in 2019 to 47 percent": a year, then a new number
        if partner is not None and reading["unit"] != "rank":
            second, after = partner
            if reading["unit"] == "count" and second["unit"] != "count":
                reading = {**reading, "unit": second["unit"], "unit_tokens": second["unit_tokens"]}
            excluded = _excluded(doc, reading, sent, dates, vocab, offset) or _excluded(
                doc, {**second, "is_word": False}, sent, dates, vocab, offset)
            if not excluded:
                low = _quantity(doc, {**reading, "unit_end": second["unit_end"]}, sent, vocab, offset, role="range")
                high = _quantity(doc, second, sent, vocab, offset, role="range", qualifier=None, unit=low.unit)
                age = low.age or high.age
                out.append(replace(low, age=age, unit="years" if age and low.unit == "count" else low.unit))
                out.append(replace(high, age=age, unit=out[-1].unit))
            i = max(after, second["unit_end"])
            continue
        if reading["unit"] == "rank" or not _excluded(doc, reading, sent, dates, vocab, offset):
            out.append(_quantity(doc, reading, sent, vocab, offset))
        i = max(j, reading["unit_end"]) if reading["unit"] != "rank" else reading["unit_end"]
    return out


def _may_start_number(text: str, lower: str, vocab: ClaimVocabulary) -> bool:
    """Whether `_read_one` can read anything at this token: digits (a digit ordinal too) or a word
    of the number and ordinal lists."""
    return text[:1].isdecimal() or lower in vocab.number_words or lower in vocab.tens_words or (
        lower in vocab.ordinal_words)


def sent_of(doc: Doc, i: int) -> Span:
    return doc[i].sent
