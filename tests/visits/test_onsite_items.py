"""On-site service days: items collected from the group and its employees, handed to
orders by the orders capability through ``onsite_item_hand_over``."""

from __future__ import annotations

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.visits.models import OnSiteItemStatus
from kamdesk.visits.services import onsite_item_add, onsite_item_hand_over, onsite_item_resolve
from tests.conftest import client_for
from tests.visits.factories import VisitFactory


def test_items_are_recorded_on_the_service_day_and_handed_over(frozen, manager, customer):
    visit = VisitFactory(customer=customer, kind="service_day")
    client = client_for(manager)
    client.post(
        f"/visits/{visit.pk}/items/",
        {
            "kind": "sim",
            "description": "新员工开卡 12 张",
            "requester_name": "刘芳",
            "requester_number": "13912340001",
        },
    )
    (item,) = visit.onsite_items.all()
    assert item.kind == "sim" and item.status == OnSiteItemStatus.OPEN
    item = onsite_item_hand_over(item=item, actor=manager, reference="O2026112500001")
    assert item.status == OnSiteItemStatus.HANDED_TO_ORDER and item.handoff_ref == "O2026112500001"
    assert onsite_item_hand_over(item=item, actor=manager, reference="O2026112500001") == item
    page = client.get(f"/visits/{visit.pk}/").content.decode()
    assert "新员工开卡 12 张" in page and "O2026112500001" in page


def test_a_bill_question_is_resolved_on_the_spot(frozen, manager, customer):
    visit = VisitFactory(customer=customer, kind="service_day")
    item = onsite_item_add(visit=visit, actor=manager, kind="bill_question", description="流量超额")
    item = onsite_item_resolve(item=item, actor=manager, resolution="已解释套外计费")
    assert item.status == OnSiteItemStatus.RESOLVED
    with pytest.raises(ValidationFailed):
        onsite_item_hand_over(item=item, actor=manager, reference="O1")


def test_it_names_the_bad_fields(frozen, manager, customer):
    visit = VisitFactory(customer=customer, kind="service_day")
    with pytest.raises(ValidationFailed) as error:
        onsite_item_add(
            visit=visit, actor=manager, kind="pony", description="", requester_number="abc"
        )
    assert set(error.value.errors) == {"kind", "description", "requester_number"}
