"""``kam keys rotate [--rehash] [--batch N]``: re-encrypt under the new first key id."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kamdesk.security.keys import keys_rotate


class Command(BaseCommand):
    help = "Field-encryption keys. `kam keys rotate` re-encrypts every encrypted field."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        rotate = sub.add_parser("rotate", help="Re-encrypt under the first key and cipher.")
        rotate.add_argument("--batch", type=int, default=500)
        rotate.add_argument(
            "--rehash", action="store_true", help="Also recompute the lookup hashes (<field>_hash)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = keys_rotate(batch_size=options["batch"], rehash=options["rehash"])
        for label, count in result.fields.items():
            self.stdout.write(f"{label}: {count} re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"{result.total} values rotated"))
