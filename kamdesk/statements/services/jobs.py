"""Large groups: a summary PDF plus one itemised file per subscriber the recipient is
entitled to (in one ZIP), or one spreadsheet, made in the background with progress.

Records are streamed from the warehouse ordered by subscriber, so memory holds one
subscriber's records at a time (and one write-only spreadsheet).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Account, Contact, Customer, Subscriber
from kamdesk.statements import records
from kamdesk.statements.documents import sheets
from kamdesk.statements.documents.common import Header, item_of, yuan
from kamdesk.statements.documents.pdf import itemised_pdf, lines_pdf
from kamdesk.statements.entitlement import Decision
from kamdesk.statements.models import (
    Channel,
    Delivery,
    Document,
    Format,
    GenerationJob,
    JobStatus,
    Layout,
    RecipientKind,
    Statement,
)
from kamdesk.statements.selectors import subscribers_in_month
from kamdesk.statements.services.documents import header_for, new_code, new_number
from kamdesk.statements.services.rules import Recipient, entitlement, mobile_of
from kamdesk.users.models import User

SHEET_ROWS = 1_000_000  # Excel holds 1,048,576 rows a sheet
SUMMARY_TITLE = "集团通话详单汇总"
SPREADSHEET_SUMMARY_HEADINGS = ["用户号码", "机主", "记录数", "费用(元)", "编号", "校验码"]


def _contact_decisions(
    *, account: Account, contact: Contact, month: dt.date
) -> Iterator[tuple[Subscriber, Decision]]:
    """Each subscriber of the account in ``month`` with whether ``contact`` may receive its
    itemised statement today."""
    recipient = Recipient(kind=RecipientKind.CONTACT, contact=contact)
    today = timezone.localdate()
    for subscriber in subscribers_in_month(account=account, month=month).select_related("account"):
        yield (
            subscriber,
            entitlement(
                document=Document.STATEMENT,
                account=account,
                subscriber=subscriber,
                recipient=recipient,
                day=today,
            ),
        )


def bundle_decision(*, account: Account, contact: Contact, month: dt.date) -> Decision:
    """Whether ``contact`` may receive the account's bundle: entitled to at least one
    subscriber's statement. A refusal gives the rule that refused the first subscriber."""
    refused = None
    for _subscriber, decision in _contact_decisions(account=account, contact=contact, month=month):
        if decision.allowed:
            return decision
        refused = refused or decision
    return refused or Decision(allowed=False, full_numbers=False, reason="no_subscribers")


def entitled_subscribers(*, account: Account, contact: Contact, month: dt.date) -> list[Subscriber]:
    decisions = _contact_decisions(account=account, contact=contact, month=month)
    return [subscriber for subscriber, decision in decisions if decision.allowed]


