"""One-time codes: sent by SMS, checked once, expiring, limited guesses."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from kamdesk.core.errors import ValidationFailed
from kamdesk.notifications.codes import code_check, code_send
from kamdesk.notifications.models import OutboundMessage

TEXT = "您的确认码是{code}，{minutes}分钟内有效。"


def _sent_code() -> str:
    body = OutboundMessage.objects.order_by("-pk").first().body
    return re.search(r"\d{6}", body).group(0)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def sent(db):
    return code_send(purpose="visit", subject="visit:1", number="13812345678", text=TEXT)


def test_it_sends_the_code_by_sms_and_stores_only_its_hash(sent):
    code = _sent_code()
    message = OutboundMessage.objects.get()
    assert message.recipient == "13812345678"
    assert "10分钟内有效" in message.body
    assert code not in sent.code_hash
    assert sent.recipient_masked == "138****5678"


def test_it_accepts_the_right_code_once(sent):
    code = _sent_code()
    assert code_check(purpose="visit", subject="visit:1", code=code).used_at is not None
    with pytest.raises(ValidationFailed, match="used already"):
        code_check(purpose="visit", subject="visit:1", code=code)


def test_it_counts_wrong_guesses_and_then_refuses(sent):
    code = _sent_code()
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1, 0):
        with pytest.raises(ValidationFailed, match=f"{left} attempts left"):
            code_check(purpose="visit", subject="visit:1", code=wrong)
    with pytest.raises(ValidationFailed, match="Too many wrong attempts"):
        code_check(purpose="visit", subject="visit:1", code=code)


def test_it_refuses_an_expired_code(sent):
    code = _sent_code()
    later = timezone.now() + dt.timedelta(minutes=11)
    with pytest.raises(ValidationFailed, match="expired"):
        code_check(purpose="visit", subject="visit:1", code=code, now=later)


def test_it_binds_a_code_to_its_subject(sent):
    code = _sent_code()
    with pytest.raises(ValidationFailed, match="No code has been sent"):
        code_check(purpose="visit", subject="visit:2", code=code)


def test_it_refuses_a_second_send_within_a_minute_and_replaces_the_old_code(sent):
    first = _sent_code()
    with pytest.raises(ValidationFailed, match="less than a minute"):
        code_send(purpose="visit", subject="visit:1", number="13812345678", text=TEXT)
    later = timezone.now() + dt.timedelta(minutes=2)
    code_send(purpose="visit", subject="visit:1", number="13812345678", text=TEXT, now=later)
    second = _sent_code()
    if first != second:
        with pytest.raises(ValidationFailed):
            code_check(purpose="visit", subject="visit:1", code=first, now=later)
    assert code_check(purpose="visit", subject="visit:1", code=second, now=later)
