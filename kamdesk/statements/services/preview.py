"""Staff previews: the document as the customer would get it, but masked unless a
grant under the confidentiality rules unmasks it. Nothing is kept; the view is audited."""

from __future__ import annotations

import datetime as dt

from django.http import Http404

from kamdesk.audit.services import audit_record
from kamdesk.audit.watermark import export_mark
from kamdesk.customers.models import Account, Subscriber
from kamdesk.statements.models import Document
from kamdesk.statements.services.documents import Made, make
from kamdesk.statements.services.rules import staff_decision
from kamdesk.users.models import User
from kamdesk.users.permissions import can

# The media type of each document format, for the page and the API alike.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}


def statement_preview(
    *,
    user: User,
    document: str,
    account: Account,
    subscriber: Subscriber | None,
    month: dt.date,
    fmt: str = "pdf",
) -> tuple[Made, str]:
    """The document for ``user`` to look at; returns it and its (throw-away) number.

    An itemised preview reads call records (``call_record``), a bill preview bills
    (``bill``): the matrix decides both, as it does on the usage pages.
    """
    kind = "call_record" if document == Document.STATEMENT else "bill"
    if not can(user, "view", "statement") or not can(user, "view", kind):
        raise Http404("Not found")
    decision = staff_decision(
        user=user, customer=account.customer, data_kind=kind, target=subscriber or account
    )
    made, number, _code = make(
        document=document,
        account=account,
        subscriber=subscriber,
        month=month,
        fmt=fmt,
        full_numbers=decision.full_numbers,
        # D3: the viewer's staff id, name and the time on every page (staff-only path).
        prepared_for=f"{export_mark(user).text}（预览）",
        number="PREVIEW",
        code="-",
    )
    audit_record(
        actor=user,
        action=f"{kind}.viewed",
        target=subscriber if subscriber is not None else account,
        customer_id=account.customer_id,
        extra={
            "statement_preview": document,
            "month": f"{month:%Y-%m}",
            "masked": not decision.full_numbers,
        },
    )
    return made, number
