"""``kam mail fetch``: read the intake mailbox over IMAP and turn messages into requests.

Unread messages are read; each processed one is marked seen. A message from an unknown
address is flagged and left unread for a person to look at, and not read again.
"""

from __future__ import annotations

import email
import imaplib
from email import policy
from email.message import EmailMessage
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from kamdesk.tickets.services.mail import mail_intake


class Command(BaseCommand):
    help = "Fetch the request intake mailbox over IMAP (kam mail fetch)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        fetch = sub.add_parser("fetch", help="Read unread messages and open requests.")
        fetch.add_argument("--host", default=settings.MAIL_FETCH_HOST)
        fetch.add_argument("--port", type=int, default=settings.MAIL_FETCH_PORT)
        fetch.add_argument("--user", default=settings.MAIL_FETCH_USER)
        fetch.add_argument("--password", default=settings.MAIL_FETCH_PASSWORD)
        fetch.add_argument("--mailbox", default=settings.MAIL_FETCH_MAILBOX)
        fetch.add_argument(
            "--ssl",
            action="store_true",
            default=settings.MAIL_FETCH_SSL,
            help="IMAP over TLS (port 993).",
        )
        fetch.add_argument("--limit", type=int, default=200, help="Messages per run.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["host"] or not options["user"]:
            raise CommandError("Set KAM_MAIL_HOST and KAM_MAIL_USER (or --host and --user).")
        counts = fetch(
            host=options["host"],
            port=options["port"],
            user=options["user"],
            password=options["password"],
            mailbox=options["mailbox"],
            ssl=options["ssl"],
            limit=options["limit"],
        )
        self.stdout.write(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))


def _connect(host: str, port: int, ssl: bool) -> imaplib.IMAP4:
    return (
        imaplib.IMAP4_SSL(host, port, timeout=30) if ssl else imaplib.IMAP4(host, port, timeout=30)
    )


def fetch(
    *,
    host: str,
    port: int,
    user: str,
    password: str,
    mailbox: str = "INBOX",
    ssl: bool = True,
    limit: int = 200,
) -> dict[str, int]:
    counts = {"created": 0, "reply": 0, "duplicate": 0, "unknown": 0}
    with _connect(host, port, ssl) as imap:
        imap.login(user, password)
        imap.select(mailbox)
        _typ, data = imap.uid("SEARCH", "UNSEEN UNFLAGGED")
        uids = [u.decode() for u in (data[0] or b"").split()[:limit]]
        for uid in uids:
            raw = _fetch_one(imap, uid)
            message = email.message_from_bytes(raw, policy=policy.default)
            assert isinstance(message, EmailMessage)
            outcome = mail_intake(message=message, raw=raw)
            counts[outcome] += 1
            # An unknown sender's message stays unread for a person, flagged so that the
            # next run skips it.
            flags = "(\\Flagged)" if outcome == "unknown" else "(\\Seen)"
            imap.uid("STORE", uid, "+FLAGS", flags)
    return counts


def _fetch_one(imap: imaplib.IMAP4, uid: str) -> bytes:
    _typ, data = imap.uid("FETCH", uid, "(BODY.PEEK[])")
    for item in data:
        if isinstance(item, tuple):
            return bytes(item[1])
    raise CommandError(f"message {uid!r} could not be read")
