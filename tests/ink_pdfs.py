"""PDFs written object by object, so each colour space and text render mode is
exactly the one a test names (reportlab cannot write DeviceN or Indexed text)."""

from __future__ import annotations

from dataclasses import dataclass

# colour spaces a test can name in its lines; each is a resource of the page
SPACES = {
    "Black": "[/Separation /Black /DeviceCMYK << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [0 0 0 1] /N 1 >>]",
    "NoSpot": "[/Separation /None /DeviceGray << /FunctionType 2 /Domain [0 1] /C0 [1] /C1 [0] /N 1 >>]",
    "Duo": "[/DeviceN [/Cyan /Magenta] /DeviceCMYK << /FunctionType 4 /Domain [0 1 0 1] /Range [0 1 0 1 0 1 0 1] "
           "/Length 15 >> ]",
    "Palette": "[/Indexed /DeviceRGB 1 <000000FFFFFF>]",
    "Icc": "[/ICCBased 5 0 R]",
}


@dataclass(frozen=True)
class Line:
    """A line of text and the operators that set its colour and render mode before it."""

    text: str
    paint: str = "0 g"
    mode: int = 0


def ink_pdf(lines: list[Line], *, fill_under: int | None = None) -> bytes:
    """A page with one line of 12-point Helvetica per entry, top down; `fill_under` is the index
    of a line that gets a black box painted under it first."""
    ops = []
    for index, line in enumerate(lines):
        y = 720 - 24 * index
        if index == fill_under:
            ops.append(f"q 0 g 60 {y - 4} 400 18 re f Q")
        text = line.text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"q {line.paint} BT {line.mode} Tr /F1 12 Tf 72 {y} Td ({text}) Tj ET Q")
    content = "\n".join(ops).encode()
    spaces = " ".join(f"/{name} {spec}" for name, spec in SPACES.items())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        (
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            f"/Resources << /Font << /F1 6 0 R >> /ColorSpace << {spaces} >> >> >>"
        ).encode(),
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /N 3 /Length 4 >>\nstream\nnone\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    return objects_to_pdf(objects, version=b"1.7")


def objects_to_pdf(objects: list[bytes], *, version: bytes = b"1.4") -> bytes:
    """A PDF file of these object bodies (object 1 the catalog), with its xref table and trailer."""
    out = bytearray(b"%PDF-" + version + b"\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
