"""``kam permissions show [--markdown]`` and ``kam permissions sync [--prune]``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import translation

from kamdesk.users.models import PermissionRule
from kamdesk.users.permissions import clear_cache, default_cells, matrix_markdown


class Command(BaseCommand):
    help = "Show the permissions matrix, or add the default cells to the table."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        show = sub.add_parser("show", help="Print the matrix as stored.")
        show.add_argument("--markdown", action="store_true", help="A Markdown table.")
        show.add_argument("--language", default="en", help="Language of the labels.")
        show.add_argument(
            "--defaults",
            action="store_true",
            help="Print DEFAULT_MATRIX instead of the stored table.",
        )
        sync = sub.add_parser("sync", help="Add missing default cells.")
        sync.add_argument(
            "--prune", action="store_true", help="Also delete cells that are not in the defaults."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "show":
            with translation.override(options["language"]):
                self._show(markdown=options["markdown"], defaults=options["defaults"])
        else:
            self._sync(prune=options["prune"])

    def _show(self, *, markdown: bool, defaults: bool) -> None:
        cells = (
            set(default_cells())
            if defaults
            else set(PermissionRule.objects.values_list("role", "data_kind", "action"))
        )
        if markdown:
            self.stdout.write(matrix_markdown(cells))
            return
        for role, kind, action in sorted(cells):
            self.stdout.write(f"{role}\t{kind}\t{action}")

    def _sync(self, *, prune: bool) -> None:
        wanted = set(default_cells())
        with transaction.atomic():
            have = set(PermissionRule.objects.values_list("role", "data_kind", "action"))
            PermissionRule.objects.bulk_create(
                [PermissionRule(role=r, data_kind=k, action=a) for r, k, a in wanted - have]
            )
            pruned = 0
            for role, kind, action in have - wanted if prune else ():
                PermissionRule.objects.filter(role=role, data_kind=kind, action=action).delete()
                pruned += 1
        clear_cache()
        self.stdout.write(f"added {len(wanted - have)} cells, removed {pruned}")
