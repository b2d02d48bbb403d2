"""Password protection of PDFs with AES-256 (pypdf). Pure: no Django import."""

from __future__ import annotations

import io
import secrets

from pypdf import PdfReader, PdfWriter


def new_password() -> str:
    """Eight digits: easy to type from an SMS, never reused."""
    return f"{secrets.randbelow(10**8):08d}"


def protect_pdf(data: bytes, *, password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
