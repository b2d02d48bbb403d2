"""One-time download links: for one recipient, served after the SMS code; an expired,
already-used or code-less download answers 404 and is audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone

from kamdesk.audit.models import AuditEvent
from kamdesk.notifications.models import OutboundMessage
from kamdesk.statements.models import DownloadLink
from kamdesk.statements.services.documents import statement_generate
from kamdesk.statements.services.links import link_create
from tests.statements.conftest import MONTH

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(group):
    statement = statement_generate(
        document="statement",
        account=group.group_account,
        subscriber=group.members[0],
        month=MONTH,
        fmt="pdf",
        full_numbers=True,
        prepared_for="员工1",
        actor=None,
    )
    row, url = link_create(statement=statement, phone="13800000001")
    return row, url.split("testserver")[-1].replace("http://127.0.0.1:8000", "")


def _code() -> str:
    sms = OutboundMessage.objects.filter(recipient="13800000001").latest("pk")
    return re.search(r"\d{6}", sms.body).group(0)


def _refusals(reason: str) -> int:
    return AuditEvent.objects.filter(
        action="statement.download_refused", extra__reason=reason
    ).count()


def test_it_serves_the_file_once_after_the_sms_code_without_a_login(link):
    row, path = link
    client = Client()  # no session: the link and the code are the proof
    assert client.get(path).status_code == 200
    assert client.post(path, {"send": "1"}).status_code == 200
    answer = client.post(path, {"code": _code()})
    assert answer.status_code == 200
    assert answer["Content-Disposition"].startswith("attachment")
    assert b"".join(answer.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="statement.downloaded").count() == 1
    row.refresh_from_db()
    assert row.used_at is not None


def test_an_already_used_link_answers_404_and_is_audited(link):
    row, path = link
    client = Client()
    client.post(path, {"send": "1"})
    client.post(path, {"code": _code()})
    assert client.get(path).status_code == 404
    assert client.post(path, {"code": "123456"}).status_code == 404
    assert _refusals("used") == 2


def test_an_expired_link_answers_404_and_is_audited(link):
    row, path = link
    DownloadLink.objects.filter(pk=row.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert Client().get(path).status_code == 404
    assert _refusals("expired") == 1


def test_a_download_without_a_code_answers_404_and_is_audited(link):
    _row, path = link
    assert Client().post(path, {"code": ""}).status_code == 404
    assert Client().post(path, {}).status_code == 404
    assert _refusals("no_code") == 2
    assert AuditEvent.objects.filter(action="statement.downloaded").count() == 0


def test_a_wrong_code_serves_nothing_and_is_audited(link):
    _row, path = link
    client = Client()
    client.post(path, {"send": "1"})
    answer = client.post(path, {"code": "000000" if _code() != "000000" else "111111"})
    assert answer.status_code == 200 and answer["Content-Type"].startswith("text/html")
    assert _refusals("wrong_code") == 1


def test_an_unknown_link_answers_404_and_is_audited(db):
    assert Client().get("/statements/d/not-a-token/").status_code == 404
    assert _refusals("unknown") == 1
