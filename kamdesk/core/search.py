"""Read a search box's input by its shape. Pure: no Django import."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kamdesk.core.identifiers import looks_like_uscc


@dataclass(frozen=True)
class SearchQuery:
    kind: str  # "number", "uscc", "pinyin", "text", "code" or "empty"
    value: str


def parse_search(raw: str | None) -> SearchQuery:
    text = (raw or "").strip()
    if not text:
        return SearchQuery("empty", "")
    compact = re.sub(r"[\s-]", "", text)
    if compact.startswith("+86"):
        compact = compact[3:]
    if re.fullmatch(r"\d{11}|\d{13}", compact):
        return SearchQuery("number", compact)
    if len(compact) == 18 and looks_like_uscc(compact):
        return SearchQuery("uscc", compact.upper())
    if re.fullmatch(r"[A-Za-z]+", compact):
        return SearchQuery("pinyin", compact.lower())
    return SearchQuery("text", text)
