"""Add-on packages of the tariff catalogue, with the plans they can be ordered with."""

from decimal import Decimal

import pytest

from kamdesk.audit.models import AuditEvent
from kamdesk.customers.launches import tariffs_launched
from kamdesk.customers.models import TariffAddon
from tests.customers.imports.helpers import run_import, run_import_refused, write_csv
from tests.customers.imports.test_plans_import import HEADER as PLAN_HEADER
from tests.customers.imports.test_plans_import import plan_row

pytestmark = pytest.mark.django_db

HEADER = [
    "addon_code",
    "name",
    "filing_number",
    "monthly_fee",
    "voice_minutes",
    "data_mb",
    "plan_codes",
]


def addon_row(code: str, **changes: str) -> dict[str, str]:
    return {
        "addon_code": code,
        "name": "流量包10GB",
        "filing_number": "24JS200456",
        "monthly_fee": "30",
        "voice_minutes": "0",
        "data_mb": "10240",
        "plan_codes": "P128;P58",
    } | changes


@pytest.fixture
def plans(tmp_path):
    path = write_csv(tmp_path / "plans.csv", PLAN_HEADER, [plan_row("P128"), plan_row("P58")])
    run_import("plans", path)


@pytest.fixture
def launches():
    received = []

    def receive(sender, launches, **kwargs):
        received.extend(launches)

    tariffs_launched.connect(receive)
    yield received
    tariffs_launched.disconnect(receive)


def test_it_imports_add_ons_with_their_plans_and_announces_the_new_ones(tmp_path, plans, launches):
    path = write_csv(
        tmp_path / "addons.csv",
        HEADER,
        [
            addon_row("ADD10G"),
            addon_row(
                "ADD-V300",
                name="语音包300分钟",
                monthly_fee="¥19.9",
                voice_minutes="300",
                data_mb="",
                plan_codes="P128",
            ),
        ],
    )

    out, _ = run_import("addons", path)

    assert "addons: 2 created, 0 updated, 0 unchanged" in out
    data = TariffAddon.objects.get(code="ADD10G")
    assert (data.monthly_fee, data.data_mb, data.filing_number) == (
        Decimal("30.00"),
        10240,
        "24JS200456",
    )
    assert sorted(data.plans.values_list("code", flat=True)) == ["P128", "P58"]
    voice = TariffAddon.objects.get(code="ADD-V300")
    assert (voice.monthly_fee, voice.voice_minutes, voice.data_mb) == (Decimal("19.90"), 300, 0)
    assert list(voice.plans.values_list("code", flat=True)) == ["P128"]
    assert [(x.kind, x.code, x.created) for x in launches] == [
        ("addon", "ADD10G", True),
        ("addon", "ADD-V300", True),
    ]


def test_it_changes_nothing_on_a_second_import_and_audits_a_new_plan_list(
    tmp_path, plans, launches
):
    path = write_csv(tmp_path / "addons.csv", HEADER, [addon_row("ADD10G")])
    run_import("addons", path)
    launches.clear()
    out, _ = run_import("addons", path)
    assert "addons: 0 created, 0 updated, 1 unchanged" in out

    write_csv(path, HEADER, [addon_row("ADD10G", plan_codes="P58")])
    out, _ = run_import("addons", path)

    assert "addons: 0 created, 1 updated, 0 unchanged" in out
    addon = TariffAddon.objects.get(code="ADD10G")
    assert list(addon.plans.values_list("code", flat=True)) == ["P58"]
    event = AuditEvent.objects.get(action="addon.imported_update")
    assert event.extra["changed"] == ["plans"]
    assert launches == []


def test_it_keeps_the_plans_when_the_column_is_absent_and_clears_them_when_empty(tmp_path, plans):
    path = write_csv(tmp_path / "addons.csv", HEADER, [addon_row("ADD10G")])
    run_import("addons", path)
    without = write_csv(
        tmp_path / "fees.csv",
        ["addon_code", "monthly_fee"],
        [{"addon_code": "ADD10G", "monthly_fee": "25"}],
    )
    run_import("addons", without)
    addon = TariffAddon.objects.get(code="ADD10G")
    assert addon.monthly_fee == Decimal("25.00")
    assert addon.plans.count() == 2

    write_csv(path, HEADER, [addon_row("ADD10G", plan_codes="")])
    run_import("addons", path)
    assert addon.plans.count() == 0


def test_it_reports_unknown_plans_and_bad_fees_and_writes_nothing(tmp_path, plans, launches):
    path = write_csv(
        tmp_path / "addons.csv",
        HEADER,
        [
            addon_row("ADD10G"),
            addon_row("ADD20G", plan_codes="P128;P999"),
            addon_row("ADD30G", monthly_fee="-1", data_mb="lots"),
        ],
    )

    lines = run_import_refused("addons", path).splitlines()

    assert lines == [
        "line 3, column plan_codes: No plan with code P999.",
        "line 4, column monthly_fee: Cannot be negative.",
        "line 4, column data_mb: Enter a whole number.",
    ]
    assert not TariffAddon.objects.exists()
    assert launches == []
