"""Which characters of a PDF page a reader sees: by colour space, colour and text render mode.

A character is invisible when it leaves no ink: drawn in render mode 3 or 7 (neither filled
nor stroked: OCR text layers are drawn so), or painted in a colour that marks nothing on the
paper in its own colour space: white in DeviceGray, DeviceRGB, CalRGB, CalGray, Lab and the
ICC spaces of one, three or four components, no ink in DeviceCMYK, a Separation or DeviceN
tint of 0 (a tint of 1 is full ink: printed black), or an Indexed colour whose palette entry is
one of those. White text on a filled shape painted before it (a shaded table header) is seen.

pdfminer reports only the name of a character's colour space, so the page is interpreted here
with a device that decides while it draws, where the whole colour space, the colour and the
render mode are known; characters no one sees never reach `page.chars`, and are counted.
The visibility of a string's characters is decided once per string (they share its render mode,
colour space and colours). The page makes its characters' object dicts itself, the dicts
pdfplumber makes, without re-resolving plain values for each character.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from unicodedata import normalize as normalize_unicode

from pdfminer.layout import LTChar
from pdfminer.pdfcolor import PDFColorSpace
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdftypes import resolve1, stream_value
from pdfminer.psparser import literal_name
from pdfplumber.page import ALL_ATTRS, Page, PDFPageAggregatorWithMarkedContent, fix_fontname_bytes
from pdfplumber.utils import resolve_all, resolve_and_decode
from pdfplumber.utils.exceptions import PdfminerException

INVISIBLE_MODES = frozenset({3, 7})  # neither fill nor stroke (7 adds the text to the clip path)
_STROKE_ONLY = frozenset({1, 5})
_FILL_AND_STROKE = frozenset({2, 6})
_NEAR = 0.005
Box = tuple[float, float, float, float]
_PLAIN = frozenset({float, int, bool, str, type(None)})  # what pdfplumber's resolve_all returns as it is


class SpecifiedSpace(PDFColorSpace):
    """A colour space with its definition kept (pdfminer keeps only the name)."""

    def __init__(self, name: str, ncomponents: int, spec: Sequence[Any]) -> None:
        super().__init__(name, ncomponents)
        self.spec = spec


def _numbers(colour: Any) -> tuple[float, ...] | None:
    values = colour if isinstance(colour, (list, tuple)) else (colour,)
    try:
        return tuple(float(v) for v in values)
    except (TypeError, ValueError):
        return None  # a pattern name: it paints, we cannot tell what


def _hashable(colour: Any) -> Any:
    return tuple(colour) if isinstance(colour, list) else colour


def _base_space(spec: Any) -> PDFColorSpace:
    spec = resolve1(spec)
    name = literal_name(spec[0] if isinstance(spec, list) else spec)
    if name == "ICCBased" and isinstance(spec, list):
        return PDFColorSpace(name, int(stream_value(spec[1]).get("N", 3)))
    return PDFColorSpace(name, {"DeviceGray": 1, "CalGray": 1, "DeviceCMYK": 4}.get(name, 3))


def _palette_colour(space: SpecifiedSpace, index: float) -> tuple[PDFColorSpace, tuple[float, ...]] | None:
    """The base colour space and colour of an Indexed colour's palette entry."""
    base = _base_space(space.spec[1])
    lookup = resolve1(space.spec[3]) if len(space.spec) > 3 else None
    table = lookup if isinstance(lookup, bytes) else (stream_value(lookup).get_data() if lookup is not None else b"")
    width = base.ncomponents
    entry = table[int(index) * width : int(index) * width + width]
    if len(entry) != width:
        return None
    return base, tuple(byte / 255 for byte in entry)


