"""What an order needs before approval and before submission to BOSS."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kamdesk.customers.models import Subscriber
from kamdesk.orders.models import ItemKind, Order, OrderStatus
from kamdesk.users.models import Role

Errors = dict[str, list[str]]


def _item_problems(order: Order) -> list[str]:
    problems: list[str] = []
    for n, item in enumerate(order.items.select_related("subscriber"), start=1):
        where = _("Item %(n)s (%(kind)s)") % {"n": n, "kind": item.get_kind_display()}
        if item.kind == ItemKind.NEW_LINE and item.realname_verified_at is None:
            problems.append(
                _("%(where)s: the holder's real name is not verified on the real-name platform.")
                % {"where": where}
            )
        if item.kind == ItemKind.VAS and item.sms_confirmed_at is None:
            problems.append(
                _("%(where)s: the subscriber has not confirmed the value-added service by SMS.")
                % {"where": where}
            )
        if item.kind == ItemKind.SIM_REPLACEMENT and item.holder_verified_at is None:
            problems.append(
                _("%(where)s: the holder has not been verified for the SIM replacement.")
                % {"where": where}
            )
        refusal = _port_out_refusal(item.subscriber, item.kind)
        if refusal:
            problems.append(f"{where}: {refusal}")
    return problems


def _port_out_refusal(subscriber: Subscriber | None, kind: str) -> str | None:
    """Risk's port-out rule, where that capability is installed: nothing may obstruct
    a live port-out request (携号转网服务管理规定)."""
    from django.apps import apps

    if subscriber is None or not apps.is_installed("kamdesk.risk"):
        return None
    from kamdesk.risk.facade import port_out_refusal

    return port_out_refusal(subscriber=subscriber, item_kind=kind)


def readiness_errors(order: Order, *, for_submission: bool) -> Errors:
    """Problems that stop the order, each with a message a manager can act on."""
    from kamdesk.orders.services.orders import approval_needed

    errors: Errors = {}
    if not order.items.exists():
        errors["items"] = [_("The order has no items.")]
        return errors
    problems = _item_problems(order)
    if problems:
        errors["items"] = problems
    if not for_submission:
        return errors
    if order.status != OrderStatus.APPROVED:
        errors["status"] = [_("Only an approved order is submitted to BOSS.")]
    elif approval_needed(order) and (
        order.approved_by is None or order.approved_by.role != Role.SUPERVISOR
    ):
        errors["discount"] = [
            _("The discount is above the limit and needs a supervisor's approval.")
        ]
    from kamdesk.orders.services.signing import signature_current

    if not signature_current(order):
        errors["signature"] = [_("The customer has not signed the order form as it stands.")]
    return errors
