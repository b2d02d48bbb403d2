"""The daily learning sweep and the team view at province scale.

    .venv/bin/python bench/learning_sweep.py            # SQLite under bench/var/
    .venv/bin/python bench/learning_sweep.py \\
        --database-url postgres://postgres@127.0.0.1:5432/kd_bench_learning

Builds (into a database of its own, emptied first) the demo paths and question banks,
1,000 managers in 20 teams, each with four certifications (a quarter expiring within the
reminder window) and two assignments (a third overdue), then times ``learning_sweep``
twice (the first run writes the reminders, the second finds them told already) and a
supervisor's ``team_view``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))
DEFAULT_URL = f"sqlite:///{BENCH_DIR / 'var' / 'learning_bench.sqlite3'}"
MANAGERS, TEAMS = 1000, 20
TODAY = dt.date(2026, 11, 28)


def _setup(database_url: str) -> None:
    os.environ.setdefault("KAM_ENV", "test")
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from kamdesk.learning.models import Assignment, ManagerCertification
    from kamdesk.notifications.models import Notification
    from kamdesk.users.models import Team, User

    Notification.objects.filter(kind__startswith="learning_").delete()
    Assignment.objects.all().delete()
    ManagerCertification.objects.all().delete()
    User.objects.filter(username__startswith="lbench").delete()
    Team.objects.filter(name__startswith="lbench").delete()


def _build() -> object:
    from kamdesk.learning import scoring
    from kamdesk.learning.demo import learning_demo_load
    from kamdesk.learning.models import (
        Assignment,
        Certification,
        LearningPath,
        ManagerCertification,
    )
    from kamdesk.users.models import Role, Team, User

    learning_demo_load(seed=1, today=TODAY)
    sups = [
        User.objects.create(username=f"lbench_s{i}", role=Role.SUPERVISOR) for i in range(TEAMS)
    ]
    teams = [Team.objects.create(name=f"lbench{i}", supervisor=s) for i, s in enumerate(sups)]
    joined = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    User.objects.bulk_create(
        User(
            username=f"lbench{i:04d}", role=Role.MANAGER, team=teams[i % TEAMS], date_joined=joined
        )
        for i in range(MANAGERS)
    )
    managers = list(User.objects.filter(username__regex=r"^lbench\d"))
    certs, paths = list(Certification.objects.all()), list(LearningPath.objects.all())[:2]
    rows, todo = [], []
    for i, m in enumerate(managers):
        for c in certs:
            issued = scoring.add_months(TODAY, -c.validity_months) + dt.timedelta(
                days=10 if i % 4 == 0 else 90
            )
            rows.append(
                ManagerCertification(
                    user=m,
                    certification=c,
                    issued_on=issued,
                    expires_on=scoring.add_months(issued, c.validity_months),
                )
            )
        for j, p in enumerate(paths):
            due = (
                TODAY - dt.timedelta(days=3) if (i + j) % 3 == 0 else TODAY + dt.timedelta(days=20)
            )
            todo.append(Assignment(path=p, user=m, deadline=due, reason="bench"))
    ManagerCertification.objects.bulk_create(rows)
    Assignment.objects.bulk_create(todo)
    return sups[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", default=DEFAULT_URL)
    args = parser.parse_args()
    _setup(args.database_url)
    supervisor = _build()
    from kamdesk.learning.selectors import team_view
    from kamdesk.learning.services import learning_sweep

    for label in ("first sweep", "second sweep"):
        start = time.perf_counter()
        counts = learning_sweep(today=TODAY)
        print(f"{label}: {time.perf_counter() - start:.2f} s {counts}")
    start = time.perf_counter()
    rows = team_view(user=supervisor, on=TODAY)  # type: ignore[arg-type]
    print(f"team view ({len(rows)} managers): {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
