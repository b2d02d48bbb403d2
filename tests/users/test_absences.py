import datetime as dt

import pytest
import time_machine

from kamdesk.audit.models import AuditEvent
from kamdesk.customers.selectors import customers_visible_to
from kamdesk.users.models import Absence
from tests.conftest import client_for
from tests.factories import CustomerFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 10, 2, 0, tzinfo=dt.UTC)


@time_machine.travel(NOW, tick=False)
def test_it_lets_a_supervisor_record_a_team_members_absence_and_the_backup_takes_over(
    supervisor, manager, team
):
    from tests.factories import UserFactory

    colleague = UserFactory(username="manager_c", team=team)
    customer = CustomerFactory(manager=colleague, backup_manager=manager)
    response = client_for(supervisor).post(
        "/staff/absences/",
        {
            "user": colleague.pk,
            "starts_on": "2026-11-10",
            "ends_on": "2026-11-12",
            "reason": "年假",
        },
    )
    assert response.status_code == 302
    absence = Absence.objects.get(user=colleague)
    # Whole days in Asia/Shanghai: from midnight of the first day to midnight after the last.
    assert absence.starts_at == dt.datetime(2026, 11, 9, 16, 0, tzinfo=dt.UTC)
    assert absence.ends_at == dt.datetime(2026, 11, 12, 16, 0, tzinfo=dt.UTC)
    assert AuditEvent.objects.filter(action="staff.absence.created").exists()
    assert customer in customers_visible_to(user=manager)


def test_it_refuses_an_absence_that_ends_before_it_starts(manager):
    response = client_for(manager).post(
        "/staff/absences/",
        {"user": manager.pk, "starts_on": "2026-11-12", "ends_on": "2026-11-10"},
    )
    assert response.status_code == 200
    assert not Absence.objects.exists()


def test_it_does_not_let_a_manager_record_someone_elses_absence(manager, other_manager):
    response = client_for(manager).post(
        "/staff/absences/",
        {"user": other_manager.pk, "starts_on": "2026-11-10", "ends_on": "2026-11-12"},
    )
    assert response.status_code == 200
    assert not Absence.objects.exists()
