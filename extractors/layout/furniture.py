"""Page furniture: running headers, footers and page numbers.

A line is furniture when it sits in the top or bottom band of the page and either reads
as a page number ("7", "Page 7", "Page 7 of 12", "- 7 -") or repeats, digits aside, in the
same band on several pages. Furniture is kept aside so it never reaches prose or claims.
On a PDF page the bands are the top and bottom tenth of the page; in a text file with
pages (form feeds) they are the first and last lines of each page.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from extractors.layout.pdf_words import Line

BAND = 0.1  # fraction of the page height at the top and at the bottom
TEXT_BAND = 2  # lines at the top and at the bottom of a text page
_PAGE_NUMBER = re.compile(r"(?i:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(\s*(?i:of|/)\s*\d{1,4})?|[ivx]{1,5}")


def is_page_number(text: str) -> bool:
    """A lone page number in any common spelling."""
    return bool(_PAGE_NUMBER.fullmatch(text.strip()))


def band_of(line: Line, height: float) -> str | None:
    """'top' or 'bottom' when the line lies in a furniture band, else None."""
    if line.bottom <= BAND * height:
        return "top"
    if line.top >= (1 - BAND) * height:
        return "bottom"
    return None


def furniture_key(text: str) -> str:
    """What a running header looks like once page numbers and case are ignored."""
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text)).strip().lower()


def repeated_keys(pages: Sequence[Sequence[Line]], heights: Sequence[float]) -> set[tuple[str, str]]:
    """(band, key) pairs that recur on at least two pages and on 40% of them."""
    counts: Counter[tuple[str, str]] = Counter()
    for lines, height in zip(pages, heights, strict=True):
        seen = set()
        for line in lines:
            band = band_of(line, height)
            if band:
                seen.add((band, furniture_key(line.text)))
        counts.update(seen)
    needed = max(2, int(0.4 * len(pages) + 0.999))
    return {key for key, n in counts.items() if n >= needed and key[1]}


def split_furniture(
    lines: Sequence[Line], height: float, repeated: set[tuple[str, str]]
) -> tuple[list[Line], list[Line]]:
    """(content lines, furniture lines) of one page."""
    content, furniture = [], []
    for line in lines:
        band = band_of(line, height)
        if band and (is_page_number(line.text) or (band, furniture_key(line.text)) in repeated):
            furniture.append(line)
        else:
            content.append(line)
    return content, furniture


def _text_bands(page: str) -> dict[int, str]:
    """Line index -> band, for the first and last non-blank lines of a text page."""
    filled = [i for i, line in enumerate(page.split("\n")) if line.strip()]
    bands = {i: "bottom" for i in filled[-TEXT_BAND:]}
    bands.update({i: "top" for i in filled[:TEXT_BAND]})
    return bands


def text_page_furniture(pages: Sequence[str]) -> list[tuple[str, tuple[str, ...]]]:
    """For each page of a text file, its text with furniture lines blanked, and those lines.

    Only a text with several pages has furniture: one page gives no repetition to go by."""
    if len(pages) < 2:
        return [(page, ()) for page in pages]
    counts: Counter[tuple[str, str]] = Counter()
    for page in pages:
        lines = page.split("\n")
        counts.update({(band, furniture_key(lines[i])) for i, band in _text_bands(page).items()})
    needed = max(2, int(0.4 * len(pages) + 0.999))
    out = []
    for page in pages:
        lines = page.split("\n")
        furniture = []
        for index, band in sorted(_text_bands(page).items()):
            text = lines[index].strip()
            if is_page_number(text) or counts[(band, furniture_key(text))] >= needed:
                furniture.append(text)
                lines[index] = ""
        out.append(("\n".join(lines), tuple(furniture)))
    return out
