"""Who may download a file: each capability that owns files registers a checker.

A checker answers whether ``user`` may see owner ``owner_id`` of its kind; a kind with
no checker lets nobody download. The files app imports no capability: capabilities
register themselves in their ``AppConfig.ready``.
"""

from __future__ import annotations

from collections.abc import Callable

from kamdesk.users.models import User

Checker = Callable[[User, int], bool]
_checkers: dict[str, Checker] = {}


def access_register(kind: str, checker: Checker) -> None:
    _checkers[kind] = checker


def may_read(*, user: User, owner_kind: str, owner_id: int) -> bool:
    checker = _checkers.get(owner_kind)
    return checker is not None and checker(user, owner_id)
