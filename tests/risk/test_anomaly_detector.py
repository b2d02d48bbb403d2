"""The anomaly detector on constructed series, without a database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from kamdesk.risk import anomalies
from kamdesk.risk.explain import anomaly_text

pytestmark = pytest.mark.nodb

STEADY = [1000.0, 1020.0, 980.0, 1010.0, 990.0, 1000.0]


def test_it_flags_a_50_percent_drop_with_the_right_explanation():
    found = anomalies.detect_month({"spend": STEADY}, {"spend": 480.0})
    assert [(f.kind, f.metric, f.severity) for f in found] == [("drop", "spend", "high")]
    f = found[0]
    assert round(f.change_pct) == -52
    with translation.override("zh-hans"):
        text = anomaly_text(
            kind=f.kind,
            metric=f.metric,
            change_pct=f.change_pct,
            months=f.months,
            current=f.current,
            baseline=f.baseline,
        )
    assert text == "本月话费较近6个月中位数下降 52%"


def test_it_does_not_flag_normal_month_to_month_noise():
    assert anomalies.detect_month({"spend": STEADY}, {"spend": 930.0}) == []


def test_it_does_not_flag_a_dip_that_recurs_every_year_in_the_same_month():
    # Thirteen months of history: the month a year ago (Spring Festival) dipped 45 %
    # against its own neighbours; this year's identical dip is seasonal, not an anomaly.
    year = [
        1000.0,
        1010.0,
        990.0,
        1005.0,
        995.0,
        1000.0,
        550.0,
        1000.0,
        1010.0,
        990.0,
        1000.0,
        1005.0,
        995.0,
        1000.0,
        1010.0,
        990.0,
        1000.0,
        1005.0,
    ]
    assert anomalies.detect_month({"spend": year}, {"spend": 560.0}) == []
    # The same dip without the history of a year is flagged.
    assert anomalies.detect_month({"spend": year[-6:]}, {"spend": 560.0})[0].kind == "drop"


def test_it_compares_a_day_with_the_same_weekday_only():
    start = dt.date(2026, 9, 7)  # a Monday
    days = []
    for i in range(56):
        day = start + dt.timedelta(days=i)
        days.append((day, 20.0 if day.weekday() >= 5 else 100.0))
    quiet_saturday = (start + dt.timedelta(days=61), 19.0)  # a Saturday: quiet is normal
    assert anomalies.detect_weekdays([*days, quiet_saturday], metric="voice") == []
    silent_monday = (start + dt.timedelta(days=56), 30.0)
    assert anomalies.detect_weekdays([*days, silent_monday], metric="voice")[0].kind == "drop"


def test_it_needs_four_same_weekdays_and_looks_back_eight_weeks():
    tuesday = dt.date(2026, 11, 24)
    weeks = [(tuesday - dt.timedelta(weeks=w), 100.0) for w in range(12, 0, -1)]
    collapse = (tuesday, 10.0)
    assert anomalies.detect_weekdays([*weeks[-3:], collapse], metric="spend") == []
    found = anomalies.detect_weekdays([*weeks[-4:], collapse], metric="spend")
    assert (found[0].kind, found[0].months, round(found[0].change_pct)) == ("drop", 4, -90)
    # Twelve Tuesdays of history: only the last eight make the baseline.
    assert anomalies.detect_weekdays([*weeks, collapse], metric="spend")[0].months == 8


def test_it_flags_spikes_silence_competitor_calls_operator_shift_and_lost_members():
    found = anomalies.detect_month(
        {
            "data": [10.0, 11, 9, 10, 10, 12],
            "activity": [50.0, 60, 55, 52, 58, 49],
            "competitor_calls": [0.0] * 6,
            "offnet_share": [0.2, 0.22, 0.18, 0.2, 0.21, 0.19],
            "members": [40.0, 40, 41, 40, 40, 40],
        },
        {
            "data": 45.0,
            "activity": 0.0,
            "competitor_calls": 4.0,
            "offnet_share": 0.45,
            "members": 31.0,
        },
    )
    kinds = {f.kind: f for f in found}
    assert set(kinds) == {"spike", "silent", "competitor_calls", "operator_shift", "members_lost"}
    assert kinds["members_lost"].extra["lost"] == 9
    with translation.override("zh-hans"):
        shift = kinds["operator_shift"]
        text = anomaly_text(
            kind=shift.kind,
            metric=shift.metric,
            change_pct=shift.change_pct,
            months=shift.months,
            current=shift.current,
            baseline=shift.baseline,
        )
    assert "估算" in text  # the portability caveat is part of the explanation


def test_it_needs_three_months_of_history_before_judging():
    assert anomalies.detect_month({"spend": [1000.0, 1000.0]}, {"spend": 100.0}) == []
