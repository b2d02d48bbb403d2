"""/api/v1 risk: scores with reasons, alerts and their outcomes, a customer's risk, and
the churn-care programmes. Reads go through ``kamdesk.risk.selectors`` (the pages'
scope); writes through the services. Anything outside the caller's scope answers 404."""

from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router
from ninja.errors import HttpError

from kamdesk.audit.services import audit_refusal
from kamdesk.customers.schemas import MAX_ID, ApiRequest, PageParams, answers, paginate
from kamdesk.risk import selectors
from kamdesk.risk.schemas import (
    AlertOut,
    AlertPage,
    AlertQuery,
    AnomalyOut,
    CloseIn,
    CustomerRiskOut,
    DismissIn,
    GroupRates,
    MemberOut,
    ProgrammeOut,
    ProgrammePage,
    ScoreOut,
    ScorePage,
    ScoreQuery,
)
from kamdesk.risk.services.alerts import alert_close, alert_dismiss
from kamdesk.risk.services.programme import programme_measure
from kamdesk.users.models import User
from kamdesk.users.permissions import can

router = Router(tags=["risk"])
Id = PathEx[int, P(ge=1, le=MAX_ID)]


def _need(user: User, action: str) -> None:
    if not can(user, action, "risk"):
        # A refusal is an insider-risk signal (E1): written even when answered 404.
        audit_refusal(actor=user, data_kind="risk", extra={"action": action})
        raise HttpError(
            404 if action != "change" else 403,
            _("Not found.") if action != "change" else _("You may not change risk alerts."),
        )


@router.get("/risk/scores", response=answers({200: ScorePage}))
def list_scores(request: ApiRequest, params: Query[ScoreQuery]):  # type: ignore[no-untyped-def]
    """The latest scores of the active model in scope, the riskiest first."""
    _need(request.auth, "list")
    qs = selectors.scores_visible_to(user=request.auth).select_related("model")
    if params.flagged is not None:
        qs = qs.filter(flagged=params.flagged)
    return paginate(qs.order_by("-probability", "pk"), params, ScoreOut.of)


@router.get("/risk/alerts", response=answers({200: AlertPage}))
def list_alerts(request: ApiRequest, params: Query[AlertQuery]):  # type: ignore[no-untyped-def]
    _need(request.auth, "list")
    qs = selectors.alerts_visible_to(user=request.auth, status=params.status)
    return paginate(qs.order_by("-created_at", "-pk"), params, AlertOut.of)


@router.get("/risk/alerts/{alert_id}", response=answers({200: AlertOut}))
def get_alert(request: ApiRequest, alert_id: Id):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    return AlertOut.of(selectors.alert_get(user=request.auth, alert_id=alert_id))


@router.post("/risk/alerts/{alert_id}/close", response=answers({200: AlertOut}, write=True))
def close_alert(request: ApiRequest, alert_id: Id, payload: CloseIn):  # type: ignore[no-untyped-def]
    """Close with the retention visit's outcome (lost needs the competitor and reason)."""
    _need(request.auth, "view")
    alert = selectors.alert_get(user=request.auth, alert_id=alert_id)
    _need(request.auth, "change")
    done = alert_close(
        alert=alert,
        actor=request.auth,
        outcome=payload.outcome,
        competitor=payload.competitor,
        leaving_reason=payload.leaving_reason,
    )
    return AlertOut.of(done)


@router.post("/risk/alerts/{alert_id}/dismiss", response=answers({200: AlertOut}, write=True))
def dismiss_alert(request: ApiRequest, alert_id: Id, payload: DismissIn):  # type: ignore[no-untyped-def]
    _need(request.auth, "view")
    alert = selectors.alert_get(user=request.auth, alert_id=alert_id)
    _need(request.auth, "change")
    return AlertOut.of(alert_dismiss(alert=alert, actor=request.auth, reason=payload.reason))


@router.get("/customers/{customer_id}/risk", response=answers({200: CustomerRiskOut}))
def customer_risk(request: ApiRequest, customer_id: Id):  # type: ignore[no-untyped-def]
    """A customer's score with reasons, alerts, anomalies and group churn."""
    _need(request.auth, "view")
    data = selectors.customer_risk(user=request.auth, customer_id=customer_id)
    return CustomerRiskOut(
        customer_id=data.customer.pk,
        score=ScoreOut.of(data.score) if data.score else None,
        alerts=[AlertOut.of(a) for a in data.alerts],
        anomalies=[AnomalyOut.of(a) for a in data.anomalies],
        port_out_blocked_subscribers=[b.subscriber_id for b in data.port_outs],
        subscribers_lost_12m=data.churn.subscribers_lost,
        revenue_lost_12m=f"{data.churn.revenue_lost_fen / 100:.2f}",
        opted_out_of_offers=data.opted_out,
    )


@router.get("/risk/programmes", response=answers({200: ProgrammePage}))
def list_programmes(request: ApiRequest, params: Query[PageParams]):  # type: ignore[no-untyped-def]
    _need(request.auth, "list")
    return paginate(
        selectors.programmes_visible_to(user=request.auth).order_by("-pk"), params, ProgrammeOut.of
    )


@router.get("/risk/programmes/{programme_id}", response=answers({200: ProgrammeOut}))
def get_programme(request: ApiRequest, programme_id: Id):  # type: ignore[no-untyped-def]
    """A programme with its save rates (treated against control) and members in scope."""
    _need(request.auth, "view")
    programme = selectors.programme_get(user=request.auth, programme_id=programme_id)
    rates = programme_measure(programme=programme)
    members = selectors.members_visible_to(user=request.auth, programme=programme)[:500]
    return ProgrammeOut.of(
        programme,
        treated=GroupRates(**rates["treated"]),
        control=GroupRates(**rates["control"]),
        uplift=rates["uplift"],
        members=[MemberOut.of(m) for m in members],
    )
