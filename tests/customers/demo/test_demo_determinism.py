from __future__ import annotations

import datetime as dt

from django.db import transaction

from tests.customers.demo.conftest import demo_digest, run_demo


def _digest_of_a_load(*args: str) -> str:
    with transaction.atomic():
        run_demo(*args)
        digest = demo_digest()
        transaction.set_rollback(True)
    return digest


def test_it_builds_the_same_province_from_the_same_seed(db, frozen):
    first = _digest_of_a_load()
    assert _digest_of_a_load() == first


def test_it_builds_the_same_codes_names_and_numbers_on_another_day(db, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 16, 2, 0, tzinfo=dt.UTC), tick=False)
    first = _digest_of_a_load()
    time_machine.move_to(dt.datetime(2027, 8, 1, 15, 30, tzinfo=dt.UTC), tick=False)
    assert _digest_of_a_load() == first


def test_it_builds_another_province_from_another_seed(db, frozen):
    assert _digest_of_a_load("--seed", "7") != _digest_of_a_load()
