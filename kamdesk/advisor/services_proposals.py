"""Writes of proposals: assemble from a template, edit, change status, link the order."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.advisor.models import (
    Opportunity,
    Optimisation,
    OptimisationLine,
    Proposal,
    ProposalItem,
    ProposalStatus,
)
from kamdesk.advisor.opportunities import EVIDENCE_LABELS
from kamdesk.advisor.selectors import proposal_order
from kamdesk.advisor.templates_text import TEMPLATES
from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import TariffPlan
from kamdesk.usage.models import fen_to_yuan
from kamdesk.users.models import User

# Which status may follow which: a draft is sent, a sent proposal is decided.
NEXT: dict[str, set[str]] = {
    ProposalStatus.DRAFT: {ProposalStatus.SENT},
    ProposalStatus.SENT: {ProposalStatus.ACCEPTED, ProposalStatus.REJECTED},
    ProposalStatus.ACCEPTED: set(),
    ProposalStatus.REJECTED: set(),
}


def _items_of(optimisation: Optimisation) -> list[ProposalItem]:
    """One item per move (current plan → recommended plan and add-ons): the number of
    subscribers and the sums of their monthly averages, so items add up to the run."""
    names = dict(TariffPlan.objects.values_list("code", "name"))
    groups: dict[tuple[str, str, str], list[OptimisationLine]] = defaultdict(list)
    lines = optimisation.lines.filter(kind="subscriber").order_by("pk")
    for line in lines:
        if line.changes_plan and line.saving_month_fen > 0:
            key = (line.current_plan, line.recommended_plan, "+".join(line.recommended_addons))
            groups[key].append(line)
    items = []
    for position, ((old, new, addons), rows) in enumerate(sorted(groups.items()), start=1):
        target = names.get(new, new) + (f"（加{addons}）" if addons else "")
        items.append(
            ProposalItem(
                position=position,
                description=f"{names.get(old, old) or '—'} → {target}",
                plan_code=new,
                filing_number=rows[0].filing_number,
                quantity=len(rows),
                current_monthly=fen_to_yuan(sum(r.current_month_fen for r in rows)),
                new_monthly=fen_to_yuan(sum(r.recommended_month_fen for r in rows)),
            )
        )
    return items


def _fill(template: str, values: dict[str, Any]) -> dict[str, str]:
    return {part: text.format(**values) for part, text in TEMPLATES[template].items()}


def proposal_from_optimisation(*, optimisation: Optimisation, actor: User) -> Proposal:
    """A draft tariff proposal carrying the optimiser's figures, line by line."""
    items = _items_of(optimisation)
    saving = sum((i.current_monthly - i.new_monthly for i in items), Decimal("0"))
    current = fen_to_yuan(optimisation.current_month_fen)
    values = {
        "customer": optimisation.customer.name,
        "first": f"{optimisation.first_month:%Y年%m月}",
        "last": f"{optimisation.last_month:%Y年%m月}",
        "months": optimisation.months,
        "subscribers": optimisation.subscribers,
        "current": f"{current:,.2f}",
        "recommended": f"{current - saving:,.2f}",
        "saving": f"{saving:,.2f}",
        "saving_year": f"{saving * 12:,.2f}",
    }
    return _create(
        optimisation.customer, actor, "tariff", _fill("tariff", values), items, optimisation
    )


def proposal_from_opportunity(*, opportunity: Opportunity, actor: User) -> Proposal:
    evidence = "；".join(
        f"{EVIDENCE_LABELS.get(str(e['key']), e['key'])}：{e['value']}"
        for e in opportunity.evidence
    )
    values = {
        "customer": opportunity.customer.name,
        "topic": opportunity.title,
        "evidence": evidence,
        "value": f"{opportunity.estimated_value:,.2f}",
        "saving": f"{max(opportunity.customer_saving, Decimal(0)):,.2f}",
    }
    item = ProposalItem(position=1, description=opportunity.title, quantity=1)
    return _create(opportunity.customer, actor, "solution", _fill("solution", values), [item], None)


def _create(
    customer: Any,
    actor: User,
    template: str,
    text: dict[str, str],
    items: list[ProposalItem],
    optimisation: Optimisation | None,
) -> Proposal:
    with transaction.atomic():
        proposal = Proposal.objects.create(
            customer=customer,
            template=template,
            created_by=actor,
            optimisation=optimisation,
            title=text["title"][:200],
            situation=text["situation"],
            solution=text["solution"],
            terms=text["terms"],
        )
        for item in items:
            item.proposal = proposal
        ProposalItem.objects.bulk_create(items)
        audit_record(
            actor=actor,
            action="advice.proposal_created",
            target=proposal,
            customer_id=customer.pk,
            extra={"template": template, "items": len(items)},
        )
    return proposal


