"""What one table cell says: a value, a placeholder, a year, or text, and a footnote call glued to it.

Judgements about single cells that the header/body logic and the structure stage share, so a
"3,707a" is read the same way whether it came from a PDF or a text file.
"""

from __future__ import annotations

import re

from extractors.model.printed_numbers import MAX_YEAR, MIN_YEAR, SUPERSCRIPT_RUN, parse_number

# "(X)", "*****", "-", "n/a": printed where a value is not available.
_PLACEHOLDER = re.compile(r"^(?:[-\u2012\u2013\u2014\u2212.]{1,3}|\*+|\(?[xX]\)?|n/?a|N/?A|\.\.|:|[zZ])$")
# A value with marks glued before or after it: "*2,247", "3,707a", "111.4**", "12.5 (p)".
_MARKED = re.compile(
    r"^(?P<lead>[*\u2020\u2021]*)(?P<value>[-+\u2212\u2013(]?[$\u20ac\u00a3]?\d[\d,.]*%?\)?)"
    r"(?P<mark>[a-z]|\*{1,3}|[\u2020\u2021]|\([a-z]\))?$"
)
# Digits glued to a word in a header: "Population1", "Robbery2" (not "Q1", "FY2019", "PM10").
_HEADER_CALL = re.compile(r"^(?P<word>.*[a-z][a-z)]{2,})(?P<call>\d{1,2})$")
# A thousands-grouped number with digits glued after its last group: "3,7071" is 3,707 + call 1.
_GROUPED_CALL = re.compile(r"^(?P<value>\d{1,3}(?:,\d{3})+)(?P<call>\d{1,2})$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_FROM_SUPERSCRIPT = str.maketrans("\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", "0123456789")


# A count with its share in brackets: "63 (18.5%)", "101(20.4%)".
_WITH_SHARE = re.compile(r"^(?P<value>[-+]?[\d,.]*\d)\s*\([-+]?[\d,.]*\d\s*%\)$")


def cell_value(text: str) -> float | None:
    """The number a cell prints, footnote calls and marks aside ("3,707a" -> 3707, "*2,247" -> 2247,
    "63 (18.5%)" -> 63)."""
    grouped = _GROUPED_CALL.match(text.strip())
    if grouped:
        return parse_number(grouped.group("value"))
    value = parse_number(text)
    if value is not None:
        return value
    stripped = SUPERSCRIPT_RUN.sub("", text).strip()
    match = _MARKED.match(stripped) or _WITH_SHARE.match(stripped) or _GROUPED_CALL.match(stripped)
    return parse_number(match.group("value")) if match else None


def cell_mark(text: str) -> str | None:
    """The footnote call or mark glued to a value ("3,707a" -> "a", "2001²" -> "2"), else None."""
    stripped = text.strip()
    superscript = SUPERSCRIPT_RUN.search(stripped)
    if superscript and superscript.end() == len(stripped) and superscript.start() > 0:
        return superscript.group().translate(_FROM_SUPERSCRIPT)
    match = _MARKED.match(stripped)
    if match and parse_number(match.group("value")) is not None:
        mark = match.group("mark") or match.group("lead")
        return mark.strip("()") if mark else None
    grouped = _GROUPED_CALL.match(stripped)
    return grouped.group("call") if grouped else None


def is_placeholder(text: str) -> bool:
    return bool(_PLACEHOLDER.match(text.strip()))


def is_year(text: str) -> bool:
    """A year, marks or calls glued to it aside ("2019", "1995*", "2001²")."""
    stripped = SUPERSCRIPT_RUN.sub("", text).strip().rstrip("*\u2020\u2021")
    value = parse_number(stripped)
    return bool(_YEAR.match(stripped)) and value is not None and MIN_YEAR <= value <= MAX_YEAR


def is_measure(text: str) -> bool:
    """A printed quantity (not a year, which is as often a header as a value)."""
    stripped = text.strip()
    if not stripped or is_year(stripped):
        return False
    return cell_value(stripped) is not None


def is_value(text: str) -> bool:
    """A quantity or a placeholder for one: what fills the data part of a table."""
    return is_measure(text) or is_year(text) or is_placeholder(text)


def header_name(text: str) -> tuple[str, str | None]:
    """A column name without the footnote call glued to it ("Population1" -> "Population", "1";
    "Rate¹" -> "Rate", "1"), single-spaced, a hyphen broken at a line end rejoined ("Larceny- theft")."""
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"(?<=[a-z])- (?=[a-z])", "-", text)
    calls = []
    superscript = SUPERSCRIPT_RUN.search(text)
    while superscript:
        calls.append(superscript.group().translate(_FROM_SUPERSCRIPT))
        text = (text[: superscript.start()] + text[superscript.end() :]).strip()
        superscript = SUPERSCRIPT_RUN.search(text)
    words = text.split(" ")
    match = _HEADER_CALL.match(words[-1]) if words else None
    if match:
        calls.append(match.group("call"))
        text = " ".join([*words[:-1], match.group("word")])
    return re.sub(r"\s+", " ", text).strip(), (calls[0] if calls else None)


def year_with_call(text: str) -> tuple[int, str] | None:
    """"20012" in a column of years is 2001 with call 2; None for anything else."""
    stripped = SUPERSCRIPT_RUN.sub("", text).strip()
    if len(stripped) in (5, 6) and stripped.isdigit() and is_year(stripped[:4]) and stripped[4] != "0":
        return int(stripped[:4]), stripped[4:]
    return None
