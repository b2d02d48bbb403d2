"""Making documents: the bill and the itemised statement of a month, in PDF, XLSX or CSV.

Records come from the usage warehouse (``statements.records``), bills from the current
versions of ``usage.Bill``. Each document made is a ``Statement`` row with a number and
a verification code, its file kept in the private storage.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.core.masking import mask_number
from kamdesk.customers.models import Account, Subscriber
from kamdesk.statements import records
from kamdesk.statements.documents import sheets
from kamdesk.statements.documents.bills import FIGURES, BillData, BillPart, bill_revision
from kamdesk.statements.documents.common import Header, Item, item_of
from kamdesk.statements.documents.pdf import bill_pdf, itemised_pdf
from kamdesk.statements.models import Document, Format, Statement
from kamdesk.usage.models import Bill
from kamdesk.users.models import User

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TITLES = {Document.BILL: "月度账单", Document.STATEMENT: "通话详单"}


@dataclass(frozen=True)
class Made:
    """A document's bytes and what it adds up to (not yet stored)."""

    data: bytes
    total_fen: int
    records: int
    bill_version: int | None = None
    replaces_version: int | None = None
    revision: str = ""  # of a bill: which versions of its rows it shows


def operator_name() -> str:
    return str(getattr(settings, "KAM_OPERATOR_NAME", "") or "中国移动通信集团")


def verify_url() -> str:
    from kamdesk.notifications.services import site_url

    return site_url(reverse("statements:verify"))


def new_number(month: dt.date) -> str:
    return f"KS{month:%Y%m}{secrets.randbelow(10**10):010d}"


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))


def header_for(
    *,
    document: str,
    account: Account,
    subscriber: Subscriber | None,
    month: dt.date,
    number: str,
    code: str,
    full_numbers: bool,
    prepared_for: str,
    replaces: Statement | None = None,
) -> Header:
    lines = [("客户", account.customer.name), ("账户", f"{account.name}（{account.code}）")]
    if subscriber is not None:
        shown = subscriber.number if full_numbers else mask_number(subscriber.number)
        lines.append(("号码", shown))
    lines += [("账期", f"{month.year}年{month.month}月"), ("收件人", prepared_for)]
    lines.append(("生成时间", f"{timezone.localtime():%Y-%m-%d %H:%M}"))
    if replaces is not None:  # a corrected bill names the document it replaces
        lines.append(("更正并取代", f"{replaces.number}（{replaces.created_at:%Y-%m-%d}）"))
    return Header(
        operator_name=operator_name(),
        title=TITLES[Document(document)],
        number=number,
        verification_code=code,
        verify_url=verify_url(),
        lines=lines,
        logo_path=str(getattr(settings, "KAM_STATEMENT_LOGO", "") or ""),
    )


def _items(subscriber: Subscriber, month: dt.date, full_numbers: bool) -> tuple[list[Item], int]:
    rows = records.subscriber_records(subscriber_pk=subscriber.pk, month=month)
    return [item_of(row, full_numbers=full_numbers) for row in rows], len(rows)


def make_itemised(
    *, header: Header, subscriber: Subscriber, month: dt.date, fmt: str, full_numbers: bool
) -> Made:
    items, count = _items(subscriber, month, full_numbers)
    total = sum(item.charge_fen for item in items)
    if fmt == Format.PDF:
        data, summary = itemised_pdf(header=header, items=items, count=count)
        total = summary.charge_fen
    elif fmt == Format.XLSX:
        data = sheets.to_xlsx(sheets.itemised_rows(header, items))
    else:
        data = sheets.to_csv(sheets.itemised_rows(header, items))
    return Made(data=data, total_fen=total, records=count)


def bill_data(
    *, account: Account, subscriber: Subscriber | None, month: dt.date, full_numbers: bool
) -> BillData:
    """The current version of every bill row of the account (or one subscriber) and month."""
    bills = Bill.objects.filter(account=account, month=month, is_current=True)
    if subscriber is not None:
        bills = bills.filter(subscriber=subscriber)
    parts = []
    for bill in bills.select_related("subscriber").order_by("subscriber__number", "bill_id"):
        if bill.subscriber is None:
            label = "账户级费用"
        else:
            number = bill.subscriber.number
            label = number if full_numbers else mask_number(number)
        figures = {name: int(getattr(bill, name)) for name in FIGURES}
        parts.append(
            BillPart(bill_id=bill.bill_id, version=bill.version, label=label, figures=figures)
        )
    return BillData(parts=parts)


def current_bill_revision(
    *, account: Account, subscriber: Subscriber | None, month: dt.date
) -> str:
    """The revision of the account's (or subscriber's) bill of ``month`` as billing has it
    now ("" when there is none)."""
    bills = Bill.objects.filter(account=account, month=month, is_current=True)
    if subscriber is not None:
        bills = bills.filter(subscriber=subscriber)
    versions = list(bills.values_list("bill_id", "version"))
    return bill_revision(versions) if versions else ""


