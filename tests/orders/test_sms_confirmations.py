"""A value-added service needs the subscriber's SMS confirmation; a SIM replacement needs
the holder's verification by SMS code and, once BOSS confirms it, an SMS notice."""

from kamdesk.notifications.models import OutboundMessage
from kamdesk.orders.services.boss import BossAnswer, ItemAnswer, boss_callback, order_submit
from kamdesk.orders.services.confirm import item_code_confirm, item_code_send
from kamdesk.orders.services.items import ItemInput
from tests.orders.factories import draft, signed


def _code_from_outbox(number: str) -> str:
    import re

    message = OutboundMessage.objects.filter(recipient=number).latest("pk")
    return re.search(r"\d{6}", message.body).group(0)


def test_a_value_added_service_confirmed_by_sms(
    frozen, manager, customer, line, addon, boss, django_capture_on_commit_callbacks
):
    from kamdesk.orders.services.orders import order_request_approval

    order = draft(
        actor=manager,
        customer=customer,
        items=[ItemInput(kind="vas", subscriber=line, addon=addon)],
    )
    item = order.items.get()

    item_code_send(item=item, actor=manager)
    item_code_confirm(item=item, actor=manager, code=_code_from_outbox(line.number))
    signed(order, manager)
    order_request_approval(order=order, actor=manager)
    with django_capture_on_commit_callbacks(execute=True):
        order_submit(order=order, actor=manager)

    item.refresh_from_db()
    assert item.sms_confirmed_at is not None
    assert len(boss.calls) == 1


def test_a_sim_replacement_verifies_the_holder_and_sends_a_notice(
    frozen, manager, customer, line, boss, django_capture_on_commit_callbacks
):
    order = draft(
        actor=manager,
        customer=customer,
        items=[
            ItemInput(kind="sim_replacement", subscriber=line, sim_serial="8986001234567890123")
        ],
    )
    item = order.items.get()
    item_code_send(item=item, actor=manager)
    item_code_confirm(item=item, actor=manager, code=_code_from_outbox(line.number))
    from kamdesk.orders.services.orders import order_request_approval

    signed(order, manager)
    order_request_approval(order=order, actor=manager)
    with django_capture_on_commit_callbacks(execute=True):
        order_submit(order=order, actor=manager)
    order.refresh_from_db()

    boss_callback(
        order=order,
        answer=BossAnswer(
            status="confirmed", boss_ref="B1", items=[ItemAnswer(item.pk, "confirmed")]
        ),
    )

    notices = OutboundMessage.objects.filter(recipient=line.number, dedup_key__contains="sim")
    assert notices.count() == 1
    assert "139****1111" in notices.get().body
