"""Churn models on the operator's history in the database: train with time-based
validation, version, activate (and switch back), score and explain the flagged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from django.db import transaction
from django.db.models import Max

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Customer
from kamdesk.risk.churn import ChurnModel, churn_fit, churn_metrics
from kamdesk.risk.features import (
    FEATURES,
    Panel,
    as_categories,
    features_at,
    labels_at,
    training_rows,
)
from kamdesk.risk.history import panel_load
from kamdesk.risk.models import ChurnModelVersion, RiskScore
from kamdesk.users.models import User

WEEKLY_CAPACITY = 20  # 4 visits a day (the visits policy's default) × 5 working days
EXPLAIN_TOP = 3


def weekly_capacity() -> int:
    try:
        from kamdesk.visits.models import VisitSettings

        row = VisitSettings.objects.first()
        return int(row.max_visits_per_day) * 5 if row else WEEKLY_CAPACITY
    except Exception:  # noqa: BLE001 - the visits capability is optional here
        return WEEKLY_CAPACITY


def _per_manager(ids: np.ndarray, y: np.ndarray, p: np.ndarray, k: int) -> dict[str, float]:
    owners = dict(
        Customer.objects.filter(pk__in=list(map(int, ids))).values_list("pk", "manager_id")
    )
    frame = pd.DataFrame({"owner": [owners.get(int(i)) for i in ids], "y": y, "p": p})
    precisions, recalls = [], []
    for _, part in frame.groupby("owner", dropna=False):
        if part["y"].sum() == 0:
            continue
        top = part.sort_values("p", ascending=False).head(k)
        precisions.append(top["y"].sum() / len(top))
        recalls.append(top["y"].sum() / part["y"].sum())
    return {
        "manager_precision_at_capacity": float(np.mean(precisions)) if precisions else 0.0,
        "manager_recall_at_capacity": float(np.mean(recalls)) if recalls else 0.0,
        "managers_measured": len(precisions),
    }


def _threshold(y: np.ndarray, p: np.ndarray) -> float:
    """The probability cut with the best F1 on the test months (at least 0.2)."""
    best, cut = -1.0, 0.5
    for candidate in np.unique(np.round(p, 3)):
        flagged = p >= candidate
        tp = float((flagged & (y == 1)).sum())
        if tp == 0:
            continue
        f1 = 2 * tp / (flagged.sum() + y.sum())
        if f1 > best:
            best, cut = f1, float(candidate)
    return max(cut, 0.2)


@dataclass
class Split:
    train: list[int]
    test: list[int]


def time_split(panel: Panel, test_months: int) -> Split:
    usable = [t for t in range(len(panel.months)) if labels_at(panel, t)[1].any()]
    if len(usable) < test_months + 1:
        raise ValidationFailed(
            {"data": [f"{len(panel.months)} months of usage are not enough to train and test"]}
        )
    return Split(usable[:-test_months], usable[-test_months:])


def model_train_history(
    *, actor: User | None = None, test_months: int = 2, activate: bool = True, seed: int = 7
) -> ChurnModelVersion:
    """Train on the older months, test on the later ones, store the version."""
    panel = panel_load()
    if panel is None:
        raise ValidationFailed({"data": ["no usage aggregates to train on"]})
    split = time_split(panel, test_months)
    train_x, train_y, _ = training_rows(panel, split.train)
    test_x, test_y, _ = training_rows(panel, split.test)
    if len(np.unique(train_y)) < 2 or len(np.unique(test_y)) < 2:
        raise ValidationFailed({"data": ["the history has no churned customers to learn from"]})
    model = churn_fit(as_categories(train_x), train_y, seed=seed)
    p = model.predict(test_x)
    capacity = weekly_capacity()
    metrics = churn_metrics(test_y, p, capacity=capacity)
    metrics["baseline_auc"] = churn_metrics(test_y, model.predict_baseline(test_x))["auc"]
    metrics.update(_per_manager(test_x.index.to_numpy(), test_y, p, capacity))
    metrics["importance"] = model.importance()[:10]
    return model_store(
        model=model,
        actor=actor,
        source="history",
        metrics=metrics,
        threshold=_threshold(test_y, p),
        period=(panel.months[split.train[0]], panel.months[split.test[-1]]),
        activate=activate,
    )


def model_store(
    *,
    model: ChurnModel,
    actor: User | None,
    source: str,
    metrics: dict[str, Any],
    threshold: float = 0.5,
    period: tuple[dt.date | None, dt.date | None] = (None, None),
    activate: bool = False,
) -> ChurnModelVersion:
    with transaction.atomic():
        number = (ChurnModelVersion.objects.aggregate(n=Max("version"))["n"] or 0) + 1
        row = ChurnModelVersion.objects.create(
            version=number,
            source=source[:200],
            period_from=period[0],
            period_to=period[1],
            features=model.features,
            metrics=metrics,
            blob=model.dumps(),
            threshold=threshold,
            trained_by=actor,
        )
        audit_record(
            actor=actor,
            action="risk.model.trained",
            target=row,
            extra={"version": number, "auc": metrics.get("auc"), "source": source},
        )
        if activate and not metrics.get("leakage_alarm"):
            model_activate(version=row, actor=actor)
    return row


def model_activate(*, version: ChurnModelVersion, actor: User | None) -> ChurnModelVersion:
    """Make ``version`` the active model (switching back is activating an older one)."""
    with transaction.atomic():
        ChurnModelVersion.objects.filter(is_active=True).exclude(pk=version.pk).update(
            is_active=False
        )
        ChurnModelVersion.objects.filter(pk=version.pk).update(is_active=True)
        version.is_active = True
        audit_record(
            actor=actor,
            action="risk.model.activated",
            target=version,
            extra={"version": version.version},
        )
    return version


_LOADED: dict[int, ChurnModel] = {}


def model_active() -> tuple[ChurnModelVersion, ChurnModel] | None:
    row = ChurnModelVersion.objects.filter(is_active=True).first()
    if row is None:
        return None
    if row.pk not in _LOADED:
        _LOADED.clear()
        _LOADED[row.pk] = ChurnModel.loads(bytes(row.blob))
    return row, _LOADED[row.pk]


def scores_compute(*, panel: Panel | None = None, month: dt.date | None = None) -> list[RiskScore]:
    """Score every customer as of ``month`` (default: the panel's last) with the active
    model; explain the flagged ones only. Replaces that month's scores of the model."""
    active = model_active()
    panel = panel or panel_load()
    if active is None or panel is None:
        return []
    version, model = active
    t = panel.index_of(month) if month in panel.months else len(panel.months) - 1
    frame = features_at(panel, t)
    p = model.predict(frame)
    flagged = p >= version.threshold
    reasons = model.explain(frame[flagged], top=EXPLAIN_TOP) if flagged.any() else []
    explained = dict(zip(frame.index[flagged], reasons, strict=True))
    rows = [
        RiskScore(
            customer_id=int(cid),
            month=panel.months[t],
            model=version,
            probability=float(prob),
            flagged=bool(flag),
            value_fen=int(round(frame.at[cid, "spend_last"] * 100)),
            reasons=[
                {"feature": r.feature, "contribution": round(r.contribution, 4), "value": r.value}
                for r in explained.get(cid, [])
            ],
        )
        for cid, prob, flag in zip(frame.index, p, flagged, strict=True)
    ]
    with transaction.atomic():
        RiskScore.objects.filter(month=panel.months[t], model=version).delete()
        RiskScore.objects.bulk_create(rows, batch_size=2000)
    return [r for r in rows if r.flagged]


__all__ = ["FEATURES", "model_activate", "model_active", "model_train_history", "scores_compute"]