def make_bill(
    *,
    header: Header,
    account: Account,
    subscriber: Subscriber | None,
    month: dt.date,
    fmt: str,
    full_numbers: bool,
) -> Made:
    bill = bill_data(account=account, subscriber=subscriber, month=month, full_numbers=full_numbers)
    if not bill.parts:
        raise ValidationFailed({"month": [_("There is no bill for this month.")]})
    if fmt == Format.PDF:
        data = bill_pdf(header=header, bill=bill)
    elif fmt == Format.XLSX:
        data = sheets.to_xlsx(sheets.bill_rows(header, bill), title="账单")
    else:
        data = sheets.to_csv(sheets.bill_rows(header, bill))
    version = max(p.version for p in bill.parts)
    return Made(
        data=data,
        total_fen=bill.total_fen,
        records=len(bill.parts),
        bill_version=version,
        replaces_version=version - 1 if version > 1 else None,
        revision=bill.revision,
    )


def _check_format(fmt: str) -> None:
    if fmt not in (Format.PDF, Format.XLSX, Format.CSV):
        raise ValidationFailed({"format": [_("Choose PDF, XLSX or CSV.")]})


def make(
    *,
    document: str,
    account: Account,
    subscriber: Subscriber | None,
    month: dt.date,
    fmt: str,
    full_numbers: bool,
    prepared_for: str,
    number: str = "",
    code: str = "",
    replaces: Statement | None = None,
) -> tuple[Made, str, str]:
    """Make (not store) one document; returns it with its number and code."""
    _check_format(fmt)
    if document == Document.STATEMENT and subscriber is None:
        raise ValidationFailed({"subscriber": [_("An itemised statement is per subscriber.")]})
    number, code = number or new_number(month), code or new_code()
    header = header_for(
        document=document,
        account=account,
        subscriber=subscriber,
        month=month,
        number=number,
        code=code,
        full_numbers=full_numbers,
        prepared_for=prepared_for,
        replaces=replaces,
    )
    if document == Document.STATEMENT:
        assert subscriber is not None
        made = make_itemised(
            header=header, subscriber=subscriber, month=month, fmt=fmt, full_numbers=full_numbers
        )
    else:
        made = make_bill(
            header=header,
            account=account,
            subscriber=subscriber,
            month=month,
            fmt=fmt,
            full_numbers=full_numbers,
        )
    return made, number, code


def store_bytes(data: bytes, *, month: dt.date, suffix: str) -> str:
    path = f"statements/{month:%Y-%m}/{uuid.uuid4().hex}.{suffix}"
    return default_storage.save(path, ContentFile(data))


def statement_record(
    *,
    made: Made,
    number: str,
    code: str,
    document: str,
    fmt: str,
    account: Account,
    subscriber: Subscriber | None,
    month: dt.date,
    full_numbers: bool,
    prepared_for: str,
    actor: User | None,
    replaces: Statement | None = None,
) -> Statement:
    """Keep a made document: its file in the private storage and its row, audited."""
    path = store_bytes(made.data, month=month, suffix=fmt)
    with transaction.atomic():
        row = Statement.objects.create(
            number=number,
            verification_code=code,
            document=document,
            format=fmt,
            customer=account.customer,
            account=account,
            subscriber=subscriber,
            month=month,
            total_fen=made.total_fen,
            records=made.records,
            bill_version=made.bill_version,
            replaces_version=made.replaces_version,
            replaces=replaces,
            bill_revision=made.revision,
            full_numbers=full_numbers,
            recipient_label=prepared_for[:200],
            path=path,
            sha256=hashlib.sha256(made.data).hexdigest(),
            size=len(made.data),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action=f"{document}.generated" if document == Document.BILL else "statement.generated",
            target=row,
            customer_id=account.customer_id,
            extra={"month": f"{month:%Y-%m}", "format": fmt, "full_numbers": full_numbers},
        )
    return row


def statement_generate(
    *,
    document: str,
    account: Account,
    subscriber: Subscriber | None,
    month: dt.date,
    fmt: str,
    full_numbers: bool,
    prepared_for: str,
    actor: User | None,
    replaces: Statement | None = None,
) -> Statement:
    """Make and keep one document (entitlement decided by the caller); ``replaces``: the
    earlier document a corrected bill replaces (named on it)."""
    for _attempt in range(3):
        made, number, code = make(
            document=document,
            account=account,
            subscriber=subscriber,
            month=month,
            fmt=fmt,
            full_numbers=full_numbers,
            prepared_for=prepared_for,
            replaces=replaces,
        )
        try:
            return statement_record(
                made=made,
                number=number,
                code=code,
                document=document,
                fmt=fmt,
                account=account,
                subscriber=subscriber,
                month=month,
                full_numbers=full_numbers,
                prepared_for=prepared_for,
                actor=actor,
                replaces=replaces,
            )
        except IntegrityError:  # a number drawn twice: draw again
            continue
    raise RuntimeError("could not draw a unique statement number")


def statement_bytes(statement: Statement) -> bytes:
    with default_storage.open(statement.path, "rb") as handle:
        return handle.read()


def statement_open(statement: Statement) -> File:
    """The stored file, open for reading (a ``FileResponse`` closes it)."""
    return default_storage.open(statement.path, "rb")


def statement_verify(*, number: str, code: str) -> Statement | None:
    """The statement if ``number`` and ``code`` match one (a public check: nothing more)."""
    number, code = number.strip().upper(), code.strip().upper()
    if not number or not code:
        return None
    row = Statement.objects.filter(number=number).first()
    if row is None or not secrets.compare_digest(row.verification_code, code):
        return None
    return row
