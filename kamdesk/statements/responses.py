"""The HTTP answer of a staff preview, for the page and the API alike."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse

from kamdesk.statements.services.preview import CONTENT_TYPES, statement_preview
from kamdesk.users.models import User


def preview_response(*, user: User, data: dict[str, Any], inline_pdf: bool) -> HttpResponse:
    """Make the preview ``data`` asks for (a ``GenerateForm``'s cleaned data) and answer it
    as a file: a PDF shown in the browser when ``inline_pdf``, anything else downloaded."""
    made, _number = statement_preview(
        user=user,
        document=data["document"],
        account=data["account"],
        subscriber=data["subscriber"],
        month=data["month"],
        fmt=data["format"],
    )
    response = HttpResponse(made.data, content_type=CONTENT_TYPES[data["format"]])
    disposition = "inline" if inline_pdf and data["format"] == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="preview.{data["format"]}"'
    return response