def leaves_no_ink(space: PDFColorSpace | None, colour: Any) -> bool:
    """Whether painting in `colour` of `space` leaves the paper as it was (white or no ink)."""
    values = _numbers(colour)
    if space is None or values is None or not values:
        return False
    name, count = space.name, len(values)
    if name == "ICCBased":
        name = {1: "DeviceGray", 3: "DeviceRGB", 4: "DeviceCMYK"}.get(count, name)
    if name in ("DeviceGray", "CalGray", "DeviceRGB", "CalRGB"):
        return all(v >= 1 - _NEAR for v in values)
    if name == "Lab":
        return values[0] >= 100 - 100 * _NEAR and all(abs(v) <= 100 * _NEAR for v in values[1:])
    if name in ("DeviceCMYK", "DeviceN"):
        return all(v <= _NEAR for v in values)
    if name == "Separation":
        spec = getattr(space, "spec", None)
        return (bool(spec) and len(spec) > 1 and literal_name(spec[1]) == "None") or values[0] <= _NEAR
    if name == "Indexed" and isinstance(space, SpecifiedSpace):
        entry = _palette_colour(space, values[0])
        return entry is not None and leaves_no_ink(*entry)
    return False  # Pattern and anything unknown: assumed to mark the page


class InkInterpreter(PDFPageInterpreter):
    """Keeps the definition of Separation, DeviceN and Indexed colour spaces, and their
    colours of any number of tints (pdfminer takes only colours of 1, 3 or 4 components)."""

    def _tints(self, space: PDFColorSpace) -> tuple[float, ...] | None:
        components = self.pop(space.ncomponents)
        values = _numbers(tuple(components))
        return values if values is not None and len(values) == space.ncomponents else None

    def _set_colour(self, space_attr: str, colour_attr: str) -> bool:
        """Set the fill ('ncs'/'ncolor') or stroke ('scs'/'scolor') colour of a specified space;
        False when the space is pdfminer's own to handle."""
        space = getattr(self.graphicstate, space_attr)
        if not isinstance(space, SpecifiedSpace):
            return False
        tints = self._tints(space)
        if tints is not None:
            setattr(self.graphicstate, colour_attr, tints)
        return True

    def do_scn(self) -> None:
        if not self._set_colour("ncs", "ncolor"):
            super().do_scn()

    def do_SCN(self) -> None:
        if not self._set_colour("scs", "scolor"):
            super().do_SCN()

    def init_resources(self, resources: dict[object, object]) -> None:
        super().init_resources(resources)
        spaces = resolve1((resources or {}).get("ColorSpace")) or {}
        for name, spec in dict(spaces).items():
            spec = resolve1(spec)
            if isinstance(spec, list) and spec and literal_name(spec[0]) in ("Separation", "Indexed", "DeviceN"):
                known = self.csmap.get(name)
                count = known.ncomponents if known else 1
                self.csmap[name] = SpecifiedSpace(literal_name(spec[0]), count, spec)


class InkDevice(PDFPageAggregatorWithMarkedContent):
    """pdfplumber's device, keeping only the characters that leave ink on the page."""

    def __init__(self, *args: Any, read_invisible_mode: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.read_invisible_mode = read_invisible_mode
        self.render_mode = 0
        self.hidden: Counter[str] = Counter()  # "mode" (render mode 3 or 7) and "ink" (white or no ink)
        self.fills: list[Box] = []
        self._blank: dict[tuple[Any, ...], bool] = {}
        self._unseen: str | None = None  # of the string being drawn (see `_why_unseen`)

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        self.render_mode = int(getattr(textstate, "render", 0) or 0)
        # a string's characters share its render mode, colour space and colours: decided once here
        self._unseen = self._why_unseen(ncs, graphicstate) if graphicstate is not None else None
        super().render_string(textstate, seq, ncs, graphicstate)

    def paint_path(self, gstate: Any, stroke: bool, fill: bool, evenodd: bool, path: Any) -> None:
        before = len(self.cur_item._objs)
        super().paint_path(gstate, stroke, fill, evenodd, path)
        if fill and not leaves_no_ink(gstate.ncs, gstate.ncolor):
            self.fills += [obj.bbox for obj in self.cur_item._objs[before:]]

    def _why_unseen(self, ncs: Any, gstate: Any) -> str | None:
        """Why the characters drawn with this colour setting are unseen: "mode" (render mode 3
        or 7), "ink" (no ink, unless on a filled shape: decided per character), or None."""
        mode = self.render_mode
        if mode in INVISIBLE_MODES:
            return None if self.read_invisible_mode else "mode"
        key = (mode, id(ncs), _hashable(gstate.ncolor), id(gstate.scs), _hashable(gstate.scolor))
        blank = self._blank.get(key)
        if blank is None:  # decided once per colour setting: a page repeats few of them
            fill_blank = leaves_no_ink(ncs, gstate.ncolor)
            stroke_blank = leaves_no_ink(gstate.scs, gstate.scolor)
            if mode in _STROKE_ONLY:
                blank = stroke_blank
            elif mode in _FILL_AND_STROKE:
                blank = fill_blank and stroke_blank
            else:
                blank = fill_blank
            self._blank[key] = blank
        return "ink" if blank else None

    def _on_fill(self, box: Box) -> bool:
        x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        return any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in self.fills)

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        advance = super().render_char(*args, **kwargs)
        reason = self._unseen
        if reason is None:
            return advance
        item = self.cur_item._objs[-1]
        if reason == "mode" or not self._on_fill(item.bbox):
            self.cur_item._objs.pop()
            if item.get_text().strip():
                self.hidden[reason] += 1
        return advance


