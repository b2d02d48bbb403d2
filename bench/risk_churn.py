"""Churn model benchmark (issue 8): score 100,000 customers, explain the top 5,000,
train on 1,000,000 rows.

Builds its own data in memory: a panel of customers × 12 months of usage with a planted
decline for some of them, through the same feature code (``kamdesk.risk.features``) and
model code (``kamdesk.risk.churn``) the nightly run uses. No database: the nightly run's
reads of the monthly aggregates are measured by the usage benchmarks.

    .venv/bin/python bench/risk_churn.py [--customers 100000] [--train-rows 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

import numpy as np
import pandas as pd

from kamdesk.risk.churn import churn_fit, churn_metrics
from kamdesk.risk.features import Panel, as_categories, features_at, training_rows


def panel_make(n: int, seed: int = 5) -> Panel:
    rng = np.random.default_rng(seed)
    months = [dt.date(2025 + (m + 11) // 12 - 1, (m + 10) % 12 + 1, 1) for m in range(1, 13)]
    base = rng.gamma(2.0, 800.0, n)[:, None]
    season = 1 + 0.05 * np.sin(np.arange(12) / 12 * 2 * np.pi)[None, :]
    decline_from = np.where(rng.random(n) < 0.12, rng.integers(4, 12, n), 99)
    idx = np.arange(12)[None, :]
    decline = np.where(
        idx >= decline_from[:, None],
        np.clip(1 - 0.15 * (idx - decline_from[:, None] + 1), 0.3, 1),
        1,
    )
    noise = rng.lognormal(0, 0.08, (n, 12))
    spend = base * season * decline * noise
    competitor = rng.poisson(np.where(idx >= decline_from[:, None] + 1, 1.5, 0.05))
    subs = np.maximum(1, (base / 200).round())
    values = {
        "spend": spend,
        "voice": spend * 2,
        "data": spend * 900,
        "sms": spend / 5,
        "competitor_calls": competitor.astype(float),
        "offnet_calls": spend / 20,
        "out_calls": spend / 8,
        "active_subs": np.repeat(subs, 12, axis=1) * decline.round(1),
        "arrears": np.zeros((n, 12)),
        "requests": rng.poisson(0.2, (n, 12)).astype(float),
    }
    static = pd.DataFrame(
        {
            "grade": rng.choice(["A", "B", "C", "D"], n),
            "kind": "group",
            "credit_tier": rng.choice(["AAA", "AA", "A", "B", "C"], n),
            "tenure_months": rng.integers(1, 200, n),
        },
        index=np.arange(1, n + 1),
    )
    return Panel(np.arange(1, n + 1), months, values, {}, static)


def timed(label: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    """Wall time and CPU time (all threads): the machine is shared, so both are printed."""
    start, cpu = time.perf_counter(), time.process_time()
    out = fn(*args, **kwargs)
    wall, used = time.perf_counter() - start, time.process_time() - cpu
    print(f"{label}: {wall:.1f} s wall, {used:.1f} s CPU", flush=True)
    return out, wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--train-rows", type=int, default=1_000_000)
    args = parser.parse_args()

    # Training: 1,000,000 customer-months (stacked "as of" months of a bigger panel).
    train_panel = panel_make(int(args.train_rows / 5 * 1.02) + 1, seed=1)
    (x, y, _), _ = timed("features for training", training_rows, train_panel, [4, 5, 6, 7, 8])
    x, y = x.iloc[: args.train_rows], y[: args.train_rows]
    print(f"training rows: {len(x):,}, positives {y.mean():.1%}")
    model, t_train = timed("train LightGBM + logistic baseline", churn_fit, as_categories(x), y)

    panel = panel_make(args.customers, seed=2)
    (frame, t_feat) = timed("features of 100,000 customers", features_at, panel, 11)
    p, t_pred = timed("predict", model.predict, frame)
    top = frame.iloc[np.argsort(-p)[:5000]]
    _, t_explain = timed("explain top 5,000", model.explain, top)
    y_test, _usable = __import__("kamdesk.risk.features", fromlist=["labels_at"]).labels_at(
        panel, 8
    )
    m = churn_metrics(y_test, model.predict(features_at(panel, 8)), capacity=20)
    print(f"held-out panel month 8: auc {m['auc']:.3f}, top-decile lift {m['top_decile_lift']:.2f}")
    print(
        f"SUMMARY scoring {t_feat + t_pred:.1f} s (limit 60), explaining {t_explain:.1f} s (limit 30), "  # noqa: E501
        f"training {t_train:.1f} s (limit 120)"
    )


if __name__ == "__main__":
    main()
