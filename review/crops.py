"""Crops of a PDF page around a finding's place, the place outlined, for the report.

A finding's place on the page is its page and the box of the value it is about (a table cell,
a claim), plus the boxes of the values it was compared with; boxes come from the stored records
(`x0, top, x1, bottom` in PDF points). Rendering reads the PDF, so it lives here and not in the
extractors. A crop is made once from the file in raw/ and kept beside the report sections, so a
section redone later (after a waiver, without raw/ at hand) still shows it.
"""

from __future__ import annotations

import base64
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

Box = tuple[float, float, float, float]  # x0, top, x1, bottom, in PDF points from the page's top left
BOX_COLUMNS = ["x0", "top", "x1", "bottom"]
MAX_CROPS = 40  # per document: beyond, the findings list gives the page number only
RESOLUTION = 144  # small table print stays legible
_MARGIN_X, _MARGIN_Y = 60.0, 36.0
_REACH = 120.0  # points above and below the value shown at most
_OUTLINE, _COMPARED = (217, 45, 32), (62, 71, 132)


@dataclass(frozen=True)
class PagePlace:
    """Where a finding is on a PDF page: the box of its value and of the values compared with it."""

    page: int  # 1-based
    box: Box
    compared: tuple[Box, ...] = ()

    def key(self) -> str:
        settings = (RESOLUTION, _REACH, _MARGIN_X, _MARGIN_Y)
        return hashlib.sha1(repr((self.page, self.box, self.compared, settings)).encode()).hexdigest()[:12]


def _boxes(frames: list[pd.DataFrame]) -> dict[tuple[int, int], tuple[int, Box]]:
    """(start, end) -> (page, box) of every stored record that has a box."""
    boxes: dict[tuple[int, int], tuple[int, Box]] = {}
    for frame in frames:
        if frame.empty or not set(BOX_COLUMNS + ["page", "start", "end"]) <= set(frame.columns):
            continue
        located = frame.dropna(subset=[*BOX_COLUMNS, "page", "start", "end"])
        columns = [located[c].tolist() for c in ["start", "end", "page", *BOX_COLUMNS]]
        for start, end, page, *box in zip(*columns, strict=True):
            boxes[(int(start), int(end))] = (int(page), tuple(float(v) for v in box))  # type: ignore[assignment]
    return boxes


def finding_places(findings: pd.DataFrame, located: list[pd.DataFrame]) -> dict[str, PagePlace]:
    """finding_id -> its place on a page: the finding's own page and box when `validation` has
    them, else those of the stored record (a cell, a claim) its span is."""
    boxes = _boxes(located)
    own = _boxes([findings]) if set(BOX_COLUMNS) <= set(findings.columns) else {}
    places = {}
    for f in findings.itertuples(index=False):
        span = (int(f.start), int(f.end)) if pd.notna(f.start) and pd.notna(f.end) else None
        if span is None or (span not in own and span not in boxes):
            continue
        page, box = own.get(span) or boxes[span]
        compared = tuple(
            boxes[(int(s["start"]), int(s["end"]))][1]
            for s in (f.compared if f.compared is not None else [])
            if boxes.get((int(s["start"]), int(s["end"])), (None,))[0] == page
        )
        places[str(f.finding_id)] = PagePlace(page, box, compared)
    return places


def _union(boxes: list[Box]) -> Box:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def render_crop(pdf, place: PagePlace) -> bytes:  # noqa: ANN001 - an open pdfplumber.PDF
    """A PNG of the page around the place: the value outlined in red, compared values in blue."""
    page = pdf.pages[place.page - 1]
    x0, top, x1, bottom = _union([place.box, *place.compared])
    # a long column of parts: only those within _REACH of the value; a whole table: its top
    top, bottom = max(top, place.box[1] - _REACH), min(bottom, place.box[3] + _REACH, place.box[1] + 3 * _REACH)
    region = (max(page.bbox[0], x0 - _MARGIN_X), max(page.bbox[1], top - _MARGIN_Y),
              min(page.bbox[2], x1 + _MARGIN_X), min(page.bbox[3], bottom + _MARGIN_Y))
    image = page.crop(region, strict=False).to_image(resolution=RESOLUTION)
    for box in place.compared:
        image.draw_rect(box, fill=(0, 0, 0, 0), stroke=_COMPARED, stroke_width=1)
    image.draw_rect(place.box, fill=(0, 0, 0, 0), stroke=_OUTLINE, stroke_width=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def finding_crops(
    parts_dir: Path, raw_dir: Path | None, document: pd.Series, findings: pd.DataFrame, located: list[pd.DataFrame]
) -> dict[str, str]:
    """finding_id -> a data: URI of its crop, for a PDF's findings that have a box. Crops are cached
    in `parts_dir/crops/<doc_id>/`; missing ones are rendered from `raw_dir/<source>` when it is there."""
    if document.get("kind") != "pdf" or findings.empty:
        return {}
    places = dict(list(finding_places(findings, located).items())[:MAX_CROPS])
    folder = parts_dir / "crops" / str(document.doc_id)
    paths = {finding_id: folder / f"{finding_id}-{place.key()}.png" for finding_id, place in places.items()}
    missing = [finding_id for finding_id, path in paths.items() if not path.exists()]
    data = _source_bytes(raw_dir, document) if missing else None
    if missing and data is not None:
        import pdfplumber  # here, not at import: most report runs render no crop

        folder.mkdir(parents=True, exist_ok=True)
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for finding_id in missing:
                temporary = folder / f".{paths[finding_id].name}.tmp"
                temporary.write_bytes(render_crop(pdf, places[finding_id]))
                temporary.replace(paths[finding_id])
    return {
        finding_id: "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
        for finding_id, path in paths.items() if path.exists()
    }


def _source_bytes(raw_dir: Path | None, document: pd.Series) -> bytes | None:
    """The document's file in raw/, if it is still the file that was ingested."""
    path = raw_dir / str(document.source) if raw_dir is not None else None
    if path is None or not path.is_file():
        return None
    data = path.read_bytes()
    return data if hashlib.sha256(data).hexdigest()[:16] == document.doc_id else None
