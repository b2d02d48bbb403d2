"""The page watermark's tile, drawn for the signed-in viewer at the time of the request."""

from __future__ import annotations

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from kamdesk.core.watermark import svg, watermark_of
from kamdesk.users.http import StaffRequest


@require_GET
def watermark_svg(request: StaffRequest) -> HttpResponse:
    response = HttpResponse(svg(watermark_of(request.user)), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response
