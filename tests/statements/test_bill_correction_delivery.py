"""A bill corrected by billing after it was sent goes out again, once, as a new document
that names the one it replaces and totals the corrected version."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.statements.models import Delivery
from kamdesk.statements.services.documents import statement_bytes
from kamdesk.statements.services.schedule import schedule_run
from tests.statements.factories import preference
from tests.statements.helpers import pdf_text
from tests.statements.test_bill_versions import _bill, _ingest

pytestmark = pytest.mark.django_db


def _run(day: int) -> dict[str, int]:
    with time_machine.travel(dt.datetime(2026, 11, day, 2, 0, tzinfo=dt.UTC)):
        return schedule_run(today=dt.date(2026, 11, day))


def test_a_corrected_bill_is_sent_again_naming_the_one_it_replaces(group, tmp_path):
    _ingest(
        tmp_path,
        "b1.csv",
        [
            _bill("B-1", 1, "S-NJ-1", "128.00", "100.00"),
            _bill("B-2", 1, "S-NJ-2", "58.00", "58.00"),
        ],
    )
    preference(group, document="bill", subscriber=None, channel="sms_link")
    assert _run(5) == {"prepared": 1, "sent": 1}
    first = Delivery.objects.select_related("statement").get().statement
    assert first.total_fen == 186_00 and first.replaces is None
    assert _run(5) == {"prepared": 0, "sent": 0}  # nothing changed: nothing sent

    _ingest(
        tmp_path,
        "b2.csv",
        [_bill("B-1", 2, "S-NJ-1", "108.00", "100.00", plan_fee="128.00", adjustment="-20.00")],
    )
    assert _run(6) == {"prepared": 1, "sent": 1}
    second = Delivery.objects.select_related("statement").latest("pk").statement
    assert second.replaces == first
    assert (second.bill_version, second.replaces_version, second.total_fen) == (2, 1, 166_00)
    text = pdf_text(statement_bytes(second))
    assert "更正并取代" in text and first.number in text
    assert "更正：B-1 第2版，取代第1版" in text
    assert _run(6) == {"prepared": 0, "sent": 0}  # once per correction
    assert _run(7) == {"prepared": 0, "sent": 0}
    assert Delivery.objects.filter(status="sent").count() == 2
