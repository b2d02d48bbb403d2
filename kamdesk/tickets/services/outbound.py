"""The outbound interface: a step of a department with its own system (EOMS, BOSS) is
POSTed there as JSON with an ``Idempotency-Key`` that stays the same on every retry, so
the system creates one work order however often it is called. A failed call is retried
by the sweep with a growing delay, up to the system's ``max_attempts``."""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.error
import urllib.request
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.core.masking import mask_number
from kamdesk.notifications.services import site_url
from kamdesk.tickets.models import Delivery, EventKind, Step
from kamdesk.tickets.redact import redact_numbers
from kamdesk.tickets.services.events import event_record, tell, ticket_url

log = logging.getLogger(__name__)
# The claim on a delivery lasts this long: a worker that dies mid-call is retried after it.
LEASE = dt.timedelta(minutes=2)
FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_RETRY = dt.timedelta(minutes=30)


def retry_delay(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, ... up to 30 min after the ``attempts``-th failure."""
    return min(FIRST_RETRY * (2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def step_payload(step: Step) -> dict[str, Any]:
    """What the department's system receives: what it needs, numbers masked."""
    ticket = step.ticket
    return {
        "idempotency_key": str(step.idempotency_key),
        "step_id": step.pk,
        "request_number": ticket.number,
        "category": ticket.category.code,
        "priority": ticket.priority,
        "customer": {
            "code": ticket.customer.code,
            "name": ticket.customer.name,
            "grade": ticket.customer.grade.code,
        },
        "subscribers": [mask_number(s.number) for s in ticket.subscribers.all()],
        "instructions": redact_numbers(step.instructions),
        "due_at": step.due_at.isoformat() if step.due_at else None,
        "callback_url": site_url(reverse("api:step_callback", args=[step.pk])),
        "callback_auth_header": "X-KAM-System-Token",
    }


def _claim(step_id: int, now: dt.datetime) -> Step | None:
    claimed = Step.objects.filter(
        pk=step_id, delivery=Delivery.PENDING, delivery_next_at__lte=now
    ).update(delivery_next_at=now + LEASE)
    if not claimed:
        return None
    return Step.objects.select_related(
        "ticket__customer__grade", "ticket__category", "system", "department"
    ).get(pk=step_id)


def _post(step: Step) -> tuple[bool, str, dict[str, Any]]:
    system = step.system
    assert system is not None
    body = json.dumps(step_payload(step), ensure_ascii=False).encode()
    if not system.endpoint_url.startswith(("http://", "https://")):
        return False, "endpoint is not http(s)", {}
    # The endpoint is set by an administrator (never taken from a request); http(s) only.
    request = urllib.request.Request(  # noqa: S310
        system.endpoint_url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": str(step.idempotency_key),
            "Authorization": f"Bearer {system.outbound_token}",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=system.timeout_seconds) as answer:  # noqa: S310
            text = answer.read(65536).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return False, f"HTTP {exc.code}", {}
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        return False, str(exc)[:300], {}
    try:
        data = json.loads(text) if text.strip() else {}
    except ValueError:
        data = {}
    return True, "", data if isinstance(data, dict) else {}


def step_deliver(*, step_id: int, now: dt.datetime | None = None) -> bool:
    """Try to deliver one step if a delivery is due; True once it is delivered."""
    moment = now or timezone.now()
    step = _claim(step_id, moment)
    if step is None or step.system is None:
        return False
    ok, error, data = _post(step)
    with transaction.atomic():
        step.delivery_attempts += 1
        if ok:
            _delivered(step, data, moment)
        else:
            _failed(step, error, moment)
        step.save(
            update_fields=[
                "delivery",
                "delivery_attempts",
                "delivery_next_at",
                "delivery_error",
                "external_ref",
                "updated_at",
            ]
        )
    return ok


def step_delivered(*, step: Step, external_ref: str, now: dt.datetime | None = None) -> Step:
    """Record a delivery the department's system confirmed (also used to load the demo)."""
    with transaction.atomic():
        _delivered(step, {"external_ref": external_ref}, now or timezone.now())
        step.delivery_attempts = max(step.delivery_attempts, 1)
        step.save(
            update_fields=[
                "delivery",
                "delivery_attempts",
                "delivery_next_at",
                "delivery_error",
                "external_ref",
                "updated_at",
            ]
        )
    return step


def _delivered(step: Step, data: dict[str, Any], moment: dt.datetime) -> None:
    step.delivery, step.delivery_next_at, step.delivery_error = Delivery.DELIVERED, None, ""
    step.external_ref = str(data.get("external_ref") or "")[:64]
    event_record(
        ticket=step.ticket,
        step=step,
        kind=EventKind.STEP_DELIVERED,
        at=moment,
        text=f"{step.system} {step.external_ref}".strip(),
        dedup_key=f"step:{step.pk}:delivered",
    )


def _failed(step: Step, error: str, moment: dt.datetime) -> None:
    step.delivery_error = error
    assert step.system is not None
    if step.delivery_attempts < step.system.max_attempts:
        step.delivery_next_at = moment + retry_delay(step.delivery_attempts)
        log.warning("delivery of step %s failed (%s); retrying", step.pk, error)
        return
    step.delivery, step.delivery_next_at = Delivery.FAILED, None
    event_record(
        ticket=step.ticket,
        step=step,
        kind=EventKind.STEP_DELIVERY_FAILED,
        at=moment,
        text=error,
        dedup_key=f"step:{step.pk}:delivery_failed",
    )
    tell(
        users=[step.ticket.owner],
        kind="step.delivery_failed",
        key=f"step:{step.pk}:undelivered",
        url=ticket_url(step.ticket),
        now=moment,
        title=_("%(system)s did not accept a step of %(number)s")
        % {"system": step.system.name, "number": step.ticket.number},
    )


def deliveries_due(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Deliver (or retry) every step whose delivery is due; returns how many succeeded."""
    moment = now or timezone.now()
    ids = list(
        Step.objects.filter(delivery_next_at__lte=moment, delivery=Delivery.PENDING)
        .order_by("delivery_next_at")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(step_deliver(step_id=pk, now=moment) for pk in ids)


def deliveries_enqueue(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Hand every due delivery (or retry) to a background task; the sweep does no HTTP."""
    from kamdesk.tickets.tasks import deliver_step

    moment = now or timezone.now()
    ids = list(
        Step.objects.filter(delivery_next_at__lte=moment, delivery=Delivery.PENDING)
        .order_by("delivery_next_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        deliver_step.enqueue(pk)
    return len(ids)
