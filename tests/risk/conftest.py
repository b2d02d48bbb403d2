"""Risk fixtures. Time is frozen on Wednesday 25 November 2026, 10:00 in Shanghai."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def warehouse(settings, tmp_path):
    """Each test its own (empty unless it writes one) warehouse: the nightly run reads
    the daily usage files."""
    settings.WAREHOUSE_DIR = tmp_path / "warehouse"
    settings.ANALYTICS_ENGINE = "duckdb"
    return settings.WAREHOUSE_DIR


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
