"""/api/v1/requests: open, list, read and work requests; and the callback on which a
department's own system reports on a step (authenticated with that system's token,
not a user's).

Reads go through ``kamdesk.tickets.selectors`` (the pages' scope), writes through the
services. Anything outside the caller's scope answers 404.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import HeaderEx, P, PathEx, Query, Router, Status
from ninja.errors import HttpError

from kamdesk.core.crypto import token_hash
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contact
from kamdesk.customers.schemas import (
    MAX_ID,
    ApiRequest,
    DetailOut,
    ErrorsOut,
    Str200,
    paginate,
)
from kamdesk.customers.selectors import (
    customer_get,
    list_require,
    subscribers_of,
)
from kamdesk.tickets.models import BackofficeSystem, Category, Step
from kamdesk.tickets.schemas import (
    CallbackIn,
    CallbackOut,
    ConfirmIn,
    EventOut,
    HandBackIn,
    RequestDetailOut,
    RequestIn,
    RequestOut,
    RequestPage,
    RequestQuery,
    StatusChangeIn,
    StepIn,
    StepOut,
    SurveyOut,
)
from kamdesk.tickets.selectors import (
    TicketFilters,
    events_of,
    step_for_agent,
    steps_of,
    survey_of,
    ticket_get,
    ticket_search,
)
from kamdesk.tickets.services.steps import step_add, step_callback, step_hand_back
from kamdesk.tickets.services.tickets import (
    TicketInput,
    ticket_confirm,
    ticket_create,
    ticket_set_status,
)
from kamdesk.users.models import Department, Role, User
from kamdesk.users.permissions import can

router = Router(tags=["requests"])
SYSTEM_TOKEN_HEADER = "X-KAM-System-Token"  # noqa: S105 - a header name


def answers(ok: dict[int, object], *, write: bool = False) -> dict[int, object]:
    """Every operation declares 401, 404 and 422; a write also 400 and 403."""
    declared: dict[int, object] = {**ok, 401: DetailOut, 404: DetailOut, 422: ErrorsOut}
    if write:
        declared.update({400: DetailOut, 403: DetailOut})
    return declared


Id = PathEx[int, P(ge=1, le=MAX_ID)]


def _require_change(user: User) -> None:
    if not can(user, "change", "request"):
        raise HttpError(403, _("You may not change requests."))


def _detail(ticket_id: int, user: User) -> RequestDetailOut:
    ticket = ticket_get(user=user, ticket_id=ticket_id)
    survey = survey_of(ticket=ticket)
    return RequestDetailOut(
        **RequestOut.fields_of(ticket),
        steps=[StepOut.of(s) for s in steps_of(ticket=ticket)],
        events=[EventOut.of(e) for e in events_of(ticket=ticket)],
        survey=SurveyOut.of(survey) if survey else None,
    )


@router.get("/requests", response=answers({200: RequestPage}))
def list_requests(request: ApiRequest, params: Query[RequestQuery]):  # type: ignore[no-untyped-def]
    """Requests in scope, the closest to breach first."""
    list_require(user=request.auth, kind="request", customer_id=params.customer_id)
    filters = TicketFilters(
        status=params.status,
        category=params.category,
        priority=params.priority,
        customer_id=params.customer_id,
        owner=params.owner,
        breached=params.breached,
        q=params.q,
    )
    qs = ticket_search(user=request.auth, filters=filters).prefetch_related("subscribers")
    return paginate(qs, params, RequestOut.of)


def _input(user: User, payload: RequestIn) -> TicketInput:
    customer = customer_get(user=user, customer_id=payload.customer_id, kind="request")
    category = Category.objects.filter(code=payload.category, is_active=True).first()
    if category is None:
        raise ValidationFailed({"category": [_("Unknown category.")]})
    contact = None
    if payload.contact_id is not None:
        contact = Contact.objects.filter(pk=payload.contact_id, customer=customer).first()
        if contact is None:
            raise ValidationFailed({"contact_id": [_("No such contact of this customer.")]})
    subscribers = []
    for number in payload.subscriber_numbers:
        line = (
            subscribers_of(user=user, customer=customer, current_only=True)
            .filter(number=number)
            .first()
        )
        if line is None:
            raise ValidationFailed(
                {"subscriber_numbers": [_("Not a current line of this customer.")]}
            )
        subscribers.append(line)
    return TicketInput(
        customer=customer,
        category=category,
        channel=payload.channel,
        title=payload.title,
        description=payload.description,
        contact=contact,
        subscribers=subscribers,
        priority=payload.priority or "",
        priority_reason=payload.priority_reason,
    )


@router.post("/requests", response=answers({201: RequestOut}, write=True))
def create_request(request: ApiRequest, payload: RequestIn):  # type: ignore[no-untyped-def]
    user: User = request.auth
    _require_change(user)
    ticket = ticket_create(actor=user, data=_input(user, payload))
    return Status(201, RequestOut.of(ticket))


@router.get("/requests/{request_id}", response=answers({200: RequestDetailOut}))
def get_request(request: ApiRequest, request_id: Id):  # type: ignore[no-untyped-def]
    return _detail(request_id, request.auth)


@router.post("/requests/{request_id}/steps", response=answers({201: StepOut}, write=True))
def add_step(request: ApiRequest, request_id: Id, payload: StepIn):  # type: ignore[no-untyped-def]
    """Hand part of the request to a department: after the current steps, or in parallel."""
    ticket = ticket_get(user=request.auth, ticket_id=request_id)
    _require_change(request.auth)
    department = Department.objects.filter(code=payload.department).first()
    if department is None:
        raise ValidationFailed({"department": [_("Unknown department.")]})
    step = step_add(
        ticket=ticket,
        actor=request.auth,
        department=department,
        instructions=payload.instructions,
        placement=payload.placement,
    )
    return Status(201, StepOut.of(step))


@router.post(
    "/requests/{request_id}/steps/{step_id}/hand-back", response=answers({200: StepOut}, write=True)
)
def hand_back_step(  # type: ignore[no-untyped-def]
    request: ApiRequest, request_id: Id, step_id: Id, payload: HandBackIn
):
    """An agent of the step's department hands it back with the outcome."""
    user: User = request.auth
    if user.role != Role.BACKOFFICE:
        raise HttpError(404, _("Not found."))
    step = step_for_agent(user=user, step_id=step_id)
    if step.ticket_id != request_id:
        raise HttpError(404, _("Not found."))
    _require_change(user)
    return StepOut.of(step_hand_back(step=step, actor=user, outcome=payload.outcome))


