"""`kam churn evaluate` on an operator-style file that is not the demo data: messy
columns (numbers as text with thousands separators and ¥, blanks, an identifier-like
column, a constant column, Chinese categories) and a known signal."""

from __future__ import annotations

import json
from io import StringIO

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.nodb


def operator_file(path, n: int = 3000, seed: int = 11):  # noqa: ANN001, ANN201
    rng = np.random.default_rng(seed)
    spend = rng.gamma(2.0, 400.0, n)
    change = rng.normal(0.0, 0.25, n)
    complaints = rng.poisson(0.6, n)
    tenure = rng.integers(1, 120, n)
    industry = rng.choice(["制造业", "零售", "金融", "房地产", "教育"], n)
    logit = (
        -2.2
        + 2.5 * (change < -0.25)
        + 0.7 * complaints
        + 0.8 * (industry == "房地产")
        - 0.012 * tenure
    )
    churned = rng.random(n) < 1 / (1 + np.exp(-logit))
    frame = pd.DataFrame(
        {
            "客户编号": [f"KH{i:07d}" for i in range(n)],
            "合同号": [f"HT-{rng.integers(10**8, 10**9)}" for _ in range(n)],
            "月消费": [f"¥{v:,.2f}" for v in spend],
            "消费变化": [f"{v * 100:.1f}%" for v in change],
            "投诉次数": complaints.astype(str),
            "在网月数": tenure.astype(str),
            "行业": industry,
            "省份": "江苏",
            "是否离网": np.where(churned, "是", "否"),
        }
    )
    blanks = rng.random(n) < 0.05
    frame.loc[blanks, "月消费"] = ""
    frame.loc[rng.random(n) < 0.03, "投诉次数"] = "NULL"
    frame.to_csv(path, index=False, encoding="gb18030")
    return path


def test_it_prints_exactly_the_json_and_beats_the_baseline_minus_0_005(tmp_path):
    path = operator_file(tmp_path / "history.csv")
    out = StringIO()
    call_command(
        "churn",
        "evaluate",
        "--data",
        str(path),
        "--id",
        "客户编号",
        "--label",
        "是否离网",
        "--positive",
        "是",
        "--test-size",
        "0.2",
        "--seed",
        "3",
        "--json",
        stdout=out,
    )
    text = out.getvalue().strip()
    result = json.loads(text)  # the whole output is one JSON object
    assert list(result) == ["rows", "auc", "pr_auc", "brier", "top_decile_lift", "baseline_auc"]
    assert result["rows"] == 3000
    assert result["auc"] >= result["baseline_auc"] - 0.005
    assert 0.6 < result["auc"] < 0.95
    assert result["top_decile_lift"] > 1.5


def test_it_drops_identifier_like_and_constant_columns_and_says_so(tmp_path):
    from kamdesk.risk.tabular import table_prepare, table_read

    prepared = table_prepare(
        table_read(operator_file(tmp_path / "h.csv", n=400)),
        id_column="客户编号",
        label_column="是否离网",
        positive="是",
    )
    assert prepared.dropped == {"合同号": "identifier-like", "省份": "constant"}
    assert set(prepared.numeric) == {"月消费", "消费变化", "投诉次数", "在网月数"}
    assert prepared.categorical == ["行业"]
    assert prepared.frame["月消费"].isna().sum() > 0  # blanks stay missing, not zero


def test_it_names_the_missing_column(tmp_path):
    path = operator_file(tmp_path / "h.csv", n=100)
    with pytest.raises(CommandError, match="column churn"):
        call_command(
            "churn",
            "evaluate",
            "--data",
            str(path),
            "--id",
            "客户编号",
            "--label",
            "churn",
            "--json",
        )
