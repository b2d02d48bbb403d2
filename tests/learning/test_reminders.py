"""The daily sweep reminds before a certification expires (once), of overdue learning,
and requires the yearly ethics certification (E1)."""

import datetime as dt

import pytest

from kamdesk.learning.models import Assignment, Certification, ManagerCertification
from kamdesk.learning.services import learning_sweep, path_assign
from kamdesk.notifications.models import Notification
from tests.learning.factories import path_make

pytestmark = pytest.mark.django_db


def test_it_reminds_before_expiry_once(manager):
    cert = Certification.objects.create(code="pipl", name="个人信息保护")
    ManagerCertification.objects.create(
        user=manager,
        certification=cert,
        issued_on=dt.date(2025, 12, 20),
        expires_on=dt.date(2026, 12, 20),
    )
    assert learning_sweep(today=dt.date(2026, 11, 19))["expiry_reminders"] == 0
    assert learning_sweep(today=dt.date(2026, 11, 21))["expiry_reminders"] == 1
    assert learning_sweep(today=dt.date(2026, 11, 22))["expiry_reminders"] == 0
    notes = Notification.objects.filter(user=manager, kind="learning_expiry")
    assert notes.count() == 1 and "2026-12-20" in notes.get().title


def test_it_reminds_of_overdue_learning_once(manager):
    a = path_assign(path=path_make(), user=manager, deadline=dt.date(2026, 11, 1), reason="上线")
    assert learning_sweep(today=dt.date(2026, 11, 1))["overdue_reminders"] == 0
    assert learning_sweep(today=dt.date(2026, 11, 2))["overdue_reminders"] == 1
    assert learning_sweep(today=dt.date(2026, 11, 3))["overdue_reminders"] == 0
    assert Notification.objects.filter(user=manager, dedup_key=f"learning:overdue:{a.pk}").exists()


def test_it_requires_the_yearly_ethics_certification(manager, supervisor):
    ethics = Certification.objects.create(
        code="ethics", name="职业道德与保密", required_yearly=True
    )
    path = path_make(slug="ethics", cert=ethics)
    day = dt.date(2026, 11, 28)
    assert learning_sweep(today=day)["required_assigned"] == 1
    assert learning_sweep(today=day)["required_assigned"] == 0
    a = Assignment.objects.get(path=path)
    assert (a.user, a.deadline) == (manager, dt.date(2026, 12, 28))
    a.completed_at = dt.datetime(2026, 11, 28, tzinfo=dt.UTC)
    a.save()
    ManagerCertification.objects.create(
        user=manager, certification=ethics, issued_on=day, expires_on=dt.date(2027, 11, 28)
    )
    assert learning_sweep(today=dt.date(2027, 6, 1))["required_assigned"] == 0
    assert learning_sweep(today=dt.date(2027, 11, 1))["required_assigned"] == 1
    assert Assignment.objects.get(path=path, completed_at__isnull=True).deadline == dt.date(
        2027, 11, 28
    )
