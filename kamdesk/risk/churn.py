"""The churn model: LightGBM with a logistic-regression baseline, metrics and reasons
(pure: no Django import).

Input is a pandas frame of features (numeric or ``category`` dtype) and a 0/1 label.
``churn_fit`` trains both models (LightGBM stops early on an inner validation part of
the training rows), ``churn_metrics`` measures a model on held-out rows, and
``ChurnModel.explain`` gives each row's top reasons from LightGBM's contributions —
about 1 ms a row here, so callers explain flagged rows only.
"""

from __future__ import annotations

import io
import pickle
from dataclasses import dataclass, field
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

LEAKAGE_AUC = 0.95
PARAMS: dict[str, Any] = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 15,
    "min_data_in_leaf": 20,
    "feature_fraction": 0.9,
    "bagging_fraction": 0.9,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "max_bin": 127,
    "verbose": -1,
    "num_threads": 2,
    "seed": 7,
}
MAX_ROUNDS = 400
EARLY_STOP = 30
REFIT_BELOW = 100_000  # smaller sets are refitted on every row once early stopping chose
BASELINE_ROWS = 200_000  # the logistic baseline learns from a sample of larger sets


@dataclass
class Reason:
    feature: str
    contribution: float
    value: Any


@dataclass
class ChurnModel:
    booster: lgb.Booster
    features: list[str]
    categories: dict[str, list[str]]
    baseline: Pipeline | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def frame(self, data: pd.DataFrame) -> pd.DataFrame:
        """``data`` with the training columns and categories (unknown levels → NaN)."""
        out = pd.DataFrame(index=data.index)
        for name in self.features:
            column = data[name] if name in data else pd.Series(np.nan, index=data.index)
            if name in self.categories:
                out[name] = pd.Categorical(
                    column.astype("string"), categories=self.categories[name]
                )
            else:
                out[name] = pd.to_numeric(column, errors="coerce").astype("float64")
        return out

    def predict(self, data: pd.DataFrame) -> np.ndarray:
        return np.asarray(self.booster.predict(self.frame(data)), dtype="float64")

    def predict_baseline(self, data: pd.DataFrame) -> np.ndarray:
        if self.baseline is None:
            raise ValueError("this model has no baseline")
        return np.asarray(self.baseline.predict_proba(_for_baseline(self.frame(data)))[:, 1])

    def explain(self, data: pd.DataFrame, *, top: int = 3) -> list[list[Reason]]:
        """Each row's ``top`` features pushing its probability up the most."""
        frame = self.frame(data)
        contrib = np.asarray(self.booster.predict(frame, pred_contrib=True))[:, :-1]
        reasons: list[list[Reason]] = []
        for row, values in enumerate(contrib):
            order = np.argsort(-values)[:top]
            reasons.append(
                [
                    Reason(self.features[i], float(values[i]), _plain(frame.iat[row, i]))
                    for i in order
                    if values[i] > 0
                ]
            )
        return reasons

    def importance(self) -> list[tuple[str, float]]:
        gains = self.booster.feature_importance(importance_type="gain")
        total = float(gains.sum()) or 1.0
        pairs = sorted(zip(self.features, gains, strict=True), key=lambda p: -p[1])
        return [(name, float(g) / total) for name, g in pairs]

    def dumps(self) -> bytes:
        buffer = io.BytesIO()
        pickle.dump(
            {
                "booster": self.booster.model_to_string(),
                "features": self.features,
                "categories": self.categories,
                "baseline": self.baseline,
                "extra": self.extra,
            },
            buffer,
        )
        return buffer.getvalue()

    @classmethod
    def loads(cls, blob: bytes) -> ChurnModel:
        # Only blobs this application wrote itself are loaded (the models table).
        data = pickle.loads(blob)  # noqa: S301
        booster = lgb.Booster(model_str=data["booster"])
        return cls(booster, data["features"], data["categories"], data["baseline"], data["extra"])


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value if isinstance(value, (int, float)) else str(value)


def _for_baseline(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for name in out.columns:
        if isinstance(out[name].dtype, pd.CategoricalDtype):
            out[name] = out[name].astype("object").where(out[name].notna(), "∅")
    return out


def _baseline_fit(frame: pd.DataFrame, y: np.ndarray) -> Pipeline:
    categorical = [c for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)]
    numeric = [c for c in frame.columns if c not in categorical]
    prep = ColumnTransformer(
        [
            (
                "num",
                make_pipeline(
                    SimpleImputer(strategy="median", keep_empty_features=True), StandardScaler()
                ),
                numeric,
            ),
            ("cat", OneHotEncoder(handle_unknown="ignore", min_frequency=5), categorical),
        ]
    )
    model = make_pipeline(prep, LogisticRegression(max_iter=2000, C=1.0))
    model.fit(_for_baseline(frame), y)
    return model


