"""How long a customer may go without contact, by grade rank (pure: no Django import).

The visits capability owns contact policies once it lands; until then, and for grades it
does not cover, home uses these defaults: the most valuable grades are contacted at
least monthly, the least every quarter.
"""

from __future__ import annotations

DEFAULT_DAYS_BY_RANK: dict[int, int] = {1: 30, 2: 45, 3: 60}
FALLBACK_DAYS = 90


def contact_policy_days(rank: int) -> int:
    return DEFAULT_DAYS_BY_RANK.get(rank, FALLBACK_DAYS)
