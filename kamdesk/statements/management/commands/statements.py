"""``kam statements run [--date YYYY-MM-DD]``: the monthly schedule once (what the
scheduler runs hourly); ``kam statements verify NUMBER CODE``: check a statement."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Bills and itemised statements: run the delivery schedule, verify a statement."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="prepare the deliveries that are due and send them")
        run.add_argument("--date", help="run as on this day (YYYY-MM-DD, Asia/Shanghai)")
        verify = sub.add_parser("verify", help="check a statement's number and verification code")
        verify.add_argument("number")
        verify.add_argument("code")

    def handle(self, *args: object, **options: object) -> None:
        if options["action"] == "verify":
            self._verify(str(options["number"]), str(options["code"]))
            return
        from kamdesk.statements.services.schedule import schedule_run

        day = None
        if options.get("date"):
            try:
                day = dt.date.fromisoformat(str(options["date"]))
            except ValueError as exc:
                raise CommandError(_("--date: use YYYY-MM-DD.")) from exc
        result = schedule_run(today=day)
        self.stdout.write(_("Deliveries prepared: %(prepared)s; sent: %(sent)s.") % result)

    def _verify(self, number: str, code: str) -> None:
        from kamdesk.statements.services.documents import statement_verify

        row = statement_verify(number=number, code=code)
        if row is None:
            raise CommandError(_("No statement has this number and verification code."))
        self.stdout.write(
            _("Genuine: %(number)s, %(month)s, total ¥%(total)s.")
            % {"number": row.number, "month": f"{row.month:%Y-%m}", "total": row.total_yuan}
        )
