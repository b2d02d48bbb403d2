"""`kam churn train` stores a version from an operator's file; `kam churn score` writes
probabilities and reasons for the flagged rows."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from kamdesk.risk.models import ChurnModelVersion
from tests.risk.test_churn_evaluate_operator_file import operator_file

pytestmark = pytest.mark.django_db


def test_it_trains_activates_and_scores_a_file(tmp_path):
    path = operator_file(tmp_path / "history.csv", n=1500)
    out = StringIO()
    call_command(
        "churn",
        "train",
        "--data",
        str(path),
        "--id",
        "客户编号",
        "--label",
        "是否离网",
        "--positive",
        "是",
        "--activate",
        stdout=out,
    )
    version = ChurnModelVersion.objects.get()
    assert version.is_active and version.source == "file:history.csv"
    assert version.metrics["dropped"] == {"合同号": "identifier-like", "省份": "constant"}
    assert "dropped 合同号: identifier-like" in out.getvalue()

    scored = tmp_path / "scored.csv"
    call_command(
        "churn",
        "score",
        "--data",
        str(path),
        "--id",
        "客户编号",
        "--out",
        str(scored),
        stdout=StringIO(),
    )
    rows = list(csv.DictReader(scored.open(encoding="utf-8-sig")))
    assert len(rows) == 1500 and rows[0]["id"] == "KH0000000"
    # Probabilities are written to four places: stay clear of the threshold itself.
    flagged = [r for r in rows if float(r["probability"]) > version.threshold + 0.001]
    assert flagged and all(r["reasons"] for r in flagged)
    assert all(
        not r["reasons"] for r in rows if float(r["probability"]) < version.threshold - 0.001
    )
