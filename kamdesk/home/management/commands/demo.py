"""``kam demo``: load the demo province once; later runs only print the logins.

The demo spans every app, so this command sits with the other commands of the ``kam``
entry point and imports the generator only when it runs.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    # Chinese characters take two columns in a terminal, and str.ljust counts them as one.
    return text + " " * max(0, width - _width(text))


def _count_labels() -> dict[str, str]:
    return {
        "staff": _("staff"),
        "tariff_plans": _("tariff plans"),
        "customers": _("customers"),
        "groups": _("group customers"),
        "vips": _("VIP customers"),
        "accounts": _("billing accounts"),
        "subscribers": _("subscribers"),
        "current_subscribers": _("current subscribers"),
        "products": _("group products"),
        "contracts": _("contracts"),
        "contacts": _("contacts"),
        "interactions": _("interactions"),
    }


def _requests_loaded_message(count: int) -> str:
    return _("Request histories created: %(count)s requests.") % {"count": count}


# Each capability's demo loader, as a dotted path to a function
# ``(*, seed: int, today: datetime.date) -> str`` that builds the capability's demo history
# on the province and request histories already loaded, and returns a one-line summary
# (translated) for the terminal. Order is dependency order: usage before risk, statements
# and the adviser; visits before commitments and orders; the manager's day last.
CAPABILITY_DEMOS: tuple[str, ...] = (
    # usage
    "kamdesk.usage.demo.usage_demo_load",
    # visits
    "kamdesk.visits.demo.visits_demo_load",
    # commitments and orders
    "kamdesk.commitments.demo.commitments_demo_load",
    "kamdesk.orders.demo.orders_demo_load",
    # risk and churn
    "kamdesk.risk.demo.risk_demo_load",
    # statements
    "kamdesk.statements.demo.statements_demo_load",
    # adviser and knowledge base
    "kamdesk.advisor.demo.advisor_demo_load",
    # development
    "kamdesk.learning.demo.learning_demo_load",
    # manager's day
    "kamdesk.home.demo.manager_day_demo_load",
)
# Everything ``kam demo`` loads after the province: the managers' request histories
# (issue 5; the loader returns how many requests it made), then the capabilities.
DEMO_STAGES: tuple[str, ...] = ("kamdesk.tickets.demo.tickets_demo_load", *CAPABILITY_DEMOS)


class Command(BaseCommand):
    # Help texts stay in English, as Django's own commands' do: argparse needs plain str.
    help = "Load the demo province (staff, tariffs, key accounts, lines) once."

    def add_arguments(self, parser: CommandParser) -> None:
        from kamdesk.customers.demo import DEFAULT_SEED

        parser.add_argument(
            "--seed",
            type=int,
            default=DEFAULT_SEED,
            help="Seed of the generator: the same seed gives the same data.",
        )
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help="Part of the full province to build (tests use 0.05).",
        )
        parser.add_argument(
            "--without-requests",
            action="store_true",
            help="Skip the managers' request histories (faster; the tests of the province).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from kamdesk.customers.demo import DemoConflict, demo_load

        if not 0 < options["scale"] <= 5:
            raise CommandError(_("The scale must be above 0 and at most 5."))
        try:
            summary = demo_load(seed=options["seed"], scale=options["scale"])
        except DemoConflict as exc:
            raise CommandError(
                _(
                    "Demo logins exist in this database, but the demo was never loaded here. "
                    "Use an empty database."
                )
            ) from exc
        if summary.created:
            message = _("Demo data created in %(seconds).1f s.") % {"seconds": summary.seconds}
            self.stdout.write(self.style.SUCCESS(message))
            if not options["without_requests"]:
                self._load_stages(seed=options["seed"])
        elif not options["without_requests"] and self._missing_stages():
            # An earlier run stopped after the province (interrupted, or a loader failed):
            # finish the capabilities it did not load; those it did stay as they are.
            self.stdout.write(
                _("The demo province is there; loading what an earlier run did not finish.")
            )
            self._load_stages(seed=options["seed"])
        else:
            self.stdout.write(_("The demo data is there already; nothing was changed."))
        labels = _count_labels()
        self.stdout.write(
            ", ".join(f"{labels.get(key, key)} {value}" for key, value in summary.counts.items())
        )
        self._logins()
        self._hints()

    def _logins(self) -> None:
        from kamdesk.customers.demo import DEMO_PASSWORD, demo_logins

        header = (_("Username"), _("Password"), _("Role"), _("Name"))
        rows = [header] + [(x.username, DEMO_PASSWORD, x.role, x.name) for x in demo_logins()]
        widths = [max(_width(row[i]) for row in rows) + 2 for i in range(len(header))]
        self.stdout.write("")
        for row in rows:
            line = "".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True))
            self.stdout.write(line.rstrip())

    def _hints(self) -> None:
        from kamdesk.customers.demo import demo_hints

        hints = demo_hints()
        self.stdout.write("")
        self.stdout.write(_("Start it with: kam serve, then open http://127.0.0.1:8000/"))
        if hints.search_name:
            self.stdout.write(
                _("Try searching: %(initials)s (finds %(name)s)")
                % {
                    "initials": hints.search_initials,
                    "name": hints.search_name,
                }
            )
        if hints.recycled_number:
            self.stdout.write(
                _("Try the number %(number)s: it was recycled and has an earlier holder.")
                % {"number": hints.recycled_number}
            )
        self.stdout.write(
            _("%(absent)s is on leave this week: sign in as %(stand_in)s to act as backup.")
            % {"absent": hints.absent, "stand_in": hints.stand_in}
        )

    def _missing_stages(self) -> list[str]:
        from kamdesk.customers.demo import demo_stages_done

        done = demo_stages_done()
        return [] if done is None else [s for s in DEMO_STAGES if s not in done]

    def _load_stages(self, *, seed: int) -> None:
        """The request histories and each capability's demo history, in dependency order
        (see CAPABILITY_DEMOS), each in one transaction recorded as done when it commits:
        a run that stops half-way leaves no half-loaded capability, and the next run
        loads only what is missing."""
        from django.db import transaction
        from django.utils import timezone
        from django.utils.module_loading import import_string

        from kamdesk.customers.demo import demo_stage_record

        today = timezone.localdate()
        for dotted in self._missing_stages():
            loader = import_string(dotted)
            with transaction.atomic():
                result = loader(seed=seed, today=today)
                demo_stage_record(stage=dotted)
            text = _requests_loaded_message(result) if isinstance(result, int) else str(result)
            self.stdout.write(self.style.SUCCESS(text))
