"""The chain's latest sequence and hash, kept outside the database (``AUDIT_HEAD_FILE``).

A hash chain cannot see events deleted at its tail together with the head row. This
file is written after each commit, in place, as one padded block of ``BLOCK`` bytes in a
single write (so a reader or a crash sees the old head or the new one, never half), and
only ever moves forward. (Renaming a temporary file over it cost 5–7 ms a request on
this kind of storage; the in-place write costs microseconds, see bench/README.md.)
If a commit arrives with a sequence at or below the file's while the file's event is
no longer in the table, the chain was rewound: the file keeps the old head and records
the rewind, and ``kam audit verify`` fails until an operator has looked.

Put the file on storage the database administrators cannot write (or replicate it):
that separation is what makes it evidence.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

log = logging.getLogger(__name__)


def head_path() -> Path | None:
    path = settings.AUDIT_HEAD_FILE
    return Path(path) if path else None


BLOCK = 512  # one disk sector: written whole or not at all


def read(path: Path | None = None) -> dict[str, Any] | None:
    """The head recorded in the file; ``{"damaged": ...}`` when it cannot be read."""
    path = path or head_path()
    if path is None or not path.exists():
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = json.loads(text)
    except ValueError:
        return {"damaged": text[:80]}
    return data if isinstance(data, dict) else {"damaged": text[:80]}


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Serialise writers across processes on this host."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(f"{path}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _write(path: Path, data: dict[str, Any]) -> None:
    payload = json.dumps(data, sort_keys=True).encode("utf-8") + b"\n"
    # Padded with spaces (JSON ignores them) to a whole block, written by one pwrite at
    # offset 0 under the writers' lock. No fsync, like SQLite's synchronous=NORMAL: a
    # crash can only leave the file a few events behind, which verify reports.
    record = payload.ljust(BLOCK) if len(payload) <= BLOCK else payload
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.pwrite(fd, record, 0)
        if os.fstat(fd).st_size > len(record):
            os.ftruncate(fd, len(record))
    finally:
        os.close(fd)


def _still_in_chain(seq: int, hash_: str) -> bool:
    from kamdesk.audit.models import AuditEvent

    return AuditEvent.objects.filter(seq=seq, hash=hash_).exists()


def advance(*, seq: int, hash: str) -> None:  # noqa: A002 - the chain's own word
    """Move the external head to ``seq`` (called after the event's transaction commits)."""
    path = head_path()
    if path is None:
        return
    try:
        with _locked(path):
            _advance(path, seq, hash)
    except OSError:
        # The event is committed; a failed head write must not fail the request. Verify
        # reports the head as behind (or missing) until the next event writes it.
        log.exception("could not write the audit head file %s", path)


def _advance(path: Path, seq: int, hash_: str) -> None:
    current = read(path)
    if current is not None and "damaged" in current:
        log.error("audit head file %s was unreadable; rewritten at #%s", path, seq)
        current = None
    if current is not None and current.get("rewound"):
        return
    if current is not None and int(current["seq"]) >= seq:
        if _still_in_chain(int(current["seq"]), current["hash"]):
            return  # a later event's commit got here first: nothing to do
        current["rewound"] = {"seq": seq, "hash": hash_, "at": timezone.now().isoformat()}
        _write(path, current)
        log.error("audit chain rewound: head file at #%s, new event #%s", current["seq"], seq)
        return
    _write(path, {"seq": seq, "hash": hash_, "written_at": timezone.now().isoformat()})


def reset(*, seq: int, hash: str) -> None:  # noqa: A002
    """Overwrite the file with the chain's current tail (after an operator's review)."""
    path = head_path()
    if path is not None:
        with _locked(path):
            _write(
                path,
                {"seq": seq, "hash": hash, "written_at": timezone.now().isoformat(), "reset": True},
            )
