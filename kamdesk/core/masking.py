"""Masking of numbers and identity data. Pure: no Django import.

Every template (the ``mask_number`` and ``mask_id`` filters), API schema and export
uses these functions, so a number is masked the same way everywhere.
"""

from __future__ import annotations


def mask_number(value: str | None) -> str:
    """``13812345678`` → ``138****5678``; 13-digit IoT numbers keep 3 + 4 as well."""
    if not value:
        return ""
    digits = str(value)
    if len(digits) <= 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_id(value: str | None) -> str:
    """Identity numbers keep the first 4 and last 4 characters: ``1101**********123X``."""
    if not value:
        return ""
    text = str(value)
    if len(text) <= 8:
        return text[:1] + "*" * (len(text) - 1)
    return f"{text[:4]}{'*' * (len(text) - 8)}{text[-4:]}"


def mask_email(value: str | None) -> str:
    if not value or "@" not in value:
        return value or ""
    local, domain = value.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_name(value: str | None) -> str:
    """A person's name keeps its first character: 张三丰 → 张**."""
    if not value:
        return ""
    return value[:1] + "*" * (len(value) - 1)
