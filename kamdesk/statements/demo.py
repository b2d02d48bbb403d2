"""The demo's statements: authorisations on file, delivery preferences through every
channel, and last month's deliveries, made by the real schedule from the usage demo's
bills and call records (loaded before this). Without usage data it loads nothing."""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.utils.translation import gettext as _

from kamdesk.customers.models import Account, Subscriber
from kamdesk.statements.models import Authorisation, Subscription
from kamdesk.statements.services.delivery import delivery_prepare, delivery_send, previous_month
from kamdesk.statements.services.rules import mobile_of
from kamdesk.statements.services.setup import authorisation_create
from kamdesk.usage.models import Bill, WarehouseFile

CUSTOMERS = 4
# A one-page PDF standing for the scanned, signed authorisation.
SIGNED = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _accounts(month: dt.date) -> list[Account]:
    """Group-paid accounts with a bill contact and a bill last month, a few per manager."""
    billed = Bill.objects.filter(month=month, is_current=True).values("account_id")
    return list(
        Account.objects.filter(pk__in=billed, payment_relation="group", bill_contact__isnull=False)
        .exclude(bill_contact__phone="")
        .select_related("customer__manager", "bill_contact")
        .annotate(lines=Count("subscribers"))
        .filter(lines__gte=2)
        .order_by("customer__manager_id", "lines", "pk")[: CUSTOMERS * 3]
    )


def _preferences(account: Account, month: dt.date, rng: random.Random) -> list[Subscription]:
    contact = account.bill_contact
    assert contact is not None
    phone = mobile_of(contact.phone)  # the contact's own: passwords and codes go there
    member = Subscriber.objects.filter(account=account).order_by("number").first()
    common = {"customer": account.customer, "account": account, "day_of_month": rng.randint(1, 5)}
    prefs = [
        Subscription(
            **common, document="bill", format="pdf", channel="email", recipient_kind="contact",
            contact=contact, email=contact.email or "finance@example.cn", phone=phone,
        ),
        Subscription(
            **common, document="statement", subscriber=member, format="xlsx", channel="sms_link",
            recipient_kind="contact", contact=contact, phone=phone,
        ),
        Subscription(
            **common, document="statement", subscriber=member, format="pdf", channel="print",
            recipient_kind="holder", phone=mobile_of(member.number) if member else "",
        ),
    ]  # fmt: skip
    return Subscription.objects.bulk_create(prefs)


def statements_demo_load(*, seed: int, today: dt.date) -> str:
    month = previous_month(today)
    if not WarehouseFile.objects.filter(month=month).exists():
        return _("Statements: no usage data for last month, nothing loaded.")
    rng = random.Random(seed)
    seen: set[int] = set()
    prepared = sent = 0
    for account in _accounts(month):
        if account.customer_id in seen or len(seen) == CUSTOMERS:
            continue
        seen.add(account.customer_id)
        manager = account.customer.manager
        if not Authorisation.objects.filter(account=account).exists():
            authorisation_create(
                customer=account.customer,
                account=account,
                contact=account.bill_contact,  # type: ignore[arg-type]
                valid_from=today - dt.timedelta(days=200),
                valid_to=today + dt.timedelta(days=365),
                upload=SimpleUploadedFile("授权委托书.pdf", SIGNED, content_type="application/pdf"),
                actor=manager,  # type: ignore[arg-type]
            )
        for pref in _preferences(account, month, rng):
            key = f"schedule:{pref.pk}:{month:%Y-%m}"
            # E-mails wait for the scheduler (the demo prints them); SMS links and
            # print jobs are done now, so the delivery log has a history to show.
            delivery = delivery_prepare(subscription=pref, month=month, key=key)
            if delivery is None:
                continue
            prepared += 1
            if delivery.channel != "email":
                sent += delivery_send(delivery_id=delivery.pk)
    return _(
        "Statements: %(customers)s customers with authorisations and preferences; "
        "%(prepared)s deliveries prepared, %(sent)s sent."
    ) % {"customers": len(seen), "prepared": prepared, "sent": sent}
