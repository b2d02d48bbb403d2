"""Pure helpers for signatures over content: the canonical text of what is signed, its
SHA-256 digest, and the checking of the PNG image a signature pad submits.

No Django import: the orders capability reuses these for the customer-signed order form.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import struct
from collections.abc import Mapping

PNG_PREFIX = "data:image/png;base64,"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
MAX_PNG_BYTES = 400_000
MIN_SIDE, MAX_SIDE = 20, 4000


class SignatureImageError(ValueError):
    """The submitted image is not a usable PNG signature; the message says why."""


def _normal(value: object) -> object:
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if isinstance(value, Mapping):
        return {str(k): _normal(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normal(v) for v in value]
    if value is None or isinstance(value, bool | int):
        return value
    return str(value)


def canonical_content(content: Mapping[str, object]) -> str:
    """One text for one content: keys sorted, line ends and outer spaces normalised,
    values that are not JSON (dates, decimals) as their ``str``."""
    return json.dumps(_normal(content), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_digest(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def digest_of(content: Mapping[str, object]) -> str:
    return content_digest(canonical_content(content))


def png_from_data_url(data_url: str, *, max_bytes: int = MAX_PNG_BYTES) -> bytes:
    """The PNG bytes of a ``data:image/png;base64,…`` URL; raises ``SignatureImageError``."""
    text = (data_url or "").strip()
    if not text:
        raise SignatureImageError("The signature is empty.")
    if not text.startswith(PNG_PREFIX):
        raise SignatureImageError("The signature must be a PNG data URL.")
    encoded = text[len(PNG_PREFIX) :]
    if len(encoded) > (max_bytes * 4) // 3 + 4:
        raise SignatureImageError("The signature image is too large.")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise SignatureImageError("The signature image is not valid base64.") from exc
    _check_png(data, max_bytes)
    return data


def _check_png(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise SignatureImageError("The signature image is too large.")
    if len(data) < 33 or not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR":
        raise SignatureImageError("The signature image is not a PNG.")
    width, height = struct.unpack(">II", data[16:24])
    if not (MIN_SIDE <= width <= MAX_SIDE and MIN_SIDE <= height <= MAX_SIDE):
        raise SignatureImageError("The signature image has an unusable size.")


def png_data_url(data: bytes) -> str:
    return PNG_PREFIX + base64.b64encode(bytes(data)).decode("ascii")
