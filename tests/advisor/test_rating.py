"""The rating engine on hand-computed cases (no database)."""

import datetime as dt

import pytest

from kamdesk.advisor.rating import Addon, Lock, Plan, Usage, best_shared, choose, rate

pytestmark = pytest.mark.nodb

JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
GB = 1024


def plan(code: str = "P58", **kw) -> Plan:
    base = dict(
        name=code,
        monthly_fee=5800,
        voice_minutes=200,
        sms=50,
        data_mb=10 * GB,
        voice_per_min=19,
        sms_each=10,
        data_per_gb=300,
        filing_number="24JS100001",
    )
    base.update(kw)
    return Plan(code=code, **base)


def test_it_charges_nothing_beyond_the_fee_inside_the_allowance():
    cost = rate(plan(), [Usage(month=JAN, voice_minutes=200, sms=50, data_mb=10 * GB)])
    assert cost.total == 5800


def test_it_charges_overage_once_an_allowance_is_crossed():
    # 230 min: 30 × ¥0.19 = ¥5.70; 53 SMS: 3 × ¥0.10 = ¥0.30;
    # 11.5 GB: 1.5 GB over, charged as 2 started GB × ¥3 = ¥6.
    cost = rate(plan(), [Usage(month=JAN, voice_minutes=230, sms=53, data_mb=11 * GB + 512)])
    month = cost.months[0]
    assert (month.voice, month.sms, month.data) == (570, 30, 600)
    assert cost.total == 5800 + 570 + 30 + 600


def test_it_caps_the_speed_instead_of_charging_on_an_unlimited_plan():
    unlimited = plan(unlimited_data=True, speed_cap_kbps=1000)
    cost = rate(unlimited, [Usage(month=JAN, data_mb=25 * GB), Usage(month=FEB, data_mb=GB)])
    assert cost.total == 2 * 5800
    assert cost.months[0].throttled_mb == 15 * GB
    assert cost.throttled_months == [JAN]


def test_it_carries_unused_data_to_the_next_month_only():
    carrying = plan(carry_over=True)
    history = [
        Usage(month=JAN, data_mb=6 * GB),  # 4 GB left, carried into February
        Usage(month=FEB, data_mb=13 * GB),  # 4 carried + 10 own: nothing over; 1 GB left
        Usage(month=MAR, data_mb=12 * GB),  # 1 carried + 10 own: 1 GB over = ¥3
    ]
    cost = rate(carrying, history)
    assert [m.carried_in_mb for m in cost.months] == [0, 4 * GB, 1 * GB]
    assert [m.data for m in cost.months] == [0, 0, 300]
    # Without carry-over February would have cost 3 GB × ¥3 and March 2 GB × ¥3.
    assert [m.data for m in rate(plan(), history).months] == [0, 900, 600]


def test_it_pools_a_shared_plan_and_charges_each_secondary_card():
    family = plan(
        "F128",
        monthly_fee=12800,
        data_mb=40 * GB,
        voice_minutes=500,
        secondary_cards=2,
        secondary_fee=1000,
    )
    cards = [
        [Usage(month=JAN, data_mb=30 * GB, voice_minutes=300)],
        [Usage(month=JAN, data_mb=8 * GB, voice_minutes=150)],
        [Usage(month=JAN, data_mb=5 * GB, voice_minutes=100)],
    ]
    best = best_shared(histories=cards, plans=[family], segments=frozenset({"individual"}))
    # Pool: 43 GB against 40 (3 GB × ¥3 = ¥9), 550 min against 500 (50 × ¥0.19 = ¥9.50);
    # fee ¥128 + 2 secondary cards × ¥10.
    assert best is not None
    assert best.total == 12800 + 2 * 1000 + 900 + 950


def test_it_refuses_a_shared_plan_too_small_for_the_cards():
    family = plan("F2", secondary_cards=1, secondary_fee=1000)
    cards = [[Usage(month=JAN)] for _ in range(3)]
    assert best_shared(histories=cards, plans=[family], segments=frozenset({"individual"})) is None


def test_it_makes_calls_inside_the_closed_user_group_free_where_the_plan_says_so():
    usage = [Usage(month=JAN, voice_minutes=500, cug_minutes=300)]
    assert rate(plan(cug_free=True), usage).months[0].voice == 0
    assert rate(plan(), usage).months[0].voice == 300 * 19


def test_it_replaces_the_separate_broadband_with_a_bundle():
    usage = [Usage(month=JAN, broadband_fen=10000)]
    assert rate(plan(broadband_mbps=300), usage).total == 5800
    assert rate(plan(), usage).total == 15800


def test_it_replaces_roaming_charges_with_a_roaming_pack():
    pack = Addon(
        code="ROAM", name="漫游包", monthly_fee=9800, covers_roaming=True, filing_number="24JS1"
    )
    usage = [Usage(month=JAN, roaming_fen=25000)]
    assert rate(plan(), usage, [pack]).total == 5800 + 9800
    assert rate(plan(), usage).total == 5800 + 25000


