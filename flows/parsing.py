"""One file read whole in the limited child process: its bytes to every extracted record.

`flows.isolation` runs `read_document` in a child with a time and memory limit, for PDFs and
text alike, so no file can hang or balloon the flow. The child is forked from a server that
has already built the spaCy pipeline (see `flows/preload.py`); this module stays light at
import, because the flow imports it only to name the function the child runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.model.errors import ExtractionError
from flows.raw_files import MARKDOWN_SUFFIXES, doc_id_of

if TYPE_CHECKING:
    from extractors.pipeline import Extraction


@dataclass(frozen=True)
class ReadRequest:
    path: str
    kind: str  # "pdf" or "text" (Markdown by its suffix)
    ocr: bool = False  # --ocr: a PDF's text layer drawn invisible (render mode 3: a scan's OCR layer) is read
    by_ocr: bool = False  # read the PDF's page images by OCR rather than its text layer


@dataclass(frozen=True)
class ReadResult:
    """What the child hands back: the records, and facts about the bytes it read."""

    doc_id: str
    size: int
    page_count: int | None
    ocr: bool
    extraction: Extraction  # its `warnings` are the loader's


def _loaded(request: ReadRequest, data: bytes):  # noqa: ANN202 - a LoadedDocument
    # imported here, in the child: the forkserver has them loaded already (flows/preload.py), and the
    # flow process, which only names the functions the child runs, never loads the parsers
    from extractors.load.markdown import markdown_bytes_to_document
    from extractors.load.ocr import pdf_bytes_to_ocr_document
    from extractors.load.pdf import pdf_bytes_to_document
    from extractors.load.text import text_bytes_to_document
    from flows.models import vocabularies

    if request.kind == "pdf" and request.by_ocr:
        return pdf_bytes_to_ocr_document(data)
    if request.kind == "pdf":
        return pdf_bytes_to_document(data, vocabularies().words, ocr=request.ocr)
    if request.kind != "text":
        raise ExtractionError("load", f"no reader for {request.kind!r}")
    if Path(request.path).suffix.lower() in MARKDOWN_SUFFIXES:
        return markdown_bytes_to_document(data)
    return text_bytes_to_document(data)


def read_document(request: ReadRequest) -> ReadResult:
    """Read, load and extract one file (in the child process; raises ExtractionError)."""
    # in the child too: spaCy and the pipeline are the forkserver's (flows/preload.py), not the flow's
    from extractors.load.ocr import read_by_ocr
    from extractors.pipeline import loaded_to_extraction
    from flows.models import language, vocabularies

    data = Path(request.path).read_bytes()
    loaded = _loaded(request, data)
    # the pipeline and the vocabularies are built once, by the forkserver (flows/preload.py)
    extraction = loaded_to_extraction(loaded, language(), vocabularies())
    return ReadResult(doc_id_of(data), len(data), loaded.page_count, read_by_ocr(loaded), extraction)


def read_title_site(request: ReadRequest) -> tuple[str | None, str | None]:
    """The site and state the file's title names, read as `read_document` reads them (`psp add`
    names the file after them before copying it into raw/)."""
    from extractors.layout.normalize import loaded_to_normalized
    from extractors.nlp.language import entity_parse_skips
    from extractors.structure.title_site import document_to_facts, title_texts
    from flows.models import language, vocabularies

    vocab = vocabularies()
    doc = loaded_to_normalized(_loaded(request, Path(request.path).read_bytes()), vocab.words, vocab.known_words)
    nlp = language()
    facts = document_to_facts(doc, list(nlp.pipe(title_texts(doc), disable=entity_parse_skips(nlp))), vocab.words)
    return facts.site, facts.state
