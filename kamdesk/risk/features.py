"""Churn features and labels per customer and month, from plain frames (pure: no Django).

``Panel`` holds the monthly figures of every customer as matrices (customers × months),
so the features of any "as of" month read only that month and the ones before it: a
model trained on older months never sees what happened later (no leakage by time).

Label: a customer churns after month *t* when its spend in one of the next
``HORIZON`` months falls below half of its median over the six months up to *t*.
Customers already below half at *t* are lost already and left out of training.
"""

from __future__ import annotations

import datetime as dt
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

HORIZON = 3
HISTORY = 6
MIN_HISTORY = 3
METRICS = (
    "spend",
    "voice",
    "data",
    "sms",
    "competitor_calls",
    "offnet_calls",
    "out_calls",
    "active_subs",
    "arrears",
    "requests",
)
EVENT_FEATURES = {
    "port_out_code_requested": "port_out_3m",
    "cancellation": "cancellations_3m",
    "plan_downgrade": "downgrades_3m",
    "service_removed": "services_removed_3m",
    "left_group": "left_group_3m",
}
NUMERIC = [
    "spend_last",
    "spend_change",
    "spend_trend",
    "voice_change",
    "data_change",
    "sms_change",
    "competitor_calls_3m",
    "offnet_share_change",
    "active_subscribers",
    "members_change",
    *EVENT_FEATURES.values(),
    "arrears_ratio",
    "requests_3m",
    "days_since_contact",
    "contract_days_left",
    "tenure_months",
]
CATEGORICAL = ["grade", "kind", "credit_tier"]
FEATURES = [*NUMERIC, *CATEGORICAL]


@dataclass
class Panel:
    customers: np.ndarray  # customer ids, one per row
    months: list[dt.date]  # first days of months, oldest first
    values: dict[str, np.ndarray]  # metric → customers × months
    events: dict[str, np.ndarray] = field(default_factory=dict)  # type → customers × months
    static: pd.DataFrame = field(default_factory=pd.DataFrame)  # index customer id
    contacts: dict[int, list[dt.date]] = field(default_factory=dict)
    contracts: dict[int, list[dt.date]] = field(default_factory=dict)

    def index_of(self, month: dt.date) -> int:
        return self.months.index(month)


def panel_build(
    monthly: pd.DataFrame,
    *,
    events: pd.DataFrame | None = None,
    static: pd.DataFrame | None = None,
    contacts: dict[int, list[dt.date]] | None = None,
    contracts: dict[int, list[dt.date]] | None = None,
) -> Panel:
    """``monthly`` has ``customer_id``, ``month`` (a date, first of month) and any of
    ``METRICS``; ``events`` has ``customer_id``, ``month``, ``type``; ``static`` is
    indexed by customer id with ``grade``, ``kind``, ``credit_tier``, ``tenure_months``."""
    months = sorted({m for m in monthly["month"]})
    customers = np.array(sorted(monthly["customer_id"].unique()))
    row = {c: i for i, c in enumerate(customers)}
    col = {m: j for j, m in enumerate(months)}
    r = monthly["customer_id"].map(row).to_numpy()
    c = monthly["month"].map(col).to_numpy()
    values = {}
    for metric in METRICS:
        grid = np.zeros((len(customers), len(months)))
        if metric in monthly:
            np.add.at(grid, (r, c), monthly[metric].fillna(0).to_numpy(dtype="float64"))
        values[metric] = grid
    counted: dict[str, np.ndarray] = {}
    if events is not None and len(events):
        known = events[events["customer_id"].isin(row) & events["month"].isin(col)]
        for kind in EVENT_FEATURES:
            part = known[known["type"] == kind]
            grid = np.zeros((len(customers), len(months)))
            np.add.at(
                grid,
                (part["customer_id"].map(row).to_numpy(), part["month"].map(col).to_numpy()),
                1,
            )
            counted[kind] = grid
    return Panel(
        customers,
        months,
        values,
        counted,
        static if static is not None else pd.DataFrame(index=customers),
        contacts or {},
        contracts or {},
    )


def _median(grid: np.ndarray, start: int, stop: int) -> np.ndarray:
    return np.median(grid[:, max(start, 0) : stop], axis=1)


def _change(grid: np.ndarray, t: int) -> np.ndarray:
    base = _median(grid, t - HISTORY, t)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(base > 0, grid[:, t] / base - 1.0, np.nan)
    return out


def _days_since(dates: dict[int, list[dt.date]], customers: np.ndarray, day: dt.date) -> np.ndarray:
    out = np.full(len(customers), np.nan)
    for i, cid in enumerate(customers):
        past = [d for d in dates.get(int(cid), ()) if d <= day]
        if past:
            out[i] = (day - max(past)).days
    return out


