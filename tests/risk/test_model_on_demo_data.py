"""On the demo data (the province and the usage warehouse the demo builds), a model
trained on the earlier months is measured on the last ones at one manager's weekly
visit capacity, and the cause the generator planted in the customers it declined
(falling usage, calls to competitors' service numbers, downgrades, port-out requests)
is among their top reasons."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from kamdesk.customers.models import Customer, CustomerStatus
from kamdesk.risk.features import features_at
from kamdesk.risk.history import panel_load
from kamdesk.risk.services.modelling import model_active, model_train_history

pytestmark = pytest.mark.django_db
SEED = 20261128
TODAY = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)
PLANTED = {
    "spend_change",
    "spend_trend",
    "voice_change",
    "data_change",
    "sms_change",
    "competitor_calls_3m",
    "downgrades_3m",
    "port_out_3m",
    "services_removed_3m",
}


@pytest.fixture
def demo(settings, tmp_path, monkeypatch):
    from kamdesk.customers.demo import demo_load
    from kamdesk.usage import demo as usage_demo

    settings.VAR_DIR = tmp_path
    settings.WAREHOUSE_DIR = tmp_path / "warehouse"
    settings.ANALYTICS_ENGINE = "duckdb"
    # Fewer itemised records than `kam demo` makes: the monthly aggregates keep their shape.
    monkeypatch.setattr(usage_demo, "TARGET_RECORDS", 300_000)
    with time_machine.travel(TODAY, tick=False):
        demo_load(seed=SEED, scale=0.2)
        usage_demo.usage_demo_load(seed=SEED, today=TODAY.date())
        yield


def test_it_measures_capacity_precision_and_finds_the_planted_cause(demo):
    with time_machine.travel(TODAY, tick=False):
        version = model_train_history(test_months=2)
    m = version.metrics
    assert m["capacity"] == 20  # 4 visits a day, 5 days
    assert 0 < m["manager_recall_at_capacity"] <= 1 and 0 < m["manager_precision_at_capacity"] <= 1
    assert m["precision_at_capacity"] > m["positives"] / m["rows"]  # better than visiting at random
    assert m["auc"] > 0.6 and not m["leakage_alarm"]

    declined = list(
        Customer.objects.filter(status=CustomerStatus.AT_RISK).values_list("pk", flat=True)
    )
    panel = panel_load()
    assert panel is not None and declined
    frame = features_at(panel, len(panel.months) - 1)
    _row, model = model_active()  # type: ignore[misc]
    reasons = model.explain(frame.loc[frame.index.intersection(declined)], top=3)
    found = [bool(PLANTED & {r.feature for r in rs}) for rs in reasons]
    assert sum(found) >= len(found) / 2, reasons
