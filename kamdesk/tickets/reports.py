"""SLA reports: compliance by department, category, grade and month; median and 90th
percentile resolution time; satisfaction. Computed over the requests in the reader's
scope that were resolved in the period, and exported as a spreadsheet."""

from __future__ import annotations

import datetime as dt
import io
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kamdesk.audit.watermark import Watermark, watermark_workbook
from kamdesk.tickets.models import Step, StepStatus, Survey, SurveyStatus
from kamdesk.tickets.selectors import tickets_visible_to
from kamdesk.users.models import User


@dataclass(frozen=True)
class Row:
    label: str
    resolved: int
    met: int
    median_hours: float | None
    p90_hours: float | None

    @property
    def compliance(self) -> float | None:
        return round(100 * self.met / self.resolved, 1) if self.resolved else None


@dataclass(frozen=True)
class Satisfaction:
    sent: int
    answered: int
    no_response: int
    average: float | None
    by_score: dict[int, int]

    @property
    def response_rate(self) -> float | None:
        asked = self.answered + self.no_response
        return round(100 * self.answered / asked, 1) if asked else None


@dataclass(frozen=True)
class Report:
    start: dt.date
    end: dt.date
    total: Row
    by_department: list[Row]
    by_category: list[Row]
    by_grade: list[Row]
    by_month: list[Row]
    satisfaction: Satisfaction


def percentile(values: list[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` 0.9 is p90)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def _row(label: str, items: list[tuple[bool, float]]) -> Row:
    hours = [h for _met, h in items]
    median = round(statistics.median(hours), 1) if hours else None
    p90 = percentile(hours, 0.9)
    return Row(
        label,
        len(items),
        sum(1 for met, _h in items if met),
        median,
        round(p90, 1) if p90 is not None else None,
    )


def _rows(groups: dict[str, list[tuple[bool, float]]]) -> list[Row]:
    return [_row(label, items) for label, items in sorted(groups.items())]


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return (
        dt.datetime.combine(start, dt.time(), tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=tz),
    )


def sla_report(*, user: User, start: dt.date, end: dt.date) -> Report:
    lo, hi = _bounds(start, end)
    tickets = tickets_visible_to(user=user).filter(resolved_at__gte=lo, resolved_at__lt=hi)
    rows = tickets.values_list(
        "opened_at", "resolved_at", "sla_met", "category__name", "customer__grade__name"
    )
    by: dict[str, dict[str, list[tuple[bool, float]]]] = {
        "category": defaultdict(list),
        "grade": defaultdict(list),
        "month": defaultdict(list),
    }
    every: list[tuple[bool, float]] = []
    for opened, resolved, met, category, grade in rows.iterator(chunk_size=2000):
        assert resolved is not None  # filtered on resolved_at above
        item = (bool(met), (resolved - opened).total_seconds() / 3600)
        every.append(item)
        by["category"][category].append(item)
        by["grade"][grade].append(item)
        by["month"][timezone.localtime(resolved).strftime("%Y-%m")].append(item)
    return Report(
        start,
        end,
        _row(_("All requests"), every),
        _departments(user, lo, hi),
        _rows(by["category"]),
        _rows(by["grade"]),
        _rows(by["month"]),
        _satisfaction(user, lo, hi),
    )


def _departments(user: User, lo: dt.datetime, hi: dt.datetime) -> list[Row]:
    steps = Step.objects.filter(
        ticket__in=tickets_visible_to(user=user).values("pk"),
        status=StepStatus.DONE,
        handed_back_at__gte=lo,
        handed_back_at__lt=hi,
    ).values_list("opened_at", "handed_back_at", "sla_met", "department__name")
    groups: dict[str, list[tuple[bool, float]]] = defaultdict(list)
    for opened, back, met, name in steps.iterator(chunk_size=2000):
        assert opened is not None and back is not None  # a handed-back step was opened
        groups[name].append((bool(met), (back - opened).total_seconds() / 3600))
    return _rows(groups)


def _satisfaction(user: User, lo: dt.datetime, hi: dt.datetime) -> Satisfaction:
    surveys = Survey.objects.filter(
        ticket__in=tickets_visible_to(user=user).values("pk"), sent_at__gte=lo, sent_at__lt=hi
    ).exclude(status=SurveyStatus.NOT_SENT)
    counts: dict[str, int] = defaultdict(int)
    scores: list[int] = []
    for status, score in surveys.values_list("status", "score"):
        counts[status] += 1
        if score is not None and status == SurveyStatus.ANSWERED:
            scores.append(score)
    by_score = {s: scores.count(s) for s in range(5, 0, -1)}
    average = round(sum(scores) / len(scores), 2) if scores else None
    return Satisfaction(
        sum(counts.values()),
        counts[SurveyStatus.ANSWERED],
        counts[SurveyStatus.NO_RESPONSE],
        average,
        by_score,
    )


# --- the spreadsheet ------------------------------------------------------------------------


def _sheet(book: Workbook, title: str, first: str, rows: Iterable[Row]) -> None:
    sheet = book.create_sheet(title[:31])
    sheet.append(
        [
            first,
            _("Resolved"),
            _("Within SLA"),
            _("Compliance %"),
            _("Median hours"),
            _("P90 hours"),
        ]
    )
    for row in rows:
        sheet.append(
            [row.label, row.resolved, row.met, row.compliance, row.median_hours, row.p90_hours]
        )


def report_xlsx(report: Report, mark: Watermark | None = None) -> bytes:
    book = Workbook()
    summary = book.active
    summary.title = _("Summary")[:31]
    s = report.satisfaction
    for label, value in [
        (_("From"), report.start.isoformat()),
        (_("To"), report.end.isoformat()),
        (_("Resolved"), report.total.resolved),
        (_("Compliance %"), report.total.compliance),
        (_("Median hours"), report.total.median_hours),
        (_("P90 hours"), report.total.p90_hours),
        (_("Surveys sent"), s.sent),
        (_("Answered"), s.answered),
        (_("No response"), s.no_response),
        (_("Average score"), s.average),
    ]:
        summary.append([label, value])
    _sheet(book, _("Departments"), _("Department"), report.by_department)
    _sheet(book, _("Categories"), _("Category"), report.by_category)
    _sheet(book, _("Grades"), _("Grade"), report.by_grade)
    _sheet(book, _("Months"), _("Month"), report.by_month)
    if mark is not None:
        summary.append([_("Watermark"), mark.text])
        watermark_workbook(book, mark)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


__all__ = ["Q", "Report", "report_xlsx", "sla_report"]
