"""The handler of the SMTP server process the e-mail tests start (``python -m aiosmtpd
-c tests.statements.smtp_server.RefusingMailbox DIR``): a maildir that refuses every
recipient at ``nobody@`` as a real server refuses an unknown user."""

from __future__ import annotations

from typing import Any

from aiosmtpd.handlers import Mailbox


class RefusingMailbox(Mailbox):
    async def handle_RCPT(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 No such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"
