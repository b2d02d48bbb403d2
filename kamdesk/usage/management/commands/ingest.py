"""``kam ingest cdr|bills|events PATH...``: load usage files into the warehouse.

Each file (CSV, plain or gzip, or Parquet; folders are searched) is validated; refused
rows go to a quarantine file beside a report of row, column and reason; a file already
ingested (same content) is skipped; the aggregates of the months touched are then
recomputed. Prints progress on long files and a summary; exits with status 2 if a file
could not be read. See docs/data-formats.md ("Usage data") and docs/usage.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kamdesk.usage.ingest_cdr import FileResult
from kamdesk.usage.services import KINDS, ColumnMapping, usage_ingest
from kamdesk.usage.warehouse import InputError, WarehouseBusy

PROGRESS_EVERY_ROWS = 1_000_000


_MAPPING_HELP: Any = gettext_lazy("JSON or TOML file mapping the file's column names to ours")
_ENCODING_HELP: Any = gettext_lazy("encoding of CSV files (default: UTF-8, else GB18030)")
_NO_AGGREGATE_HELP: Any = gettext_lazy("do not recompute the aggregates afterwards")


class Command(BaseCommand):
    help = gettext_lazy(  # type: ignore[assignment]
        "Ingest call-detail records, bills or subscriber events (CSV, CSV.gz or Parquet "
        "files, or folders of them) into the usage warehouse."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[str(k) for k in KINDS])
        parser.add_argument("paths", nargs="+", type=Path)
        parser.add_argument(
            "--mapping",
            type=Path,
            help=_MAPPING_HELP,
        )
        parser.add_argument(
            "--encoding",
            help=_ENCODING_HELP,
        )
        parser.add_argument(
            "--no-aggregate",
            action="store_true",
            help=_NO_AGGREGATE_HELP,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self._next_report = PROGRESS_EVERY_ROWS
        try:
            run = usage_ingest(
                kind=options["kind"],
                paths=options["paths"],
                mapping=self._mapping(options["mapping"]),
                encoding=options["encoding"],
                aggregate=not options["no_aggregate"],
                on_file=self._on_file,
                progress=self._progress,
            )
        except WarehouseBusy as exc:
            raise CommandError(
                _("Another process is writing to the warehouse."), returncode=3
            ) from exc
        except InputError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        for result in run.files:
            self.stdout.write(self._summary(result))
        if run.orphans_removed:
            self.stdout.write(
                _("Removed %(count)s incomplete files of an interrupted run.")
                % {"count": len(run.orphans_removed)}
            )
        if run.aggregates and run.aggregates.months:
            aggregates = run.aggregates
            self.stdout.write(
                _("Aggregates recomputed for %(months)s with %(engine)s in %(seconds).1f s.")
                % {
                    "months": ", ".join(f"{m:%Y-%m}" for m in aggregates.months),
                    "engine": aggregates.engine or "-",
                    "seconds": aggregates.seconds,
                }
            )
        if run.failed:
            raise CommandError(
                _("%(count)s files could not be ingested.") % {"count": len(run.failed)},
                returncode=2,
            )

    def _mapping(self, path: Path | None) -> ColumnMapping:
        if path is None:
            return ColumnMapping()
        from kamdesk.customers.imports.readers import ReadError, load_mapping

        try:
            loaded = load_mapping(path)
        except ReadError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        return ColumnMapping(columns=dict(loaded.columns), values=dict(loaded.values))

    def _on_file(self, path: Path) -> None:
        self._next_report = PROGRESS_EVERY_ROWS
        self.stdout.write(_("%(file)s ...") % {"file": path})

    def _progress(self, rows: int, seconds: float) -> None:
        if rows >= self._next_report:
            rate = rows / seconds if seconds > 0 else 0
            self.stdout.write(
                _("  %(rows)s rows read, %(rate)s rows/s")
                % {"rows": f"{rows:,}", "rate": f"{rate:,.0f}"}
            )
            self._next_report = rows + PROGRESS_EVERY_ROWS

    def _summary(self, result: FileResult) -> str:
        name = result.path.name
        if result.status == "skipped":
            return _("%(file)s: already ingested, skipped.") % {"file": name}
        if result.status == "failed":
            return _("%(file)s: not ingested: %(reason)s") % {
                "file": name,
                "reason": result.message,
            }
        counts = result.counts
        rate = counts.total / result.seconds if result.seconds > 0 else 0
        line = _(
            "%(file)s: %(total)s rows, %(good)s stored, %(bad)s quarantined, "
            "%(dup)s already seen; %(rate)s rows/s."
        ) % {
            "file": name,
            "total": f"{counts.total:,}",
            "good": f"{counts.good:,}",
            "bad": f"{counts.quarantined:,}",
            "dup": f"{counts.duplicate:,}",
            "rate": f"{rate:,.0f}",
        }
        if result.report:
            line += " " + _("Report: %(report)s") % {"report": result.report.report}
        return line
