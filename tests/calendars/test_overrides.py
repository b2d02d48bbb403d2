"""An administrator's overrides for a year win over the published holidays."""

import datetime as dt

from kamdesk.calendars.clock import add_business
from kamdesk.calendars.models import BusinessCalendar, CalendarOverride
from kamdesk.calendars.selectors import work_calendar
from tests.calendars.clock_helpers import HOUR, local


def test_the_standard_calendar_follows_chinas_holidays(db):
    cal = work_calendar(code="standard", around=dt.date(2026, 10, 1))
    assert not cal.is_working_day(dt.date(2026, 10, 1))  # National Day
    assert cal.is_working_day(dt.date(2026, 10, 10))  # a Saturday worked in exchange
    assert work_calendar(code="24x7", around=dt.date(2026, 10, 1)).always_open


def test_an_override_turns_a_day_off_or_on(db):
    standard = BusinessCalendar.objects.get(code="standard")
    # A local holiday the package does not know, and a make-up Sunday cancelled.
    CalendarOverride.objects.create(
        calendar=standard, day=dt.date(2026, 12, 1), is_working=False, note="本地节假日"
    )
    CalendarOverride.objects.create(
        calendar=standard, day=dt.date(2026, 9, 20), is_working=False, note="调休取消"
    )
    cal = work_calendar(code="standard", around=dt.date(2026, 11, 30))
    assert not cal.is_working_day(dt.date(2026, 12, 1))
    assert not cal.is_working_day(dt.date(2026, 9, 20))
    # Monday 30 Nov 17:00 + 2 h: 1 h that day, Tuesday off, 1 h on Wednesday.
    assert add_business(cal, local(2026, 11, 30, 17, 0), 2 * HOUR) == local(2026, 12, 2, 10, 0)


def test_an_unknown_calendar_falls_back_to_the_standard_one(db):
    cal = work_calendar(code="gone", around=dt.date(2026, 10, 1))
    assert not cal.always_open and not cal.is_working_day(dt.date(2026, 10, 1))
