"""The visit record: what happened, what was raised and its disposition, what was
collected on a service day, the customer's signature, and closing the visit."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.files.models import StoredFile
from kamdesk.files.services import file_store
from kamdesk.tickets.models import Category, RequestChannel, Ticket
from kamdesk.users.models import User
from kamdesk.visits.models import (
    NeedDisposition,
    OnSiteItem,
    OnSiteItemKind,
    OnSiteItemStatus,
    RaisedNeed,
    Visit,
    VisitSignature,
    VisitStatus,
)
from kamdesk.visits.signing import (
    SignatureImageError,
    canonical_content,
    content_digest,
    png_from_data_url,
)

RECORD_FIELDS = (
    "purpose",
    "started_at",
    "duration_minutes",
    "place",
    "staff_participants",
    "customer_participants",
    "discussion",
    "next_steps",
    "resolves_problem",
    "signature_declined_reason",
)
CLOSED = (VisitStatus.CANCELLED, VisitStatus.MISSED)


def visit_content(visit: Visit) -> dict[str, object]:
    """What the customer signs: the visit record and the needs raised on it."""
    started = timezone.localtime(visit.started_at).isoformat() if visit.started_at else ""
    return {
        "visit": visit.pk,
        "customer": visit.customer.code,
        "kind": visit.kind,
        "purpose": visit.purpose,
        "date": visit.planned_date.isoformat(),
        "started_at": started,
        "duration_minutes": visit.duration_minutes,
        "place": visit.place,
        "staff_participants": visit.staff_participants,
        "customer_participants": visit.customer_participants,
        "discussion": visit.discussion,
        "next_steps": visit.next_steps,
        "needs": [n.description for n in visit.needs.order_by("pk")],
        "items": [
            f"{i.kind}:{i.description}:{i.requester_name}"
            for i in visit.onsite_items.order_by("pk")
        ],
    }


def signature_matches(visit: Visit, signature: VisitSignature) -> bool:
    return content_digest(canonical_content(visit_content(visit))) == signature.digest


def current_signature(visit: Visit) -> VisitSignature | None:
    return visit.signatures.order_by("-signed_at", "-pk").first()


def _check_writable(visit: Visit) -> None:
    if visit.status in CLOSED:
        raise ValidationFailed({"status": [_("This visit is closed.")]})


def visit_record_save(*, visit: Visit, actor: User, data: dict[str, object]) -> Visit:
    """Save the record's fields; a change after signing is kept and audited, and the
    signature then shows as no longer matching."""
    _check_writable(visit)
    unknown = set(data) - set(RECORD_FIELDS)
    if unknown:
        raise ValidationFailed({k: [_("This field cannot be changed here.")] for k in unknown})
    duration = data.get("duration_minutes")
    if duration is not None and not (0 < int(str(duration)) <= 24 * 60):
        raise ValidationFailed({"duration_minutes": [_("Between 1 minute and a day.")]})
    changed = [k for k, v in data.items() if getattr(visit, k) != v]
    if not changed:
        return visit
    with transaction.atomic():
        for key in changed:
            setattr(visit, key, data[key])
        visit.save(update_fields=[*changed, "updated_at"])
        audit_record(
            actor=actor,
            action="visit.record_saved",
            target=visit,
            customer_id=visit.customer_id,
            extra={"fields": changed, "after_signing": visit.signatures.exists()},
        )
    return visit


def raised_need_add(*, visit: Visit, actor: User, description: str) -> RaisedNeed:
    _check_writable(visit)
    if not description.strip():
        raise ValidationFailed({"description": [_("This field is required.")]})
    with transaction.atomic():
        need = RaisedNeed.objects.create(visit=visit, description=description.strip())
        audit_record(
            actor=actor, action="visit.need_raised", target=need, customer_id=visit.customer_id
        )
    return need


def raised_need_dispose(
    *,
    need: RaisedNeed,
    actor: User,
    disposition: str,
    ticket: Ticket | None = None,
    reason: str = "",
) -> RaisedNeed:
    """Give a raised need its disposition: a request (with its ticket), a commitment
    (the commitments capability calls this) or no action (with a reason)."""
    errors: dict[str, list[str]] = {}
    if disposition not in NeedDisposition.values or disposition == NeedDisposition.PENDING:
        errors["disposition"] = [_("Choose a request, a commitment or no action.")]
    elif disposition == NeedDisposition.REQUEST and ticket is None:
        errors["ticket"] = [_("A request disposition needs the request.")]
    elif disposition == NeedDisposition.NO_ACTION and not reason.strip():
        errors["disposition_reason"] = [_("Say why no action is taken.")]
    if ticket is not None and ticket.customer_id != need.visit.customer_id:
        errors["ticket"] = [_("This request belongs to another customer.")]
    if need.disposition != NeedDisposition.PENDING:
        errors["disposition"] = [_("This need has a disposition already.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        need.disposition, need.ticket = disposition, ticket
        need.disposition_reason = reason.strip()
        need.disposed_at, need.disposed_by = timezone.now(), actor
        need.save()
        audit_record(
            actor=actor,
            action="visit.need_disposed",
            target=need,
            customer_id=need.visit.customer_id,
            extra={"disposition": disposition, "ticket": ticket.pk if ticket else None},
        )
    return need


def raised_need_to_request(
    *, need: RaisedNeed, actor: User, category: Category, title: str = ""
) -> RaisedNeed:
    """Open a request for the need through the requests capability, and dispose of it."""
    from kamdesk.tickets.services.tickets import TicketInput, ticket_create

    if need.disposition != NeedDisposition.PENDING:
        raise ValidationFailed({"disposition": [_("This need has a disposition already.")]})
    visit = need.visit
    with transaction.atomic():
        ticket = ticket_create(
            actor=actor,
            data=TicketInput(
                customer=visit.customer,
                category=category,
                channel=RequestChannel.VISIT,
                title=(title or need.description).strip()[:200],
                description=need.description,
            ),
        )
        return raised_need_dispose(
            need=need, actor=actor, disposition=NeedDisposition.REQUEST, ticket=ticket
        )


def onsite_item_add(
    *,
    visit: Visit,
    actor: User,
    kind: str,
    description: str,
    requester_name: str = "",
    requester_number: str = "",
) -> OnSiteItem:
    """Record an application, handset or SIM request or bill question collected on site."""
    _check_writable(visit)
    errors: dict[str, list[str]] = {}
    if kind not in OnSiteItemKind.values:
        errors["kind"] = [_("Unknown kind of item.")]
    if not description.strip():
        errors["description"] = [_("This field is required.")]
    number = requester_number.replace(" ", "").replace("-", "")
    if number and not (number.isdigit() and 7 <= len(number) <= 13):
        errors["requester_number"] = [_("Not a phone number.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        item = OnSiteItem.objects.create(
            visit=visit,
            kind=kind,
            description=description.strip(),
            requester_name=requester_name.strip()[:100],
            requester_number=number,
            created_by=actor,
        )
        audit_record(
            actor=actor, action="visit.item_added", target=item, customer_id=visit.customer_id
        )
    return item


def onsite_item_hand_over(*, item: OnSiteItem, actor: User, reference: str) -> OnSiteItem:
    """Mark the item as handed to an order (the orders capability calls this)."""
    reference = reference.strip()
    if not reference:
        raise ValidationFailed({"reference": [_("This field is required.")]})
    if item.status == OnSiteItemStatus.HANDED_TO_ORDER and item.handoff_ref == reference:
        return item
    if item.status != OnSiteItemStatus.OPEN:
        raise ValidationFailed({"status": [_("This item is not open.")]})
    with transaction.atomic():
        item.status, item.handoff_ref = OnSiteItemStatus.HANDED_TO_ORDER, reference[:64]
        item.save(update_fields=["status", "handoff_ref", "updated_at"])
        audit_record(
            actor=actor,
            action="visit.item_handed_over",
            target=item,
            customer_id=item.visit.customer_id,
            extra={"reference": reference},
        )
    return item


def onsite_item_resolve(*, item: OnSiteItem, actor: User, resolution: str) -> OnSiteItem:
    if item.status != OnSiteItemStatus.OPEN:
        raise ValidationFailed({"status": [_("This item is not open.")]})
    if not resolution.strip():
        raise ValidationFailed({"resolution": [_("This field is required.")]})
    with transaction.atomic():
        item.status, item.resolution = OnSiteItemStatus.RESOLVED, resolution.strip()
        item.save(update_fields=["status", "resolution", "updated_at"])
        audit_record(
            actor=actor,
            action="visit.item_resolved",
            target=item,
            customer_id=item.visit.customer_id,
        )
    return item


def visit_attach(*, visit: Visit, actor: User, upload: File) -> StoredFile:
    _check_writable(visit)
    return file_store(
        upload=upload,
        owner_kind="visit",
        owner_id=visit.pk,
        actor=actor,
        customer_id=visit.customer_id,
    )


def visit_sign(
    *,
    visit: Visit,
    actor: User,
    signer_name: str,
    signer_title: str,
    image_data_url: str,
    now: dt.datetime | None = None,
) -> VisitSignature:
    """The customer's signature over the record as it stands, with its SHA-256 digest."""
    _check_writable(visit)
    errors: dict[str, list[str]] = {}
    if not signer_name.strip():
        errors["signer_name"] = [_("This field is required.")]
    try:
        image = png_from_data_url(image_data_url)
    except SignatureImageError:
        errors["signature"] = [_("The signature is missing or not a usable image: sign again.")]
    if errors:
        raise ValidationFailed(errors)
    canonical = canonical_content(visit_content(visit))
    with transaction.atomic():
        signature = VisitSignature.objects.create(
            visit=visit,
            signer_name=signer_name.strip()[:100],
            signer_title=signer_title.strip()[:100],
            signed_at=now or timezone.now(),
            digest=content_digest(canonical),
            content=canonical,
            image_png=image,
            recorded_by=actor,
        )
        audit_record(
            actor=actor,
            action="visit.signed",
            target=visit,
            customer_id=visit.customer_id,
            extra={"digest": signature.digest, "signer": signature.signer_name},
        )
    return signature


