"""`kam churn` records who trained and names what is wrong with its input: an unknown
``--user`` stops before training, and a file without any of the model's columns is
refused instead of being scored on nothing."""

from __future__ import annotations

from io import StringIO

import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from kamdesk.risk.models import ChurnModelVersion
from tests.risk.test_churn_evaluate_operator_file import operator_file

pytestmark = pytest.mark.django_db
ARGS = ["--id", "客户编号", "--label", "是否离网", "--positive", "是"]


def test_it_records_who_trained_and_refuses_an_unknown_user(tmp_path, manager):
    path = operator_file(tmp_path / "history.csv", n=600)
    with pytest.raises(CommandError, match="--user"):
        call_command("churn", "train", "--data", str(path), *ARGS, "--user", "nobody")
    assert not ChurnModelVersion.objects.exists()

    call_command(
        "churn", "train", "--data", str(path), *ARGS, "--user", manager.username,
        "--activate", stdout=StringIO(),
    )  # fmt: skip
    assert ChurnModelVersion.objects.get().trained_by == manager


def test_it_refuses_to_score_a_file_without_the_models_columns(tmp_path):
    path = operator_file(tmp_path / "history.csv", n=600)
    call_command("churn", "train", "--data", str(path), *ARGS, "--activate", stdout=StringIO())
    other = tmp_path / "other.csv"
    pd.DataFrame({"cust": [f"X{i}" for i in range(30)], "arpu": range(30)}).to_csv(
        other, index=False
    )
    with pytest.raises(CommandError, match="none of model v1's columns"):
        call_command(
            "churn", "score", "--data", str(other), "--id", "cust",
            "--out", str(tmp_path / "out.csv"),
        )  # fmt: skip
