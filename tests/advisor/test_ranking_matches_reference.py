"""The many-subscriber ranking (numpy) gives the reference engine's answer, subscriber by
subscriber, on random plans, add-ons, histories, locks and segments."""

import datetime as dt
import random

import pytest

from kamdesk.advisor.ranking import rank_many
from kamdesk.advisor.rating import KEEP, Addon, Lock, Plan, Usage, choose

pytestmark = pytest.mark.nodb
GB = 1024
EFFECTIVE = dt.date(2026, 12, 1)


def _plans(rng: random.Random) -> list[Plan]:
    plans = []
    for n in range(30):
        plans.append(
            Plan(
                code=f"P{n:02d}",
                name=f"套餐{n}",
                monthly_fee=rng.choice([1800, 3800, 5800, 9800, 12800, 18800]),
                voice_minutes=rng.choice([0, 100, 300, 600]),
                sms=rng.choice([0, 50, 100]),
                data_mb=rng.choice([2, 10, 30, 60]) * GB,
                voice_per_min=rng.choice([12, 15, 19]),
                sms_each=10,
                data_per_gb=rng.choice([300, 500]),
                filing_number="" if n % 11 == 5 else f"24JS1{n:05d}",
                segment="iot" if n % 13 == 7 else rng.choice(["individual", "group"]),
                unlimited_data=rng.random() < 0.25,
                carry_over=rng.random() < 0.4,
                cug_free=rng.random() < 0.3,
                broadband_mbps=300 if rng.random() < 0.1 else 0,
            )
        )
    return plans


def _history(rng: random.Random) -> list[Usage]:
    start = rng.randint(0, 9)
    return [
        Usage(
            month=dt.date(2025 + (m // 12), m % 12 + 1, 1),
            voice_minutes=rng.randint(0, 900),
            sms=rng.randint(0, 150),
            data_mb=rng.randint(0, 70 * GB),
            cug_minutes=rng.randint(0, 100),
            roaming_fen=rng.choice([0, 0, 0, 12000, 30000]),
            broadband_fen=rng.choice([0, 0, 9900]),
        )
        for m in range(start, 12)
    ]


def test_it_ranks_every_subscriber_as_the_reference_engine_does():
    rng = random.Random(20261128)
    plans = _plans(rng)
    addons = [
        Addon(code="DATA10", name="流量包", monthly_fee=3000, data_mb=10 * GB, filing_number="A1"),
        Addon(
            code="VOICE300", name="语音包", monthly_fee=3000, voice_minutes=300, filing_number="A2"
        ),
        Addon(
            code="ROAM", name="漫游包", monthly_fee=9800, covers_roaming=True, filing_number="A3"
        ),
        Addon(code="SECRET", name="内部包", monthly_fee=100, data_mb=50 * GB),
    ]
    histories = [_history(rng) for _ in range(300)]
    currents = [rng.choice(plans) for _ in histories]
    segments = [
        rng.choice([frozenset({"individual"}), frozenset({"individual", "group"})])
        for _ in histories
    ]
    locks = [
        Lock(floor_fee=c.monthly_fee, until=rng.choice([dt.date(2026, 6, 1), dt.date(2027, 6, 1)]))
        if rng.random() < 0.3
        else None
        for c in currents
    ]
    many = rank_many(
        histories=histories,
        currents=currents,
        plans=plans,
        addons=addons,
        segments=segments,
        locks=locks,
        effective=EFFECTIVE,
    )
    for i, history in enumerate(histories):
        one = choose(
            history=history,
            current=currents[i],
            plans=plans,
            addons=addons,
            segments=segments[i],
            lock=locks[i],
            effective=EFFECTIVE,
        )
        assert many[i].best is not None and one.best is not None
        assert (many[i].best.label, many[i].best.total) == (one.best.label, one.best.total)
        assert many[i].best.months == one.best.months
        assert many[i].current == one.current
        assert many[i].ranked == one.ranked[:KEEP]
        assert many[i].cheaper_refused == one.cheaper_refused
        assert [(r.plan.code, r.reason) for r in many[i].refused] == [
            (r.plan.code, r.reason) for r in one.refused
        ]