def _closing_errors(visit: Visit) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if visit.status not in (VisitStatus.PLANNED, VisitStatus.CHECKED_IN, VisitStatus.OVERDUE):
        errors["status"] = [_("Only an open visit can be completed.")]
    if not visit.discussion.strip():
        errors["discussion"] = [_("Record what was discussed before closing the visit.")]
    pending = visit.needs.filter(disposition=NeedDisposition.PENDING).count()
    if pending:
        errors["needs"] = [
            _("%(n)s raised need(s) have no disposition yet: a request, a commitment or no action.")
            % {"n": pending}
        ]
    if visit.resolves_problem and not visit.signature_declined_reason.strip():
        signature = current_signature(visit)
        if signature is None:
            errors["signature"] = [
                _(
                    "A visit that resolved a problem needs the customer's signature or the "
                    "reason they declined."
                )
            ]
        elif not signature_matches(visit, signature):
            errors["signature"] = [
                _("The record changed after signing: the customer must sign again.")
            ]
    return errors


def visit_complete(*, visit: Visit, actor: User, now: dt.datetime | None = None) -> Visit:
    """Close the visit: every raised need disposed of, and a problem-solving visit signed
    (over the current content) or with the customer's reason for declining."""
    errors = _closing_errors(visit)
    if errors:
        raise ValidationFailed(errors)
    moment = now or timezone.now()
    with transaction.atomic():
        visit.status = VisitStatus.COMPLETED
        visit.completed_at, visit.completed_by = moment, actor
        visit.started_at = visit.started_at or visit.checked_in_at or moment
        visit.save()
        audit_record(
            actor=actor, action="visit.completed", target=visit, customer_id=visit.customer_id
        )
    return visit
