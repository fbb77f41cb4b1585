"""Markdown exports (`.md`) to the page model, read with a real parser (markdown-it-py).

The parser finds the blocks, so each becomes one paragraph of the page text and the loader
says which are headings: `#` headings (the first is the title), paragraphs (a soft break
is a wrapped line), list items (written with a "- " bullet), tables (tab rows, header
first: the page model's table convention), and footnotes (`[^1]` calls written as
superscript digits, each `[^1]: text` body a "¹ text" paragraph at the end). Emphasis
marks, HTML and images are dropped; a link keeps its text and its address.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from extractors.load.text import bytes_to_text
from extractors.model.pages import LoadedDocument, PageText
from extractors.model.printed_numbers import to_superscript


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).use(footnote_plugin).enable("table")


@dataclass
class _Page:
    """The page text being written: paragraphs, and the offsets where headings start."""

    paragraphs: list[str] = field(default_factory=list)
    headings: list[int] = field(default_factory=list)
    length: int = 0

    def add(self, text: str, *, heading: bool = False) -> None:
        text = text.strip()
        if not text:
            return
        if self.paragraphs:
            self.length += 2  # the blank line between paragraphs
        if heading:
            self.headings.append(self.length)
        self.paragraphs.append(text)
        self.length += len(text)


def _numbers(tokens: Sequence[Token]) -> dict[int, int]:
    """Footnote number by the parser's footnote id: the printed label when every label is a
    number, else the order in which the notes are first called."""
    labels: dict[int, str] = {}
    for token in _walk(tokens):
        if token.type in ("footnote_ref", "footnote_open"):
            labels.setdefault(token.meta["id"], str(token.meta.get("label", "")))
    if labels and all(label.isdigit() for label in labels.values()):
        return {note_id: int(label) for note_id, label in labels.items()}
    return {note_id: note_id + 1 for note_id in labels}


def _walk(tokens: Sequence[Token]) -> Iterator[Token]:
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def inline_to_text(token: Token, numbers: dict[int, int]) -> str:
    """The text of an inline token: soft breaks as newlines, calls as superscripts, a link
    as its text followed by its address (when the text is not the address itself)."""
    out: list[str] = []
    link: str | None = None
    link_start = 0
    for child in token.children or []:
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append("\n")
        elif kind == "footnote_ref":
            out.append(to_superscript(str(numbers[child.meta["id"]])))
        elif kind == "link_open":
            link, link_start = str(child.attrs.get("href") or ""), len(out)
        elif kind == "link_close" and link is not None:
            shown = "".join(out[link_start:]).strip()
            if link and link.startswith(("http://", "https://", "www.")) and shown.rstrip("/") != link.rstrip("/"):
                out.append(f" ({link})")
            link = None
    return "".join(out).replace("\t", " ")


def _cells(tokens: Sequence[Token], start: int, numbers: dict[int, int]) -> tuple[list[str], int]:
    """The cells of the table row opening at `start`, and the index after the row."""
    cells: list[str] = []
    index = start + 1
    while tokens[index].type != "tr_close":
        if tokens[index].type == "inline":
            cells.append(" ".join(inline_to_text(tokens[index], numbers).split()))
        index += 1
    return cells, index + 1


def tokens_to_page(tokens: Sequence[Token]) -> PageText:
    """Parsed Markdown to one page of the page model."""
    numbers = _numbers(tokens)
    page = _Page()
    notes: dict[int, list[str]] = {}
    note: int | None = None
    heading = False
    bullet = 0
    rows: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == "footnote_open":
            note = numbers[token.meta["id"]]
            notes.setdefault(note, [])
        elif kind == "footnote_close":
            note = None
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind in ("bullet_list_open", "ordered_list_open"):
            bullet += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            bullet -= 1
        elif kind == "tr_open":
            cells, index = _cells(tokens, index, numbers)
            rows.append("\t".join(cells))
            continue
        elif kind == "table_close":
            page.add("\n".join(rows))
            rows = []
        elif kind in ("fence", "code_block"):
            page.add(token.content)
        elif kind == "inline":
            text = inline_to_text(token, numbers)
            if note is not None:
                notes[note].append(" ".join(text.split()))
            elif heading:
                page.add(" ".join(text.split()), heading=True)
            else:
                first_in_item = bullet and tokens[index - 2].type == "list_item_open"
                page.add(f"- {text.strip()}" if first_in_item else text)
        index += 1
    for number in sorted(notes):
        page.add(f"{to_superscript(str(number))} {' '.join(notes[number])}")
    return PageText(None, "\n\n".join(page.paragraphs), kinds=tuple((start, "heading") for start in page.headings))


def markdown_bytes_to_document(data: bytes) -> LoadedDocument:
    """Load a Markdown file (bytes): decoded as strictly as a text file, then parsed."""
    page = tokens_to_page(_parser().parse(bytes_to_text(data)))
    return LoadedDocument("text", (page,), None, blocks_known=True)
