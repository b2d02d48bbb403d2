"""Consumption anomalies against each series' own history (pure: no Django import).

A month is compared with a robust baseline of the months before it: their median and
median absolute deviation (MAD), so one odd month in the history moves nothing. With
thirteen months or more, the baseline is scaled by the same calendar month's factor a
year earlier (Spring Festival dips every February; that is not an anomaly). Daily
series are compared per weekday in the same way.

Findings carry figures, not sentences: ``kamdesk.risk.explain`` words them (in
Chinese by default) so the rules stay testable without a database or a language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from statistics import median

BASELINE_MONTHS = 6
MIN_HISTORY = 3
BASELINE_WEEKS = 8  # a day is judged against the same weekday of the 8 weeks before
MIN_WEEKS = 4  # and only with at least 4 of them (one day is noisier than a month)
MAD_SCALE = 1.4826  # MAD → standard deviation of a normal distribution
DROP_PCT = -30.0
SPIKE_PCT = 100.0
Z_LIMIT = 3.0
MIN_MAD_SHARE = 0.05  # a perfectly flat history still tolerates ±5 % noise


@dataclass(frozen=True)
class Finding:
    """One anomaly: what moved, by how much, against which baseline, how severe."""

    kind: str  # drop | spike | silent | competitor_calls | operator_shift | members_lost
    metric: str  # spend | voice | data | sms | activity | competitor_calls | offnet_share | members
    current: float
    baseline: float
    change_pct: float
    months: int
    severity: str  # low | medium | high
    seasonal: bool = False
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def severity_rank(self) -> int:
        return {"low": 1, "medium": 2, "high": 3}[self.severity]


@dataclass(frozen=True)
class Baseline:
    median: float
    mad: float
    months: int
    seasonal_factor: float = 1.0

    @property
    def expected(self) -> float:
        return self.median * self.seasonal_factor


def _mad(values: Sequence[float], centre: float) -> float:
    return median(abs(v - centre) for v in values)


def _seasonal_factor(history: Sequence[float]) -> float:
    """The same calendar month a year ago against the months before it, or 1.

    ``history`` ends just before the month being judged, so ``history[-12]`` is that
    month a year earlier.
    """
    if len(history) < 12 + MIN_HISTORY:
        return 1.0
    year_ago = history[-12]
    before = history[max(0, len(history) - 12 - BASELINE_MONTHS) : len(history) - 12]
    base = median(before)
    if base <= 0:
        return 1.0
    return min(max(year_ago / base, 0.2), 5.0)


def baseline(
    history: Sequence[float], window: int = BASELINE_MONTHS, min_history: int = MIN_HISTORY
) -> Baseline | None:
    """The robust baseline of the last ``window`` values, None with too little history."""
    recent = list(history[-window:])
    if len(recent) < max(min_history, 1):
        return None
    centre = float(median(recent))
    return Baseline(
        median=centre,
        mad=float(_mad(recent, centre)),
        months=len(recent),
        seasonal_factor=_seasonal_factor(history),
    )


def _robust_z(value: float, base: Baseline) -> float:
    spread = MAD_SCALE * max(base.mad, MIN_MAD_SHARE * abs(base.expected), 1e-9)
    return (value - base.expected) / spread


def _drop_severity(change_pct: float) -> str:
    if change_pct <= -50:
        return "high"
    return "medium" if change_pct <= -40 else "low"


def level_change(
    history: Sequence[float],
    current: float,
    *,
    metric: str,
    window: int = BASELINE_MONTHS,
    min_history: int = MIN_HISTORY,
) -> Finding | None:
    """A sudden drop or spike of ``current`` against ``history`` (oldest first), or None."""
    base = baseline(history, window, min_history)
    if base is None or base.expected <= 0:
        return None
    change = (current - base.expected) / base.expected * 100
    z = _robust_z(current, base)
    seasonal = base.seasonal_factor != 1.0
    if change <= DROP_PCT and z <= -Z_LIMIT:
        return Finding(
            "drop",
            metric,
            current,
            base.median,
            change,
            base.months,
            _drop_severity(change),
            seasonal,
            {"z": z},
        )
    if change >= SPIKE_PCT and z >= Z_LIMIT:
        severity = "high" if change >= 300 else "medium"
        return Finding(
            "spike",
            metric,
            current,
            base.median,
            change,
            base.months,
            severity,
            seasonal,
            {"z": z},
        )
    return None


def went_silent(history: Sequence[float], current: float) -> Finding | None:
    """A subscriber active in (most of) its history with no activity this month."""
    base = baseline(history)
    if base is None or base.median <= 0 or current > 0:
        return None
    return Finding("silent", "activity", 0.0, base.median, -100.0, base.months, "high")


def competitor_calls(history: Sequence[float], current: float) -> Finding | None:
    """Calls to competitors' customer-service numbers (10010, 10000, 10099) appearing."""
    base = baseline(history)
    usual = base.median if base else 0.0
    if current < 2 or current < usual + 2:
        return None
    severity = "high" if current >= 5 else "medium"
    change = (current - usual) / usual * 100 if usual else 100.0
    return Finding(
        "competitor_calls",
        "competitor_calls",
        current,
        usual,
        change,
        base.months if base else 0,
        severity,
    )


