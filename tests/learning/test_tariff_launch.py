"""A new tariff on sale from the catalogue import requires the launch rule's path of every
manager it targets (by role and grade), with its deadline, once."""

import datetime as dt

import pytest
import time_machine

from kamdesk.audit.models import AuditEvent
from kamdesk.customers.models import TariffPlan
from kamdesk.learning.models import Assignment, LaunchRule, TariffLaunch
from kamdesk.notifications.models import Notification
from kamdesk.users.models import ManagerGrade, Role
from tests.customers.imports.helpers import run_import, write_csv
from tests.customers.imports.test_plans_import import HEADER, plan_row
from tests.factories import UserFactory
from tests.learning.factories import path_make

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 29)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(dt.datetime(2026, 11, 29, 2, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def staff():
    return {
        "trainee": UserFactory(username="m_trainee", grade=ManagerGrade.TRAINEE),
        "junior": UserFactory(username="m_junior", grade=ManagerGrade.JUNIOR),
        "senior": UserFactory(username="m_senior", grade=ManagerGrade.SENIOR),
        "ungraded": UserFactory(username="m_none"),
        "supervisor": UserFactory(username="sup", role=Role.SUPERVISOR),
        "left": UserFactory(username="m_left", grade=ManagerGrade.JUNIOR, is_active=False),
    }


@pytest.fixture
def rule():
    return LaunchRule.objects.create(
        path=path_make(),
        roles=[Role.MANAGER],
        grades=[ManagerGrade.TRAINEE, ManagerGrade.JUNIOR],
        deadline_days=10,
    )


def _import(tmp_path, *rows):
    run_import("plans", write_csv(tmp_path / "plans.csv", HEADER, list(rows)))


def _assigned(rule):
    return {(a.user.username, a.deadline) for a in Assignment.objects.filter(path=rule.path)}


def test_it_requires_the_path_of_the_managers_the_rule_targets(tmp_path, staff, rule):
    _import(tmp_path, plan_row("5G99"), plan_row("OLD1", is_active="否"))

    deadline = TODAY + dt.timedelta(days=10)
    assert _assigned(rule) == {("m_trainee", deadline), ("m_junior", deadline)}
    for who in ("trainee", "junior"):
        told = Notification.objects.get(user=staff[who], kind="learning_assigned")
        assert "5G99" in told.body
    assert not Notification.objects.filter(user=staff["senior"]).exists()
    assert list(TariffLaunch.objects.values_list("code", "launched_on", "returned")) == [
        ("5G99", TODAY, False)
    ]
    event = AuditEvent.objects.get(action="learning.tariff_launched")
    assert event.extra["code"] == "5G99" and event.extra["assigned"] == 2


def test_it_assigns_nothing_new_when_the_same_catalogue_is_imported_again(tmp_path, staff, rule):
    _import(tmp_path, plan_row("5G99"))
    Assignment.objects.filter(user=staff["junior"]).update(completed_at=dt.datetime.now(dt.UTC))

    _import(tmp_path, plan_row("5G99"))

    assert Assignment.objects.count() == 2
    assert Notification.objects.count() == 2
    assert TariffLaunch.objects.count() == 1
    assert AuditEvent.objects.filter(action="learning.tariff_launched").count() == 1


def test_a_dry_run_requires_nothing(tmp_path, staff, rule):
    run_import("plans", write_csv(tmp_path / "p.csv", HEADER, [plan_row("5G99")]), "--dry-run")
    assert not Assignment.objects.exists() and not TariffLaunch.objects.exists()


def test_a_plan_switched_on_sale_is_launched_then(tmp_path, staff, rule):
    _import(tmp_path, plan_row("5G99", is_active="否"))
    assert not Assignment.objects.exists()

    _import(tmp_path, plan_row("5G99", is_active="是"))

    assert len(_assigned(rule)) == 2


def test_a_rule_by_code_or_segment_requires_only_for_those_plans(tmp_path, staff):
    by_code = LaunchRule.objects.create(path=path_make(slug="by-code"), codes=["JT158"])
    by_segment = LaunchRule.objects.create(path=path_make(slug="group"), segment="group")

    _import(tmp_path, plan_row("5G99"), plan_row("JT98", segment="group"))

    assert not Assignment.objects.filter(path=by_code.path).exists()
    assert Assignment.objects.filter(path=by_segment.path).count() == 4  # every grade


def _off_and_back_on(tmp_path, when):
    with time_machine.travel(when, tick=False):
        _import(tmp_path, plan_row("5G99", is_active="否"))
    with time_machine.travel(when + dt.timedelta(days=1), tick=False):
        _import(tmp_path, plan_row("5G99", is_active="是"))


def test_a_return_to_sale_requires_again_only_rules_that_say_so(tmp_path, staff, rule):
    again = LaunchRule.objects.create(
        path=path_make(slug="relaunch"), grades=[ManagerGrade.SENIOR], on_return_to_sale=True
    )
    _import(tmp_path, plan_row("5G99"))
    Assignment.objects.update(completed_at=dt.datetime.now(dt.UTC))

    _off_and_back_on(tmp_path, dt.datetime(2026, 12, 10, 2, 0, tzinfo=dt.UTC))

    assert Assignment.objects.filter(path=rule.path, completed_at__isnull=True).count() == 0
    reopened = Assignment.objects.get(path=again.path, completed_at__isnull=True)
    assert reopened.user == staff["senior"]
    assert reopened.deadline == dt.date(2026, 12, 11) + dt.timedelta(days=again.deadline_days)
    assert list(TariffLaunch.objects.order_by("launched_on").values_list("returned", flat=True))[-1]


def test_a_plan_created_on_sale_in_the_admin_is_launched(staff, rule):
    from tests.conftest import client_for

    admin = UserFactory(
        username="sysadmin", role=Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True
    )
    form = {
        "code": "5G77",
        "name": "5G新套餐77元",
        "monthly_fee": "77",
        "voice_minutes": "100",
        "sms": "0",
        "data_mb": "1024",
        "voice_overage_per_min": "0",
        "sms_overage": "0",
        "data_overage_per_gb": "0",
        "is_active": "on",
    }
    answer = client_for(admin).post("/admin/customers/tariffplan/add/", form)

    assert answer.status_code == 302, answer.content[:2000]
    assert TariffPlan.objects.filter(code="5G77").exists()
    assert len(_assigned(rule)) == 2
    assert TariffLaunch.objects.get(code="5G77").actor == admin


def test_an_add_on_added_in_the_admin_and_a_plan_put_back_on_sale_are_launched(staff):
    from tests.conftest import client_for
    from tests.factories import PlanFactory

    addon_rule = LaunchRule.objects.create(path=path_make(slug="addons"), kind="addon")
    plan_rule = LaunchRule.objects.create(path=path_make(slug="plans"), codes=["JT98"])
    plan = PlanFactory(code="JT98", is_active=False)
    admin = UserFactory(
        username="sysadmin", role=Role.SYSTEM_ADMIN, is_staff=True, is_superuser=True
    )
    client = client_for(admin)
    addon = {"code": "ADD-5G", "name": "5G加速包", "monthly_fee": "10"}
    addon |= {"voice_minutes": "0", "data_mb": "0"}
    assert client.post("/admin/customers/tariffaddon/add/", addon).status_code == 302
    fields = ("code", "name", "monthly_fee", "voice_minutes", "sms", "data_mb")
    changed = {f: str(getattr(plan, f)) for f in fields} | {"is_active": "on"}
    changed |= {"voice_overage_per_min": "0", "sms_overage": "0", "data_overage_per_gb": "0"}
    assert client.post(f"/admin/customers/tariffplan/{plan.pk}/change/", changed).status_code == 302

    assert Assignment.objects.filter(path=addon_rule.path).count() == 4
    assert Assignment.objects.filter(path=plan_rule.path).count() == 4
    assert set(TariffLaunch.objects.values_list("kind", "code")) == {
        ("addon", "ADD-5G"),
        ("plan", "JT98"),
    }
