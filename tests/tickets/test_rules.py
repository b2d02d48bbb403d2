"""Pure rules of requests: the policy that applies, priorities, statuses, step order and
masking inside free text."""

import pytest

from kamdesk.tickets.redact import redact_numbers
from kamdesk.tickets.sla import (
    PolicyRow,
    clock_effect,
    policy_pick,
    priority_derive,
    steps_to_open,
    targets_for,
    transition_allowed,
)

pytestmark = pytest.mark.nodb

ANY = PolicyRow(None, "", None, 120, 1350, 75, "standard")
URGENT = PolicyRow(None, "p1", None, 30, 240, 75, "24x7")
GRADE_A = PolicyRow(1, "", None, 60, 1440, 75, "24x7")
RECONNECT = PolicyRow(None, "", 7, 15, 120, 75, "24x7")


def test_the_most_specific_policy_wins():
    rows = [ANY, URGENT, GRADE_A, RECONNECT]
    assert policy_pick(rows, grade_id=2, priority="p3", category_id=1) == ANY
    assert policy_pick(rows, grade_id=2, priority="p1", category_id=1) == URGENT
    assert policy_pick(rows, grade_id=1, priority="p1", category_id=1) == GRADE_A
    assert policy_pick(rows, grade_id=1, priority="p1", category_id=7) == RECONNECT
    assert policy_pick([URGENT], grade_id=1, priority="p3", category_id=1) is None


def test_a_statutory_deadline_caps_the_target_and_runs_24x7():
    capped = targets_for(ANY, statutory_minutes=72 * 60)
    assert (capped.resolution_minutes, capped.calendar_code, capped.statutory) == (
        4320,
        "24x7",
        True,
    )
    assert targets_for(URGENT, statutory_minutes=72 * 60).resolution_minutes == 240


def test_the_top_grade_raises_the_priority_one_level():
    assert priority_derive(base="p3", grade_rank=1) == "p2"
    assert priority_derive(base="p1", grade_rank=1) == "p1"
    assert priority_derive(base="p3", grade_rank=2) == "p3"


def test_statuses_and_their_effect_on_the_clock():
    assert transition_allowed("new", "accepted") and not transition_allowed("new", "closed")
    assert not transition_allowed("closed", "resolved")
    assert clock_effect("in_progress", "waiting") == "pause"
    assert clock_effect("waiting", "in_progress") == "resume"
    assert clock_effect("in_progress", "resolved") == "stop"
    assert clock_effect("resolved", "reopened") == "restart"
    assert clock_effect("new", "accepted") is None


def test_steps_open_by_sequence():
    assert steps_to_open([(1, "waiting"), (1, "waiting"), (2, "waiting")]) == [0, 1]
    assert steps_to_open([(1, "done"), (1, "open"), (2, "waiting")]) == []
    assert steps_to_open([(1, "done"), (1, "cancelled"), (2, "waiting")]) == [2]
    assert steps_to_open([]) == []


def test_numbers_inside_free_text_are_masked():
    text = "客户 13812345678（备用 138 1234 5678）身份证 11010519800517123X，金额 12000 元"
    masked = redact_numbers(text)
    assert "13812345678" not in masked and "138****5678" in masked
    assert "1101**********123X" in masked
    assert "12000 元" in masked  # short amounts are not numbers to hide
