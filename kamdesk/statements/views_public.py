"""Pages for people outside the company: checking a statement and the one-time
download. Neither needs a session login (the link and the SMS code are the proof)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from kamdesk.core.errors import ValidationFailed
from kamdesk.statements.forms import VerifyForm
from kamdesk.statements.services.documents import statement_open, statement_verify
from kamdesk.statements.services.links import link_download, link_open, link_send_code
from kamdesk.statements.views import CONTENT_TYPES


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


@login_not_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """Anyone holding a statement: is it genuine, and what is its total — nothing more."""
    form = VerifyForm(request.POST or None)
    result, checked = None, False
    if request.method == "POST" and form.is_valid():
        checked = True
        result = statement_verify(
            number=form.cleaned_data["number"], code=form.cleaned_data["code"]
        )
    return render(
        request, "statements/verify.html", {"form": form, "result": result, "checked": checked}
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def download(request: HttpRequest, token: str) -> HttpResponseBase:
    """GET: the page (404 if the link is unknown, used or expired). POST ``send``: the
    code by SMS to the link's recipient. POST ``code``: the file, once."""
    link = link_open(token=token, ip=_ip(request))
    context: dict[str, object] = {"sent_to": "", "error": ""}
    if request.method == "POST" and "send" in request.POST:
        try:
            context["sent_to"] = link_send_code(link=link)
        except ValidationFailed as exc:
            context["error"] = " ".join(m for v in exc.errors.values() for m in v)
    elif request.method == "POST":
        try:
            statement = link_download(
                token=token, code=request.POST.get("code", ""), ip=_ip(request)
            )
        except ValidationFailed as exc:
            context["error"] = " ".join(m for v in exc.errors.values() for m in v)
        else:
            return FileResponse(
                statement_open(statement),
                as_attachment=True,
                filename=statement.file_name,
                content_type=CONTENT_TYPES.get(statement.format, "application/octet-stream"),
            )
    return render(request, "statements/download.html", context)
