"""Stand-ins for the operator's real-name platform and BOSS, for the demo and tests only
(``KAM_ENV`` demo or test; elsewhere the paths answer 404).

The simulated BOSS keeps one order per idempotency key however often it is called, and
reports back on KAM Desk's callback endpoint from a background task: it confirms the
order, or rejects it when a new line asks for a number ending in 4444 (no longer in the
pool; its pool, ``boss_sim.pool_offer``, never offers one). An order whose note holds
``[sim:lose-first-answer]`` has its first answer lost (503 after BOSS recorded it), to
show that a retry is not duplicated.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kamdesk.orders.boss_sim import pool_offer
from kamdesk.orders.models import SimulatedBossOrder
from kamdesk.orders.realname_sim import realname_answer

LOSE_FIRST_ANSWER = "[sim:lose-first-answer]"


def simulator_token() -> str:
    """The callback token the simulated BOSS signs with (derived from the secret key)."""
    return hmac.new(settings.SECRET_KEY.encode(), b"boss-simulator", hashlib.sha256).hexdigest()


def _only_relaxed() -> None:
    if settings.KAM_ENV not in ("demo", "test"):
        raise Http404("No such page")


def _json(request: HttpRequest) -> dict:
    try:
        data = json.loads(request.body or b"{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


@csrf_exempt
@login_not_required
@require_POST
def realname_simulator(request: HttpRequest, purpose: str) -> JsonResponse:
    _only_relaxed()
    return JsonResponse(realname_answer(_json(request)))


@csrf_exempt
@login_not_required
@require_POST
def boss_numbers_simulator(request: HttpRequest) -> JsonResponse:
    """The simulated BOSS's number pool: the numbers it offers for new lines."""
    _only_relaxed()
    return JsonResponse(pool_offer(_json(request)))


def boss_decision(payload: dict) -> tuple[str, str]:
    for item in payload.get("items") or []:
        if item.get("kind") == "new_line" and str(item.get("number", "")).endswith("4444"):
            return "rejected", "号码已不在号池中"
    return "confirmed", ""


@csrf_exempt
@login_not_required
@require_POST
def boss_simulator(request: HttpRequest) -> JsonResponse:
    _only_relaxed()
    key = request.headers.get("Idempotency-Key", "")
    payload = _json(request)
    if not key or not payload.get("order_number"):
        return JsonResponse({"error": "Idempotency-Key and order_number are required"}, status=400)
    boss_ref = "BOSS-SIM-" + hashlib.sha256(key.encode()).hexdigest()[:10].upper()
    try:
        with transaction.atomic():
            row = SimulatedBossOrder.objects.create(
                idempotency_key=key,
                order_number=payload["order_number"],
                boss_ref=boss_ref,
                payload=payload,
            )
    except IntegrityError:
        SimulatedBossOrder.objects.filter(idempotency_key=key).update(
            times_received=F("times_received") + 1
        )
        row = SimulatedBossOrder.objects.get(idempotency_key=key)
        return JsonResponse({"boss_ref": row.boss_ref, "repeated": True}, status=200)
    from kamdesk.orders.tasks import boss_simulator_answer

    boss_simulator_answer.enqueue(row.pk)
    if LOSE_FIRST_ANSWER in str(payload.get("note", "")):
        return JsonResponse({"error": "answer lost"}, status=503)
    return JsonResponse({"boss_ref": row.boss_ref}, status=202)
