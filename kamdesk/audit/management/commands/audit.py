"""``kam audit verify``: walk the audit hash chain and report the first bad event."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kamdesk.audit.services import audit_verify


class Command(BaseCommand):
    help = "Audit trail tools: `kam audit verify`."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args: Any, **options: Any) -> None:
        ok, seq, reason = audit_verify()
        if not ok:
            raise CommandError(f"audit chain broken at event #{seq}: {reason}")
        self.stdout.write(self.style.SUCCESS("audit chain verified"))