@router.post("/requests/{request_id}/status", response=answers({200: RequestOut}, write=True))
def change_status(  # type: ignore[no-untyped-def]
    request: ApiRequest, request_id: Id, payload: StatusChangeIn
):
    """Waiting pauses the clocks, resolved stops them (and sends the survey), reopened
    restarts them. Closing is done by confirming."""
    ticket = ticket_get(user=request.auth, ticket_id=request_id)
    _require_change(request.auth)
    ticket = ticket_set_status(
        ticket=ticket,
        actor=request.auth,
        status=payload.status,
        note=payload.note,
        resolution=payload.resolution,
    )
    return RequestOut.of(ticket)


@router.post("/requests/{request_id}/confirm", response=answers({200: RequestOut}, write=True))
def confirm_request(  # type: ignore[no-untyped-def]
    request: ApiRequest, request_id: Id, payload: ConfirmIn
):
    """Record the customer's confirmation of the resolution; the request closes."""
    ticket = ticket_get(user=request.auth, ticket_id=request_id)
    _require_change(request.auth)
    return RequestOut.of(ticket_confirm(ticket=ticket, actor=request.auth, note=payload.note))


# --- the callback of a department's own system ---------------------------------------------


def _system_for(token: str) -> BackofficeSystem | None:
    if not token:
        return None
    return (
        BackofficeSystem.objects.filter(callback_token_hash=token_hash(token), is_active=True)
        .exclude(callback_token_hash="")
        .select_related("department")
        .first()
    )


# The system's token travels in a header of its own, checked here rather than declared as
# a second security scheme: it is never a user's bearer token, and the API's document
# keeps one scheme for its users.
@router.post(
    "/requests/steps/{step_id}/callback",
    auth=None,
    url_name="step_callback",
    response=answers({200: CallbackOut}, write=True),
)
def step_callback_endpoint(  # type: ignore[no-untyped-def]
    request: HttpRequest,
    step_id: Id,
    payload: CallbackIn,
    token: HeaderEx[Str200, P(alias=SYSTEM_TOKEN_HEADER)] = "",
):
    """A department's system reports on a step it received: accepted, in progress, done or
    rejected. Repeating a report is harmless. A system reaches only its department's
    steps; it signs with its own token in the X-KAM-System-Token header."""
    system = _system_for(token)
    if system is None:
        raise HttpError(401, _("Unauthorized"))
    step = (
        Step.objects.select_related("ticket", "department")
        .filter(pk=step_id, department_id=system.department_id)
        .first()
    )
    if step is None:
        raise HttpError(404, _("Not found."))
    step = step_callback(
        step=step,
        system=system,
        status=payload.status,
        outcome=payload.outcome,
        external_ref=payload.external_ref,
    )
    return CallbackOut(step_id=step.pk, status=step.status, external_ref=step.external_ref)
