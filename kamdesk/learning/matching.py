"""Which staff and which tariff launches a path or launch rule targets (pure: no Django)."""

from __future__ import annotations

from collections.abc import Collection

MANAGER = "manager"


def audience_includes(
    *, roles: Collection[str], grades: Collection[str], role: str, grade: str
) -> bool:
    """Empty roles: everyone; empty grades: every grade. Grades are account managers'
    grades, so they narrow only the managers among the roles."""
    if roles and role not in roles:
        return False
    return not grades or role != MANAGER or grade in grades


def launch_matches(
    *,
    rule_kind: str,
    codes: Collection[str],
    segment: str,
    kind: str,
    code: str,
    tariff_segment: str,
) -> bool:
    """A rule matches a launch of its kind whose code it lists (no codes: any) and, when
    the rule names a segment, a plan of that segment."""
    if rule_kind != kind or (codes and code not in codes):
        return False
    return not segment or segment == tariff_segment
