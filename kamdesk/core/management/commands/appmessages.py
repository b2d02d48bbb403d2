"""``kam appmessages <app_label>``: update one app's own Chinese catalogue.

Each capability keeps its translations in ``kamdesk/<app>/locale/zh_Hans/LC_MESSAGES/
django.po`` next to its code, so that capabilities built side by side never edit the
same catalogue. Django's ``makemessages`` writes to the first entry of
``LOCALE_PATHS`` when one is a parent of the source files, which would be the shared
catalogue; this command runs it from the app's directory with ``LOCALE_PATHS`` empty so
the strings land in the app's catalogue. Compile with ``make messages`` (it compiles
every catalogue under ``kamdesk/``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.management.commands.makemessages import Command as MakeMessages
from django.test.utils import override_settings


class _ExactMakeMessages(MakeMessages):
    # Fuzzy guesses ("Comment" for "Commitments") are worse than an empty entry, which
    # the catalogue test reports.
    msgmerge_options = [*MakeMessages.msgmerge_options, "--no-fuzzy-matching"]


class Command(BaseCommand):
    help = "Update the zh_Hans catalogue kept in one app's own locale directory."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "app_label",
            help="the app, or 'shared' for kamdesk/locale (apps with their own "
            "catalogue are left out of it)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["app_label"] == "shared":
            self._shared(options["verbosity"])
            return
        try:
            config = apps.get_app_config(options["app_label"])
        except LookupError as exc:
            raise CommandError(f"No installed app labelled {options['app_label']!r}.") from exc
        app_dir = Path(config.path)
        (app_dir / "locale").mkdir(exist_ok=True)
        previous = Path.cwd()
        os.chdir(app_dir)
        try:
            with override_settings(LOCALE_PATHS=[]):
                call_command(
                    _ExactMakeMessages(),
                    locale=["zh_Hans"],
                    no_obsolete=True,
                    add_location="file",
                    ignore_patterns=["migrations", "tests"],
                    verbosity=options["verbosity"],
                )
        finally:
            os.chdir(previous)

    def _shared(self, verbosity: int) -> None:
        """The shared catalogue, for the apps and templates that have no catalogue of
        their own."""
        root = Path(apps.get_app_config("core").path).parent.parent
        own = [p.parent.name for p in root.glob("kamdesk/*/locale")]
        previous = Path.cwd()
        os.chdir(root)
        try:
            call_command(
                _ExactMakeMessages(),
                locale=["zh_Hans"],
                no_obsolete=True,
                add_location="file",
                ignore_patterns=[
                    "node_modules",
                    "var",
                    "bench",
                    "tests",
                    "docs",
                    "static",
                    "migrations",
                    *[f"kamdesk/{name}/*" for name in own],
                ],
                verbosity=verbosity,
            )
        finally:
            os.chdir(previous)
