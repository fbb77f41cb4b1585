"""One file read whole in the limited child process: its bytes to every extracted record.

`flows.isolation` runs `read_document` in a child with a time and memory limit, for PDFs and
text alike, so no file can hang or balloon the flow. The child is forked from a server that
has already built the spaCy pipeline (see `flows/preload.py`); this module stays light at
import, because the flow imports it only to name the function the child runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from extractors.load.markdown import markdown_bytes_to_document
from extractors.load.ocr import pdf_bytes_to_ocr_document, read_by_ocr
from extractors.load.text import text_bytes_to_document
from extractors.model.errors import ExtractionError
from extractors.pipeline import Extraction, loaded_to_extraction
from flows.models import language, vocabularies
from flows.raw_files import doc_id_of


@dataclass(frozen=True)
class ReadRequest:
    path: str
    kind: str  # "pdf", "text" or "markdown"
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


def _pdf_loader(data: bytes, ocr: bool):  # noqa: ANN202 - a LoadedDocument
    # imported here: the forkserver has it loaded already, and the flow process never needs it
    from extractors.load.pdf import pdf_bytes_to_document

    return pdf_bytes_to_document(data, ocr=ocr)


def read_document(request: ReadRequest) -> ReadResult:
    """Read, load and extract one file (in the child process; raises ExtractionError)."""
    data = Path(request.path).read_bytes()
    if request.kind == "pdf":
        loaded = pdf_bytes_to_ocr_document(data) if request.by_ocr else _pdf_loader(data, request.ocr)
    elif request.kind == "text":
        loaded = text_bytes_to_document(data)
    elif request.kind == "markdown":
        loaded = markdown_bytes_to_document(data)
    else:
        raise ExtractionError("load", f"no reader for {request.kind!r}")
    # the pipeline and the vocabularies are built once, by the forkserver (flows/preload.py)
    extraction = loaded_to_extraction(loaded, language(), vocabularies())
    return ReadResult(doc_id_of(data), len(data), loaded.page_count, read_by_ocr(loaded), extraction)
