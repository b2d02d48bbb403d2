"""``kam visits plan --month YYYY-MM`` proposes every manager's visits of the month;
``kam visits sweep`` marks overdue visits and alerts; ``kam visits required`` raises
the required visits of new customers, complaints and expiring contracts;
``kam visits archive`` writes a customer's visit dossier (PDF) and the zip of its
attachments."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kamdesk.customers.models import Customer
from kamdesk.visits.planning import parse_month


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"{text!r}: expected a date as YYYY-MM-DD") from exc


class Command(BaseCommand):
    help = (
        "Visits: plan a month, sweep overdue visits, raise required visits, export a "
        "customer's archive."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        plan = sub.add_parser("plan", help="Propose every manager's visits of a month.")
        plan.add_argument("--month", required=True, help="The month, as YYYY-MM.")
        plan.add_argument(
            "--manager", action="append", default=[], help="A manager's username (repeatable)."
        )
        sub.add_parser("sweep", help="Mark overdue visits and send the alerts.")
        required = sub.add_parser(
            "required",
            help="Raise the required visits of new customers, complaints and expiring contracts.",
        )
        required.add_argument("--date", help="Run as of this day, YYYY-MM-DD (default today).")
        archive = sub.add_parser(
            "archive", help="Write a customer's visit dossier and attachments."
        )
        archive.add_argument("--customer", required=True, help="The customer code.")
        archive.add_argument("--from", dest="start", required=True, help="First day, YYYY-MM-DD.")
        archive.add_argument("--to", dest="end", required=True, help="Last day, YYYY-MM-DD.")
        archive.add_argument("--out", default=".", help="Directory to write into.")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _plan(self, options: dict[str, Any]) -> None:
        from kamdesk.users.models import User
        from kamdesk.visits.services.plan import month_plan_apply

        try:
            year, month = parse_month(options["month"])
        except ValueError as exc:
            raise CommandError(f"--month {exc}") from exc
        ids = None
        if options["manager"]:
            users = dict(
                User.objects.filter(username__in=options["manager"]).values_list("username", "pk")
            )
            missing = sorted(set(options["manager"]) - set(users))
            if missing:
                raise CommandError(f"--manager: no such user {', '.join(missing)}")
            ids = list(users.values())
        summary = month_plan_apply(year=year, month=month, manager_ids=ids)
        self.stdout.write(
            f"month={summary.month} created={summary.created} required_placed={summary.updated} "
            f"unplaced={len(summary.unplaced)} managers={len(summary.per_manager)} "
            f"km_ordered={summary.km_ordered:.1f} km_unordered={summary.km_unordered:.1f}"
        )
        for customer_id, why, reason in summary.unplaced:
            self.stdout.write(f"unplaced customer={customer_id} why={why} reason={reason}")
        if options["verbosity"] >= 2:
            # The straight-line km of each day's route against the same visits unordered.
            names = dict(
                User.objects.filter(pk__in={r[0] for r in summary.routes}).values_list(
                    "pk", "username"
                )
            )
            for manager_id, day, ordered, unordered in summary.routes:
                self.stdout.write(
                    f"route manager={names.get(manager_id, manager_id)} day={day:%Y-%m-%d} "
                    f"km_ordered={ordered:.1f} km_unordered={unordered:.1f}"
                )

    def _sweep(self, options: dict[str, Any]) -> None:
        from kamdesk.visits.services.sweep import overdue_sweep

        counts = overdue_sweep().counts
        self.stdout.write(" ".join(f"{k}={v}" for k, v in sorted(counts.items())))

    def _required(self, options: dict[str, Any]) -> None:
        from kamdesk.visits.services.required import required_visits_sweep

        today = _date(options["date"]) if options.get("date") else None
        result = required_visits_sweep(today=today)
        self.stdout.write(" ".join(f"{k}={v}" for k, v in sorted(result.created.items())))
        for source, why in result.skipped:
            self.stdout.write(f"skipped {source}: {why}")

    def _archive(self, options: dict[str, Any]) -> None:
        from kamdesk.visits.services.archive import visits_archive

        customer = Customer.objects.filter(code=options["customer"]).first()
        if customer is None:
            raise CommandError(f"--customer: no customer with code {options['customer']!r}")
        start, end = _date(options["start"]), _date(options["end"])
        if start > end:
            raise CommandError("--to comes before --from")
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        archive = visits_archive(actor=None, customer=customer, start=start, end=end)
        pdf, zipped = out / f"{archive.stem}.pdf", out / f"{archive.stem}-attachments.zip"
        pdf.write_bytes(archive.pdf)
        zipped.write_bytes(archive.attachments_zip)
        self.stdout.write(f"visits={archive.visits} files={archive.files} pdf={pdf} zip={zipped}")
