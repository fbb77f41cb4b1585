"""Footnote bodies and the calls that point at them."""

from __future__ import annotations

import datetime as dt
import re

from extractors.layout.blocks import FOOTNOTE_BODY
from extractors.layout.footnote_markers import superscript_markers
from extractors.model.document import NormalizedDocument
from extractors.model.printed_numbers import from_superscript
from extractors.model.records import Footnote, FootnoteRef
from extractors.vocab.vocabulary import Vocabulary

_URL_START = re.compile(r"https?://\S*|www\.\S+", re.IGNORECASE)
_HOST = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)+(?:[/:?#]|$)")
_NEXT_TOKEN = re.compile(r"\s+(\S+)")
_URL_ONLY_PIECE = re.compile(
    r"%[0-9A-Fa-f]{2}|^[^\s(]*/[^\s]*$|^[\w.~-]+\.(?:pdf|html?|aspx?|php|xlsx?|csv|docx?|json)\b[.,;)]*$"
)
_URL_TRAILING = ".,;:)]\"'\u201d\u2019"
_DATE_FORMATS = ("%B %d, %Y", "%b. %d, %Y", "%b %d, %Y", "%m/%d/%Y")


def _continues_url(url: str, piece: str) -> bool:
    """A URL broken by a space or line break: the break falls where no sentence would."""
    if url.endswith("://"):  # "https:// www.justice.gov/...": the scheme alone is no URL
        return bool(_HOST.match(piece))
    if _URL_START.match(piece) or piece[0] in "([\u201c\"":
        return False
    if url.rstrip(_URL_TRAILING) != url:
        return False
    if re.search(r"(%[0-9A-Fa-f]{0,2}|[/_=&?#-])$", url):
        return True
    return bool(_URL_ONLY_PIECE.search(piece))


def text_to_urls(text: str) -> list[str]:
    """URLs in a footnote body, rejoined where the PDF broke them across a space or line."""
    urls = []
    consumed = 0
    for match in _URL_START.finditer(text):
        if match.start() < consumed:  # the host of a URL whose scheme was printed apart
            continue
        url, position = match.group(), match.end()
        while (following := _NEXT_TOKEN.match(text, position)) and _continues_url(url, following.group(1)):
            url += following.group(1)
            position = following.end()
        consumed = position
        if not url.endswith("://"):
            urls.append(url.rstrip(_URL_TRAILING))
    return urls


def text_to_retrieved(text: str, vocab: Vocabulary) -> dt.date | None:
    """The date a footnote says its source was retrieved on, as the vocabulary's forms state it."""
    for pattern in vocab.retrieved_patterns:
        match = pattern.search(text)
        if not match:
            continue
        stamp = re.sub(r"\s+", " ", match.group("date")).replace("Sept.", "Sep.")
        for date_format in _DATE_FORMATS:
            try:
                return dt.datetime.strptime(stamp, date_format).date()
            except ValueError:
                continue
    return None


def document_to_footnote_refs(doc: NormalizedDocument) -> list[FootnoteRef]:
    spans = [(block.start, block.end) for block in doc.blocks if block.kind != "footnote"]
    return [
        FootnoteRef(marker.number, marker.start, marker.end, doc.page_at(marker.start))
        for marker in superscript_markers(doc.text, spans)
    ]


def document_to_footnotes(doc: NormalizedDocument, refs: list[FootnoteRef], vocab: Vocabulary) -> list[Footnote]:
    referenced = {ref.number for ref in refs}
    footnotes = []
    for block in doc.blocks_of("footnote"):
        text = doc.block_text(block)
        match = FOOTNOTE_BODY.match(text)
        if not match:
            continue
        number = int(from_superscript(match.group(1)))
        body_start = block.start + match.end(1)
        body = doc.text[body_start : block.end].strip()
        footnotes.append(
            Footnote(
                number=number,
                text=body,
                urls=tuple(text_to_urls(body)),
                retrieved=text_to_retrieved(body, vocab),
                referenced=number in referenced,
                page=block.page,
                start=block.start,
                end=block.end,
            )
        )
    return footnotes
