"""Writes of the adviser: optimisations, opportunities and proposals.

Every function is keyword-only, atomic and audited; access (scope and the ``advice``
permission) is checked by the caller through ``selectors`` before it gets here.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils.translation import gettext as _

from kamdesk.advisor.models import LineKind, Optimisation, OptimisationLine
from kamdesk.advisor.optimiser import (
    Outcome,
    SubscriberResult,
    optimise,
    subscribers_to_rate,
)
from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.core.identifiers import IdentifierError, clean_subscriber_number
from kamdesk.core.masking import mask_number
from kamdesk.customers.models import Customer
from kamdesk.users.models import User


def _refused(result: SubscriberResult) -> list[dict[str, object]]:
    """Plans refused for this subscriber that would have cost less than the best one:
    shown with the reason, so that nothing cheaper is ever hidden (E1)."""
    months = len(result.history) or 1
    return [
        {"plan": code, "reason": reason, "average_fen": round(total / months)}
        for code, reason, total in result.choice.cheaper_refused
    ]


def _alternatives(result: SubscriberResult) -> list[dict[str, object]]:
    months = len(result.history) or 1
    return [
        {
            "plan": label.split("+")[0],
            "addons": label.split("+")[1:],
            "average_fen": round(total / months),
        }
        for label, total in result.choice.alternatives
    ]


def _line(optimisation: Optimisation, result: SubscriberResult) -> OptimisationLine:
    choice, best = result.choice, result.choice.best
    assert best is not None  # noqa: S101 - a subscriber with history always has options
    current = choice.current
    return OptimisationLine(
        optimisation=optimisation,
        kind=LineKind.SUBSCRIBER,
        subscriber=result.subscriber,
        current_plan=current.plan.code if current else "",
        recommended_plan=best.plan.code,
        recommended_addons=[a.code for a in best.addons],
        filing_number=best.plan.filing_number,
        current_fen=current.total if current else best.total,
        recommended_fen=best.total,
        billed_fen=result.billed_fen,
        months_rated=len(best.months),
        costlier_months=[m.isoformat() for m in choice.costlier_months()],
        throttled_months=[m.isoformat() for m in best.throttled_months],
        alternatives=_alternatives(result),
        refused=_refused(result),
        locked_until=result.lock.until if result.lock else None,
    )


def _shared_lines(optimisation: Optimisation, outcome: Outcome) -> list[OptimisationLine]:
    return [
        OptimisationLine(
            optimisation=optimisation,
            kind=LineKind.SHARED,
            subscriber=shared.cards[0],
            cards=[c.pk for c in shared.cards],
            current_plan="",
            recommended_plan=shared.rating.plan.code,
            filing_number=shared.rating.plan.filing_number,
            current_fen=shared.current_fen,
            recommended_fen=shared.rating.total,
            months_rated=len(shared.rating.months),
            throttled_months=[m.isoformat() for m in shared.rating.throttled_months],
        )
        for shared in outcome.shared
    ]


def _notes(outcome: Outcome) -> list[dict[str, object]]:
    """Notes stored language-neutral; ``Optimisation.note_texts`` words them."""
    notes: list[dict[str, object]] = []
    if outcome.skipped:
        notes.append({"key": "skipped", "count": outcome.skipped})
    if outcome.contract_floor_fen:
        notes.append({"key": "contract"})
    return notes


def subscriber_ids_of_numbers(*, customer: Customer, today: dt.date, numbers: str) -> list[int]:
    """The current subscribers of ``customer`` with these numbers (separated by commas,
    spaces or new lines), for optimising a subscriber or a set of them."""
    wanted: list[str] = []
    for raw in re.split(r"[\s,，;；、]+", numbers.strip()):
        try:
            wanted.append(clean_subscriber_number(raw))
        except IdentifierError as exc:
            raise ValidationFailed(
                {"numbers": [_("%(number)s is not a subscriber number.") % {"number": raw[:20]}]}
            ) from exc
    found = {s.number: s.pk for s in subscribers_to_rate(customer, today, None, numbers=wanted)}
    missing = [n for n in dict.fromkeys(wanted) if n not in found]
    if missing:
        raise ValidationFailed(
            {
                "numbers": [
                    _("Not a current number of this customer: %(numbers)s")
                    % {"numbers": "、".join(mask_number(n) for n in missing[:5])}
                ]
            }
        )
    return list(dict.fromkeys(found[n] for n in wanted))


def optimisation_run(
    *,
    actor: User | None,
    customer: Customer,
    today: dt.date,
    months: int = 12,
    subscriber_ids: list[int] | None = None,
) -> Optimisation:
    """Re-rate the customer's (or some subscribers') real usage under every eligible
    plan and keep the result; nothing is changed for the customer."""
    if not 3 <= months <= 12:
        raise ValidationFailed({"months": [_("Rate between 3 and 12 months.")]})
    subscribers = subscribers_to_rate(customer, today, subscriber_ids)
    if subscriber_ids is not None and len(subscribers) != len(set(subscriber_ids)):
        raise ValidationFailed(
            {"subscriber_ids": [_("Not a current subscriber of this customer.")]}
        )
    outcome = optimise(customer=customer, subscribers=subscribers, today=today, months=months)
    with transaction.atomic():
        optimisation = Optimisation.objects.create(
            customer=customer,
            created_by=actor,
            first_month=outcome.first,
            last_month=outcome.last,
            effective_month=outcome.effective,
            subscribers=len(outcome.results),
            contract_floor_fen=outcome.contract_floor_fen,
            notes=_notes(outcome),
        )
        lines = [_line(optimisation, r) for r in outcome.results]
        OptimisationLine.objects.bulk_create(
            lines + _shared_lines(optimisation, outcome), batch_size=500
        )
        Optimisation.objects.filter(pk=optimisation.pk).update(
            current_month_fen=sum(line.current_month_fen for line in lines),
            recommended_month_fen=sum(line.recommended_month_fen for line in lines),
            billed_fen=sum(line.billed_fen for line in lines),
        )
        optimisation.refresh_from_db()
        audit_record(
            actor=actor,
            action="advice.optimisation_run",
            target=optimisation,
            customer_id=customer.pk,
            extra={"subscribers": len(lines), "months": months},
        )
    return optimisation