def job_start(
    *,
    customer: Customer,
    account: Account,
    contact: Contact,
    month: dt.date,
    layout: str,
    file_format: str,
    actor: User | None,
    delivery: Delivery | None = None,
) -> GenerationJob:
    """Start making a large group's statements in the background; with ``delivery`` (the
    schedule's), the bundle is attached to it and sent when done."""
    if account.customer_id != customer.pk or contact.customer_id != customer.pk:
        raise ValidationFailed({"account": [_("No such account of this customer.")]})
    if file_format not in (Format.PDF, Format.XLSX, Format.CSV):
        raise ValidationFailed({"file_format": [_("Choose PDF, XLSX or CSV.")]})
    entitled = entitled_subscribers(account=account, contact=contact, month=month)
    if not entitled:
        raise ValidationFailed(
            {
                "contact": [
                    _("This contact is entitled to no subscriber's statement of this account.")
                ]
            }
        )
    with transaction.atomic():
        job = GenerationJob.objects.create(
            customer=customer,
            account=account,
            contact=contact,
            month=month,
            layout=layout,
            file_format=file_format,
            total=len(entitled),
            delivery=delivery,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="statement.job_started",
            target=job,
            customer_id=customer.pk,
            extra={"subscribers": len(entitled), "month": f"{month:%Y-%m}", "layout": layout},
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from kamdesk.statements.tasks import run_statement_job

    run_statement_job.enqueue(job_id)


def _grouped(subscribers: list[Subscriber], month: dt.date) -> Iterator[tuple[Subscriber, list]]:
    """Each subscriber with their records (possibly none), streamed from the warehouse."""
    by_pk = {s.pk: s for s in subscribers}
    order = sorted(by_pk)
    batches = records.records_in_batches(subscriber_pks=order, month=month)
    index, current = 0, None
    rows: list[tuple] = []
    for batch in batches:
        for row in batch:
            if row[0] != current:
                if current is not None:
                    while order[index] != current:
                        yield by_pk[order[index]], []
                        index += 1
                    yield by_pk[current], rows
                    index += 1
                current, rows = row[0], []
            rows.append(row)
    if current is not None:
        while order[index] != current:
            yield by_pk[order[index]], []
            index += 1
        yield by_pk[current], rows
        index += 1
    for pk in order[index:]:
        yield by_pk[pk], []


def _header(job: GenerationJob, subscriber: Subscriber | None, number: str, code: str) -> Header:
    return header_for(
        document=Document.STATEMENT,
        account=job.account,
        subscriber=subscriber,
        month=job.month,
        number=number,
        code=code,
        full_numbers=True,
        prepared_for=job.contact.name,
    )


def _progress(job: GenerationJob, done: int) -> None:
    step = max(job.total // 100, 1)
    if done % step == 0 or done == job.total:
        GenerationJob.objects.filter(pk=job.pk).update(done=done)


def _per_subscriber(
    job: GenerationJob, subscribers: list[Subscriber], out: Path, bundle_id: tuple[str, str]
) -> list[Statement]:
    made: list[Statement] = []
    summary_lines: list[tuple[str, str, bool]] = [("用户号码", "记录数 / 费用(元)", True)]
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as bundle:
        for done, (subscriber, rows) in enumerate(_grouped(subscribers, job.month), start=1):
            number, code = new_number(job.month), new_code()
            items = [item_of(row, full_numbers=True) for row in rows]
            data, total = _one_file(job, subscriber, number, code, items)
            bundle.writestr(f"{subscriber.number}-{number}.{job.file_format}", data)
            made.append(_row(job, subscriber, number, code, total, len(items), data))
            summary_lines.append((subscriber.number, f"{len(items)} 条  {yuan(total)}", False))
            _progress(job, done)
        grand = sum(s.total_fen for s in made)
        summary_lines.append(("合计", f"{sum(s.records for s in made)} 条  {yuan(grand)}", True))
        summary = lines_pdf(header=_summary_header(job, bundle_id), lines=summary_lines)
        bundle.writestr("00-汇总.pdf", summary)
    return made


def _summary_header(job: GenerationJob, bundle_id: tuple[str, str]) -> Header:
    """The summary carries the bundle's own number and code: it verifies to the total."""
    header = _header(job, None, *bundle_id)
    return Header(**{**header.__dict__, "title": SUMMARY_TITLE})


def _one_file(
    job: GenerationJob, subscriber: Subscriber, number: str, code: str, items: list
) -> tuple[bytes, int]:
    header = _header(job, subscriber, number, code)
    total = sum(i.charge_fen for i in items)
    if job.file_format == Format.PDF:
        data, _summary = itemised_pdf(header=header, items=items, count=len(items))
    elif job.file_format == Format.XLSX:
        data = sheets.to_xlsx(sheets.itemised_rows(header, items))
    else:
        data = sheets.to_csv(sheets.itemised_rows(header, items))
    return data, total


def _row(
    job: GenerationJob,
    subscriber: Subscriber,
    number: str,
    code: str,
    total: int,
    count: int,
    data: bytes,
) -> Statement:
    return Statement(
        number=number,
        verification_code=code,
        document=Document.STATEMENT,
        format=job.file_format,
        customer_id=job.customer_id,
        account_id=job.account_id,
        subscriber=subscriber,
        month=job.month,
        total_fen=total,
        records=count,
        full_numbers=True,
        recipient_label=job.contact.name[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )


def _one_spreadsheet(
    job: GenerationJob, subscribers: list[Subscriber], out: Path, bundle_id: tuple[str, str]
) -> list[Statement]:
    book = Workbook(write_only=True)
    summary = book.create_sheet("汇总")
    detail = book.create_sheet("明细")
    header = _summary_header(job, bundle_id)
    for row in sheets.head_rows(header):
        summary.append(row)
    summary.append([])
    summary.append(SPREADSHEET_SUMMARY_HEADINGS)
    detail.append(["用户号码", *sheets.ITEM_HEADINGS_ROW])
    made, written, sheet_no = [], 0, 1
    for done, (subscriber, rows) in enumerate(_grouped(subscribers, job.month), start=1):
        total = 0
        for index, row in enumerate(rows, start=1):
            if written == SHEET_ROWS:
                sheet_no += 1
                detail = book.create_sheet(f"明细{sheet_no}")
                detail.append(["用户号码", *sheets.ITEM_HEADINGS_ROW])
                written = 0
            item = item_of(row, full_numbers=True)
            detail.append([subscriber.number, *sheets.item_cells(index, item)])
            total += item.charge_fen
            written += 1
        number, code = new_number(job.month), new_code()
        summary.append(
            [subscriber.number, subscriber.holder_name, len(rows), yuan(total), number, code]
        )
        made.append(_row(job, subscriber, number, code, total, len(rows), b""))
        _progress(job, done)
    summary.append(["合计", "", sum(s.records for s in made), yuan(sum(s.total_fen for s in made))])
    book.save(out)
    return made


def job_run(*, job_id: int) -> GenerationJob | None:
    """Make a job's files; safe to run twice (the job is claimed once)."""
    if not GenerationJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING
    ):
        return None
    job = GenerationJob.objects.select_related("account__customer", "contact").get(pk=job_id)
    tmp_dir = Path(settings.VAR_DIR) / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=tmp_dir, suffix=".part")
    os.close(handle)
    bundle_id = (new_number(job.month), new_code())
    try:
        subscribers = entitled_subscribers(
            account=job.account, contact=job.contact, month=job.month
        )
        job.total = len(subscribers)
        GenerationJob.objects.filter(pk=job.pk).update(total=job.total)
        if job.layout == Layout.ONE_SPREADSHEET:
            parts, fmt = _one_spreadsheet(job, subscribers, Path(name), bundle_id), Format.XLSX
        else:
            parts, fmt = _per_subscriber(job, subscribers, Path(name), bundle_id), Format.ZIP
        _finish(job, parts, fmt, Path(name), bundle_id)
    except Exception as exc:
        GenerationJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, error=str(exc)[:300]
        )
        if job.delivery_id is not None:
            from kamdesk.statements.services.delivery import delivery_fail

            delivery_fail(delivery_id=job.delivery_id, error=str(exc))
        raise
    finally:
        Path(name).unlink(missing_ok=True)
    if job.delivery_id is not None:
        from kamdesk.statements.services.delivery import delivery_send

        delivery_send(delivery_id=job.delivery_id)
    job.refresh_from_db()
    return job


