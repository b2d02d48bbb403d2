"""A gunicorn config for a what-if run: the manager scope proposed in bench/README.md.

    .venv/bin/python bench/run_web.py --groups list --gunicorn-config bench/whatif_scope.py

Each worker replaces ``selectors._scope_filter`` for managers: the absent managers are
looked up first, and the backup branch is added only when the user backs up one of
their customers, so a manager's usual filter is ``manager_id = me`` (an index-only
count). Delete this file once the selector does it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def post_worker_init(worker: Any) -> None:
    from django.db.models import Q

    from kamdesk.customers import selectors
    from kamdesk.customers.models import Customer
    from kamdesk.users.models import Role, User

    original = selectors._scope_filter

    def _scope_filter(user: User, at: dt.datetime | None = None) -> Q | None:
        if user.role != Role.MANAGER:
            return original(user, at)
        absent = [row["user_id"] for row in selectors.absent_user_ids(at=at)]
        scope = Q(manager=user)
        backing = Q(backup_manager=user, manager_id__in=absent)
        if absent and Customer.objects.filter(backing).exists():
            scope |= backing
        return scope

    selectors._scope_filter = _scope_filter
