"""Tariff launches: when a plan or add-on goes on sale, every matching launch rule
requires its path of the staff it targets, by launch day + the rule's days.

``customers`` announces launches through ``customers.launches.tariffs_launched`` (sent by
the catalogue import and the admin inside their transaction); ``LearningConfig.ready``
connects ``on_tariffs_launched`` to it, so ``customers`` never imports learning.

A launch is recorded once per tariff and day (``TariffLaunch``, unique), so a repeated
announcement assigns nothing new. A tariff that was launched before and is put back on
sale later is a *return to sale*: only rules with ``on_return_to_sale`` require their
path again (a tariff withdrawn for a week and put back needs no new training; a rule
for a relaunched tariff with changed terms says so).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.customers.launches import LaunchedTariff
from kamdesk.learning.matching import launch_matches
from kamdesk.learning.models import Assignment, LaunchRule, TariffLaunch
from kamdesk.learning.services import learning_path_require
from kamdesk.users.models import Role, User


def _rules_for(*, tariff: LaunchedTariff, returned: bool) -> list[LaunchRule]:
    rules = LaunchRule.objects.filter(
        is_active=True, kind=tariff.kind, path__is_published=True
    ).select_related("path")
    return [
        r
        for r in rules
        if (r.on_return_to_sale or not returned)
        and launch_matches(
            rule_kind=r.kind,
            codes=r.codes,
            segment=r.segment,
            kind=tariff.kind,
            code=tariff.code,
            tariff_segment=tariff.segment,
        )
    ]


def _record(
    *, tariff: LaunchedTariff, on: dt.date, source: str, actor: User | None
) -> TariffLaunch | None:
    """The new launch row, or None when this tariff's launch on ``on`` is recorded."""
    returned = TariffLaunch.objects.filter(kind=tariff.kind, code=tariff.code).exists()
    try:
        with transaction.atomic():
            return TariffLaunch.objects.create(
                kind=tariff.kind,
                code=tariff.code,
                name=tariff.name[:100],
                launched_on=on,
                returned=returned,
                source=source,
                actor=actor,
            )
    except IntegrityError:
        return None


@transaction.atomic
def tariff_launch_record(
    *, tariff: LaunchedTariff, on: dt.date, source: str, actor: User | None = None
) -> list[Assignment]:
    """Record that ``tariff`` went on sale on ``on`` and require the path of each matching
    rule of its targets; the assignments made (none when it was recorded already)."""
    launch = _record(tariff=tariff, on=on, source=source, actor=actor)
    if launch is None:
        return []
    rules = _rules_for(tariff=tariff, returned=launch.returned)
    reason = _("%(name)s (%(code)s) on sale from %(date)s") % {
        "name": tariff.name,
        "code": tariff.code,
        "date": on.isoformat(),
    }
    made: list[Assignment] = []
    for rule in rules:
        deadline = max(on + dt.timedelta(days=rule.deadline_days), timezone.localdate())
        made += learning_path_require(
            path=rule.path,
            deadline=deadline,
            roles=rule.roles or [Role.MANAGER],
            grades=rule.grades,
            reason=reason[:200],
            actor=actor,
        )
    launch.assigned = len(made)
    launch.save(update_fields=["assigned"])
    audit_record(
        actor=actor,
        action="learning.tariff_launched",
        target=launch,
        extra={
            "kind": tariff.kind,
            "code": tariff.code,
            "returned": launch.returned,
            "source": source,
            "rules": [r.pk for r in rules],
            "assigned": len(made),
        },
    )
    return made


def on_tariffs_launched(
    *,
    launches: list[LaunchedTariff],
    on: dt.date,
    actor: User | None,
    source: str,
    **_kwargs: Any,
) -> None:
    """Receiver of ``customers.launches.tariffs_launched``."""
    for tariff in launches:
        tariff_launch_record(tariff=tariff, on=on, source=source, actor=actor)
