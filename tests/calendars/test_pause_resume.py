"""A paused clock stands still and resumes without losing the time it had run."""

import datetime as dt

import pytest

from kamdesk.calendars.clock import deadline, elapsed, remaining
from tests.calendars.clock_helpers import HOUR, china_calendar, local

pytestmark = pytest.mark.nodb
CAL = china_calendar()
TARGET = 4 * HOUR


def test_it_keeps_the_elapsed_time_across_a_pause():
    start = local(2026, 11, 25, 9, 0)  # Wednesday
    pauses = [(local(2026, 11, 25, 10, 0), local(2026, 11, 25, 15, 0))]
    # 1 h before the pause; the pause holds 10:00–15:00; then 1 h more to 16:00.
    assert elapsed(CAL, start, local(2026, 11, 25, 16, 0), pauses) == 2 * HOUR
    # The deadline moves by the working time the pause covered (3.5 h): 14:30 → 18:00.
    assert deadline(CAL, start, TARGET) == local(2026, 11, 25, 14, 30)
    assert deadline(CAL, start, TARGET, pauses) == local(2026, 11, 25, 18, 0)


def test_it_has_no_deadline_while_paused():
    start = local(2026, 11, 25, 9, 0)
    open_pause = [(local(2026, 11, 25, 10, 0), None)]
    assert deadline(CAL, start, TARGET, open_pause) is None
    # Time left stays what it was when the clock stopped.
    at_pause = remaining(CAL, start, TARGET, local(2026, 11, 25, 10, 0), open_pause)
    much_later = remaining(CAL, start, TARGET, local(2026, 11, 27, 17, 0), open_pause)
    assert at_pause == much_later == 3 * HOUR


def test_it_ignores_a_pause_outside_working_hours():
    start = local(2026, 11, 25, 9, 0)
    night = [(local(2026, 11, 25, 19, 0), local(2026, 11, 26, 8, 0))]
    assert deadline(CAL, start, TARGET, night) == deadline(CAL, start, TARGET)


def test_it_merges_overlapping_pauses():
    start = local(2026, 11, 25, 9, 0)
    one = [(local(2026, 11, 25, 10, 0), local(2026, 11, 25, 11, 0))]
    overlapping = [*one, (local(2026, 11, 25, 10, 30), local(2026, 11, 25, 11, 0))]
    assert deadline(CAL, start, TARGET, overlapping) == deadline(CAL, start, TARGET, one)
    assert elapsed(CAL, start, local(2026, 11, 25, 12, 0), overlapping) == dt.timedelta(hours=2)
