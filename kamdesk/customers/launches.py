"""Tariffs going on sale, announced to the capabilities that care (learning requires the
launch's training) without ``customers`` importing any of them.

The catalogue import and the admin call ``tariffs_launch_announce`` explicitly, inside
their own transaction: a receiver's writes commit or roll back with the catalogue change
(a dry run of the import leaves nothing behind). Receivers get plain dataclasses, never
model instances.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.dispatch import Signal
from django.utils import timezone

from kamdesk.users.models import User


@dataclass(frozen=True)
class LaunchedTariff:
    kind: str  # "plan" or "addon"
    code: str
    name: str
    segment: str  # plans: individual, group or iot; add-ons: ""
    created: bool  # new in the catalogue (False: it was not on sale and now is)


# Sent with ``launches: list[LaunchedTariff]``, ``on: date``, ``actor: User | None`` and
# ``source: str`` ("import" or "admin").
tariffs_launched = Signal()


def tariffs_launch_announce(
    *,
    launches: list[LaunchedTariff],
    actor: User | None,
    source: str,
    on: dt.date | None = None,
) -> None:
    """Tell the receivers that these tariffs went on sale today (nothing when none did)."""
    if launches:
        tariffs_launched.send(
            sender=LaunchedTariff,
            launches=launches,
            on=on or timezone.localdate(),
            actor=actor,
            source=source,
        )
