"""Reads of orders in the caller's customer scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from kamdesk.customers.models import Customer
from kamdesk.customers.selectors import customers_visible_to
from kamdesk.orders.models import OPEN_STATUSES, Order, OrderEvent, OrderItem, OrderStatus
from kamdesk.users.models import Role, User
from kamdesk.users.permissions import can


def orders_visible_to(*, user: User) -> QuerySet[Order]:
    qs = Order.objects.select_related("customer", "owner", "approved_by", "account")
    if not can(user, "view", "order"):
        return qs.none()
    return qs.filter(customer__in=customers_visible_to(user=user, kind="order").values("pk"))


def order_get(*, user: User, order_id: int) -> Order:
    try:
        return orders_visible_to(user=user).get(pk=order_id)
    except (Order.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such order") from exc


def order_by_number(*, user: User, number: str) -> Order | None:
    return orders_visible_to(user=user).filter(number=number).first()


def items_of(*, order: Order) -> QuerySet[OrderItem]:
    return order.items.select_related("subscriber", "plan", "addon", "onsite_item")


def events_of(*, order: Order) -> QuerySet[OrderEvent]:
    return order.events.select_related("actor").order_by("at", "pk")


def customer_orders(*, user: User, customer: Customer) -> QuerySet[Order]:
    return orders_visible_to(user=user).filter(customer=customer)


def orders_awaiting(*, user: User) -> QuerySet[Order]:
    """For a supervisor: the orders of their team waiting for approval."""
    qs = orders_visible_to(user=user).filter(status=OrderStatus.AWAITING_APPROVAL)
    if user.role != Role.SUPERVISOR:
        return qs.none()
    return qs.filter(owner__team__supervisor=user)


@dataclass(frozen=True)
class OrderFilters:
    status: str = ""
    customer_id: int | None = None
    open_only: bool = False
    q: str = ""


def order_search(*, user: User, filters: OrderFilters) -> QuerySet[Order]:
    qs = orders_visible_to(user=user)
    if filters.open_only:
        qs = qs.filter(status__in=OPEN_STATUSES)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.customer_id:
        qs = qs.filter(customer_id=filters.customer_id)
    if filters.q:
        qs = qs.filter(Q(number__icontains=filters.q) | Q(customer__name__icontains=filters.q))
    return qs.order_by("-created_at", "-pk")
