"""Panels that capabilities add to the customer 360 page.

``customers`` imports no capability (dependencies run downward), so each capability
registers its panel from its ``AppConfig.ready()``:

    panel_register(key="commitments", url_name="commitments:customer_panel",
                   region="top", order=10, data_kind="commitment")

The 360 page renders one placeholder per panel the viewer may see (``can(user, "view",
data_kind)``); htmx loads it (``hx-get`` on the URL reversed with the customer's id,
``hx-trigger="load"``, ``hx-swap="outerHTML"``), so a slow panel never delays the page
and each panel checks access itself like any other view.

Regions: ``top`` (above the tabs: what needs acting on first, such as open
commitments and risk warnings), ``main`` (below the timeline), ``side`` (the left
column).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

log = logging.getLogger(__name__)

Region = Literal["top", "main", "side"]


@dataclass(frozen=True)
class Panel:
    key: str
    url_name: str
    region: Region
    order: int
    data_kind: str


_PANELS: dict[str, Panel] = {}


def panel_register(*, key: str, url_name: str, region: Region, order: int, data_kind: str) -> None:
    _PANELS[key] = Panel(
        key=key, url_name=url_name, region=region, order=order, data_kind=data_kind
    )


@dataclass(frozen=True)
class PanelSlot:
    key: str
    url: str


def panels_for(*, user: object, customer_id: int) -> dict[str, list[PanelSlot]]:
    """The registered panels the user may view, by region, in order, with the URL that
    loads each for this customer. A panel whose URL does not resolve (its app's URLs are
    not installed) is left out rather than breaking the 360 page."""
    from django.urls import NoReverseMatch, reverse

    from kamdesk.users.permissions import can

    regions: dict[str, list[PanelSlot]] = {"top": [], "main": [], "side": []}
    for panel in sorted(_PANELS.values(), key=lambda p: (p.order, p.key)):
        if not can(user, "view", panel.data_kind):  # type: ignore[arg-type]
            continue
        try:
            url = reverse(panel.url_name, args=[customer_id])
        except NoReverseMatch:
            log.warning("360 panel %s: no URL named %s", panel.key, panel.url_name)
            continue
        regions[panel.region].append(PanelSlot(key=panel.key, url=url))
    return regions
