"""The pure scoring rules: exact answers score, partial multiple-choice answers do not."""

import datetime as dt

from kamdesk.learning.scoring import Key, add_months, is_valid, reminder_due, score

KEYS = [Key(1, frozenset({10})), Key(2, frozenset({20, 21})), Key(3, frozenset({30, 31, 32}))]


def test_it_scores_exact_answers_only():
    result = score(KEYS, {1: {10}, 2: {20, 21}, 3: {30, 31, 32}})
    assert (result.correct, result.total, result.percent) == (3, 3, 100)


def test_it_scores_a_partial_multiple_choice_answer_zero():
    result = score(KEYS, {1: {10}, 2: {20}, 3: {30, 31, 32, 99}})
    assert result.correct == 1
    assert result.right == frozenset({1})
    assert result.percent == 33


def test_it_scores_unanswered_and_wrong_single_choice_zero():
    result = score(KEYS, {1: {11}})
    assert result.correct == 0 and result.passed(0) is True and result.passed(1) is False


def test_it_does_not_pass_an_empty_quiz():
    assert score([], {}).passed(0) is False


def test_it_adds_months_clamping_to_the_month_end():
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2026, 11, 29), 12) == dt.date(2027, 11, 29)


def test_it_expires_a_certification_on_its_date():
    expires = dt.date(2027, 1, 10)
    assert is_valid(expires_on=expires, on=dt.date(2027, 1, 9))
    assert not is_valid(expires_on=expires, on=expires)
    assert reminder_due(expires_on=expires, on=dt.date(2026, 12, 11))
    assert not reminder_due(expires_on=expires, on=dt.date(2026, 12, 10))
    assert not reminder_due(expires_on=expires, on=expires)
