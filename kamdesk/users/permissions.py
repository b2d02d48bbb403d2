"""The permissions matrix: role × kind of data × action, kept as data.

``DEFAULT_MATRIX`` seeds the ``PermissionRule`` table (``kam permissions sync``, also
run by the migrations); ``can()`` reads the table, cached per process for a short
time so that a change by the security administrator takes effect within a minute.

Separation of duties (MLPS level 3, 三员分立) is written into the defaults:

- the system administrator configures the system but never reads the audit trail,
  communication data (usage, itemised call records, bills) or anything unmasked;
- the auditor reads the audit trail and reviews insider-risk signals, may look at
  configuration and roles, and changes no configuration and no business data;
- the security administrator manages roles, permissions and keys, and sees no
  business data.

``view_unmasked`` only makes a role *eligible* to unmask: every unmasking also needs a
grant for one customer and one kind of data (the customer's SMS code or a second
person's approval, "vault mode").
"""

from __future__ import annotations

import time

from kamdesk.users.models import Action, DataKind, PermissionRule, Role, User

_ALL = [a.value for a in Action]
_READ = ["list", "view"]
_READ_EXPORT = ["list", "view", "export"]
_READ_CHANGE = ["list", "view", "change"]
_WORK = ["list", "view", "change", "export"]
_CUSTOMER_KINDS = ["profile", "account", "subscriber", "product", "contact", "interaction"]

DEFAULT_MATRIX: dict[str, dict[str, list[str]]] = {
    Role.MANAGER: {
        **{kind: _WORK for kind in _CUSTOMER_KINDS},
        DataKind.IDENTITY: ["view", "view_unmasked"],
        DataKind.CATALOGUE: _READ,
        DataKind.USAGE: _READ_EXPORT,
        DataKind.CALL_RECORD: [*_READ_EXPORT, "view_unmasked"],
        DataKind.BILL: _READ_EXPORT,
        DataKind.VISIT: _WORK,
        DataKind.REQUEST: _WORK,
        DataKind.ORDER: _WORK,
        DataKind.COMMITMENT: _WORK,
        DataKind.STATEMENT: _WORK,
        DataKind.RISK: _WORK,
        DataKind.ADVICE: _WORK,
        DataKind.KNOWLEDGE: _READ,
        DataKind.PROSPECT: _WORK,
        DataKind.KPI: _READ,
        DataKind.LEARNING: _READ_CHANGE,
    },
    Role.SUPERVISOR: {
        **{kind: _WORK for kind in _CUSTOMER_KINDS},
        DataKind.IDENTITY: ["view"],
        DataKind.CATALOGUE: _READ,
        DataKind.USAGE: _READ_EXPORT,
        DataKind.BILL: _READ,
        DataKind.VISIT: _WORK,
        DataKind.REQUEST: _WORK,
        DataKind.ORDER: _WORK,
        DataKind.COMMITMENT: _WORK,
        DataKind.STATEMENT: _READ,
        DataKind.RISK: _WORK,
        DataKind.ADVICE: _WORK,
        DataKind.KNOWLEDGE: _WORK,
        DataKind.PROSPECT: _WORK,
        DataKind.KPI: _READ_EXPORT,
        DataKind.LEARNING: _WORK,
        DataKind.STAFF: _READ,
    },
    Role.BACKOFFICE: {
        DataKind.CATALOGUE: _READ,
        DataKind.REQUEST: _READ_CHANGE,
        DataKind.ORDER: _READ_CHANGE,
        DataKind.STATEMENT: _READ_CHANGE,
        DataKind.KNOWLEDGE: _READ,
        DataKind.LEARNING: _READ_CHANGE,
    },
    Role.AUDITOR: {
        DataKind.AUDIT: _READ_EXPORT,
        DataKind.INSIDER_SIGNAL: _WORK,
        DataKind.STAFF: _READ,
        DataKind.SECURITY: _READ,
        DataKind.CONFIG: _READ,
    },
    Role.SECURITY_ADMIN: {
        DataKind.STAFF: _READ_CHANGE,
        DataKind.SECURITY: _READ_CHANGE,
        DataKind.CONFIG: _READ,
    },
    Role.SYSTEM_ADMIN: {
        **{kind: _WORK for kind in _CUSTOMER_KINDS},
        DataKind.IDENTITY: ["view"],
        DataKind.CATALOGUE: _READ_CHANGE,
        DataKind.KNOWLEDGE: _WORK,
        DataKind.LEARNING: _WORK,
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


def matrix_markdown(cells: frozenset[tuple[str, str, str]] | set[tuple[str, str, str]]) -> str:
    """The matrix as a Markdown table: one row per kind of data, one column per role.

    A cell lists the allowed actions by their initials (L list, V view, U view unmasked,
    C change, E export); an empty cell is denied.
    """
    initials = {"list": "L", "view": "V", "view_unmasked": "U", "change": "C", "export": "E"}
    header = "| kind of data | " + " | ".join(str(r.label) for r in Role) + " |"
    lines = [header, "| --- |" + " --- |" * len(Role)]
    for kind in DataKind:
        row = [
            " ".join(initials[a.value] for a in Action if (r.value, kind.value, a.value) in cells)
            for r in Role
        ]
        lines.append(f"| {kind.label} (`{kind.value}`) | " + " | ".join(row) + " |")
    return "\n".join(lines)


__all__ = ["DEFAULT_MATRIX", "_ALL", "can", "clear_cache", "default_cells", "matrix_markdown"]
