"""Tariffs on sale before launch rules existed count as launched, so putting one back on
sale later is a return to sale rather than a first launch."""

import importlib

import pytest
from django.apps import apps

from kamdesk.learning.models import TariffLaunch
from tests.factories import PlanFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("kamdesk.learning.migrations.0002_grades_and_launch_rules")


def test_it_records_the_plans_on_sale_as_launched():
    on_sale = PlanFactory(code="ON1")
    PlanFactory(code="OFF1", is_active=False)
    migration._record_catalogue(apps, None)
    migration._record_catalogue(apps, None)
    assert list(TariffLaunch.objects.values_list("code", "launched_on", "source")) == [
        ("ON1", on_sale.created_at.date(), "catalogue")
    ]
