"""The greeting rules are pure: the next occurrence of an occasion, the N of "N周年", and
the text for each occasion, only where the contact consented and the channel is usable."""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from kamdesk.home.greetings import next_occurrence, suggest_greeting, years_on


def test_it_moves_29_february_to_the_28th_outside_leap_years():
    assert next_occurrence(dt.date(2020, 2, 29), dt.date(2027, 2, 1)) == dt.date(2027, 2, 28)
    assert next_occurrence(dt.date(2020, 2, 29), dt.date(2028, 2, 1)) == dt.date(2028, 2, 29)
    assert next_occurrence(dt.date(2020, 3, 1), dt.date(2026, 3, 2)) == dt.date(2027, 3, 1)
    assert years_on(dt.date(2020, 2, 29), dt.date(2027, 2, 28)) == 7


def greet(**overrides):
    fields = {
        "consented": True,
        "preferred": "sms",
        "addresses": {"phone": "13911112222", "email": "", "wechat": ""},
        "contact_name": "王总",
        "manager_name": "周经理",
        "occasion": "in_post",
        "years": 5,
        "customer_name": "南京星科",
    } | overrides
    with translation.override("zh-hans"):
        return suggest_greeting(**fields)


def test_it_words_each_occasion():
    assert "生日快乐" in greet(occasion="birthday").text
    assert "任职5周年" in greet().text
    assert "南京星科与中国移动合作7周年" in greet(occasion="partnership", years=7).text
    call = greet(preferred="call", occasion="partnership", years=7)
    assert call.channel == "call" and "致电王总" in call.text


def test_it_suggests_nothing_without_consent_or_a_usable_channel():
    assert greet(consented=False) is None
    assert greet(preferred="email") is None  # no e-mail address
    assert greet(preferred="") is None
