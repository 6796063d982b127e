"""A generator of hostile PDFs: what an attacker or a broken scanner would upload.

Each function returns the bytes of one PDF built by hand (objects, xref, trailer), so the
file is exactly as malformed as intended. `HOSTILE` names them all; the fuzz tests send each
through the isolated parser and the upload API, and mutate them further with hypothesis.
"""

import functools
import zlib
from collections.abc import Callable

from tests.pdfs import make_pdf


def assemble(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF from numbered object bodies (object i+1 is objects[i]) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\n" % (len(objects) + 1, root, trailer_extra)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _page_objects(content: bytes, *, extra_page: bytes = b"") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + extra_page + b">>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]


def text_page(text: str = "Certificate of Registration ISO/IEC 27001:2022") -> bytes:
    content = b"BT /F1 12 Tf 72 720 Td (" + text.encode("latin-1") + b") Tj ET"
    return assemble(_page_objects(content))


@functools.cache
def flate_bomb(megabytes: int = 256) -> bytes:
    """A content stream of a few hundred KB that inflates to `megabytes` of zeros."""
    chunk = zlib.compressobj(9)
    data = b"".join(chunk.compress(b"\0" * 2**20) for _ in range(megabytes)) + chunk.flush()
    objects = _page_objects(b"")
    objects[3] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data
    objects[3] += b"\nendstream"
    return assemble(objects)


def deep_nesting(depth: int = 100_000) -> bytes:
    """An array nested `depth` levels deep (recursive parsers overflow their stack)."""
    objects = _page_objects(b"BT ET")
    objects[4] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /X " + b"[" * depth
    objects[4] += b"]" * depth + b" >>"
    return assemble(objects)


def page_tree_loop() -> bytes:
    """A page tree whose Kids point back at the root (an infinite walk)."""
    objects = _page_objects(b"BT ET")
    objects[1] = b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>"
    return assemble(objects)


def xref_prev_loop() -> bytes:
    """A trailer whose /Prev points at its own xref section."""
    pdf = text_page()
    start = pdf.rindex(b"startxref\n") + len(b"startxref\n")
    offset = int(pdf[start : pdf.index(b"\n", start)])
    return pdf.replace(b"/Root 1 0 R ", b"/Root 1 0 R /Prev %d " % offset)


def many_pages(count: int = 5000) -> bytes:
    """More pages than any cap (one shared content stream)."""
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
        b"<< /Length 5 >>\nstream\nBT ET\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    objects += [
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"
        for _ in range(count)
    ]
    return assemble(objects)


def giant_media_box() -> bytes:
    """A page 14,400 inches a side (renderers that trust it allocate gigabytes)."""
    objects = _page_objects(b"BT ET")
    objects[2] = objects[2].replace(b"[0 0 612 792]", b"[0 0 1036800 1036800]")
    return assemble(objects)


def bogus_encryption() -> bytes:
    """An /Encrypt dictionary with an unknown security handler."""
    objects = [*_page_objects(b"BT ET"), b"<< /Filter /NoSuchHandler /V 9 /R 9 /O (x) /U (y) >>"]
    return assemble(objects, trailer_extra=b"/Encrypt 6 0 R /ID [<00> <00>] ")


def wrong_lengths() -> bytes:
    """Stream lengths that point past the end of the file."""
    return text_page().replace(b"<< /Length ", b"<< /Length 99999999", 1)


def no_xref() -> bytes:
    """Objects with no xref, trailer or %%EOF (the parser must reconstruct or give up)."""
    pdf = text_page()
    return pdf[: pdf.index(b"xref\n")]


def javascript_open_action() -> bytes:
    objects = _page_objects(b"BT /F1 12 Tf 72 720 Td (hello) Tj ET")
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>"
    objects.append(b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>")
    return assemble(objects)


def binary_garbage_after_header() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 64


def truncated_real() -> bytes:
    pdf = make_pdf("ISO/IEC 27001 certificate", "Scope: everything")
    return pdf[: len(pdf) // 2]


HOSTILE: dict[str, Callable[[], bytes]] = {
    "text_page": text_page,
    "flate_bomb": flate_bomb,
    "deep_nesting": deep_nesting,
    "page_tree_loop": page_tree_loop,
    "xref_prev_loop": xref_prev_loop,
    "many_pages": many_pages,
    "giant_media_box": giant_media_box,
    "bogus_encryption": bogus_encryption,
    "wrong_lengths": wrong_lengths,
    "no_xref": no_xref,
    "javascript_open_action": javascript_open_action,
    "binary_garbage_after_header": binary_garbage_after_header,
    "truncated_real": truncated_real,
}
