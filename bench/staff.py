"""The bench's staff (an administrator, supervisors, managers in teams) and tariff plans."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from benchenv import (
    ABSENT_MANAGER,
    MANAGERS_PER_TEAM,
    PASSWORD,
    TEAMS,
    manager_username,
    supervisor_username,
)
from copyload import Row
from django.contrib.auth.hashers import make_password

from kamdesk.users.models import Role

MANAGERS = TEAMS * MANAGERS_PER_TEAM
FIRST_MANAGER_ID = 2 + TEAMS  # 1 is the administrator, then the supervisors
PLANS = 60


def manager_id(number: int) -> int:
    return FIRST_MANAGER_ID + number - 1


def team_of(number: int) -> int:
    return (number - 1) // MANAGERS_PER_TEAM + 1


def backup_of(number: int) -> int:
    """The next manager of the same team backs a manager up."""
    team = team_of(number)
    first = (team - 1) * MANAGERS_PER_TEAM + 1
    return manager_id(first + (number - first + 1) % MANAGERS_PER_TEAM)


def staff_rows(now: dt.datetime) -> Iterator[Row]:
    password = make_password(PASSWORD)  # one Argon2 hash: distinct salts buy nothing here
    base = {"password": password, "date_joined": now, "is_active": True}
    yield {
        **base,
        "id": 1,
        "username": "bench-admin",
        "role": Role.SYSTEM_ADMIN,
        "display_name": "Bench admin",
        "staff_id": "B0001",
    }
    for team in range(1, TEAMS + 1):
        yield {
            **base,
            "id": 1 + team,
            "username": supervisor_username(team),
            "role": Role.SUPERVISOR,
            "team_id": team,
            "staff_id": f"B01{team:02d}",
            "display_name": f"主管{team}",
        }
    for number in range(1, MANAGERS + 1):
        yield {
            **base,
            "id": manager_id(number),
            "username": manager_username(number),
            "role": Role.MANAGER,
            "team_id": team_of(number),
            "staff_id": f"B1{number:03d}",
            "display_name": f"客户经理{number:02d}",
            "phone": f"1390000{number:04d}",
        }


def team_rows(now: dt.datetime) -> Iterator[Row]:
    for team in range(1, TEAMS + 1):
        yield {
            "id": team,
            "name": f"Bench team {team}",
            "supervisor_id": 1 + team,
            "created_at": now,
            "updated_at": now,
        }


def absence_rows(now: dt.datetime) -> Iterator[Row]:
    yield {
        "id": 1,
        "user_id": manager_id(ABSENT_MANAGER),
        "reason": "bench: long leave",
        "starts_at": now - dt.timedelta(days=7),
        "ends_at": now + dt.timedelta(days=3650),
        "created_at": now,
        "updated_at": now,
    }


def tariff_rows(now: dt.datetime, rng: random.Random) -> Iterator[Row]:
    brands = [
        ("全球通", "individual"),
        ("动感地带", "individual"),
        ("集团商务", "group"),
        ("物联网", "iot"),
    ]
    for n in range(1, PLANS + 1):
        brand, segment = brands[n % len(brands)]
        fee = rng.choice((8, 18, 38, 58, 88, 128, 158, 188, 238, 288, 388, 588))
        yield {
            "id": n,
            "code": f"P{n:04d}",
            "name": f"{brand}{fee}元套餐{n}",
            "brand": brand,
            "filing_number": f"24JS1{n:05d}",
            "segment": segment,
            "monthly_fee": f"{fee}.00",
            "voice_minutes": fee * 4,
            "sms": 100,
            "data_mb": fee * 256,
            "voice_overage_per_min": "0.19",
            "sms_overage": "0.10",
            "data_overage_per_gb": "5.00",
            "created_at": now,
            "updated_at": now,
        }
