"""Large groups: a background job makes a summary PDF plus one itemised file per
subscriber the recipient is entitled to (or one spreadsheet), with progress."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.storage import default_storage

from kamdesk.core.errors import ValidationFailed
from kamdesk.statements.models import GenerationJob, Statement
from kamdesk.statements.services.documents import statement_verify
from kamdesk.statements.services.jobs import job_run, job_start
from tests.statements.conftest import MONTH
from tests.statements.helpers import csv_rows, fen, item_total, pdf_text, sheet_rows

pytestmark = pytest.mark.django_db


def _start(group, manager, layout, file_format="csv"):
    return job_start(
        customer=group.customer,
        account=group.group_account,
        contact=group.contact,
        month=MONTH,
        layout=layout,
        file_format=file_format,
        actor=manager,
    )


def _bundle(job: GenerationJob) -> bytes:
    with default_storage.open(job.statement.path, "rb") as handle:
        return handle.read()


def test_it_makes_a_summary_and_one_file_per_entitled_subscriber(
    group, authorisation, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(group, manager, "per_subscriber")
    job.refresh_from_db()
    assert job.status == "done" and (job.done, job.total, job.percent) == (3, 3, 100)
    bundle = zipfile.ZipFile(io.BytesIO(_bundle(job)))
    names = sorted(bundle.namelist())
    assert names[0] == "00-汇总.pdf"
    assert len(names) == 4 and not any("13800000009" in n for n in names)  # self-paid left out
    for subscriber in group.members:
        (name,) = [n for n in names if n.startswith(subscriber.number)]
        assert item_total(csv_rows(bundle.read(name))) == group.expected(subscriber)
    expected_total = sum(group.expected(s)[1] for s in group.members)
    assert job.statement.total_fen == expected_total
    summary = pdf_text(bundle.read("00-汇总.pdf"))
    assert "集团通话详单汇总" in summary and "合计" in summary
    # The summary carries the bundle's own number and code, which verify to its total.
    assert job.statement.number in summary and job.statement.verification_code in summary
    verified = statement_verify(number=job.statement.number, code=job.statement.verification_code)
    assert verified == job.statement
    per_file = Statement.objects.filter(subscriber__in=group.members, format="csv")
    assert per_file.count() == 3  # each file has its own number and code to verify


def test_it_makes_one_spreadsheet_when_chosen(group, authorisation, manager):
    job = _start(group, manager, "one_spreadsheet")
    job = job_run(job_id=job.pk)
    assert job.statement.format == "xlsx"
    rows = sheet_rows(_bundle(job))  # the summary sheet first
    assert ["编号", job.statement.number] == list(rows[1][:2])
    start = next(i for i, r in enumerate(rows) if r and r[0] == "用户号码") + 1
    by_number = {r[0]: r for r in rows[start:] if r and r[0] != "合计"}
    assert set(by_number) == {s.number for s in group.members}
    for subscriber in group.members:  # each subscriber's part verifies to its own total
        _n, _holder, records, total, number, code = by_number[subscriber.number][:6]
        assert (records, fen(total)) == group.expected(subscriber)
        assert statement_verify(number=number, code=code).subscriber == subscriber
    assert job_run(job_id=job.pk) is None  # a second run does nothing


def test_it_refuses_a_job_for_a_contact_entitled_to_nothing(group, manager):
    with pytest.raises(ValidationFailed) as caught:
        _start(group, manager, "per_subscriber")  # no authorisation on file
    assert "contact" in caught.value.errors
