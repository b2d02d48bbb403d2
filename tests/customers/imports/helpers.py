"""Writing import files and running ``kam import`` in tests."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_resident_id, make_uscc

CUSTOMER_HEADER = [
    "customer_code",
    "kind",
    "parent_code",
    "name",
    "uscc",
    "id_type",
    "id_number",
    "grade",
    "industry",
    "region",
    "district",
    "address",
    "latitude",
    "longitude",
    "credit_tier",
    "manager",
    "backup_manager",
    "status",
]


def group_row(
    code: str,
    seq: int,
    *,
    name: str = "",
    parent: str = "",
    manager: str = "manager_a",
    uscc: str | None = None,
) -> dict[str, str]:
    return {
        "customer_code": code,
        "kind": "group",
        "parent_code": parent,
        "name": name or f"南京恒达科技{seq}有限公司",
        "uscc": make_uscc(seq) if uscc is None else uscc,
        "grade": "A",
        "industry": "信息技术",
        "region": "南京市",
        "district": "鼓楼区",
        "address": "中山路1号",
        "latitude": "32.060255",
        "longitude": "118.796877",
        "credit_tier": "AA",
        "manager": manager,
        "status": "active",
    }


def vip_row(
    code: str,
    seq: int,
    *,
    name: str = "王建国",
    id_number: str | None = None,
    manager: str = "manager_a",
) -> dict[str, str]:
    return {
        "customer_code": code,
        "kind": "individual",
        "name": name,
        "id_type": "resident_id",
        "id_number": make_resident_id(seq) if id_number is None else id_number,
        "grade": "gold",
        "region": "南京市",
        "manager": manager,
    }


def csv_text(header: list[str], rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: row.get(key, "") for key in header})
    return out.getvalue()


def write_csv(
    path: Path, header: list[str], rows: list[dict[str, str]], encoding: str = "utf-8"
) -> Path:
    path.write_bytes(csv_text(header, rows).encode(encoding))
    return path


def run_import(*args: str) -> tuple[str, str]:
    """Run ``kam import`` and return (stdout, stderr); fail the test if it refuses."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import", *[str(a) for a in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_import_refused(*args: str) -> str:
    """Run ``kam import`` expecting it to refuse the file; return what it printed."""
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import", *[str(a) for a in args], stdout=io.StringIO(), stderr=err)
    assert refused.value.returncode == 2
    return err.getvalue()


SUBSCRIBER_HEADER = [
    "subscriber_id",
    "number",
    "valid_from",
    "valid_to",
    "customer_code",
    "account_code",
    "plan_code",
    "status",
    "activated_on",
    "holder_name",
    "user_name",
]


def subscriber_row(
    sid: str,
    number: str,
    valid_from: str,
    valid_to: str = "",
    *,
    customer: str = "G001",
    account: str = "A001",
    plan: str = "",
) -> dict:
    return {
        "subscriber_id": sid,
        "number": number,
        "valid_from": valid_from,
        "valid_to": valid_to,
        "customer_code": customer,
        "account_code": account,
        "plan_code": plan,
        "status": "active",
        "activated_on": valid_from,
        "holder_name": "南京恒达科技有限公司",
        "user_name": "张伟",
    }
