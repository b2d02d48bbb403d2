"""The SMS of a delivery (the PDF password, the download link, the code) leave through
the operator's SMS gateway: a real local HTTP server stands in for it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.statements.services.schedule import schedule_run
from tests.notifications.test_sms_gateway import gateway  # noqa: F401 - the fixture
from tests.statements.factories import preference

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 5, 2, 0, tzinfo=dt.UTC))
def test_the_download_link_goes_to_the_recipient_through_the_gateway(
    gateway,  # noqa: F811
    group,
    authorisation,
    django_capture_on_commit_callbacks,
):
    preference(group, channel="sms_link")
    with django_capture_on_commit_callbacks(execute=True):
        schedule_run(today=dt.date(2026, 11, 5))
    (sms,) = gateway.received
    assert sms["to"] == "13912345678"
    assert "/statements/d/" in sms["text"] and "验证码" in sms["text"]
    assert sms["auth"] == "Bearer t0ken"
