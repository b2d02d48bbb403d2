"""Pinyin keys for finding Chinese names by pinyin or initials: 中国移动 → zhongguoyidong, zgyd."""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin


def pinyin_full(text: str) -> str:
    return "".join(lazy_pinyin(text or "", errors="default")).lower().replace(" ", "")


def pinyin_initials(text: str) -> str:
    parts = lazy_pinyin(text or "", style=Style.FIRST_LETTER, errors="default")
    return "".join(parts).lower().replace(" ", "")
