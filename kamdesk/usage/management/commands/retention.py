"""``kam retention apply``: drop itemised records older than the retention period.

Whole months are dropped (``KAM_USAGE_RETENTION_MONTHS``, 6 by default: the current
month and the five before it are kept); the audit trail records what was dropped and
the aggregates stay. ``kam retention show`` lists what would be dropped.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kamdesk.usage.models import DataKind, WarehouseFile
from kamdesk.usage.services import local_now, retention_apply, retention_cutoff
from kamdesk.usage.warehouse import WarehouseBusy

_MONTHS_HELP: Any = gettext_lazy("months to keep (default: KAM_USAGE_RETENTION_MONTHS)")


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]
        "Apply the retention period to itemised usage records."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["apply", "show"])
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help=_MONTHS_HELP,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        keep = options["months"] or settings.USAGE_RETENTION_MONTHS
        if options["action"] == "show":
            cutoff = retention_cutoff(today=local_now().date(), keep_months=keep)
            months = sorted(
                set(
                    WarehouseFile.objects.filter(kind=DataKind.CDR, month__lt=cutoff).values_list(
                        "month", flat=True
                    )
                )
            )
            self.stdout.write(
                _("Months to drop before %(cutoff)s: %(months)s")
                % {
                    "cutoff": f"{cutoff:%Y-%m}",
                    "months": ", ".join(f"{m:%Y-%m}" for m in months) or "-",
                }
            )
            return
        try:
            result = retention_apply(keep_months=keep)
        except WarehouseBusy as exc:
            raise CommandError(
                _("Another process is writing to the warehouse."), returncode=3
            ) from exc
        if not result.months:
            self.stdout.write(
                _("Nothing to drop before %(cutoff)s.") % {"cutoff": f"{result.cutoff:%Y-%m}"}
            )
            return
        self.stdout.write(
            _("Dropped %(files)s files (%(rows)s records) of %(months)s.")
            % {
                "files": result.files,
                "rows": f"{result.rows:,}",
                "months": ", ".join(f"{m:%Y-%m}" for m in result.months),
            }
        )
