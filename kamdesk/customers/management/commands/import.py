"""``kam import ENTITY FILE``: import a BOSS export (CSV or XLSX) all or nothing.

Prints one summary line (``customers: 12 created, 3 updated, 285 unchanged``), or every
bad row as ``line 7, column uscc: <reason>`` and exits with status 2, having written
nothing. See docs/data-formats.md for the columns of each file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kamdesk.customers.imports.runner import ENTITIES, format_counts, format_problem, run_import
from kamdesk.users.models import User


class Command(BaseCommand):
    help = (
        "Import plans, add-ons, customers, accounts, subscribers, products or contracts from "
        "a CSV or XLSX file. The whole file is checked first; if any row is bad, nothing is "
        "written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("entity", choices=list(ENTITIES))
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--encoding",
            help="encoding of a CSV file (default: UTF-8 with or without BOM, else GB18030)",
        )
        parser.add_argument(
            "--mapping",
            type=Path,
            help="JSON or TOML file mapping the file's column names to ours",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="check the file and report what would change, without writing",
        )
        parser.add_argument("--actor", help="username recorded as the actor of the audit events")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        report = run_import(
            entity=options["entity"],
            path=path,
            actor=self._actor(options["actor"]),
            encoding=options["encoding"],
            mapping_path=options["mapping"],
            dry_run=options["dry_run"],
        )
        for warning in report.warnings:
            self.stderr.write(_("warning: %(problem)s") % {"problem": format_problem(warning)})
        if not report.ok:
            for error in report.errors:
                self.stderr.write(format_problem(error))
            raise CommandError(
                _("%(file)s: %(count)s errors; nothing was imported.")
                % {"file": path.name, "count": len(report.errors)},
                returncode=2,
            )
        self.stdout.write(format_counts(report))
        if report.dry_run:
            self.stdout.write(_("Dry run: nothing was written."))

    def _actor(self, username: str | None) -> User | None:
        if not username:
            return None
        actor = User.objects.filter(username=username, is_active=True).first()
        if actor is None:
            raise CommandError(
                _("No active user named %(name)s.") % {"name": username}, returncode=2
            )
        return actor
