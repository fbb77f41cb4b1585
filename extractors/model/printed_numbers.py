"""Numbers as printed in case studies, and footnote calls glued to them."""

from __future__ import annotations

import re
from dataclasses import dataclass

SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
_FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
# A footnote call or body number: one to three superscript digits, no more on either side. A longer
# run is no footnote number (none has four digits) and is left as text, never read as a number.
MAX_CALL_DIGITS = 3
_SUP = f"[{SUPERSCRIPT_DIGITS}]"
SUPERSCRIPT_NUMBER = f"(?<!{_SUP}){_SUP}{{1,{MAX_CALL_DIGITS}}}(?!{_SUP})"
SUPERSCRIPT_RUN = re.compile(SUPERSCRIPT_NUMBER)
# Years a statistics table may report (a table year, a crime_stats row).
MIN_YEAR, MAX_YEAR = 1900, 2100

# Spaces that PDF text uses inside numbers: no-break, thin, narrow no-break, figure space.
_NUMBER_SPACES = "\u00a0\u2009\u202f\u2007 "
_MINUS_SIGNS = "\u2212\u2013\u2012-"

_NUMBER = re.compile(
    r"""^(?P<sign>[-+])?
        (?P<currency>\$)?
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)?
        (?P<frac>\.\d+)?
        (?P<percent>%)?$""",
    re.VERBOSE,
)


def to_superscript(digits: str) -> str:
    """Digits as Unicode superscript digits ("12" -> "¹²"); other characters unchanged."""
    return digits.translate(_TO_SUPERSCRIPT)


def from_superscript(text: str) -> str:
    return text.translate(_FROM_SUPERSCRIPT)


# More integer digits than a float holds exactly: no count, rate or amount of a case study is
# printed so, and such a "number" (an identifier, a garbled cell) is kept as text, never as a value.
MAX_DIGITS = 15


def _number_match(raw: str) -> tuple[re.Match[str], bool] | None:
    """The printed number's parts and whether it is negative, when `raw` is shaped like a number."""
    text = SUPERSCRIPT_RUN.sub("", raw).strip()
    for space in _NUMBER_SPACES:
        text = text.replace(space, "")
    negative = False
    if len(text) > 2 and text[0] == "(" and text[-1] == ")":
        negative, text = True, text[1:-1]
    if text and text[0] in _MINUS_SIGNS and len(text) > 1:
        negative, text = not negative, text[1:]
    match = _NUMBER.match(text)
    if not match or not (match.group("int") or match.group("frac")):
        return None
    return match, negative


def _integer_digits(match: re.Match[str]) -> int:
    return len((match.group("int") or "").replace(",", "").lstrip("0"))


def parse_number(raw: str) -> float | None:
    """The value of a printed number ("12,430", "3232", "−4.5%", "$1 234", "(12)"), else None.

    Footnote calls printed as superscripts are ignored; anything else that is not a
    number (words, dashes for "no data", dates) gives None, and so does a number of more
    than MAX_DIGITS integer digits (see `overlong_number`).
    """
    parsed = _number_match(raw)
    if parsed is None or _integer_digits(parsed[0]) > MAX_DIGITS:
        return None
    match, negative = parsed
    value = float((match.group("int") or "0").replace(",", "") + (match.group("frac") or ""))
    if match.group("sign") == "-":
        value = -value
    return -value if negative else value


def overlong_number(raw: str) -> bool:
    """Printed like a number but with more than MAX_DIGITS integer digits: kept as text."""
    parsed = _number_match(raw)
    return parsed is not None and _integer_digits(parsed[0]) > MAX_DIGITS


@dataclass(frozen=True)
class GluedMarker:
    """A number whose last digits are a footnote call printed on the baseline."""

    number_text: str  # the number as it should have read ("54,124.")
    marker: int  # the footnote number (1)


def split_glued_marker(token: str, candidates: set[int]) -> GluedMarker | None:
    """Split a footnote call off a number it was glued to, when the split is unambiguous.

    "54,124.1" with candidate 1 is 54,124 + call 1 (a sentence-final period, then the call);
    "20012" with candidate 2 is the year 2001 + call 2; "Population1" is a word + call 1.
    Only footnote numbers in `candidates` (bodies that have no call yet) are considered, and
    the part left over must itself be well formed: thousands groups of exactly three
    digits, a four-digit year, or a word.
    """
    for marker in sorted(candidates, key=lambda n: -len(str(n))):
        suffix = str(marker)
        if not token.endswith(suffix) or len(token) <= len(suffix):
            continue
        head = token[: -len(suffix)]
        if _is_well_formed_head(head):
            return GluedMarker(head, marker)
    return None


_GROUPED = re.compile(r"^\$?\d{1,3}(?:,\d{3})+(?:\.\d\d)?\.?$")
_YEAR = re.compile(r"^(?:19|20)\d\d\.?$")
_WORD = re.compile(r"^[A-Za-z][A-Za-z'\u2019-]*[A-Za-z)]\.?$")


def _is_well_formed_head(head: str) -> bool:
    return bool(_GROUPED.match(head) or _YEAR.match(head) or _WORD.match(head))
