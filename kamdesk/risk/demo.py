"""The demo's early warning, built on the usage history the usage demo ingested: a churn
model trained on the earlier months, tonight's run (anomalies, scores, alerts with their
mandatory retention visits), a churn-care programme with its control group, and a few
alerts already closed — one saved, one lost to a competitor (on the win-back list).

With less data (no usage demo, too few months) it does what it can and says so.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.core.errors import ValidationFailed
from kamdesk.risk.models import AlertStatus, Programme, RiskAlert
from kamdesk.risk.services.alerts import alert_close
from kamdesk.risk.services.detect import risk_nightly
from kamdesk.risk.services.modelling import model_train_history
from kamdesk.risk.services.programme import programme_create
from kamdesk.usage.models import CustomerMonth
from kamdesk.users.models import Role, User

log = logging.getLogger(__name__)


def _close_some(now: dt.datetime) -> int:
    """Close two alerts whose retention visits the demo completes: one saved, one lost."""
    from kamdesk.visits.models import Visit
    from kamdesk.visits.services.record import visit_complete, visit_record_save

    closed = 0
    plans = [
        ("retained", "", ""),
        ("lost", "telecom", _("A cheaper dedicated line offered by the competitor")),
    ]
    for alert, (outcome, competitor, reason) in zip(
        RiskAlert.objects.filter(
            status=AlertStatus.OPEN, visit_id__isnull=False, customer__manager__isnull=False
        ).order_by("pk"),
        plans,
        strict=False,
    ):
        manager = alert.customer.manager
        if manager is None or alert.visit_id is None:
            continue
        visit = Visit.objects.get(pk=alert.visit_id)
        try:
            visit_record_save(
                visit=visit,
                actor=manager,
                data={
                    "discussion": reason
                    or _("Understood the reason and agreed on a plan optimisation.")
                },
            )
            visit_complete(visit=visit, actor=manager, now=now)
        except ValidationFailed as exc:
            log.warning("risk demo: visit %s not completed: %s", visit.pk, exc)
            continue
        alert_close(
            alert=alert,
            actor=manager,
            outcome=outcome,
            competitor=competitor,
            leaving_reason=reason,
        )
        closed += 1
    return closed


def risk_demo_load(*, seed: int, today: dt.date) -> str:
    if not CustomerMonth.objects.exists():
        return _("Risk: no usage history to learn from; run the usage demo first.")
    version = None
    try:
        version = model_train_history(test_months=2, seed=seed % 1000 or 7)
    except ValidationFailed as exc:
        log.warning("risk demo: no model: %s", exc)
    result = risk_nightly(now=timezone.now())
    supervisor = User.objects.filter(role=Role.SUPERVISOR).order_by("pk").first()
    programmes = 0
    if version is not None and supervisor is not None and not Programme.objects.exists():
        month = CustomerMonth.objects.filter(month__lt=today.replace(day=1)).latest("month").month
        programme_create(
            actor=supervisor,
            name=_("Churn care, %(month)s") % {"month": f"{month:%Y-%m}"},
            month=month,
            min_probability=max(version.threshold * 0.6, 0.1),
            control_share=0.2,
            budget=Decimal("20000.00"),
        )
        programmes = 1
    closed = _close_some(timezone.now())
    return _(
        "Risk: model %(model)s, %(anomalies)s anomalies, %(alerts)s alerts with retention visits, "
        "%(programmes)s churn-care programme, %(closed)s alerts closed."
    ) % {
        "model": f"v{version.version} (AUC {version.metrics['auc']:.2f})" if version else "—",
        "anomalies": result.anomalies,
        "alerts": sum(result.alerts.values()),
        "programmes": programmes,
        "closed": closed,
    }
