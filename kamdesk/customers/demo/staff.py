"""The demo's staff: departments, two teams of five managers, back office, audit, admin."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass

from kamdesk.customers.demo.people import NumberBook, People
from kamdesk.users.models import Absence, Department, ManagerGrade, Role, Team, User

DEMO_PASSWORD = "kamdesk-demo"  # noqa: S105 - a published demo login, not a secret.
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")

DEPARTMENTS = (
    ("billing", "计费部"),
    ("network", "网络部"),
    ("provisioning", "开通部"),
    ("customer_service", "客服部"),
    ("enterprise_support", "政企支撑部"),
)
TEAM_NAMES = ("南京一组", "苏州一组")
MANAGERS_PER_TEAM = 5
# Each team has one manager of every grade, from 资深 (manager1, manager6) to 见习.
GRADES = (
    ManagerGrade.PRINCIPAL,
    ManagerGrade.SENIOR,
    ManagerGrade.INTERMEDIATE,
    ManagerGrade.JUNIOR,
    ManagerGrade.TRAINEE,
)
ABSENT_MANAGER = "manager3"
STAND_IN_MANAGER = "manager4"


@dataclass
class Staff:
    managers: list[User]
    teams: list[Team]
    admin: User
    absent: User
    stand_in: User

    def team_of(self, manager: User) -> int:
        return self.managers.index(manager) // MANAGERS_PER_TEAM

    def team_managers(self, team: int) -> list[User]:
        return self.managers[team * MANAGERS_PER_TEAM : (team + 1) * MANAGERS_PER_TEAM]


def _user(
    people: People,
    numbers: NumberBook,
    password_hash: str,
    username: str,
    role: str,
    staff_id: str,
    **extra: object,
) -> User:
    return User(
        username=username,
        role=role,
        staff_id=staff_id,
        password=password_hash,
        display_name=people.name(),
        phone=numbers.mobile(),
        email=f"{username}@kamdesk.example",
        **extra,
    )


def staff_create(
    *, people: People, numbers: NumberBook, password_hash: str, now: dt.datetime
) -> Staff:
    """Write departments, users, teams and this week's absence; all share one password hash."""
    departments = Department.objects.bulk_create(
        [Department(code=code, name=name) for code, name in DEPARTMENTS]
    )

    def make(username: str, role: str, staff_id: str, **extra: object) -> User:
        return _user(people, numbers, password_hash, username, role, staff_id, **extra)

    others = [
        make("supervisor1", Role.SUPERVISOR, "JS200001"),
        make("supervisor2", Role.SUPERVISOR, "JS200002"),
        make("backoffice1", Role.BACKOFFICE, "JS300001", department=departments[0]),
        make("auditor1", Role.AUDITOR, "JS400001"),
        make("securityadmin1", Role.SECURITY_ADMIN, "JS500001", is_staff=True),
        make("admin", Role.SYSTEM_ADMIN, "JS900001", is_staff=True, is_superuser=True),
    ]
    User.objects.bulk_create(others)
    teams = Team.objects.bulk_create(
        [Team(name=name, supervisor=others[i]) for i, name in enumerate(TEAM_NAMES)]
    )
    managers = [
        make(
            f"manager{n}",
            Role.MANAGER,
            f"JS1{n:05d}",
            team=teams[(n - 1) // MANAGERS_PER_TEAM],
            grade=GRADES[(n - 1) % MANAGERS_PER_TEAM],
        )
        for n in range(1, len(TEAM_NAMES) * MANAGERS_PER_TEAM + 1)
    ]
    User.objects.bulk_create(managers)
    by_name = {m.username: m for m in managers}
    _absence_this_week(user=by_name[ABSENT_MANAGER], now=now)
    return Staff(
        managers=managers,
        teams=teams,
        admin=others[-1],
        absent=by_name[ABSENT_MANAGER],
        stand_in=by_name[STAND_IN_MANAGER],
    )


def _absence_this_week(*, user: User, now: dt.datetime) -> None:
    """Annual leave from Monday of this week (Asia/Shanghai) to the next Monday."""
    local = now.astimezone(SHANGHAI)
    monday = dt.datetime.combine(
        local.date() - dt.timedelta(days=local.weekday()), dt.time(), tzinfo=SHANGHAI
    )
    Absence.objects.create(
        user=user,
        starts_at=monday.astimezone(dt.UTC),
        ends_at=(monday + dt.timedelta(days=7)).astimezone(dt.UTC),
        reason="年假",
    )


DEMO_USERNAMES = (
    *(f"manager{n}" for n in range(1, 11)),
    "supervisor1",
    "supervisor2",
    "backoffice1",
    "auditor1",
    "securityadmin1",
    "admin",
)
