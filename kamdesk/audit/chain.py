"""The audit hash chain. Pure: no Django import.

Each event's hash covers the previous event's hash and the event's own fields in
canonical JSON, so changing, removing or reordering an event breaks every later link.
The algorithm is SHA-256 unless the operator chose SM3; a switch is itself an event
(``ALGORITHM_SWITCH``), hashed with the old algorithm, after which the new one applies.

Rows are walked as plain tuples in ``ROW_FIELDS`` order so that verification streams
a million rows without building model instances.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from json.encoder import encode_basestring as _quote  # the C escaper json.dumps uses
from typing import Any, NamedTuple

GENESIS = "0" * 64
ALGORITHMS = ("sha256", "sm3")
ALGORITHM_SWITCH = "audit.chain.algorithm"
CHECKPOINT = "audit.checkpoint"

ROW_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_name",
    "role",
    "action",
    "target_type",
    "target_id",
    "customer_id",
    "purpose",
    "ip",
    "extra",
    "grant_id",
    "prev_hash",
    "hash",
)


def _digest(algorithm: str, data: bytes) -> str:
    if algorithm == "sha256":
        return hashlib.sha256(data).hexdigest()
    if algorithm == "sm3":
        return _sm3(data)
    raise ValueError(f"unknown audit hash algorithm {algorithm!r}")


def _sm3(data: bytes) -> str:
    try:
        return hashlib.new("sm3", data).hexdigest()
    except ValueError:  # OpenSSL built without SM3: the cryptography package has it
        from cryptography.hazmat.primitives import hashes

        h = hashes.Hash(hashes.SM3())
        h.update(data)
        return h.finalize().hex()


# One encoder for every event: ``json.dumps`` with options builds a new one per call.
_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def canonical(fields: dict[str, Any]) -> str:
    return _ENCODER.encode(fields)


def event_hash(prev_hash: str, fields: dict[str, Any], algorithm: str = "sha256") -> str:
    """The hash over the previous hash and the event's fields in canonical JSON."""
    return _digest(algorithm, f"{prev_hash}|{canonical(fields)}".encode())


def _int(value: Any) -> str:
    return "null" if value is None else int.__repr__(value)


def _at(value: Any) -> str:
    """ISO 8601 in UTC. SQLite hands over its stored text, ``2026-06-01 08:00:00.5``."""
    if value.__class__ is str:
        return value.replace(" ", "T", 1) + "+00:00" if value[10:11] == " " else value
    if value.tzinfo is None:  # a naive UTC time from the database driver
        return value.isoformat() + "+00:00"
    return value.isoformat()


@functools.lru_cache(maxsize=4096)
def _extra_from_text(text: str) -> str:
    return _ENCODER.encode(json.loads(text))


def _extra(value: Any) -> str:
    if not value or value == "{}":
        return "{}"
    return _extra_from_text(value) if value.__class__ is str else _ENCODER.encode(value)


def canonical_row(row: tuple[Any, ...]) -> str:
    """``canonical(chain_fields(row))``, written out directly: the same text, several
    times faster, which is what lets a million events verify in seconds. Takes values as
    the model holds them or as the database driver returns them (time as text, details
    as JSON text). The keys are in sorted order; ``test_chain_encoding`` holds the two
    equal."""
    grant = "" if row[12] is None else f'"grant":{int.__repr__(row[12])},'
    ip = "null" if row[10] is None else _quote(str(row[10]))
    return (
        f'{{"action":{_quote(row[5])},"actor":{_int(row[2])},"actor_name":{_quote(row[3])},'
        f'"at":{_quote(_at(row[1]))},"customer_id":{_int(row[8])},"extra":{_extra(row[11])},'
        f'{grant}"ip":{ip},"purpose":{_quote(row[9])},"role":{_quote(row[4])},'
        f'"seq":{int.__repr__(row[0])},"target_id":{_quote(row[7])},'
        f'"target_type":{_quote(row[6])}}}'
    )


def row_hash(prev_hash: str, row: tuple[Any, ...], algorithm: str = "sha256") -> str:
    return _digest(algorithm, f"{prev_hash}|{canonical_row(row)}".encode())


def chain_fields(row: tuple[Any, ...]) -> dict[str, Any]:
    """The hashed fields of a row in ``ROW_FIELDS`` order.

    ``grant`` was added after the first events were written; it is left out while
    empty, so those events keep their hashes.
    """
    at = row[1]
    fields = {
        "seq": row[0],
        "at": at if isinstance(at, str) else at.isoformat(),
        "actor": row[2],
        "actor_name": row[3],
        "role": row[4],
        "action": row[5],
        "target_type": row[6],
        "target_id": row[7],
        "customer_id": row[8],
        "purpose": row[9],
        "ip": row[10],
        "extra": row[11],
    }
    if row[12] is not None:
        fields["grant"] = row[12]
    return fields


class Break(NamedTuple):
    """Where and how the chain is broken: ``kind`` is altered, missing or link."""

    seq: int
    kind: str
    reason: str


class WalkResult(NamedTuple):
    broken: Break | None
    last_seq: int
    last_hash: str
    checked: int
    first_prev: str | None = None  # the first row's link, for stitching parallel walks


def walk(
    rows: Iterable[tuple[Any, ...]], *, start_seq: int, start_hash: str | None, algorithm: str
) -> WalkResult:
    """Check rows (ordered by seq) link by link; stop at the first break.

    With ``start_hash`` None the first row's link is taken as given and returned as
    ``first_prev``, for the caller to check against the walk before it.
    """
    expected, prev, checked, first_prev = start_seq, start_hash, 0, None
    for row in rows:
        seq = row[0]
        if seq != expected:
            return WalkResult(
                Break(expected, "missing", _missing(expected, seq)),
                expected - 1,
                prev or "",
                checked,
                first_prev,
            )
        if prev is None:
            prev = first_prev = row[13]
        if row[13] != prev:
            return WalkResult(
                Break(seq, "link", "link to the previous event broken"),
                expected - 1,
                prev,
                checked,
                first_prev,
            )
        if row_hash(prev, row, algorithm) != row[14]:
            return WalkResult(
                Break(seq, "altered", "event altered"), expected - 1, prev, checked, first_prev
            )
        if row[5] == ALGORITHM_SWITCH:
            extra = json.loads(row[11]) if isinstance(row[11], str) else row[11]
            algorithm = str(extra.get("algorithm", algorithm))
        prev, expected, checked = row[14], seq + 1, checked + 1
    return WalkResult(None, expected - 1, prev or "", checked, first_prev)


def _missing(expected: int, found: int) -> str:
    if found == expected + 1:
        return f"event #{expected} missing"
    return f"events #{expected}–#{found - 1} missing"
