"""Coverage per manager and team: on time, late, missed, verified share, customers
visited within their policy period; a page and a spreadsheet."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import load_workbook

from kamdesk.visits.reports import coverage
from tests.conftest import client_for
from tests.visits.factories import VisitFactory

D = dt.date(2026, 11, 10)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 3, 0, tzinfo=dt.UTC)


def test_it_counts_on_time_late_missed_and_verified(frozen, manager, supervisor, customer):
    VisitFactory(
        customer=customer,
        planned_date=D,
        status="completed",
        completed_at=_at(D),
        confirmed_at=_at(D),
    )
    VisitFactory(
        customer=customer,
        planned_date=D,
        status="completed",
        completed_at=_at(D + dt.timedelta(days=3)),
    )
    VisitFactory(customer=customer, planned_date=D, status="missed")
    VisitFactory(customer=customer, planned_date=D, status="cancelled")
    managers, teams = coverage(
        user=supervisor, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30)
    )
    (row,) = managers
    assert (row.planned, row.on_time, row.late, row.missed, row.dropped) == (3, 1, 1, 1, 1)
    assert row.verified_share == 0.5
    assert (row.customers, row.covered) == (1, 1)
    assert teams[0].label == manager.team.name and teams[0].on_time == 1


def test_the_page_and_the_spreadsheet(frozen, manager, customer):
    VisitFactory(customer=customer, planned_date=D, status="completed", completed_at=_at(D))
    client = client_for(manager)
    page = client.get("/visits/coverage/?start=2026-11-01&end=2026-11-30").content.decode()
    assert 'id="coverage-managers"' in page and str(manager) in page
    response = client.get("/visits/coverage.xlsx?start=2026-11-01&end=2026-11-30")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == str(manager) and rows[1][3] == 1
    assert manager.staff_id in sheet.oddFooter.left.text  # D3: the exporter's watermark


def test_a_stamped_photo_verifies_a_visit_and_a_bare_completion_does_not(
    frozen, manager, supervisor, customer
):
    from PIL import Image

    from kamdesk.visits.services.presence import visit_photo_add

    photographed = VisitFactory(
        customer=customer, planned_date=D, status="completed", completed_at=_at(D)
    )
    VisitFactory(customer=customer, planned_date=D, status="completed", completed_at=_at(D))
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30)).save(buffer, format="PNG")
    visit_photo_add(visit=photographed, actor=manager, name="site.png", data=buffer.getvalue())
    visit_photo_add(visit=photographed, actor=manager, name="door.png", data=buffer.getvalue())
    (row,) = coverage(user=supervisor, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))[0]
    assert row.on_time == 2 and row.verified == 1  # two photos count the visit once
    assert photographed.is_verified
