"""Certified managers (%), from the learning app (issue 12), which defines the KPI."""

from kamdesk.learning.kpis import KPIS  # noqa: F401
