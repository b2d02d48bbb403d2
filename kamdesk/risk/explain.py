"""Plain-language wording of anomalies, triggers and model reasons (Chinese by default).

The rules and the model give codes and figures; this module words them through
gettext, so the same finding reads "本月话费较近6个月中位数下降 52%" in Chinese.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

METRIC_LABELS = {
    "spend": gettext_lazy("spend"),
    "voice": gettext_lazy("voice minutes"),
    "data": gettext_lazy("data volume"),
    "sms": gettext_lazy("SMS"),
}

TRIGGER_LABELS = {
    "port_out_code_requested": gettext_lazy("Port-out authorisation code requested"),
    "cancellation": gettext_lazy("Cancellation"),
    "plan_downgrade": gettext_lazy("Plan downgrade"),
    "service_removed": gettext_lazy("Service removed"),
    "left_group": gettext_lazy("Member left the group"),
    "contract_expiring": gettext_lazy("Contract expiring"),
    "spend_drop": gettext_lazy("Monthly spend dropped by half"),
    "high_risk": gettext_lazy("High churn risk"),
    "arrears": gettext_lazy("Arrears near suspension"),
    "business_change": gettext_lazy("Business change"),
}

FEATURE_LABELS = {
    "spend_last": gettext_lazy("Monthly spend"),
    "spend_change": gettext_lazy("Spend against its 6-month median"),
    "spend_trend": gettext_lazy("Spend trend over 3 months"),
    "voice_change": gettext_lazy("Voice minutes against their median"),
    "data_change": gettext_lazy("Data volume against its median"),
    "sms_change": gettext_lazy("SMS against their median"),
    "competitor_calls_3m": gettext_lazy(
        "Calls to competitors' service numbers 10010/10000/10099 (3 months)"
    ),
    "offnet_share_change": gettext_lazy("Share of calls to other operators (estimated)"),
    "active_subscribers": gettext_lazy("Active member subscribers"),
    "members_change": gettext_lazy("Change in active member subscribers"),
    "port_out_3m": gettext_lazy("Port-out code requests (3 months)"),
    "cancellations_3m": gettext_lazy("Cancellations (3 months)"),
    "downgrades_3m": gettext_lazy("Plan downgrades (3 months)"),
    "services_removed_3m": gettext_lazy("Services removed (3 months)"),
    "left_group_3m": gettext_lazy("Members who left the group (3 months)"),
    "arrears_ratio": gettext_lazy("Arrears against monthly spend"),
    "requests_3m": gettext_lazy("Requests and complaints (3 months)"),
    "days_since_contact": gettext_lazy("Days since the last contact or visit"),
    "contract_days_left": gettext_lazy("Days until the contract expires"),
    "tenure_months": gettext_lazy("Months on the network"),
    "grade": gettext_lazy("Grade"),
    "kind": gettext_lazy("Kind of customer"),
    "credit_tier": gettext_lazy("Credit tier"),
}


ONBOARDING_LABELS = {
    "tier": gettext_lazy("Low credit tier"),
    "industry": gettext_lazy("Industry with payment risk"),
    "late_payments": gettext_lazy("Late payments"),
    "new": gettext_lazy("Known for less than six months"),
}


def onboarding_reason_text(code: str) -> str:
    return str(ONBOARDING_LABELS.get(code, code))


def day_anomaly_text(*, kind: str, metric: str, change_pct: float, weeks: int, day: dt.date) -> str:
    """One day against the median of the same weekday in the weeks before it."""
    values = {
        "date": date_format(day, "MONTH_DAY_FORMAT"),
        "weekday": WEEKDAYS[day.weekday()],
        "metric": METRIC_LABELS.get(metric, metric),
        "pct": round(abs(change_pct)),
        "weeks": weeks,
    }
    if kind == "day_spike":
        text = _(
            "%(metric)s on %(date)s (%(weekday)s) is %(pct)s%% above the median of the same weekday in the last %(weeks)s weeks"  # noqa: E501
        )
    else:
        text = _(
            "%(metric)s on %(date)s (%(weekday)s) is %(pct)s%% below the median of the same weekday in the last %(weeks)s weeks"  # noqa: E501
        )
    return capfirst(text % values)


def anomaly_text(
    *,
    kind: str,
    metric: str,
    change_pct: float,
    months: int,
    current: float,
    baseline: float,
    day: dt.date | None = None,
) -> str:
    if day is not None:
        return day_anomaly_text(
            kind=kind, metric=metric, change_pct=change_pct, weeks=months, day=day
        )
    pct = round(abs(change_pct))
    label = METRIC_LABELS.get(metric, metric)
    if kind == "drop":
        if metric == "spend":
            return _(
                "This month's spend is %(pct)s%% below the median of the last %(months)s months"
            ) % {"pct": pct, "months": months}  # noqa: E501
        return _(
            "This month's %(metric)s is %(pct)s%% below the median of the last %(months)s months"
        ) % {"metric": label, "pct": pct, "months": months}  # noqa: E501
    if kind == "spike":
        return _(
            "This month's %(metric)s is %(pct)s%% above the median of the last %(months)s months"
        ) % {"metric": label, "pct": pct, "months": months}  # noqa: E501
    if kind == "silent":
        return _("No calls, SMS or data this month after %(months)s active months") % {
            "months": months
        }  # noqa: E501
    if kind == "competitor_calls":
        return _(
            "%(calls)s calls to competitors' customer-service numbers (10010/10000/10099) this month"  # noqa: E501
        ) % {"calls": int(current)}  # noqa: E501
    if kind == "operator_shift":
        return _(
            "Share of calls to other operators up %(points)s points (estimated from number prefixes; numbers are portable)"  # noqa: E501
        ) % {"points": pct}  # noqa: E501
    if kind == "members_lost":
        return _("The group has %(lost)s fewer active member subscribers (%(pct)s%%)") % {
            "lost": int(baseline - current),
            "pct": pct,
        }  # noqa: E501
    return f"{kind} {metric}"


def reason_text(reason: dict[str, Any]) -> str:
    label = str(FEATURE_LABELS.get(reason.get("feature", ""), reason.get("feature", "")))
    value = reason.get("value")
    if value is None:
        return label
    if isinstance(value, float):
        value = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{label}: {value}"


def trigger_label(trigger: str) -> str:
    return str(TRIGGER_LABELS.get(trigger, trigger))
