"""What a file really is, from its first bytes. Pure: no Django import.

An upload is accepted when its content is one of the allowed types and its name's
extension agrees with it: a renamed executable is refused whatever it is called.
"""

from __future__ import annotations

ALLOWED: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/gif": (".gif",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (".pptx",),
    "text/plain": (".txt", ".log"),
    "text/csv": (".csv",),
    "message/rfc822": (".eml",),
}
_OOXML = {
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_TEXT = {".txt": "text/plain", ".log": "text/plain", ".csv": "text/csv", ".eml": "message/rfc822"}


def extension_of(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            head.decode(encoding)
            return True
        except UnicodeDecodeError as exc:
            # The head may cut the last multi-byte character in two: that is still text.
            if exc.start >= len(head) - 4:
                return True
    return False


def sniff(name: str, head: bytes) -> str | None:
    """The content type of a file named ``name`` starting with ``head``; None if refused."""
    ext = extension_of(name)
    if head.startswith(b"%PDF-"):
        found = "application/pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        found = "image/png"
    elif head.startswith(b"\xff\xd8\xff"):
        found = "image/jpeg"
    elif head.startswith((b"GIF87a", b"GIF89a")):
        found = "image/gif"
    elif head.startswith(b"PK\x03\x04") and ext in _OOXML:
        found = _OOXML[ext]
    elif ext in _TEXT and _is_text(head):
        found = _TEXT[ext]
    else:
        return None
    return found if ext in ALLOWED[found] else None
