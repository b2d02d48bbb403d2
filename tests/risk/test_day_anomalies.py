"""The nightly run judges yesterday against the same weekday of the weeks before, from the
daily files of the usage warehouse: a collapsed Tuesday is flagged in plain Chinese, a
quiet Saturday (quiet every week) is not, and a second run stores nothing twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from kamdesk.risk.models import Anomaly
from kamdesk.risk.services.detect import risk_nightly
from tests.factories import AccountFactory, CustomerFactory, SubscriberFactory
from tests.risk.conftest import NOW
from tests.usage.data import write_csv

pytestmark = pytest.mark.django_db

TUESDAY = dt.date(2026, 11, 24)  # yesterday for NOW (Wednesday 25 November, Shanghai)
SATURDAY = dt.date(2026, 11, 21)
SUNDAY_MORNING = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)  # 10:00 in Shanghai
FIRST = TUESDAY - dt.timedelta(weeks=9)


def _sms(record_id: str, number: str, day: dt.date, minute: int) -> dict[str, str]:
    return {
        "record_id": record_id,
        "number": number,
        "service": "sms",
        "direction": "out",
        "start_time": f"{day:%Y-%m-%d} 10:{minute:02d}:00",
        "duration_s": "0",
        "volume_kb": "0",
        "peer": "13912345678",
        "peer_operator": "",
        "roaming": "none",
        "charge": "1.00",
    }


def _rhythm(day: dt.date) -> int:
    """Busy weekdays (18 to 22 messages), quiet weekends (one or two)."""
    if day.weekday() >= 5:
        return 1 + day.day % 2
    return 18 + day.day % 5


def _records(numbers: dict[str, int], collapse_on: dt.date) -> list[dict[str, str]]:
    rows = []
    for i in range((TUESDAY - FIRST).days + 1):
        day = FIRST + dt.timedelta(days=i)
        for number, collapses in numbers.items():
            count = 3 if collapses and day == collapse_on else _rhythm(day)
            rows += [_sms(f"{number}-{day:%m%d}-{n}", number, day, n) for n in range(count)]
    return rows


@pytest.fixture
def groups(manager, warehouse, tmp_path):
    """Two groups with the same weekly rhythm over nine weeks; the second's Tuesday
    collapses. Ingested as CDRs, so the nightly run reads real daily files."""
    made = []
    for name, number in [("平稳集团", "13800000011"), ("骤降集团", "13800000012")]:
        customer = CustomerFactory(name=name, manager=manager)
        SubscriberFactory(
            customer=customer, account=AccountFactory(customer=customer), number=number
        )
        made.append(customer)
    rows = _records({"13800000011": False, "13800000012": True}, collapse_on=TUESDAY)
    path = write_csv(tmp_path / "cdr.csv", rows)
    call_command("ingest", "cdr", str(path), stdout=StringIO())
    return made


def test_it_flags_the_collapsed_tuesday_in_chinese_and_only_once(groups):
    steady, collapsed = groups

    first = risk_nightly(now=NOW)
    stored = list(Anomaly.objects.filter(day__isnull=False).values_list("id", flat=True))
    second = risk_nightly(now=NOW + dt.timedelta(minutes=5))

    assert first.day_anomalies == 2  # spend and SMS
    assert second.day_anomalies == 0
    assert list(Anomaly.objects.filter(day__isnull=False).values_list("id", flat=True)) == stored
    found = {a.metric: a for a in Anomaly.objects.filter(day=TUESDAY)}
    assert set(found) == {"spend", "sms"}
    assert {a.customer for a in found.values()} == {collapsed}
    spend = found["spend"]
    assert (spend.kind, spend.severity, spend.months, spend.month) == (
        "day_drop",
        "high",
        8,
        dt.date(2026, 11, 1),
    )
    assert spend.current == 3.0 and spend.baseline == 20.0
    assert not Anomaly.objects.filter(customer=steady).exists()


def test_it_words_the_day_on_the_risk_panel(groups, manager):
    _steady, collapsed = groups
    risk_nightly(now=NOW)
    client = Client()
    client.force_login(manager)

    with translation.override("zh-hans"):
        page = client.get(f"/risk/customers/{collapsed.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert page.status_code == 200
    assert "11月24日（星期二）话费较近8个星期二中位数下降 85%" in page.text


def test_it_leaves_a_quiet_saturday_alone(groups):
    result = risk_nightly(now=SUNDAY_MORNING)

    assert result.day_anomalies == 0
    assert not Anomaly.objects.filter(day=SATURDAY).exists()


def test_it_judges_no_day_whose_usage_is_not_loaded_yet(groups):
    """Thursday's run finds nothing for Wednesday (not ingested): it flags no one."""
    result = risk_nightly(now=NOW + dt.timedelta(days=1))

    assert result.day_anomalies == 0
    assert not Anomaly.objects.filter(day=TUESDAY + dt.timedelta(days=1)).exists()
