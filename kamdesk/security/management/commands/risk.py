"""``kam risk insider scan [--date YYYY-MM-DD]``: insider-risk signals (E1) for one day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kamdesk.security.services import insider_scan


class Command(BaseCommand):
    help = "Risk tools. `kam risk insider scan` builds insider-risk signals from the trail."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="area", required=True)
        insider = sub.add_parser("insider", help="Insider-risk signals for the auditor.")
        insider.add_argument("step", choices=["scan"])
        insider.add_argument("--date", help="The day to scan (Asia/Shanghai); default yesterday.")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date is YYYY-MM-DD") from exc
        result = insider_scan(day=day)
        self.stdout.write(
            f"scanned {result.events} events for {result.start:%Y-%m-%d}: "
            f"{result.created} new signals, {result.updated} updated"
        )