def _days_left(dates: dict[int, list[dt.date]], customers: np.ndarray, day: dt.date) -> np.ndarray:
    out = np.full(len(customers), np.nan)
    for i, cid in enumerate(customers):
        ahead = [d for d in dates.get(int(cid), ()) if d >= day]
        if ahead:
            out[i] = (min(ahead) - day).days
    return out


def _month_end(month: dt.date) -> dt.date:
    nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def features_at(panel: Panel, t: int) -> pd.DataFrame:
    """Every customer's features as of month index ``t`` (rows indexed by customer id)."""
    v = panel.values
    spend = v["spend"]
    recent = spend[:, max(t - 2, 0) : t + 1].mean(axis=1)
    before = spend[:, max(t - 5, 0) : max(t - 2, 0)].mean(axis=1) if t >= 3 else recent
    out_calls = v["out_calls"]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(out_calls > 0, v["offnet_calls"] / out_calls, np.nan)
        trend = np.where(before > 0, recent / before - 1.0, np.nan)
        arrears_ratio = np.where(spend[:, t] > 0, v["arrears"][:, t] / spend[:, t], np.nan)
    with warnings.catch_warnings():  # customers without outgoing calls have no share
        warnings.simplefilter("ignore", RuntimeWarning)
        share_base = np.nanmedian(share[:, max(t - HISTORY, 0) : t], axis=1) if t else share[:, t]
    subs = v["active_subs"]
    window = slice(max(t - 2, 0), t + 1)
    frame = {
        "spend_last": spend[:, t],
        "spend_change": _change(spend, t) if t else np.nan,
        "spend_trend": trend,
        "voice_change": _change(v["voice"], t) if t else np.nan,
        "data_change": _change(v["data"], t) if t else np.nan,
        "sms_change": _change(v["sms"], t) if t else np.nan,
        "competitor_calls_3m": v["competitor_calls"][:, window].sum(axis=1),
        "offnet_share_change": share[:, t] - share_base,
        "active_subscribers": subs[:, t],
        "members_change": subs[:, t] - subs[:, max(t - 3, 0) : t + 1].max(axis=1),
        "arrears_ratio": arrears_ratio,
        "requests_3m": v["requests"][:, window].sum(axis=1),
    }
    for kind, name in EVENT_FEATURES.items():
        grid = panel.events.get(kind)
        frame[name] = grid[:, window].sum(axis=1) if grid is not None else np.zeros(len(spend))
    day = _month_end(panel.months[t])
    frame["days_since_contact"] = _days_since(panel.contacts, panel.customers, day)
    frame["contract_days_left"] = _days_left(panel.contracts, panel.customers, day)
    result = pd.DataFrame(frame, index=pd.Index(panel.customers, name="customer_id"))
    static = panel.static.reindex(result.index)
    result["tenure_months"] = pd.to_numeric(static.get("tenure_months"), errors="coerce")
    for name in CATEGORICAL:
        column = static[name] if name in static else pd.Series(pd.NA, index=result.index)
        result[name] = column.astype("string").fillna("")
    return result[FEATURES]


def labels_at(panel: Panel, t: int) -> tuple[np.ndarray, np.ndarray]:
    """(label, usable) for month index ``t``: churned in the next ``HORIZON`` months,
    and whether the row can be used (enough history and future, not lost already)."""
    spend = panel.values["spend"]
    base = _median(spend, t - HISTORY + 1, t + 1)
    enough = t + HORIZON < len(panel.months) and t + 1 >= MIN_HISTORY
    if not enough:
        return np.zeros(len(spend), dtype="int8"), np.zeros(len(spend), dtype=bool)
    future = spend[:, t + 1 : t + 1 + HORIZON].min(axis=1)
    usable = (base > 0) & (spend[:, t] >= 0.5 * base)
    return (future < 0.5 * base).astype("int8"), usable


def training_rows(panel: Panel, months: list[int]) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Stacked features and labels for the month indexes ``months`` (and each row's t)."""
    frames, labels, ts = [], [], []
    for t in months:
        y, usable = labels_at(panel, t)
        if not usable.any():
            continue
        frames.append(features_at(panel, t)[usable])
        labels.append(y[usable])
        ts.append(np.full(int(usable.sum()), t))
    if not frames:
        return pd.DataFrame(columns=FEATURES), np.zeros(0, dtype="int8"), np.zeros(0, dtype=int)
    return pd.concat(frames), np.concatenate(labels), np.concatenate(ts)


def as_categories(frame: pd.DataFrame) -> pd.DataFrame:
    """The categorical columns as pandas categories (what the model takes)."""
    out = frame.copy()
    for name in CATEGORICAL:
        if name in out:
            out[name] = out[name].astype("string").fillna("").astype("category")
    return out
