"""One-time download links: for one recipient, expiring, used once, and served only
after a one-time code sent by SMS to that recipient. Every download, and every refused
attempt, is audited."""

from __future__ import annotations

import datetime as dt
import secrets

from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from kamdesk.audit.services import audit_record
from kamdesk.core.crypto import token_hash
from kamdesk.core.masking import mask_number
from kamdesk.notifications.codes import code_check, code_send
from kamdesk.notifications.services import site_url
from kamdesk.statements.models import Delivery, DownloadLink, Statement

LINK_DAYS = 7
CODE_PURPOSE = "statement_download"


def link_create(
    *, statement: Statement, phone: str, delivery: Delivery | None = None, days: int = LINK_DAYS
) -> tuple[DownloadLink, str]:
    """A new link; returns it and its absolute URL (the token is shown only here)."""
    token = secrets.token_urlsafe(24)
    link = DownloadLink.objects.create(
        token_hash=token_hash(token),
        statement=statement,
        delivery=delivery,
        phone=phone,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return link, site_url(reverse("statements:download", args=[token]))


def _refuse(link: DownloadLink | None, reason: str, ip: str | None) -> Http404:
    audit_record(
        actor=None,
        action="statement.download_refused",
        target_type="statements.downloadlink",
        target_id=str(link.pk) if link else "",
        customer_id=link.statement.customer_id if link else None,
        extra={"reason": reason},
        ip=ip,
    )
    return Http404("Not found")


def link_open(*, token: str, ip: str | None = None, now: dt.datetime | None = None) -> DownloadLink:
    """The link if it can still be used, else ``Http404`` (audited)."""
    now = now or timezone.now()
    link = (
        DownloadLink.objects.select_related("statement")
        .filter(token_hash=token_hash(token or ""))
        .first()
    )
    if link is None:
        raise _refuse(None, "unknown", ip)
    if link.used_at is not None:
        raise _refuse(link, "used", ip)
    if link.expires_at <= now:
        raise _refuse(link, "expired", ip)
    return link


def link_send_code(*, link: DownloadLink) -> str:
    """Send the one-time code to the link's recipient; returns the masked number."""
    code_send(
        purpose=CODE_PURPOSE,
        subject=f"link:{link.pk}",
        number=link.phone,
        text="您下载账单/详单的验证码为 {code}，{minutes} 分钟内有效，请勿告诉他人。",
    )
    return mask_number(link.phone)


def link_download(
    *, token: str, code: str, ip: str | None = None, now: dt.datetime | None = None
) -> Statement:
    """Use the link with the code sent to its recipient: the statement to serve.

    A missing code is refused like a bad link (404, audited); a wrong code raises
    ``ValidationFailed`` on ``code`` (counted, and audited too).
    """
    link = link_open(token=token, ip=ip, now=now)
    if not (code or "").strip():
        raise _refuse(link, "no_code", ip)
    try:
        code_check(purpose=CODE_PURPOSE, subject=f"link:{link.pk}", code=code, now=now)
    except Exception:
        _refuse(link, "wrong_code", ip)
        raise
    with transaction.atomic():
        if not DownloadLink.objects.filter(pk=link.pk, used_at=None).update(
            used_at=now or timezone.now()
        ):
            raise _refuse(link, "used", ip)
        audit_record(
            actor=None,
            action="statement.downloaded",
            target=link.statement,
            customer_id=link.statement.customer_id,
            extra={"link": link.pk, "to": mask_number(link.phone)},
            ip=ip,
        )
    return link.statement
