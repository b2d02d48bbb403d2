"""A staff preview is masked (numbers and peers), and viewing it is audited."""

from __future__ import annotations

import pytest

from kamdesk.audit.models import AuditEvent
from tests.conftest import client_for
from tests.statements.helpers import pdf_text

pytestmark = pytest.mark.django_db


def _preview(client, group, fmt="pdf"):
    return client.get(
        f"/statements/customer/{group.customer.pk}/preview/",
        {
            "document": "statement",
            "account": group.group_account.pk,
            "subscriber": group.members[0].pk,
            "month": "2026-10",
            "format": fmt,
        },
    )


def test_a_staff_preview_is_masked(group, manager):
    answer = _preview(client_for(manager), group)
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    text = pdf_text(answer.content)
    assert "138****0001" in text and "13800000001" not in text
    assert manager.staff_id in text  # D3: the staff preview names its viewer
    peers = [p for p in ("13912345678", "18600001111", "18900002222") if p in text]
    assert peers == []
    assert "139****5678" in text or "186****1111" in text or "189****2222" in text
    event = AuditEvent.objects.filter(action="call_record.viewed").latest("seq")
    assert event.extra["masked"] is True


def test_a_preview_outside_the_scope_answers_404(group, other_manager):
    assert _preview(client_for(other_manager), group).status_code == 404


def test_a_supervisor_without_call_records_cannot_preview_an_itemised_statement(group, supervisor):
    assert _preview(client_for(supervisor), group).status_code == 404


def test_an_active_unmasking_grant_shows_full_numbers_and_is_audited(group, manager):
    import datetime as dt

    from django.utils import timezone

    from kamdesk.security.models import UnmaskGrant

    now = timezone.now()
    grant = UnmaskGrant.objects.create(
        user=manager,
        customer=group.customer,
        kind="call_record",
        method="sms",
        state="granted",
        reason="账单争议核查",
        request_expires_at=now + dt.timedelta(minutes=10),
        expires_at=now + dt.timedelta(minutes=30),
    )
    text = pdf_text(_preview(client_for(manager), group).content)
    assert "13800000001" in text and "138****0001" not in text
    unmasked = AuditEvent.objects.get(action="call_record.unmasked")
    assert unmasked.grant_id == grant.pk and unmasked.extra["how"] == "pdf"
    assert (
        AuditEvent.objects.filter(action="call_record.viewed").latest("seq").extra["masked"]
        is False
    )
