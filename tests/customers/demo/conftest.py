"""The demo province at 5% scale, loaded on a fixed day (it builds dates around today)."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from kamdesk.customers.models import Contact, Customer, Subscriber

# Monday 16 March 2026, 10:00 in Asia/Shanghai.
FROZEN = dt.datetime(2026, 3, 16, 2, 0, tzinfo=dt.UTC)
SCALE = "0.05"


def run_demo(*args: str) -> str:
    """Run ``kam demo`` at small scale; its output in English, whatever the translations."""
    out = StringIO()
    with translation.override("en"):
        call_command("demo", "--scale", SCALE, "--without-requests", *args, stdout=out)
    return out.getvalue()


def demo_digest() -> str:
    """A digest of what must come out the same for the same seed: codes, names, numbers."""
    parts = [f"{c}|{n}" for c, n in Customer.objects.order_by("code").values_list("code", "name")]
    parts += [
        f"{s}|{n}"
        for s, n in Subscriber.objects.order_by("subscriber_id").values_list(
            "subscriber_id", "number"
        )
    ]
    parts += [f"{n}|{p}" for n, p in Contact.objects.order_by("pk").values_list("name", "phone")]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(FROZEN, tick=False)
    return FROZEN


@pytest.fixture
def demo(db, frozen) -> str:
    """Load the small demo; returns what the command printed."""
    return run_demo()
