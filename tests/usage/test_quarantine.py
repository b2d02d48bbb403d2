"""A file with bad rows quarantines exactly those rows and reports them; unusual but
valid peers (short codes, 95xxx, 400, international) are kept."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from kamdesk.usage.models import Ingestion, SubscriberMonth
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db


def _row(record_id, **changes):
    row = {
        "record_id": record_id,
        "number": "13800000001",
        "service": "voice",
        "direction": "out",
        "start_time": "2026-09-10 10:00:00",
        "duration_s": "60",
        "volume_kb": "0",
        "peer": "13912345678",
        "peer_operator": "",
        "roaming": "none",
        "charge": "0.10",
    }
    row.update(changes)
    return row


GOOD = [
    _row("G1", peer="600123"),  # short number of a closed user group
    _row("G2", peer="95588"),  # bank service number
    _row("G3", peer="4008123123"),  # 400 number
    _row("G4", peer="+85291234567"),  # international
    _row("G5", peer="0085291234567"),
    _row("G6", peer="025-8456 1234"),  # fixed line as dialled
    _row("G7", service="data", direction="", peer="cmnet", volume_kb="2048"),
    _row("G8", start_time="2026-09-10T02:00:00Z"),  # ISO with an offset: 10:00 local
    _row("G9", service="sms", duration_s="", peer="10086"),
    _row("G10", peer_operator="中国联通"),
]
BAD = {
    "B1": _row("B1", number="12345"),
    "B2": _row("B2", service="fax"),
    "B3": _row("B3", start_time="2026-02-30 10:00:00"),
    "B4": _row("B4", charge="-1.00"),
    "B5": _row("B5", charge="0.105"),
    "B6": _row("B6", peer="call me"),
    "B7": _row("B7", number="13999999999"),  # nobody holds this number
    "B8": _row("B8", duration_s="abc", roaming="moon"),
    "B9": _row("B9", start_time="2035-01-01 00:00:00"),
}


def test_it_quarantines_exactly_the_bad_rows_and_reports_why(warehouse, group, tmp_path):
    rows = [GOOD[0], BAD["B1"], *GOOD[1:5], BAD["B2"], BAD["B3"], *GOOD[5:], *BAD.values()]
    rows = list({r["record_id"]: r for r in rows}.values())
    path = write_csv(tmp_path / "cdr-with-errors.csv", rows)

    call_command("ingest", "cdr", str(path), stdout=StringIO())

    ingestion = Ingestion.objects.get()
    assert (ingestion.rows_total, ingestion.rows_good, ingestion.rows_quarantined) == (
        len(rows),
        len(GOOD),
        len(BAD),
    )
    with open(ingestion.quarantine_path, encoding="utf-8") as handle:
        quarantined = list(csv.DictReader(handle))
    assert sorted(r["record_id"] for r in quarantined) == sorted(BAD)
    line_of = {r["record_id"]: i for i, r in enumerate(rows, start=2)}
    assert {r["record_id"]: int(r["row"]) for r in quarantined} == {k: line_of[k] for k in BAD}
    with open(ingestion.report_path, encoding="utf-8") as handle:
        report = {(int(r["row"]), r["column"], r["code"]) for r in csv.DictReader(handle)}
    assert (line_of["B1"], "number", "not_mobile") in report
    assert (line_of["B3"], "start_time", "not_a_time") in report
    assert (line_of["B4"], "charge", "negative_charge") in report
    assert (line_of["B5"], "charge", "too_many_decimals") in report
    assert (line_of["B6"], "peer", "not_dialable") in report
    assert (line_of["B7"], "number", "no_subscriber") in report
    assert (line_of["B8"], "duration_s", "not_whole_number") in report
    assert (line_of["B8"], "roaming", "unknown_roaming") in report
    assert (line_of["B9"], "start_time", "in_future") in report
    stored = SubscriberMonth.objects.get()
    assert stored.total_fen == 10 * len(GOOD)
    assert stored.calls_unicom == 1 + 0  # the explicit 中国联通; 13912345678 is China Mobile
