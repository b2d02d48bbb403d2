"""The permissions matrix: role × kind of data × action, kept as data.

``DEFAULT_MATRIX`` seeds the ``PermissionRule`` table (``kam permissions sync``, also
run by the migration); ``can()`` reads the table, cached per process for a short
time so that a change by the security administrator takes effect within a minute.
"""

from __future__ import annotations

import time

from kamdesk.users.models import Action, DataKind, PermissionRule, Role, User

_ALL = [a.value for a in Action]
_READ = ["list", "view"]
_READ_CHANGE = ["list", "view", "change"]
_CUSTOMER_KINDS = ["profile", "account", "subscriber", "product", "contact", "interaction"]

DEFAULT_MATRIX: dict[str, dict[str, list[str]]] = {
    Role.MANAGER: {
        **{kind: [*_READ_CHANGE, "export"] for kind in _CUSTOMER_KINDS},
        DataKind.IDENTITY: ["view"],
        DataKind.CATALOGUE: _READ,
    },
    Role.SUPERVISOR: {
        **{kind: [*_READ_CHANGE, "export"] for kind in _CUSTOMER_KINDS},
        DataKind.IDENTITY: ["view"],
        DataKind.CATALOGUE: _READ,
        DataKind.STAFF: _READ,
    },
    Role.BACKOFFICE: {DataKind.CATALOGUE: _READ},
    Role.AUDITOR: {DataKind.AUDIT: ["list", "view", "export"], DataKind.STAFF: _READ},
    Role.SECURITY_ADMIN: {
        DataKind.STAFF: _READ_CHANGE,
        DataKind.CONFIG: _READ_CHANGE,
    },
    Role.SYSTEM_ADMIN: {
        **{kind: [*_READ_CHANGE, "export"] for kind in _CUSTOMER_KINDS},
        DataKind.IDENTITY: ["view"],
        DataKind.CATALOGUE: _READ_CHANGE,
        DataKind.STAFF: _READ_CHANGE,
        DataKind.CONFIG: _READ_CHANGE,
    },
}

_CACHE_SECONDS = 30.0
_cache: tuple[float, frozenset[tuple[str, str, str]]] | None = None


def default_cells() -> list[tuple[str, str, str]]:
    return [
        (str(role), str(kind), action)
        for role, kinds in DEFAULT_MATRIX.items()
        for kind, actions in kinds.items()
        for action in actions
    ]


def _cells() -> frozenset[tuple[str, str, str]]:
    global _cache
    now = time.monotonic()
    if _cache is None or now - _cache[0] > _CACHE_SECONDS:
        rows = PermissionRule.objects.values_list("role", "data_kind", "action")
        _cache = (now, frozenset(rows))
    return _cache[1]


def clear_cache() -> None:
    global _cache
    _cache = None


def can(user: User, action: str, data_kind: str) -> bool:
    """Whether ``user``'s role may ``action`` on ``data_kind``; inactive users may nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return (str(user.role), str(data_kind), str(action)) in _cells()


__all__ = ["DEFAULT_MATRIX", "can", "clear_cache", "default_cells", "_ALL"]
