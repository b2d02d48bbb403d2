"""Background work of orders: deliveries to BOSS (and their retries, swept every
minute), and the simulated BOSS's answers in the demo."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request

from crontask import cron
from django.tasks import task
from django.utils import timezone

log = logging.getLogger(__name__)


@task
def deliver_order(order_id: int) -> bool:
    from kamdesk.orders.services.boss import order_deliver

    return order_deliver(order_id=order_id)


@cron("* * * * *")
@task
def order_deliveries_task() -> int:
    from kamdesk.orders.services.boss import order_deliveries_due

    return order_deliveries_due()


@task
def boss_simulator_answer(sim_id: int) -> str:
    """The simulated BOSS reports on an order it received (demo and test only)."""
    from kamdesk.orders.models import SimulatedBossOrder
    from kamdesk.orders.views.simulators import boss_decision, simulator_token

    row = SimulatedBossOrder.objects.get(pk=sim_id)
    status, reason = boss_decision(row.payload)
    items = [
        {
            "item_id": i["item_id"],
            "status": status,
            "subscriber_id": f"SIM{row.pk:06d}{n:03d}" if i["kind"] == "new_line" else "",
            "receipt": f"RCPT-{row.boss_ref[-6:]}-{n}" if i["kind"] == "bill_payment" else "",
        }
        for n, i in enumerate(row.payload.get("items") or [], start=1)
    ]
    body = json.dumps(
        {
            "order_number": row.order_number,
            "boss_ref": row.boss_ref,
            "status": status,
            "reason": reason,
            "items": items,
        }
    ).encode()
    request = urllib.request.Request(  # noqa: S310 - our own callback URL
        row.payload["callback_url"],
        data=body,
        method="POST",
        headers={"Content-Type": "application/json", "X-KAM-System-Token": simulator_token()},
    )
    try:
        with urllib.request.urlopen(request, timeout=15) as answer:  # noqa: S310
            answer.read()
    except (urllib.error.URLError, OSError) as exc:
        log.warning("simulated BOSS could not call back for %s: %s", row.order_number, exc)
        return "unanswered"
    SimulatedBossOrder.objects.filter(pk=row.pk).update(answered_at=timezone.now(), answer=status)
    return status
