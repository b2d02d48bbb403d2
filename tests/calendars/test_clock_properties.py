"""Properties of the SLA clock, checked on generated moments, targets and pauses."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kamdesk.calendars.clock import (
    ALWAYS_OPEN,
    add_business,
    business_time,
    deadline,
    elapsed,
    share_of,
)
from tests.calendars.clock_helpers import china_calendar, local

pytestmark = pytest.mark.nodb
CAL = china_calendar()
BASE = local(2025, 1, 1)
CALENDARS = st.sampled_from([CAL, ALWAYS_OPEN])
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True)

moments = st.integers(min_value=0, max_value=600 * 24 * 60).map(
    lambda minutes: BASE + dt.timedelta(minutes=minutes)
)
targets = st.integers(min_value=0, max_value=20 * 450).map(lambda m: dt.timedelta(minutes=m))
spans = st.tuples(st.integers(0, 60 * 24 * 60), st.integers(1, 10 * 24 * 60))


def _pauses(
    start: dt.datetime, raw: list[tuple[int, int]]
) -> list[tuple[dt.datetime, dt.datetime]]:
    return [(start + dt.timedelta(minutes=a), start + dt.timedelta(minutes=a + b)) for a, b in raw]


@PROPERTY
@given(
    CALENDARS,
    moments,
    st.integers(0, 30 * 24 * 60),
    st.integers(0, 30 * 24 * 60),
    st.lists(spans, max_size=3),
)
def test_elapsed_business_time_never_decreases(cal, start, a, b, raw):
    pauses = _pauses(start, raw)
    first, second = sorted((a, b))
    earlier = elapsed(cal, start, start + dt.timedelta(minutes=first), pauses)
    later = elapsed(cal, start, start + dt.timedelta(minutes=second), pauses)
    assert earlier <= later


@PROPERTY
@given(CALENDARS, moments, targets, st.lists(spans, max_size=2), spans)
def test_pausing_never_brings_a_deadline_earlier(cal, start, target, raw, extra):
    pauses = _pauses(start, raw)
    before = deadline(cal, start, target, pauses)
    after = deadline(cal, start, target, [*pauses, *_pauses(start, [extra])])
    assert before is not None and after is not None
    assert after >= before


@PROPERTY
@given(CALENDARS, moments, targets)
def test_the_deadline_is_where_the_business_time_reaches_the_target(cal, start, target):
    due = add_business(cal, start, target)
    assert due >= start
    assert business_time(cal, start, due) == target


@PROPERTY
@given(CALENDARS, moments, targets, targets)
def test_adding_business_time_in_two_goes_lands_at_the_same_moment(cal, start, a, b):
    assert add_business(cal, add_business(cal, start, a), b) == add_business(cal, start, a + b)


@PROPERTY
@given(CALENDARS, moments, targets, st.integers(1, 99), st.lists(spans, max_size=2))
def test_the_warning_comes_no_later_than_the_deadline(cal, start, target, percent, raw):
    pauses = _pauses(start, raw)
    warn = deadline(cal, start, share_of(target, percent), pauses)
    due = deadline(cal, start, target, pauses)
    assert warn is not None and due is not None
    assert start <= warn <= due


@PROPERTY
@given(CALENDARS, moments, targets, st.lists(spans, max_size=3))
def test_at_the_deadline_the_elapsed_time_is_the_target(cal, start, target, raw):
    pauses = _pauses(start, raw)
    due = deadline(cal, start, target, pauses)
    assert due is not None
    assert elapsed(cal, start, due, pauses) == target
