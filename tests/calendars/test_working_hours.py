"""Business time runs only in working hours, skipping weekends, China's public holidays,
and running on its make-up working days (调休)."""

import datetime as dt

import pytest

from kamdesk.calendars.clock import ALWAYS_OPEN, add_business, business_time, parse_hours
from tests.calendars.clock_helpers import HOUR, WORKING_DAY, china_calendar, local

pytestmark = pytest.mark.nodb
CAL = china_calendar()


def test_it_skips_the_lunch_break_and_the_night():
    # Friday 2026-11-27 11:00 + 2 h → 11:00–12:00, then 13:30–14:30.
    assert add_business(CAL, local(2026, 11, 27, 11, 0), 2 * HOUR) == local(2026, 11, 27, 14, 30)
    # 17:00 + 2 h → 1 h that day, 1 h the next working morning (Monday, 30 Nov).
    assert add_business(CAL, local(2026, 11, 27, 17, 0), 2 * HOUR) == local(2026, 11, 30, 10, 0)


def test_it_skips_a_weekend():
    friday_evening = local(2026, 11, 27, 18, 0)
    monday_morning = local(2026, 11, 30, 9, 0)
    assert business_time(CAL, friday_evening, monday_morning) == dt.timedelta(0)
    assert business_time(CAL, local(2026, 11, 27, 9, 0), local(2026, 11, 30, 18, 0)) == (
        2 * WORKING_DAY
    )


def test_it_skips_a_public_holiday():
    # National Day 2026: 1–7 October off (1–3 holidays, 5 as the substitute, 6–7 swapped).
    before = local(2026, 9, 30, 17, 0)
    assert add_business(CAL, before, 2 * HOUR) == local(2026, 10, 8, 10, 0)


def test_it_works_on_a_make_up_working_day():
    # Sunday 2025-01-26 is a make-up working day before the Spring Festival.
    sunday = local(2025, 1, 26)
    assert CAL.is_working_day(sunday.date())
    assert business_time(CAL, local(2025, 1, 26, 9, 0), local(2025, 1, 26, 18, 0)) == WORKING_DAY
    # Saturday 2025-10-11 too (after National Day): a Friday-evening clock runs on it.
    assert add_business(CAL, local(2025, 10, 10, 17, 0), 2 * HOUR) == local(2025, 10, 11, 10, 0)


def test_it_runs_round_the_clock_on_24x7():
    start = local(2026, 10, 1, 23, 0)  # a public holiday, at night
    assert add_business(ALWAYS_OPEN, start, 3 * HOUR) == start + 3 * HOUR
    assert business_time(ALWAYS_OPEN, start, start + 30 * HOUR) == 30 * HOUR


def test_it_refuses_malformed_working_hours():
    assert parse_hours("08:30-12:00,13:00-17:30")[1] == (dt.time(13, 0), dt.time(17, 30))
    for bad in ("", "12:00-09:00", "09:00-12:00,11:00-13:00", "nine-five"):
        with pytest.raises(ValueError):
            parse_hours(bad)


def test_it_refuses_naive_datetimes():
    with pytest.raises(ValueError):
        add_business(CAL, dt.datetime(2026, 11, 27, 9, 0), HOUR)
