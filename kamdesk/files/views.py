"""The one way out for a private file: a permission-checked, audited download."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.views.decorators.http import require_GET

from kamdesk.files.services import file_for_download
from kamdesk.users.http import StaffRequest


@require_GET
def file_download(request: StaffRequest, file_id: str) -> FileResponse:
    row = file_for_download(user=request.user, file_id=file_id, ip=request.META.get("REMOTE_ADDR"))
    response = FileResponse(
        default_storage.open(row.path, "rb"),
        as_attachment=True,
        filename=row.name,
        content_type=row.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
