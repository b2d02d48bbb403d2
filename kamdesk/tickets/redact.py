"""Masking inside free text shown to back-office agents and sent to other systems.
Pure: no Django import.

A manager may type a number into a description; an agent must still never see it
whole. Runs of 7 or more digits (with optional spaces or dashes) keep their first 3
and last 4 characters; 15- and 18-character identity numbers keep 4 and 4.
"""

from __future__ import annotations

import re

from kamdesk.core.masking import mask_id, mask_number

_IDENTITY = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])|(?<!\d)\d{15}(?!\d)")
_DIGITS = re.compile(r"(?<!\d)(?:\+?86[ -]?)?\d(?:[ -]?\d){6,}(?!\d)")


def redact_numbers(text: str) -> str:
    """``text`` with every identity number and phone-like digit run masked."""
    text = _IDENTITY.sub(lambda m: mask_id(m.group(0)), text)
    return _DIGITS.sub(lambda m: mask_number(re.sub(r"[ -]", "", m.group(0))), text)
