"""Each insider-risk signal fires on a constructed history and not on a normal one.
The rules are pure: no database."""

import datetime as dt

import pytest

from kamdesk.security.insider import Event, Thresholds, discount_pct, scan

pytestmark = pytest.mark.nodb
UTC = dt.UTC
DAY = dt.datetime(2026, 11, 19, 16, 0, tzinfo=UTC)  # 20 November 00:00 in Shanghai
END = DAY + dt.timedelta(days=1)
_ids = iter(range(1, 10**6))


def ev(actor, action, at, role="manager"):
    return Event(next(_ids), at, actor, role, action)


def discount(actor, order, pct, at, role="manager"):
    """An ``order.discount`` event as the scan reads it: the order and its share."""
    return Event(next(_ids), at, actor, role, "order.discount", str(order), pct)


def normal_history():
    """Five managers reading 3–6 call records a day for four weeks, at office hours."""
    events = []
    for day in range(-28, 1):
        for actor in range(1, 6):
            for n in range(3 + (actor + day) % 4):
                at = DAY + dt.timedelta(days=day, hours=2, minutes=7 * n + actor)
                events.append(ev(actor, "call_record.viewed", at))
        events.append(ev(1, "profile.exported", DAY + dt.timedelta(days=day, hours=3)))
        if day % 3 == 0:  # each manager's discounts: 2–8 % of the order's sum
            for actor in range(1, 6):
                pct = 2.0 + (actor * 7 + day) % 7
                at = DAY + dt.timedelta(days=day, hours=4, minutes=actor)
                events.append(discount(actor, f"{day}-{actor}", pct, at))
    events.append(ev(2, "access.refused", DAY + dt.timedelta(hours=4)))
    events.append(ev(3, "unmask.requested", DAY + dt.timedelta(hours=10)))  # 10:00 local
    return events


def kinds(events):
    return sorted({(f.kind, f.actor_id) for f in scan(events, start=DAY, end=END)})


def test_it_finds_nothing_in_a_normal_history():
    assert kinds(normal_history()) == []


def test_it_flags_reads_far_above_the_persons_own_baseline():
    spike = [
        ev(4, "call_record.exported", DAY + dt.timedelta(hours=3, seconds=n)) for n in range(40)
    ]
    findings = [
        f for f in scan(normal_history() + spike, start=DAY, end=END) if f.kind == "comm_read_spike"
    ]
    assert [f.actor_id for f in findings] == [4]
    assert len(findings[0].event_ids) >= 40
    assert findings[0].counts["own_z"] >= 3


def test_it_flags_a_newcomer_far_above_the_peers():
    newcomer = [ev(9, "bill.viewed", DAY + dt.timedelta(hours=5, seconds=n)) for n in range(30)]
    findings = scan(normal_history() + newcomer, start=DAY, end=END)
    spike = [f for f in findings if f.kind == "comm_read_spike"]
    assert [(f.actor_id, "peer_median" in f.counts) for f in spike] == [(9, True)]


def test_it_ignores_a_spike_below_the_minimum_count():
    few = [ev(9, "bill.viewed", DAY + dt.timedelta(hours=5, seconds=n)) for n in range(12)]
    assert kinds(normal_history() + few) == []


def test_it_flags_repeated_refusals():
    tries = [ev(5, "access.refused", DAY + dt.timedelta(hours=6, minutes=n)) for n in range(5)]
    assert kinds(normal_history() + tries) == [("refusals", 5)]


def test_it_flags_unmask_requests_at_night_in_shanghai():
    early = DAY + dt.timedelta(hours=6, minutes=30)  # 06:30 local
    night = DAY + dt.timedelta(hours=23)  # 23:00 local
    history = normal_history() + [
        ev(2, "unmask.requested", night),
        ev(2, "unmask.requested", early),
    ]
    findings = [f for f in scan(history, start=DAY, end=END) if f.kind == "unmask_off_hours"]
    assert [(f.actor_id, len(f.event_ids)) for f in findings] == [(2, 2)]


def test_it_flags_a_burst_of_exports_but_not_the_same_exports_spread_out():
    burst = [
        ev(3, "profile.exported", DAY + dt.timedelta(hours=7, minutes=2 * n)) for n in range(5)
    ]
    spread = [ev(4, "profile.exported", DAY + dt.timedelta(hours=1 + 2 * n)) for n in range(5)]
    assert kinds(normal_history() + burst + spread) == [("export_burst", 3)]


def test_it_reads_its_thresholds():
    tries = [ev(5, "access.refused", DAY + dt.timedelta(hours=6, minutes=n)) for n in range(3)]
    findings = scan(
        normal_history() + tries, start=DAY, end=END, thresholds=Thresholds(refusal_min=3)
    )
    assert [(f.kind, f.actor_id) for f in findings] == [("refusals", 5)]


def test_it_flags_a_discount_far_above_the_persons_own_and_the_peers():
    big = discount(4, "big", 35.0, DAY + dt.timedelta(hours=6))
    findings = [
        f
        for f in scan(normal_history() + [big], start=DAY, end=END)
        if f.kind == "unusual_discount"
    ]
    assert [(f.actor_id, f.event_ids) for f in findings] == [(4, [big.id])]
    assert findings[0].counts["max_pct"] == 35.0
    assert findings[0].counts["own_median_pct"] <= 8.0


def test_it_flags_a_newcomers_discount_against_the_peers():
    big = discount(9, "new", 30.0, DAY + dt.timedelta(hours=6))
    assert kinds(normal_history() + [big]) == [("unusual_discount", 9)]


def test_it_counts_only_an_orders_last_discount():
    first = discount(4, "haggled", 40.0, DAY + dt.timedelta(hours=6))
    last = discount(4, "haggled", 6.0, DAY + dt.timedelta(hours=7))
    assert kinds(normal_history() + [first, last]) == []


def test_it_ignores_a_high_ratio_below_the_minimum_share():
    tiny = [
        discount(actor, f"t{actor}-{n}", 1.0, DAY - dt.timedelta(days=n + 1))
        for actor in range(1, 6)
        for n in range(6)
    ]
    eight = [*tiny, discount(9, "eight", 8.0, DAY + dt.timedelta(hours=6))]
    assert [f.kind for f in scan(eight, start=DAY, end=END)] == []
    lower = Thresholds(discount_min_pct=5.0)
    assert [f.kind for f in scan(eight, start=DAY, end=END, thresholds=lower)] == [
        "unusual_discount"
    ]


def test_it_reads_the_share_from_the_events_details():
    assert discount_pct({"discount": "150.00", "subtotal": "1000.00"}) == 15.0
    assert discount_pct({"discount": "150.00"}) is None
    assert discount_pct({"discount": "0.00", "subtotal": "0.00"}) is None
    assert discount_pct({"discount": "x", "subtotal": "10"}) is None
