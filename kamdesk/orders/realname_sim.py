"""The answers of the simulated real-name platform (demo and test only). Pure: no Django
import, so a local test server can answer with it too.

The simulator verifies a document that is valid for its type and has a name, and
answers references shaped like the platform's. It says how many numbers the person
holds nationwide by a fixed rule, so demos and tests can show the 一证五号 limit: for a
resident identity number it is the last digit of the sequence code (the 17th
character) modulo 6; for other documents, the sum of their digits modulo 4.
"""

from __future__ import annotations

import hashlib
from typing import Any

from kamdesk.core.identifiers import IdentifierError, clean_id_document


def numbers_held(id_type: str, id_number: str) -> int:
    if id_type == "resident_id":
        return int(id_number[16]) % 6
    return sum(int(c) for c in id_number if c.isdigit()) % 4


def realname_answer(payload: dict[str, Any]) -> dict[str, Any]:
    id_type = str(payload.get("id_type") or "")
    name = str(payload.get("name") or "").strip()
    try:
        compact = clean_id_document(id_type, str(payload.get("id_number") or ""))
    except IdentifierError as exc:
        return {"verified": False, "reason": f"invalid document: {exc}", "numbers_held": 0}
    if not name:
        return {"verified": False, "reason": "no name on the document", "numbers_held": 0}
    ref = hashlib.sha256(f"{id_type}:{compact}:{name}".encode()).hexdigest()[:10].upper()
    return {
        "verified": True,
        "reason": "",
        "card_reader_ref": f"CR-SIM-{ref}",
        "face_match_ref": f"FM-SIM-{ref}",
        "numbers_held": numbers_held(id_type, compact),
    }
