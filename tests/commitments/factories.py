"""Visits with raised needs and on-site items, made directly (the visits app's own flow
is tested there)."""

from __future__ import annotations

import datetime as dt

from kamdesk.visits.models import OnSiteItem, RaisedNeed, Visit


def visit_with_need(*, customer, manager, description="希望为新办公楼开通5G室分覆盖"):
    visit = Visit.objects.create(
        customer=customer,
        manager=manager,
        kind="on_site",
        planned_date=dt.date(2026, 11, 24),
        status="completed",
    )
    return visit, RaisedNeed.objects.create(visit=visit, description=description)


def service_day(*, customer, manager, items=(("sim", "员工张三手机卡损坏需补卡", "张三"),)):
    visit = Visit.objects.create(
        customer=customer,
        manager=manager,
        kind="service_day",
        planned_date=dt.date(2026, 11, 24),
        status="checked_in",
    )
    rows = [
        OnSiteItem.objects.create(visit=visit, kind=k, description=d, requester_name=r)
        for k, d, r in items
    ]
    return visit, rows