def operator_shift(history: Sequence[float], current: float) -> Finding | None:
    """The share of outgoing calls to other operators rising by 15 points or more.

    Shares are estimated from number prefixes (numbers are portable), which the
    explanation says.
    """
    base = baseline(history)
    if base is None:
        return None
    points = (current - base.median) * 100
    if points < 15:
        return None
    severity = "high" if points >= 30 else "medium"
    return Finding(
        "operator_shift",
        "offnet_share",
        current,
        base.median,
        points,
        base.months,
        severity,
    )


def members_lost(history: Sequence[float], current: float) -> Finding | None:
    """A group losing member subscribers: 10 % of them or at least five."""
    if not history:
        return None
    before = max(history[-3:])
    lost = before - current
    if before <= 0 or lost <= 0 or (lost / before < 0.10 and lost < 5):
        return None
    change = -lost / before * 100
    severity = "high" if change <= -25 else "medium"
    return Finding(
        "members_lost", "members", current, before, change, 3, severity, False, {"lost": lost}
    )


METRICS = ("spend", "voice", "data", "sms")


def detect_month(
    history: Mapping[str, Sequence[float]], current: Mapping[str, float]
) -> list[Finding]:
    """Every anomaly of one series (subscriber, account or customer) in one month.

    ``history`` and ``current`` map a metric (``spend``, ``voice``, ``data``, ``sms``,
    ``activity``, ``competitor_calls``, ``offnet_share``, ``members``) to its past
    values (oldest first) and this month's value; missing metrics are skipped.
    """
    found: list[Finding | None] = []
    for metric in METRICS:
        if metric in history and metric in current:
            found.append(level_change(history[metric], current[metric], metric=metric))
    checks = {
        "activity": went_silent,
        "competitor_calls": competitor_calls,
        "offnet_share": operator_shift,
        "members": members_lost,
    }
    for metric, check in checks.items():
        if metric in history and metric in current:
            found.append(check(history[metric], current[metric]))
    return [f for f in found if f is not None]


def detect_weekdays(
    days: Sequence[tuple[dt.date, float]],
    *,
    metric: str,
    weeks: int = BASELINE_WEEKS,
    min_weeks: int = MIN_WEEKS,
) -> list[Finding]:
    """Anomalies of the last day of a daily series against the same weekday before.

    Weekends are quiet for most groups: a Saturday is compared with Saturdays only, the
    last ``weeks`` of them, and not at all with fewer than ``min_weeks``.
    """
    if not days:
        return []
    last_day, last_value = days[-1]
    same = [v for d, v in days[:-1] if d.weekday() == last_day.weekday() and d < last_day]
    finding = level_change(same, last_value, metric=metric, window=weeks, min_history=min_weeks)
    return [finding] if finding else []
