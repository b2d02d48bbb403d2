"""Risk fixtures. Time is frozen on Wednesday 25 November 2026, 10:00 in Shanghai."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

NOW = dt.datetime(2026, 11, 25, 2, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller
