"""A ``kam demo`` that stops after the province (a loader fails, or the run is cut off)
leaves no half-loaded capability, and the next run loads only what is missing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from kamdesk.audit.models import AuditEvent
from kamdesk.users.models import Department
from tests.customers.demo import stages
from tests.customers.demo.conftest import SCALE

STEADY = "tests.customers.demo.stages.steady_stage"
FLAKY = "tests.customers.demo.stages.flaky_stage"


def _demo() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("demo", "--scale", SCALE, stdout=out)
    return out.getvalue()


@pytest.fixture
def two_stages(monkeypatch):
    from kamdesk.home.management.commands import demo

    monkeypatch.setattr(demo, "DEMO_STAGES", (STEADY, FLAKY))
    monkeypatch.setitem(stages.FAILURES, "left", 1)


def test_an_interrupted_demo_is_finished_by_the_next_run(db, frozen, two_stages):
    with pytest.raises(RuntimeError):
        _demo()
    # The province and the first stage are in; the failed stage left nothing.
    assert Department.objects.filter(code="demo-steady").count() == 1
    assert not Department.objects.filter(code="demo-flaky").exists()

    output = _demo()
    assert "loading what an earlier run did not finish" in output
    assert "flaky stage loaded" in output and "steady stage loaded" not in output
    assert Department.objects.filter(code__in=["demo-steady", "demo-flaky"]).count() == 2
    done = AuditEvent.objects.filter(action="demo.stage_loaded")
    assert sorted(done.values_list("extra__stage", flat=True)) == sorted([STEADY, FLAKY])

    assert "nothing was changed" in _demo()
    assert Department.objects.filter(code__in=["demo-steady", "demo-flaky"]).count() == 2


def test_a_province_loaded_before_stages_were_recorded_is_left_alone(db, frozen, two_stages):
    call_command("demo", "--scale", SCALE, "--without-requests", stdout=StringIO())
    marker = AuditEvent.objects.get(action="demo.loaded")
    AuditEvent.objects.filter(pk=marker.pk).update(
        extra={k: v for k, v in marker.extra.items() if k != "stages"}
    )
    assert "nothing was changed" in _demo()
    assert not Department.objects.filter(code__startswith="demo-").exists()
