from kamdesk.tickets.models.policy import (
    BackofficeSystem,
    Category,
    DepartmentSla,
    Priority,
    SlaPolicy,
)
from kamdesk.tickets.models.step import ACTIVE_STEP_STATUSES, Delivery, Step, StepStatus
from kamdesk.tickets.models.survey import Survey, SurveyStatus
from kamdesk.tickets.models.ticket import (
    OPEN_STATUSES,
    ClockPause,
    EventKind,
    RequestChannel,
    Status,
    Ticket,
    TicketEvent,
)

__all__ = [
    "ACTIVE_STEP_STATUSES",
    "OPEN_STATUSES",
    "BackofficeSystem",
    "Category",
    "ClockPause",
    "Delivery",
    "DepartmentSla",
    "EventKind",
    "Priority",
    "RequestChannel",
    "SlaPolicy",
    "Status",
    "Step",
    "StepStatus",
    "Survey",
    "SurveyStatus",
    "Ticket",
    "TicketEvent",
]
