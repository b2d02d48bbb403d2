"""The Chinese catalogue is complete: no empty and no fuzzy translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "kamdesk/locale/zh_Hans/LC_MESSAGES/django.po"
# The shared catalogue and each capability's own (kamdesk/<app>/locale/, see `kam appmessages`).
CATALOGUES = sorted(ROOT.glob("kamdesk/**/locale/zh_Hans/LC_MESSAGES/django.po"))

pytestmark = pytest.mark.nodb


def _entries(po: Path = PO) -> list[dict[str, str]]:
    """Each entry of the catalogue as {"flags", "msgid", "msgstr"} (strings joined)."""
    entries = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
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


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_translates_every_message(po):
    untranslated = [e["msgid"] for e in _entries(po)[1:] if e["msgid"] and not e["msgstr"]]
    assert untranslated == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_has_no_fuzzy_translation(po):
    fuzzy = [e["msgid"] or "(header)" for e in _entries(po) if "fuzzy" in e["flags"]]
    assert fuzzy == []


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_it_keeps_the_placeholders_of_every_message(po):
    pattern = re.compile(r"%\(\w+\)[sd]")
    wrong = [
        e["msgid"]
        for e in _entries(po)[1:]
        if e["msgid"] and set(pattern.findall(e["msgid"])) != set(pattern.findall(e["msgstr"]))
    ]
    assert wrong == []
