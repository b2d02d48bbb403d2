"""A supervisor sees only their team's scorecards, a manager only their own; the province
needs its permission. Anything else is a 404, on the pages and in the API."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth.models import Permission

from kamdesk.audit.models import AuditEvent
from tests.conftest import api_client_for, client_for
from tests.factories import TeamFactory, UserFactory
from tests.scorecards.factories import local

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(local(2026, 11, 25, 10), tick=False):
        yield


def test_a_manager_sees_only_their_own_scorecard(manager, other_manager, team):
    client = client_for(manager)
    assert client.get(f"/scorecards/manager/{manager.pk}/").status_code == 200
    assert client.get(f"/scorecards/manager/{other_manager.pk}/").status_code == 404
    assert client.get(f"/scorecards/team/{team.pk}/").status_code == 404
    assert client.get("/scorecards/province/").status_code == 404
    assert client.get("/scorecards/").url == f"/scorecards/manager/{manager.pk}/"


def test_a_supervisor_sees_only_their_team(supervisor, team, manager, other_manager):
    client = client_for(supervisor)
    page = client.get(f"/scorecards/team/{team.pk}/")
    assert page.status_code == 200
    assert str(manager) in page.content.decode()  # side by side
    assert client.get(f"/scorecards/manager/{manager.pk}/").status_code == 200
    assert client.get(f"/scorecards/manager/{other_manager.pk}/").status_code == 404
    assert client.get(f"/scorecards/team/{other_manager.team.pk}/").status_code == 404
    assert client.get("/scorecards/province/").status_code == 404


def test_the_province_needs_its_permission(supervisor):
    supervisor.user_permissions.add(Permission.objects.get(codename="view_province"))
    assert client_for(supervisor).get("/scorecards/province/").status_code == 200


def test_the_api_answers_within_the_same_scope(manager, other_manager, supervisor, team):
    mine = api_client_for(manager).get(
        f"/api/v1/kpis?scope=manager&id={manager.pk}&from=2026-11-01&to=2026-11-15"
    )
    assert mine.status_code == 200
    body = mine.json()
    assert body["from"] == "2026-11-01" and body["to"] == "2026-11-15"
    codes = {f["code"] for f in body["figures"]}
    assert {"requests_sla", "revenue_retention", "visits_on_time"} <= codes
    assert all(f["definition"] for f in body["figures"])
    assert (
        api_client_for(manager).get(f"/api/v1/kpis?scope=manager&id={other_manager.pk}").status_code
        == 404
    )
    assert api_client_for(manager).get("/api/v1/kpis?scope=province").status_code == 404
    assert (
        api_client_for(supervisor).get(f"/api/v1/kpis?scope=team&id={team.pk}").status_code == 200
    )


def test_the_api_names_the_field_of_a_bad_period(manager):
    client = api_client_for(manager)
    bad = client.get(f"/api/v1/kpis?scope=manager&id={manager.pk}&from=2026-11-15&to=2026-11-01")
    assert bad.status_code == 422 and "to" in bad.json()["errors"]
    assert client.get("/api/v1/kpis?scope=manager").json()["errors"].keys() == {"id"}


def test_the_export_is_a_spreadsheet_and_is_audited(supervisor, team, manager):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for(supervisor).get(
        f"/scorecards/team/export.xlsx?id={team.pk}&from=2026-11-01&to=2026-11-15"
    )
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert len(book.sheetnames) == 2  # the team, then its one manager
    assert supervisor.staff_id in book.worksheets[0].oddFooter.left.text  # D3 watermark
    assert AuditEvent.objects.filter(action="kpi.exported", actor=supervisor).count() == 1


def test_a_manager_may_not_export(manager):
    assert (
        client_for(manager).get(f"/scorecards/manager/export.xlsx?id={manager.pk}").status_code
        == 404
    )


def test_the_drill_down_lists_the_records_behind_a_figure(manager):
    from tests.factories import CustomerFactory
    from tests.home.factories import make_ticket

    ticket = make_ticket(
        customer=CustomerFactory(manager=manager),
        opened_at=local(2026, 11, 1),
        resolved_at=local(2026, 11, 3),
        sla_met=True,
        status="resolved",
        title="专线故障",
    )
    html = (
        client_for(manager)
        .get(f"/scorecards/manager/kpi/requests_sla/?id={manager.pk}&from=2026-11-01&to=2026-11-15")
        .content.decode()
    )
    assert "专线故障" in html and f"/requests/{ticket.pk}/" in html


def test_other_supervisors_do_not_see_the_team(team):
    stranger = UserFactory(username="sup_x", role="supervisor")
    TeamFactory(name="无锡一组", supervisor=stranger)
    assert client_for(stranger).get(f"/scorecards/team/{team.pk}/").status_code == 404


def test_the_monthly_pdf_report_embeds_its_chinese_font(supervisor, team, manager, tmp_path):
    import shutil
    import subprocess

    response = client_for(supervisor).get(f"/scorecards/team/report.pdf?id={team.pk}&month=2026-10")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="kpi.exported", extra__format="pdf").exists()
    pdffonts = shutil.which("pdffonts")
    if pdffonts:
        path = tmp_path / "report.pdf"
        path.write_bytes(response.content)
        fonts = subprocess.run([pdffonts, str(path)], capture_output=True, text=True).stdout  # noqa: S603
        assert "WenQuanYi" in fonts and " yes " in fonts
    text = subprocess.run(  # noqa: S603 - a fixed tool on a file the test wrote
        ["/usr/bin/pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert supervisor.staff_id in text  # D3: the exporter's watermark


def test_the_trend_shows_six_months_with_their_numbers(manager):
    from tests.factories import CustomerFactory
    from tests.home.factories import make_ticket

    make_ticket(
        customer=CustomerFactory(manager=manager),
        opened_at=local(2026, 9, 1),
        resolved_at=local(2026, 9, 2),
        sla_met=True,
        status="resolved",
    )
    client = client_for(manager)
    page = client.get(f"/scorecards/manager/{manager.pk}/").content.decode()
    assert f'hx-get="/scorecards/manager/trend/?id={manager.pk}' in page
    fragment = client.get(f"/scorecards/manager/trend/?id={manager.pk}&to=2026-11-25")
    html = fragment.content.decode()
    assert 'id="kpi-trend-data"' in html
    assert all(f"2026-{m:02d}" in html for m in range(6, 12))
    assert "100.00%" in html  # September's requests all within the SLA
    other = client.get("/scorecards/province/trend/")
    assert other.status_code == 404
