"""Stand-in demo stages for the resume test: each leaves a department behind; the flaky
one fails the first time, after writing (its transaction must take that back)."""

from __future__ import annotations

import datetime as dt

from kamdesk.users.models import Department

FAILURES = {"left": 1}


def steady_stage(*, seed: int, today: dt.date) -> str:
    Department.objects.create(code="demo-steady", name="steady")
    return "steady stage loaded"


def flaky_stage(*, seed: int, today: dt.date) -> str:
    Department.objects.create(code="demo-flaky", name="flaky")
    if FAILURES["left"]:
        FAILURES["left"] -= 1
        raise RuntimeError("interrupted")
    return "flaky stage loaded"
