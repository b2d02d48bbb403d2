"""The Chinese catalogue is complete: no empty and no fuzzy translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PO = Path(__file__).resolve().parent.parent / "kamdesk/locale/zh_Hans/LC_MESSAGES/django.po"

pytestmark = pytest.mark.nodb


def _entries() -> list[dict[str, str]]:
    """Each entry of the catalogue as {"flags", "msgid", "msgstr"} (strings joined)."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": "", "msgid": "", "msgstr": ""}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"] += line
            elif line.startswith("#"):
                continue
            else:
                match = re.match(
                    r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?|msgctxt)?\s*"(.*)"$', line
                )
                if match is None:
                    continue
                if match.group(1):
                    key = "msgstr" if match.group(1).startswith("msgstr") else match.group(1)
                if key in ("msgid", "msgstr"):
                    entry[key] += match.group(2)
        entries.append(entry)
    return entries


def test_it_has_a_chinese_catalogue():
    assert len(_entries()) > 100


def test_it_translates_every_message():
    untranslated = [e["msgid"] for e in _entries()[1:] if e["msgid"] and not e["msgstr"]]
    assert untranslated == []


def test_it_has_no_fuzzy_translation():
    fuzzy = [e["msgid"] or "(header)" for e in _entries() if "fuzzy" in e["flags"]]
    assert fuzzy == []


def test_it_keeps_the_placeholders_of_every_message():
    pattern = re.compile(r"%\(\w+\)[sd]")
    wrong = [
        e["msgid"]
        for e in _entries()[1:]
        if e["msgid"] and set(pattern.findall(e["msgid"])) != set(pattern.findall(e["msgstr"]))
    ]
    assert wrong == []