class InkPage(Page):
    """A pdfplumber page whose characters are those a reader sees; `hidden` counts the rest."""

    def __init__(self, page: Page, *, read_invisible_mode: bool = False) -> None:
        super().__init__(page.pdf, page.page_obj, page_number=page.page_number, initial_doctop=page.initial_doctop)
        self.read_invisible_mode = read_invisible_mode
        self.hidden: Counter[str] = Counter()

    @property
    def layout(self) -> Any:
        if not hasattr(self, "_layout"):
            device = InkDevice(
                self.pdf.rsrcmgr, pageno=self.page_number, laparams=self.pdf.laparams,
                read_invisible_mode=self.read_invisible_mode,
            )
            try:
                InkInterpreter(self.pdf.rsrcmgr, device).process_page(self.page_obj)
            except Exception as exc:  # noqa: BLE001 - pdfplumber's own wrapping of parser failures
                raise PdfminerException(exc) from exc
            self._layout = device.get_result()
            self.hidden = device.hidden
        return self._layout

    def parse_objects(self) -> dict[str, list[dict[str, Any]]]:
        mb_x0, mb_top = self.mediabox[:2]
        self._char_frame = (self.height, mb_x0, mb_top)
        return super().parse_objects()

    def process_object(self, obj: Any) -> dict[str, Any]:
        """pdfplumber's object dict; a character's (most of a page's objects) made here, the same
        dict `Page.process_object` makes (tests/test_pdf_ink.py compares them) without resolving
        plain values and decoding the same colour space name once per character."""
        if type(obj) is not LTChar:
            return super().process_object(obj)
        attr = {k: v if type(v) in _PLAIN else _resolved(v) for k, v in obj.__dict__.items() if k in ALL_ATTRS}
        attr["object_type"] = "char"
        attr["page_number"] = self.page_number
        for cs in ("ncs", "scs"):
            if hasattr(obj, cs):
                attr[cs] = _decoded_name(getattr(obj, cs).name)
        text = obj.get_text()
        attr["text"] = normalize_unicode(self.pdf.unicode_norm, text) if self.pdf.unicode_norm is not None else text
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr["fontname"], bytes):
            attr["fontname"] = fix_fontname_bytes(attr["fontname"])
        height, mb_x0, mb_top = self._char_frame
        if "y0" in attr:
            attr["top"] = (height - attr["y1"]) + mb_top
            attr["bottom"] = (height - attr["y0"]) + mb_top
            attr["doctop"] = self.initial_doctop + attr["top"]
        if "x0" in attr and mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr


def _resolved(value: Any) -> Any:
    """`resolve_all`, with a tuple of plain values (a character's matrix) kept as it is."""
    if type(value) is tuple and _PLAIN.issuperset(map(type, value)):
        return value
    return resolve_all(value)


@lru_cache(maxsize=256)
def _cached_name(name: str) -> Any:
    return resolve_and_decode(name)


def _decoded_name(name: Any) -> Any:
    """pdfplumber's `resolve_and_decode` of a colour space name (a string: decoded once)."""
    return _cached_name(name) if type(name) is str else resolve_and_decode(name)