def test_it_recommends_the_cheapest_eligible_publicly_filed_plan():
    history = [Usage(month=m, voice_minutes=300, data_mb=15 * GB) for m in (JAN, FEB, MAR)]
    current = plan("OLD", monthly_fee=5800)
    private = plan("DEAL", monthly_fee=1000, voice_minutes=1000, data_mb=50 * GB, filing_number="")
    p98 = plan("P98", monthly_fee=9800, voice_minutes=600, data_mb=30 * GB)
    p38 = plan("P38", monthly_fee=3800, voice_minutes=100, data_mb=20 * GB)
    iot = plan("IOT", monthly_fee=500, segment="iot", data_mb=50 * GB, voice_minutes=1000)
    choice = choose(
        history=history,
        current=current,
        plans=[private, p98, p38, iot, current],
        effective=dt.date(2026, 4, 1),
    )
    # OLD: ¥58 + 100 min × ¥0.19 + 5 GB × ¥3 = ¥92/month; P38: ¥38 + 200 × ¥0.19 = ¥76.
    assert choice.current is not None and choice.current.average == 9200
    assert choice.best is not None and choice.best.plan.code == "P38"
    assert choice.monthly_saving() == 1600
    eligible = {label.split("+")[0] for label, _total in choice.ranked}
    assert min(total for _label, total in choice.ranked) == choice.best.total
    assert {"DEAL", "IOT"}.isdisjoint(eligible)
    assert {(r.plan.code, r.reason) for r in choice.refused} == {
        ("DEAL", "not_public"),
        ("IOT", "segment"),
    }


def test_it_respects_a_locked_contract_until_it_expires():
    history = [Usage(month=JAN, voice_minutes=50, data_mb=GB)]
    current = plan("P98", monthly_fee=9800, voice_minutes=600, data_mb=30 * GB)
    cheap = plan("P18", monthly_fee=1800, voice_minutes=100, data_mb=2 * GB)
    lock = Lock(floor_fee=9800, until=dt.date(2026, 6, 1))
    locked = choose(
        history=history,
        current=current,
        plans=[cheap, current],
        lock=lock,
        effective=dt.date(2026, 5, 1),
    )
    assert locked.best is not None and locked.best.plan.code == "P98"
    assert [(r.plan.code, r.reason) for r in locked.refused] == [("P18", "locked")]
    # The change takes effect from the next month: from June the lock has expired.
    free = choose(
        history=history,
        current=current,
        plans=[cheap, current],
        lock=lock,
        effective=dt.date(2026, 6, 1),
    )
    assert free.best is not None and free.best.plan.code == "P18"


def test_it_lists_the_months_where_the_recommendation_would_have_cost_more():
    history = [Usage(month=JAN, data_mb=GB), Usage(month=FEB, data_mb=14 * GB)]
    current = plan("P58", monthly_fee=5800, data_mb=20 * GB)
    small = plan("P38", monthly_fee=3800, data_mb=10 * GB)
    choice = choose(
        history=history, current=current, plans=[small, current], effective=dt.date(2026, 3, 1)
    )
    # P38: January ¥38, February ¥38 + 4 GB × ¥3 = ¥50; average ¥44 against ¥58.
    assert choice.best is not None and choice.best.plan.code == "P38"
    assert choice.costlier_months() == []
    history.append(Usage(month=MAR, data_mb=20 * GB))  # P38: ¥38 + 10 × ¥3 = ¥68 > ¥58
    choice = choose(
        history=history, current=current, plans=[small, current], effective=dt.date(2026, 4, 1)
    )
    assert choice.best is not None and choice.best.plan.code == "P38"
    assert choice.costlier_months() == [MAR]


def test_it_adds_a_data_pack_where_it_is_cheaper_than_the_overage():
    pack = Addon(
        code="DATA10", name="流量包", monthly_fee=3000, data_mb=10 * GB, filing_number="24JS2"
    )
    history = [Usage(month=JAN, data_mb=25 * GB)]
    # P58 alone: ¥58 + 15 GB × ¥3 = ¥103; with the pack: ¥58 + ¥30 + 5 GB × ¥3 = ¥103 too,
    # so make overage dearer: ¥5/GB alone = ¥133, with the pack ¥58 + ¥30 + ¥25 = ¥113.
    dear = plan(data_per_gb=500)
    choice = choose(
        history=history, current=dear, plans=[dear], addons=[pack], effective=dt.date(2026, 2, 1)
    )
    assert choice.best is not None
    assert (choice.best.label, choice.best.total) == ("P58+DATA10", 11300)
    assert choice.current is not None and choice.current.total == 13300
