"""``kam audit verify | retention | grants | head-reset``."""

from __future__ import annotations

import os
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from kamdesk.audit import grants, headfile
from kamdesk.audit.models import AuditEvent
from kamdesk.audit.retention import RetentionRefused, audit_retention_run
from kamdesk.audit.services import audit_record
from kamdesk.audit.verify import audit_verify_report


class Command(BaseCommand):
    help = "Audit trail tools."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Walk the hash chain; report the first bad event.")
        verify.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="Processes for a long chain (default: one per core).",
        )
        sub.add_parser("retention", help="Delete old segments and write a checkpoint.")
        g = sub.add_parser("grants", help="Take UPDATE/DELETE on the trail from the role.")
        g.add_argument("--role", default=None, help="Default: DB_SERVING_ROLE.")
        g.add_argument("--apply", action="store_true", help="Run the SQL (as the owner).")
        sub.add_parser(
            "head-reset",
            help="Rewrite the external head file from the chain "
            "(only after the chain verifies and you know why).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, "_" + options["action"].replace("-", "_"))(**options)

    def _verify(self, **options: Any) -> None:
        started = time.perf_counter()
        report = audit_verify_report(workers=max(1, options["workers"]))
        seconds = time.perf_counter() - started
        for warning in report.warnings:
            self.stderr.write(f"warning: {warning}")
        if not report.result.ok:
            raise CommandError(
                f"audit chain broken at event #{report.result.seq}: "
                f"{report.result.reason} ({report.checked} events verified)"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"audit chain verified: {report.checked} events up to #{report.last_seq} "
                f"in {seconds:.1f} s"
            )
        )

    def _retention(self, **options: Any) -> None:
        try:
            result = audit_retention_run()
        except RetentionRefused as exc:
            raise CommandError(str(exc)) from exc
        if not result.deleted:
            self.stdout.write(f"nothing before {result.before:%Y-%m-%d} to delete")
            return
        self.stdout.write(
            f"deleted {result.deleted} events through #{result.through_seq}; "
            f"checkpoint #{result.checkpoint_seq}"
        )

    def _grants(self, *, role: str | None, apply: bool, **options: Any) -> None:
        role = role or settings.DB_SERVING_ROLE
        for statement in grants.revoke_statements(role, connection.ops.quote_name):
            self.stdout.write(statement + ";")
        if apply and not grants.revoke_from_serving_role(connection, role):
            raise CommandError(f"not PostgreSQL, or no role {role!r}")

    def _head_reset(self, **options: Any) -> None:
        report = audit_verify_report()
        if not report.chain_ok:
            raise CommandError(f"the chain itself is broken: {report.result.reason}")
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        old = headfile.read()
        event = audit_record(
            actor=None,
            action="audit.head.reset",
            extra={"previous": old, "tail_seq": last[0] if last else 0},
        )
        headfile.reset(seq=event.seq, hash=event.hash)
        self.stdout.write(f"external head reset at #{event.seq}")
