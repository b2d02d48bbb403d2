"""The manager's home as a set of panels, one per capability.

Each panel is a provider function in ``kamdesk/home/panels/<capability>.py`` that reads
that capability's selectors and returns a ``PanelData`` of plain dataclasses (no ORM
object crosses into the template). The home page renders one placeholder per panel that
is *available* — its app is installed and the provider's module says its selectors are
there — and htmx loads each one on its own, so one slow or broken capability never
breaks the page: a provider that fails at load time answers an empty fragment and the
panel disappears.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kamdesk.users.models import Role, User
from kamdesk.users.permissions import can


@dataclass(frozen=True)
class PanelItem:
    """One thing to act on, one click away (``url`` opens the record)."""

    title: str
    url: str
    customer: str = ""
    detail: str = ""
    when: dt.datetime | dt.date | None = None
    tone: str = ""  # "", "danger", "warning", "info", "success"
    badge: str = ""
    action_label: str = ""
    action_url: str = ""

    @property
    def has_time(self) -> bool:
        return isinstance(self.when, dt.datetime)


@dataclass(frozen=True)
class PanelData:
    items: list[PanelItem] = field(default_factory=list)
    total: int = 0
    more_url: str = ""
    note: str = ""


@dataclass(frozen=True)
class PanelSpec:
    key: str
    title: str | Promise
    app: str  # the app that must be installed, e.g. "kamdesk.visits"
    module: str  # kamdesk.home.panels.<module>: ``available()`` and ``provide()``
    data_kind: str
    order: int
    roles: tuple[str, ...] = (Role.MANAGER, Role.SUPERVISOR)
    empty: str | Promise = _("Nothing to do here today.")


PANELS: tuple[PanelSpec, ...] = (
    PanelSpec("visits", _("Visits today and this week"), "kamdesk.visits", "visits", "visit", 10),
    PanelSpec(
        "retention", _("Mandatory retention visits"), "kamdesk.visits", "retention", "visit", 15
    ),
    PanelSpec(
        "requests", _("Requests about to breach"), "kamdesk.tickets", "requests", "request", 20
    ),
    PanelSpec(
        "commitments", _("Commitments due"), "kamdesk.commitments", "commitments", "commitment", 30
    ),
    PanelSpec("risk", _("New risk and anomaly alerts"), "kamdesk.risk", "risk", "risk", 40),
    PanelSpec(
        "opportunities",
        _("Opportunities worth acting on"),
        "kamdesk.advisor",
        "opportunities",
        "advice",
        50,
    ),
    PanelSpec(
        "birthdays",
        _("Birthdays and anniversaries of key contacts this week"),
        "kamdesk.customers",
        "birthdays",
        "contact",
        60,
    ),
    PanelSpec(
        "not_contacted",
        _("Customers not contacted for too long"),
        "kamdesk.customers",
        "not_contacted",
        "interaction",
        70,
    ),
    PanelSpec(
        "notifications", _("Unread alerts"), "kamdesk.notifications", "notifications", "profile", 80
    ),
    PanelSpec(
        "team", _("My team today"), "kamdesk.users", "team", "staff", 5, roles=(Role.SUPERVISOR,)
    ),
    PanelSpec(
        "approvals",
        _("Orders waiting for my approval"),
        "kamdesk.orders",
        "approvals",
        "order",
        6,
        roles=(Role.SUPERVISOR,),
    ),
    PanelSpec(
        "dropped_visits",
        _("Required visits dropped"),
        "kamdesk.visits",
        "dropped_visits",
        "visit",
        7,
        roles=(Role.SUPERVISOR,),
    ),
)

Provider = Callable[..., PanelData]


def _module(spec: PanelSpec) -> object | None:
    if not apps.is_installed(spec.app):
        return None
    try:
        module = importlib.import_module(f"kamdesk.home.panels.{spec.module}")
    except ImportError:
        return None
    available = getattr(module, "available", None)
    return module if available is None or available() else None


def panels_for(*, user: User) -> list[PanelSpec]:
    """The panels ``user`` sees: app installed, selectors present, role and matrix allow."""
    return [
        spec
        for spec in sorted(PANELS, key=lambda s: s.order)
        if user.role in spec.roles and can(user, "view", spec.data_kind) and _module(spec)
    ]


def panel_get(*, user: User, key: str) -> tuple[PanelSpec, Provider] | None:
    for spec in panels_for(user=user):
        if spec.key == key:
            module = _module(spec)
            return spec, getattr(module, "provide")  # noqa: B009 - a module found at run time
    return None