def _finish(
    job: GenerationJob, parts: list[Statement], fmt: str, path: Path, bundle_id: tuple[str, str]
) -> None:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    with open(path, "rb") as handle:
        stored = default_storage.save(
            f"statements/{job.month:%Y-%m}/job-{job.pk}.{fmt}", File(handle)
        )
    with transaction.atomic():
        Statement.objects.bulk_create(parts, batch_size=500)
        bundle = Statement.objects.create(
            number=bundle_id[0],
            verification_code=bundle_id[1],
            document=Document.STATEMENT,
            format=fmt,
            customer_id=job.customer_id,
            account_id=job.account_id,
            month=job.month,
            total_fen=sum(p.total_fen for p in parts),
            records=sum(p.records for p in parts),
            full_numbers=True,
            recipient_label=job.contact.name[:200],
            path=stored,
            sha256=digest.hexdigest(),
            size=path.stat().st_size,
            created_by=job.created_by,
        )
        GenerationJob.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE, statement=bundle, done=len(parts)
        )
        if job.delivery_id is not None:  # the schedule's delivery: due now
            Delivery.objects.filter(pk=job.delivery_id, statement__isnull=True).update(
                statement=bundle, next_attempt_at=timezone.now()
            )
        audit_record(
            actor=job.created_by,
            action="statement.generated",
            target=bundle,
            customer_id=job.customer_id,
            extra={"job": job.pk, "subscribers": len(parts), "format": fmt},
        )


def job_send_link(*, job: GenerationJob, actor: User) -> Delivery:
    """Send the job's files to its contact as a one-time download link by SMS."""
    from kamdesk.statements.services.delivery import delivery_send

    if job.statement is None or job.status != JobStatus.DONE:
        raise ValidationFailed({"job": [_("The files are not ready yet.")]})
    mobile = mobile_of(job.contact.phone)
    if not mobile:
        raise ValidationFailed({"contact": [_("The contact has no mobile number.")]})
    delivery = Delivery.objects.create(
        customer_id=job.customer_id,
        statement=job.statement,
        month=job.month,
        channel=Channel.SMS_LINK,
        recipient=mobile,
        recipient_label=job.contact.name[:200],
        phone=mobile,
        dedup_key=f"job:{job.pk}:{timezone.now().timestamp()}",
        next_attempt_at=timezone.now(),
        created_by=actor,
    )
    delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    return delivery