def proposal_edit(*, proposal: Proposal, actor: User, data: dict[str, str]) -> Proposal:
    """Edit the text of a draft; the figures stay the optimiser's."""
    if proposal.status != ProposalStatus.DRAFT:
        raise ValidationFailed({"status": [_("Only a draft can be edited.")]})
    errors = {}
    if "title" in data and not data["title"].strip():
        errors["title"] = [_("This field is required.")]
    if errors:
        raise ValidationFailed(errors)
    changed = [f for f in ("title", "situation", "solution", "terms") if f in data]
    with transaction.atomic():
        for name in changed:
            setattr(proposal, name, data[name].strip())
        proposal.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action="advice.proposal_edited",
            target=proposal,
            customer_id=proposal.customer_id,
            extra={"changed": changed},
        )
    return proposal


def order_number_check(*, proposal: Proposal, actor: User, order_ref: str) -> str:
    """The number of the order that realises ``proposal``, checked: with the orders
    capability installed it must be an order of the same customer that ``actor`` can
    see; an empty reference means no order yet. Returns the number to store."""
    number = order_ref.strip()
    if not number:
        return ""
    if len(number) > 64:
        raise ValidationFailed({"order_ref": [_("At most 64 characters.")]})
    if not apps.is_installed("kamdesk.orders"):
        return number
    order = proposal_order(user=actor, proposal=proposal, number=number)
    if order is None:
        raise ValidationFailed({"order_ref": [_("No order of this customer has this number.")]})
    return str(order.number)


def proposal_set_status(
    *, proposal: Proposal, actor: User, status: str, note: str = "", order_ref: str = ""
) -> Proposal:
    """Move a proposal on (draft → sent → accepted or rejected); an accepted one may be
    linked to the order that realises it."""
    if status not in NEXT.get(proposal.status, set()):
        raise ValidationFailed({"status": [_("A proposal cannot move to this status now.")]})
    if status == ProposalStatus.REJECTED and not note.strip():
        raise ValidationFailed({"note": [_("Say why the customer rejected it.")]})
    if status == ProposalStatus.ACCEPTED:
        order_ref = order_number_check(proposal=proposal, actor=actor, order_ref=order_ref)
    now = timezone.now()
    with transaction.atomic():
        proposal.status = status
        if status == ProposalStatus.SENT:
            proposal.sent_at = now
        else:
            proposal.decided_at = now
            proposal.decision_note = note.strip()[:300]
            proposal.order_ref = order_ref if status == ProposalStatus.ACCEPTED else ""
        proposal.save(
            update_fields=[
                "status",
                "sent_at",
                "decided_at",
                "decision_note",
                "order_ref",
                "updated_at",
            ]
        )
        audit_record(
            actor=actor,
            action=f"advice.proposal_{status}",
            target=proposal,
            customer_id=proposal.customer_id,
            extra={"order_ref": proposal.order_ref},
        )
    return proposal


def proposal_link_order(*, proposal: Proposal, actor: User, order_ref: str) -> Proposal:
    """Link an accepted proposal to the order (of the same customer) that realises it."""
    if proposal.status != ProposalStatus.ACCEPTED:
        raise ValidationFailed(
            {"order_ref": [_("Only an accepted proposal is realised by an order.")]}
        )
    if not order_ref.strip():
        raise ValidationFailed({"order_ref": [_("This field is required.")]})
    number = order_number_check(proposal=proposal, actor=actor, order_ref=order_ref)
    with transaction.atomic():
        proposal.order_ref = number
        proposal.save(update_fields=["order_ref", "updated_at"])
        audit_record(
            actor=actor,
            action="advice.proposal_order_linked",
            target=proposal,
            customer_id=proposal.customer_id,
            extra={"order_ref": proposal.order_ref},
        )
    return proposal


def proposal_exported(*, proposal: Proposal, actor: User) -> None:
    """Every export is audited (docs/security.md)."""
    audit_record(
        actor=actor,
        action="advice.proposal_exported",
        target=proposal,
        customer_id=proposal.customer_id,
        extra={"format": "pdf"},
    )