def _sample(
    frame: pd.DataFrame, y: np.ndarray, rows: int, seed: int
) -> tuple[pd.DataFrame, np.ndarray]:
    if len(y) <= rows:
        return frame, y
    pick = np.random.default_rng(seed).choice(len(y), size=rows, replace=False)
    return frame.iloc[pick], y[pick]


def churn_fit(
    frame: pd.DataFrame, y: np.ndarray, *, seed: int = 7, baseline: bool = True
) -> ChurnModel:
    """Train LightGBM (and the logistic baseline) on ``frame`` and 0/1 labels ``y``."""
    y = np.asarray(y, dtype="int8")
    if len(np.unique(y)) < 2:
        raise ValueError("the label has one value only: nothing to learn")
    categories = {
        c: [str(v) for v in frame[c].cat.categories]
        for c in frame.columns
        if isinstance(frame[c].dtype, pd.CategoricalDtype)
    }
    features = list(frame.columns)
    fit_x, stop_x, fit_y, stop_y = train_test_split(
        frame, y, test_size=0.15, random_state=seed, stratify=y
    )
    params = {**PARAMS, "seed": seed}
    train_set = lgb.Dataset(
        fit_x, fit_y, categorical_feature=list(categories) or "auto", free_raw_data=False
    )
    stop_set = lgb.Dataset(stop_x, stop_y, reference=train_set)
    booster = lgb.train(
        params,
        train_set,
        num_boost_round=MAX_ROUNDS,
        valid_sets=[stop_set],
        callbacks=[lgb.early_stopping(EARLY_STOP, verbose=False)],
    )
    best = max(booster.best_iteration or booster.current_iteration(), 10)
    if len(y) < REFIT_BELOW:
        # Refit on every training row with the number of rounds early stopping chose.
        full = lgb.Dataset(frame, y, categorical_feature=list(categories) or "auto")
        booster = lgb.train(params, full, num_boost_round=best)
    base = _baseline_fit(*_sample(frame, y, BASELINE_ROWS, seed)) if baseline else None
    return ChurnModel(booster, features, categories, base, {"rounds": best})


def top_decile_lift(y: np.ndarray, p: np.ndarray) -> float:
    k = max(int(round(len(y) * 0.1)), 1)
    top = np.argsort(-p, kind="stable")[:k]
    rate = float(np.mean(y)) or 1e-12
    return float(np.mean(y[top])) / rate


def at_capacity(y: np.ndarray, p: np.ndarray, k: int) -> tuple[float, float]:
    """Precision and recall when the ``k`` highest-scored rows are visited."""
    k = max(min(k, len(y)), 1)
    top = np.argsort(-p, kind="stable")[:k]
    hits = float(np.sum(y[top]))
    positives = float(np.sum(y)) or 1e-12
    return hits / k, hits / positives


def calibration(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict[str, float]]:
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    table = []
    for b in range(bins):
        mask = which == b
        if mask.any():
            table.append(
                {
                    "bin": b,
                    "rows": int(mask.sum()),
                    "predicted": float(p[mask].mean()),
                    "observed": float(y[mask].mean()),
                }
            )
    return table


def churn_metrics(y: np.ndarray, p: np.ndarray, *, capacity: int | None = None) -> dict[str, Any]:
    y = np.asarray(y, dtype="int8")
    p = np.asarray(p, dtype="float64")
    both = len(np.unique(y)) == 2
    metrics: dict[str, Any] = {
        "rows": int(len(y)),
        "positives": int(y.sum()),
        "auc": float(roc_auc_score(y, p)) if both else None,
        "pr_auc": float(average_precision_score(y, p)) if both else None,
        "brier": float(brier_score_loss(y, p)),
        "top_decile_lift": top_decile_lift(y, p),
        "calibration": calibration(y, p),
    }
    if capacity:
        precision, recall = at_capacity(y, p, capacity)
        metrics.update(
            capacity=capacity, precision_at_capacity=precision, recall_at_capacity=recall
        )
    metrics["leakage_alarm"] = bool(metrics["auc"] and metrics["auc"] > LEAKAGE_AUC)
    return metrics


def churn_evaluate(
    frame: pd.DataFrame, y: np.ndarray, *, test_size: float = 0.2, seed: int = 7
) -> dict[str, Any]:
    """Held-out stratified evaluation of LightGBM and the logistic baseline."""
    y = np.asarray(y, dtype="int8")
    train_x, test_x, train_y, test_y = train_test_split(
        frame, y, test_size=test_size, random_state=seed, stratify=y
    )
    model = churn_fit(train_x, train_y, seed=seed)
    p = model.predict(test_x)
    base = model.predict_baseline(test_x)
    return {
        "rows": int(len(y)),
        "auc": round(float(roc_auc_score(test_y, p)), 4),
        "pr_auc": round(float(average_precision_score(test_y, p)), 4),
        "brier": round(float(brier_score_loss(test_y, p)), 4),
        "top_decile_lift": round(top_decile_lift(test_y, p), 4),
        "baseline_auc": round(float(roc_auc_score(test_y, base)), 4),
    }
