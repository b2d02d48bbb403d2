"""Trigger weights by value, deadlines and on-site rules; credit tiers (pure)."""

from __future__ import annotations

import datetime as dt

import pytest

from kamdesk.risk import credit, triggers

pytestmark = pytest.mark.nodb
NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


def test_it_requires_a_visit_within_48_hours_on_site_for_high_value_customers():
    t = triggers.trigger_evaluate(
        triggers.PORT_OUT, opened_at=NOW, grade="A", subscriber_fen=50_000, customer_fen=100_000
    )
    assert t.visit_required and t.on_site
    assert t.due_at == NOW + dt.timedelta(hours=48)
    small = triggers.trigger_evaluate(
        triggers.PORT_OUT, opened_at=NOW, grade="D", subscriber_fen=1_000, customer_fen=100_000
    )
    assert small.visit_required and not small.on_site


def test_it_weighs_a_big_line_of_a_valuable_customer_above_a_small_one():
    big = triggers.trigger_weight(
        triggers.SERVICE_REMOVED, subscriber_fen=50_000, customer_fen=100_000, grade="A"
    )
    small = triggers.trigger_weight(
        triggers.SERVICE_REMOVED, subscriber_fen=500, customer_fen=100_000, grade="D"
    )
    assert big > small
    assert not triggers.trigger_evaluate(
        triggers.SERVICE_REMOVED, opened_at=NOW, grade="D", subscriber_fen=500, customer_fen=100_000
    ).visit_required


def test_it_steps_expiring_contracts_at_90_60_and_30_days():
    assert [triggers.contract_step(d) for d in (95, 90, 61, 45, 30, 3, -1)] == [
        None,
        90,
        90,
        60,
        30,
        30,
        None,
    ]


def test_it_counts_down_to_suspension_by_credit_tier():
    today = dt.date(2026, 11, 28)
    due = dt.date(2026, 10, 1)
    strong = credit.arrears_status(tier_code="AAA", arrears_fen=10_000, oldest_due=due, today=today)
    weak = credit.arrears_status(tier_code="C", arrears_fen=10_000, oldest_due=due, today=today)
    assert strong.level == "watch" and strong.days_to_suspension == 62
    assert weak.level == "suspension_due" and weak.days_to_suspension == 0


def test_it_assesses_a_new_customer_before_an_order():
    risky = credit.onboarding_assess(
        tier_code="C", industry="房地产开发", late_payments=2, months_known=1
    )
    safe = credit.onboarding_assess(
        tier_code="AAA", industry="金融", late_payments=0, months_known=36
    )
    assert risky.level == "high" and set(risky.reasons) == {
        "tier",
        "industry",
        "late_payments",
        "new",
    }
    assert safe.level == "low" and safe.reasons == ()
