"""SLA reports: compliance by department, category, grade and month, median and p90
resolution time, satisfaction, and the spreadsheet export."""

import datetime as dt
import io

import pytest
import time_machine
from openpyxl import load_workbook

from kamdesk.audit.models import AuditEvent
from kamdesk.tickets.models import Survey
from kamdesk.tickets.reports import percentile, sla_report
from kamdesk.tickets.services.steps import step_add, step_hand_back
from kamdesk.tickets.services.surveys import survey_answer
from kamdesk.tickets.services.tickets import ticket_set_status
from tests.conftest import client_for
from tests.tickets.conftest import WEDNESDAY_10, open_request


@pytest.mark.nodb
def test_percentiles_use_the_nearest_rank():
    hours = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]
    assert percentile(hours, 0.9) == 9.0
    assert percentile([5.0], 0.9) == 5.0
    assert percentile([], 0.9) is None


@pytest.fixture
def history(manager, customer, contact, billing, backoffice):
    """Three requests resolved after 1, 2 and 30 hours; the last one late."""
    for hours, category in ((1, "billing_query"), (2, "bill_dispute"), (30, "bill_dispute")):
        with time_machine.travel(WEDNESDAY_10, tick=False) as clock:
            ticket = open_request(
                actor=manager, customer=customer, contact=contact, category=category
            )
            step = step_add(ticket=ticket, actor=manager, department=billing, instructions="核对")
            clock.shift(dt.timedelta(hours=hours))
            step_hand_back(step=step, actor=backoffice, outcome="已核对")
            ticket_set_status(ticket=ticket, actor=manager, status="resolved", resolution="已处理")
    surveys = list(Survey.objects.order_by("pk"))
    survey_answer(survey=surveys[0], score=5, now=surveys[0].sent_at)
    survey_answer(survey=surveys[1], score=3, now=surveys[1].sent_at)


def test_it_measures_compliance_and_resolution_time(history, manager):
    report = sla_report(user=manager, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))
    assert report.total.resolved == 3
    # 30 hours from Wednesday 10:00 is Thursday 16:00, before the bill dispute's Friday
    # 10:00 deadline: all three requests are within the SLA.
    assert report.total.met == 3 and report.total.compliance == 100.0
    assert report.total.median_hours == 2.0 and report.total.p90_hours == 30.0
    assert [r.label for r in report.by_department] == ["计费部"]
    assert report.by_department[0].met == 2  # the 30-hour step missed its one working day
    assert {r.label: r.resolved for r in report.by_category} == {"账单争议": 2, "话费查询": 1}
    assert [r.label for r in report.by_month] == ["2026-11"]
    assert report.satisfaction.answered == 2 and report.satisfaction.average == 4.0


def test_it_exports_a_spreadsheet_and_audits_it(history, manager):
    answer = client_for(manager).get(
        "/requests/reports/?start=2026-11-01&end=2026-11-30&export=xlsx"
    )
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    assert len(book.sheetnames) == 5
    departments = list(book.worksheets[1].iter_rows(values_only=True))
    assert departments[1][:3] == ("计费部", 3, 2)
    assert AuditEvent.objects.filter(action="report.sla.exported", actor=manager).exists()


def test_a_backoffice_agent_has_no_reports(db, backoffice):
    assert client_for(backoffice).get("/requests/reports/").status_code == 403


def test_a_date_that_is_not_one_is_reported_by_field_not_replaced(history, manager):
    client = client_for(manager)
    page = client.get("/requests/reports/?start=2026-13-01&end=2026-11-30")
    assert page.status_code == 422
    text = page.content.decode()
    assert 'data-field="start"' in text and "2026-13-01" in text and "YYYY-MM-DD" in text
    assert 'data-field="end"' not in text
    export = client.get("/requests/reports/?start=2026-11-01&end=yesterday&export=xlsx")
    assert export.status_code == 422 and "yesterday" in export.content.decode()
    assert not AuditEvent.objects.filter(action="report.sla.exported").exists()
