"""Delivery: the monthly schedule, sending through the chosen channel, retries with
back-off, the report to the manager after the last failure, and the delivery log.

Every delivery is a ``Delivery`` row whose ``dedup_key`` is unique, so a schedule run
twice (or two schedulers) sends nothing twice; a send is claimed by a conditional
UPDATE before it goes out.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.core.masking import mask_number
from kamdesk.notifications.services import notify, outbox_sms
from kamdesk.statements.documents.protect import new_password, protect_pdf
from kamdesk.statements.entitlement import Decision
from kamdesk.statements.models import (
    Channel,
    Delivery,
    DeliveryStatus,
    Document,
    Format,
    Layout,
    RecipientKind,
    Statement,
    Subscription,
)
from kamdesk.statements.services.documents import (
    operator_name,
    statement_bytes,
    statement_generate,
)
from kamdesk.statements.services.jobs import bundle_decision, job_start
from kamdesk.statements.services.links import link_create
from kamdesk.statements.services.rules import Recipient, entitlement, mobile_on_file
from kamdesk.users.models import User

log = logging.getLogger(__name__)
RETRY_DELAYS = (
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
SEND_BATCH = 200


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def month_label(month: dt.date) -> str:
    return f"{month.year}年{month.month}月"


def recipient_of(subscription: Subscription) -> Recipient:
    if subscription.recipient_kind == RecipientKind.CONTACT:
        return Recipient(kind=RecipientKind.CONTACT, contact=subscription.contact)
    holder = subscription.subscriber.holder_name if subscription.subscriber else ""
    return Recipient(kind=RecipientKind.HOLDER, holder_name=holder)


def _mobile(subscription: Subscription) -> str:
    """The recipient's own mobile as on file today (it may have changed since the
    preference was saved): the only number passwords, links and codes go to."""
    return mobile_on_file(
        recipient_kind=subscription.recipient_kind,
        subscriber=subscription.subscriber,
        contact=subscription.contact,
    )


def _address(subscription: Subscription, mobile: str) -> str:
    return subscription.email if subscription.channel == Channel.EMAIL else mobile


def _refused(delivery: Delivery, reason: str, actor: User | None) -> Delivery:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.REFUSED, last_error=reason[:300]
    )
    audit_record(
        actor=actor,
        action="statement.delivery_refused",
        target=delivery,
        customer_id=delivery.customer_id,
        extra={"reason": reason},
    )
    delivery.status, delivery.last_error = DeliveryStatus.REFUSED, reason
    return delivery


def delivery_prepare(
    *,
    subscription: Subscription,
    month: dt.date,
    key: str,
    actor: User | None = None,
    replaces: Statement | None = None,
) -> Delivery | None:
    """Create the delivery of ``month`` for a preference, decide entitlement and make the
    document; None when ``key`` exists already (it was prepared before). ``replaces``: the
    document sent before, which a corrected bill replaces."""
    mobile = _mobile(subscription)
    try:
        with transaction.atomic():
            delivery = Delivery.objects.create(
                customer_id=subscription.customer_id,
                subscription=subscription,
                month=month,
                channel=subscription.channel,
                recipient=_address(subscription, mobile),
                phone=mobile,
                dedup_key=key[:200],
                created_by=actor,
            )
    except IntegrityError:
        return None
    recipient = recipient_of(subscription)
    delivery.recipient_label = recipient.label[:200]
    decision = _decision(subscription, recipient, month)
    if not decision.allowed or not mobile:
        Delivery.objects.filter(pk=delivery.pk).update(recipient_label=delivery.recipient_label)
        return _refused(
            delivery, decision.reason if not decision.allowed else "no_mobile_on_file", actor
        )
    if subscription.is_group_bundle:
        return _bundle_start(delivery, subscription, month, actor)
    try:
        statement = statement_generate(
            document=subscription.document,
            account=subscription.account,
            subscriber=subscription.subscriber,
            month=month,
            fmt=subscription.format,
            full_numbers=decision.full_numbers,
            prepared_for=recipient.label,
            actor=actor,
            replaces=replaces,
        )
    except ValidationFailed as exc:
        return _not_made(delivery, exc)
    return _attach(delivery, statement)


def _decision(subscription: Subscription, recipient: Recipient, month: dt.date) -> Decision:
    if subscription.is_group_bundle:
        assert subscription.contact is not None
        return bundle_decision(
            account=subscription.account, contact=subscription.contact, month=month
        )
    return entitlement(
        document=subscription.document,
        account=subscription.account,
        subscriber=subscription.subscriber,
        recipient=recipient,
        day=timezone.localdate(),
    )


def _bundle_start(
    delivery: Delivery, subscription: Subscription, month: dt.date, actor: User | None
) -> Delivery:
    """A whole account's statements: made in the background (``jobs``), which attaches
    the bundle to this delivery and sends it when done."""
    assert subscription.contact is not None
    Delivery.objects.filter(pk=delivery.pk).update(recipient_label=delivery.recipient_label)
    try:
        job_start(
            customer=subscription.customer,
            account=subscription.account,
            contact=subscription.contact,
            month=month,
            layout=subscription.layout or Layout.PER_SUBSCRIBER,
            file_format=subscription.format,
            actor=actor,
            delivery=delivery,
        )
    except ValidationFailed as exc:
        return _not_made(delivery, exc)
    return delivery


def _not_made(delivery: Delivery, exc: ValidationFailed) -> Delivery:
    message = "; ".join(m for msgs in exc.errors.values() for m in msgs)
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, last_error=message[:300]
    )
    delivery.status, delivery.last_error = DeliveryStatus.FAILED, message
    return delivery


def _attach(delivery: Delivery, statement: Statement) -> Delivery:
    delivery.statement = statement
    delivery.next_attempt_at = timezone.now()
    fields = ["statement", "next_attempt_at", "recipient_label", "updated_at"]
    if delivery.channel == Channel.EMAIL:
        password = new_password()
        protected = protect_pdf(statement_bytes(statement), password=password)
        delivery.protected_path = default_storage.save(
            f"statements/{statement.month:%Y-%m}/{statement.number}-protected.pdf",
            ContentFile(protected),
        )
        fields.append("protected_path")
        # The password goes separately, by SMS to the recipient's mobile.
        outbox_sms(
            to=delivery.phone,
            body=(
                f"【{operator_name()}】您{month_label(statement.month)}的"
                f"{'账单' if statement.document == Document.BILL else '通话详单'}"
                f"（{statement.number}）已发送至邮箱，PDF打开密码：{password}。请妥善保管。"
            ),
            dedup_key=f"statement-password:{delivery.pk}",
        )
    delivery.save(update_fields=fields)
    return delivery


def _claim(delivery_id: int, now: dt.datetime) -> Delivery | None:
    claimed = Delivery.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=delivery_id,
        status=DeliveryStatus.QUEUED,
        statement__isnull=False,
    ).update(status=DeliveryStatus.SENDING, attempts=F("attempts") + 1)
    if not claimed:
        return None
    return Delivery.objects.select_related("statement", "customer__manager").get(pk=delivery_id)


def delivery_send(*, delivery_id: int, now: dt.datetime | None = None) -> bool:
    """Send one queued delivery if it is due; safe to run twice."""
    now = now or timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return False
    try:
        if delivery.channel == Channel.EMAIL:
            _send_email(delivery)
            status = DeliveryStatus.SENT
        elif delivery.channel == Channel.SMS_LINK:
            _send_link(delivery)
            status = DeliveryStatus.SENT
        else:
            status = DeliveryStatus.TO_HAND_OVER
    except Exception as exc:  # noqa: BLE001 - any SMTP or network error means "try again"
        log.warning("statement delivery %s failed: %s", delivery.pk, exc)
        _failed(delivery, str(exc), now)
        return False
    Delivery.objects.filter(pk=delivery.pk).update(status=status, sent_at=now, last_error="")
    audit_record(
        actor=None,
        action="statement.sent",
        target=delivery.statement,
        customer_id=delivery.customer_id,
        extra={
            "delivery": delivery.pk,
            "channel": delivery.channel,
            "to": _masked(delivery),
            "attempt": delivery.attempts,
        },
    )
    return True


def _masked(delivery: Delivery) -> str:
    if delivery.channel == Channel.EMAIL:
        from kamdesk.core.masking import mask_email

        return mask_email(delivery.recipient)
    return mask_number(delivery.recipient)


def _send_email(delivery: Delivery) -> None:
    statement = delivery.statement
    assert statement is not None
    with default_storage.open(delivery.protected_path, "rb") as handle:
        data = handle.read()
    kind = "账单" if statement.document == Document.BILL else "通话详单"
    message = EmailMessage(
        subject=f"【{operator_name()}】{month_label(statement.month)}{kind} {statement.number}",
        body=(
            f"{delivery.recipient_label}，您好：\n\n附件为{month_label(statement.month)}的{kind}"
            f"（编号 {statement.number}）。PDF 已加密，打开密码已通过短信发送至 "
            f"{mask_number(delivery.phone)}。\n\n可凭编号与校验码在以下页面验真：\n"
            f"{settings.KAM_SITE_URL.rstrip('/')}{reverse('statements:verify')}\n"
        ),
        to=[delivery.recipient],
    )
    message.attach(f"{statement.number}.pdf", data, "application/pdf")
    message.send()


def _send_link(delivery: Delivery) -> None:
    statement = delivery.statement
    assert statement is not None
    _link, url = link_create(statement=statement, phone=delivery.phone, delivery=delivery)
    kind = "账单" if statement.document == Document.BILL else "通话详单"
    outbox_sms(
        to=delivery.phone,
        body=(
            f"【{operator_name()}】您{month_label(statement.month)}的{kind}已生成，"
            f"请在7天内打开 {url} 下载，下载时需短信验证码。"
        ),
        dedup_key=f"statement-link:{delivery.pk}:{delivery.attempts}",
    )


def _failed(delivery: Delivery, error: str, now: dt.datetime) -> None:
    if delivery.attempts < MAX_ATTEMPTS:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.QUEUED,
            next_attempt_at=now + RETRY_DELAYS[delivery.attempts - 1],
            last_error=error[:300],
        )
        return
    _report_failed(delivery, error, now)


def delivery_fail(*, delivery_id: int, error: str) -> None:
    """A delivery that cannot be made (its background generation failed): failed and
    reported to the manager at once."""
    delivery = Delivery.objects.select_related("customer__manager").get(pk=delivery_id)
    _report_failed(delivery, error, timezone.now())


def _report_failed(delivery: Delivery, error: str, now: dt.datetime) -> None:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=DeliveryStatus.FAILED, last_error=error[:300], reported_at=now, next_attempt_at=None
    )
    audit_record(
        actor=None,
        action="statement.delivery_failed",
        target=delivery,
        customer_id=delivery.customer_id,
        extra={"attempts": delivery.attempts, "error": error[:300]},
    )
    manager = delivery.customer.manager
    if manager is not None:
        notify(
            user=manager,
            kind="statement.delivery_failed",
            title=_("Statement could not be delivered: %(customer)s")
            % {"customer": delivery.customer.name},
            body=_("%(attempts)s attempts to %(to)s failed. Last error: %(error)s")
            % {"attempts": delivery.attempts, "to": _masked(delivery), "error": error[:200]},
            url=reverse("statements:customer", args=[delivery.customer_id]),
            dedup_key=f"statement-delivery-failed:{delivery.pk}",
        )


def deliveries_send_due(*, now: dt.datetime | None = None) -> int:
    """Send every queued delivery that is due (first tries and retries)."""
    now = now or timezone.now()
    ids = list(
        Delivery.objects.filter(
            status=DeliveryStatus.QUEUED, statement__isnull=False, next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:SEND_BATCH]
    )
    return sum(delivery_send(delivery_id=pk, now=now) for pk in ids)


def delivery_send_now(*, subscription: Subscription, month: dt.date, actor: User) -> Delivery:
    """Prepare and send one preference's document of ``month`` at once (the page's
    "send now"); a document already sent may be sent again on purpose."""
    key = f"now:{subscription.pk}:{month:%Y-%m}:{timezone.now().timestamp()}"
    delivery = delivery_prepare(subscription=subscription, month=month, key=key, actor=actor)
    assert delivery is not None
    if delivery.status == DeliveryStatus.QUEUED:
        delivery_send(delivery_id=delivery.pk)
        delivery.refresh_from_db()
    return delivery


def delivery_hand_over(*, delivery: Delivery, actor: User) -> Delivery:
    """Record that the printed document was handed over (e.g. at a visit)."""
    if delivery.status != DeliveryStatus.TO_HAND_OVER:
        raise ValidationFailed({"status": [_("Only printed documents can be handed over.")]})
    with transaction.atomic():
        delivery.status = DeliveryStatus.HANDED_OVER
        delivery.sent_at = timezone.now()
        delivery.save(update_fields=["status", "sent_at", "updated_at"])
        audit_record(
            actor=actor,
            action="statement.handed_over",
            target=delivery,
            customer_id=delivery.customer_id,
        )
    return delivery


def subscription_check_format(*, channel: str, fmt: str) -> None:
    if channel == Channel.EMAIL and fmt != Format.PDF:
        raise ValidationFailed(
            {"format": [_("E-mail carries a password-protected PDF; choose PDF.")]}
        )
