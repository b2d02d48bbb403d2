"""A stand-in for a department's own work-order system (EOMS), for the demo only.

It answers the outbound interface as a real system would: one work order per
idempotency key, however often it is called. It exists only when ``KAM_ENV`` is demo
or test; in production the path answers 404.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@login_not_required
@require_POST
def eoms_simulator(request: HttpRequest) -> JsonResponse:
    if settings.KAM_ENV not in ("demo", "test"):
        raise Http404("No such page")
    key = request.headers.get("Idempotency-Key", "")
    if not key:
        return JsonResponse({"error": "Idempotency-Key is required"}, status=400)
    order = hashlib.sha256(key.encode()).hexdigest()[:8].upper()
    return JsonResponse({"external_ref": f"EOMS-SIM-{order}"}, status=201)
