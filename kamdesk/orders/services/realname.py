"""Real-name rules through the operator's real-name platform: the platform reads the
identity card, matches the face and counts the numbers a person holds nationwide
(一证五号). KAM Desk sends the document, keeps the platform's evidence references, and
does no face matching itself."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.orders.models import InterfaceKind, ItemKind, Order, OrderItem, Ownership
from kamdesk.orders.rules import over_number_limit
from kamdesk.orders.services.events import order_event
from kamdesk.orders.services.interface import interface_of, post_json
from kamdesk.users.models import User

Errors = dict[str, list[str]]


def _ask(purpose: str, id_type: str, id_number: str, name: str) -> dict:
    system = interface_of(InterfaceKind.REALNAME)
    if system is None:
        raise ValidationFailed({"realname": [_("The real-name platform is not configured.")]})
    answer = post_json(
        system,
        {"purpose": purpose, "id_type": id_type, "id_number": id_number, "name": name},
        path=purpose,
    )
    if not answer.ok:
        raise ValidationFailed(
            {
                "realname": [
                    _("The real-name platform did not answer (%(error)s); try again.")
                    % {"error": answer.error}
                ]
            }
        )
    return answer.data


def item_verify_realname(
    *, item: OrderItem, actor: User, now: dt.datetime | None = None
) -> OrderItem:
    """Verify the holder (and, for a company-owned line, the person handling it) on the
    platform after the card reader and face match on site; keep the evidence."""
    if item.kind != ItemKind.NEW_LINE:
        raise ValidationFailed({"realname": [_("Only a new line is registered to a holder.")]})
    holder = _ask("verify", item.holder_id_type, item.holder_id_number, item.holder_name)
    if not holder.get("verified"):
        raise ValidationFailed(
            {
                "realname": [
                    _("The platform did not verify the holder: %(reason)s")
                    % {"reason": holder.get("reason") or "—"}
                ]
            }
        )
    if item.ownership == Ownership.COMPANY:
        handler = _ask("verify", item.handler_id_type, item.handler_id_number, item.handler_name)
        if not handler.get("verified"):
            raise ValidationFailed(
                {
                    "realname": [
                        _("The platform did not verify the person handling the line: %(reason)s")
                        % {"reason": handler.get("reason") or "—"}
                    ]
                }
            )
    with transaction.atomic():
        item.realname_verified_at = now or timezone.now()
        item.card_reader_ref = str(holder.get("card_reader_ref", ""))[:64]
        item.face_match_ref = str(holder.get("face_match_ref", ""))[:64]
        item.numbers_held = int(holder.get("numbers_held") or 0)
        item.save()
        order_event(
            order=item.order,
            kind="realname_verified",
            actor=actor,
            text=f"{item.holder_name} {item.card_reader_ref} {item.face_match_ref}",
        )
        audit_record(
            actor=actor,
            action="order.realname.verified",
            target=item.order,
            customer_id=item.order.customer_id,
            extra={"card_reader_ref": item.card_reader_ref},
        )
    return item


def number_limit_errors(*, order: Order, limit: int) -> Errors:
    """Ask the platform, for each holder of the order's new lines, how many numbers they
    hold nationwide now; refuse when this order would take them over the limit."""
    new_lines = [i for i in order.items.all() if i.kind == ItemKind.NEW_LINE]
    per_holder = Counter((i.holder_id_type, i.holder_id_number) for i in new_lines)
    names = {(i.holder_id_type, i.holder_id_number): i for i in new_lines}
    problems = []
    for (id_type, id_number), count in per_holder.items():
        item = names[(id_type, id_number)]
        held = int(_ask("count", id_type, id_number, item.holder_name).get("numbers_held") or 0)
        if over_number_limit(numbers_held=held, new_in_order=count, limit=limit):
            problems.append(
                _(
                    "%(name)s (%(doc)s) already holds %(held)s numbers nationwide; %(count)s more "
                    "would exceed the limit of %(limit)s per person."
                )
                % {
                    "name": item.holder_name,
                    "doc": item.holder_id_masked,
                    "held": held,
                    "count": count,
                    "limit": limit,
                }
            )
    return {"holder": problems} if problems else {}
