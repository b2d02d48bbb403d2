from __future__ import annotations

from django.contrib.auth import authenticate

from kamdesk.customers.demo import DEMO_PASSWORD
from kamdesk.customers.selectors import customers_visible_to
from kamdesk.users.models import Department, Role, Team, User
from kamdesk.users.selectors import user_is_absent

USERNAMES = [f"manager{n}" for n in range(1, 11)] + [
    "supervisor1",
    "supervisor2",
    "backoffice1",
    "auditor1",
    "securityadmin1",
    "admin",
]


def test_it_creates_a_login_for_every_role_that_signs_in(demo):
    for username in USERNAMES:
        assert authenticate(username=username, password=DEMO_PASSWORD) is not None, username
    roles = set(User.objects.filter(username__in=USERNAMES).values_list("role", flat=True))
    assert roles == {
        Role.MANAGER,
        Role.SUPERVISOR,
        Role.BACKOFFICE,
        Role.AUDITOR,
        Role.SECURITY_ADMIN,
        Role.SYSTEM_ADMIN,
    }
    assert User.objects.get(username="admin").is_staff


def test_it_prints_every_login_with_its_password(demo):
    for username in USERNAMES:
        assert f"{username} " in demo
    assert DEMO_PASSWORD in demo
    assert "njxk" in demo


def test_it_builds_two_teams_of_five_managers_with_names_and_staff_ids(demo):
    teams = Team.objects.order_by("name")
    assert sorted(t.supervisor.username for t in teams) == ["supervisor1", "supervisor2"]
    for team in teams:
        members = team.members.all()
        assert members.count() == 5
        assert all(m.role == Role.MANAGER and m.display_name and m.staff_id for m in members)
    assert User.objects.get(username="backoffice1").department.code == "billing"
    assert set(Department.objects.values_list("code", flat=True)) >= {
        "billing",
        "network",
        "provisioning",
        "customer_service",
        "enterprise_support",
    }


def test_it_puts_manager3_on_leave_and_lets_manager4_act_as_backup(demo):
    manager3 = User.objects.get(username="manager3")
    manager4 = User.objects.get(username="manager4")
    assert user_is_absent(user=manager3)
    covered = customers_visible_to(user=manager4).filter(manager=manager3)
    assert covered.exists()


def test_it_grades_the_managers_of_each_team_from_trainee_to_principal(demo):
    from kamdesk.users.models import ManagerGrade

    for team in Team.objects.all():
        grades = sorted(team.members.values_list("grade", flat=True))
        assert grades == sorted(ManagerGrade.values)
    assert not User.objects.exclude(role=Role.MANAGER).exclude(grade="").exists()
