"""Reads of key accounts. Every page and API endpoint reads through these, so the
access scope (least privilege, D3) is written once, here.

Scope: a manager sees the customers they manage, and those they back up while the
manager is absent; a supervisor sees their team's; the system administrator all;
everyone else none. Anything outside the scope does not exist for the caller.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kamdesk.audit.services import audit_refusal
from kamdesk.core.search import parse_search
from kamdesk.customers.models import (
    Account,
    Contact,
    Contract,
    Customer,
    Interaction,
    Product,
    Subscriber,
)
from kamdesk.users.models import Role, User
from kamdesk.users.permissions import can
from kamdesk.users.selectors import absent_user_ids, team_member_ids


def _scope_filter(user: User, at: dt.datetime | None = None) -> Q | None:
    """The customers ``user`` may see, as a filter; None means all."""
    if user.role == Role.SYSTEM_ADMIN:
        return None
    if user.role == Role.MANAGER:
        # The absent managers are few: fetch their ids first, so the planner sees plain
        # equality and IN conditions it can answer from the (manager, …) and
        # (backup_manager, manager) indexes instead of a correlated subquery.
        absent = list(absent_user_ids(at=at).values_list("user_id", flat=True))
        if not absent:
            return Q(manager=user)
        return Q(manager=user) | Q(backup_manager=user, manager_id__in=absent)
    if user.role == Role.SUPERVISOR:
        return Q(manager_id__in=team_member_ids(supervisor=user))
    return Q(pk__in=[])


def customers_visible_to(*, user: User, kind: str = "profile") -> QuerySet[Customer]:
    """All customers ``user`` may see, if their role may list ``kind`` at all."""
    qs = Customer.objects.select_related("grade", "manager", "backup_manager")
    if not can(user, "list", kind) and not can(user, "view", kind):
        return qs.none()
    scope = _scope_filter(user)
    return qs if scope is None else qs.filter(scope)


def _refused(user: User, kind: str, target_type: str, target_id: object, customer: object) -> None:
    """Record a refused read (insider-risk signal E1); the caller then answers 404."""
    audit_refusal(
        actor=user,
        data_kind=kind,
        target_type=target_type,
        target_id=str(target_id)[:64],
        customer_id=customer if isinstance(customer, int) else None,
    )


def kind_require(*, user: User, action: str, kind: str) -> None:
    """Refuse, with ``Http404`` and an ``access.refused`` event, a role the matrix does not
    let ``action`` ``kind`` at all: a list of a denied kind is refused, not answered empty."""
    if not can(user, action, kind):
        _refused(user, kind, "", "", None)
        raise Http404("Not found")


def list_require(*, user: User, kind: str, customer_id: int | None = None) -> None:
    """The checks of every list of a kind of data: a role the matrix does not let list
    ``kind`` is refused (``kind_require``), and so is a list filtered by one customer
    (``?customer_id=``) outside a manager's or supervisor's portfolio (404,
    ``access.refused``), not answered with an empty page. Roles without a portfolio
    (back-office agents working their department's requests and orders) filter their own
    work by customer freely: the list's scope already holds them to it."""
    kind_require(user=user, action="list", kind=kind)
    if customer_id and user.role in (Role.MANAGER, Role.SUPERVISOR):
        customer_get(user=user, customer_id=customer_id, kind=kind)


def customer_get(*, user: User, customer_id: int, kind: str = "profile") -> Customer:
    """One customer in scope, or ``Http404`` (never a 403: existence is not disclosed)."""
    try:
        return (
            customers_visible_to(user=user, kind=kind).select_related("parent").get(pk=customer_id)
        )
    except (Customer.DoesNotExist, ValueError, TypeError) as exc:
        _refused(user, kind, "customers.customer", customer_id, customer_id)
        raise Http404("No such customer") from exc


@dataclass(frozen=True)
class CustomerFilters:
    q: str = ""
    kind: str = ""
    grade: str = ""
    status: str = ""
    manager: str = ""
    region: str = ""


def customer_search(*, user: User, filters: CustomerFilters) -> QuerySet[Customer]:
    """Customers in scope matching the search box (read by its shape) and the filters."""
    qs = customers_visible_to(user=user, kind="profile")
    query = parse_search(filters.q)
    if query.kind == "number":
        today = timezone.localdate()
        holders = Subscriber.objects.filter(number=query.value).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=today), valid_from__lte=today
        )
        qs = qs.filter(pk__in=holders.values("customer_id"))
    elif query.kind == "uscc":
        qs = qs.filter(uscc=query.value)
    elif query.kind == "pinyin":
        qs = qs.filter(
            Q(name_initials__startswith=query.value)
            | Q(name_pinyin__startswith=query.value)
            | Q(code=query.value.upper())
            | Q(name__icontains=query.value)
        )
    elif query.kind == "text":
        # Customer codes from BOSS are upper case; an exact match keeps the code index usable.
        qs = qs.filter(Q(name__icontains=query.value) | Q(code=query.value.upper()))
    qs = _apply_filters(qs, filters)
    return qs.order_by("code")


def _apply_filters(qs: QuerySet[Customer], filters: CustomerFilters) -> QuerySet[Customer]:
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.grade:
        qs = qs.filter(grade__code=filters.grade)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.manager:
        qs = qs.filter(manager__username=filters.manager)
    if filters.region:
        qs = qs.filter(region=filters.region)
    return qs


def customer_regions(*, user: User) -> list[str]:
    qs = customers_visible_to(user=user).exclude(region="")
    return list(qs.order_by("region").values_list("region", flat=True).distinct())


def customer_ancestors(*, customer: Customer) -> list[Customer]:
    """The group hierarchy above a customer, top first (names only; no scope needed)."""
    chain: list[Customer] = []
    current = customer.parent
    while current is not None and len(chain) < 10:
        chain.append(current)
        current = current.parent
    return list(reversed(chain))


def customer_children(*, user: User, customer: Customer) -> QuerySet[Customer]:
    return customers_visible_to(user=user).filter(parent=customer).order_by("code")


def accounts_of(*, user: User, customer: Customer) -> QuerySet[Account]:
    if not can(user, "view", "account"):
        return Account.objects.none()
    return customer.accounts.select_related("bill_contact").order_by("code")


def subscribers_of(
    *, user: User, customer: Customer, q: str = "", current_only: bool = False
) -> QuerySet[Subscriber]:
    if not can(user, "view", "subscriber"):
        return Subscriber.objects.none()
    qs = customer.subscribers.select_related("plan", "account").order_by("number", "valid_from")
    text = q.strip()
    if text.isdigit():
        qs = qs.filter(number__contains=text)
    elif text:
        qs = qs.filter(Q(user_name__icontains=text) | Q(holder_name__icontains=text))
    if current_only:
        today = timezone.localdate()
        qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today), valid_from__lte=today)
    return qs


def subscriber_holder(*, user: User, number: str, on: dt.date | None = None) -> Subscriber | None:
    """The subscriber holding ``number`` on day ``on`` (today in Asia/Shanghai), in scope."""
    day = on or timezone.localdate()
    visible = customers_visible_to(user=user, kind="subscriber")
    return (
        Subscriber.objects.select_related("customer", "account", "plan")
        .filter(number=number, valid_from__lte=day, customer__in=visible)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .order_by("-valid_from")
        .first()
    )


def subscriber_get(*, user: User, subscriber_pk: int) -> Subscriber:
    visible = customers_visible_to(user=user, kind="subscriber")
    try:
        return Subscriber.objects.select_related("customer", "account", "plan").get(
            pk=subscriber_pk, customer__in=visible
        )
    except (Subscriber.DoesNotExist, ValueError, TypeError) as exc:
        _refused(user, "subscriber", "customers.subscriber", subscriber_pk, None)
        raise Http404("No such subscriber") from exc


def products_of(*, user: User, customer: Customer) -> QuerySet[Product]:
    if not can(user, "view", "product"):
        return Product.objects.none()
    return customer.products.select_related("account").order_by("product_id")


def contracts_of(*, user: User, customer: Customer) -> QuerySet[Contract]:
    if not can(user, "view", "product"):
        return Contract.objects.none()
    return customer.contracts.prefetch_related("products").order_by("expires_on")


def contacts_of(*, user: User, customer: Customer) -> QuerySet[Contact]:
    if not can(user, "view", "contact"):
        return Contact.objects.none()
    return customer.contacts.filter(is_active=True).order_by("name")


def interactions_of(*, user: User, customer: Customer) -> QuerySet[Interaction]:
    if not can(user, "view", "interaction"):
        return Interaction.objects.none()
    return customer.interactions.select_related("contact", "staff").order_by("-occurred_at")


def scoped_related(*, user: User, model: type[Model], kind: str, pk: int):  # type: ignore[no-untyped-def]
    """One related row (account, product, contract, contact, interaction) in scope, or 404."""
    visible = customers_visible_to(user=user, kind=kind)
    try:
        return model._default_manager.get(pk=pk, customer__in=visible)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        _refused(user, kind, model._meta.label_lower, pk, None)
        raise Http404("Not found") from exc


# Lists across every customer in scope (the API's /accounts, /products, ... without a
# customer_id). The per-customer selectors above serve pages and ?customer_id=.


def _related_visible_to(*, user: User, model: type[Model], kind: str) -> QuerySet:
    if not can(user, "view", kind):
        return model._default_manager.none()
    visible = customers_visible_to(user=user, kind=kind)
    return model._default_manager.filter(customer__in=visible)


def accounts_visible_to(*, user: User) -> QuerySet[Account]:
    qs = _related_visible_to(user=user, model=Account, kind="account")
    return qs.select_related("bill_contact").order_by("code")


def products_visible_to(*, user: User) -> QuerySet[Product]:
    qs = _related_visible_to(user=user, model=Product, kind="product")
    return qs.select_related("account").order_by("product_id")


def contracts_visible_to(*, user: User) -> QuerySet[Contract]:
    qs = _related_visible_to(user=user, model=Contract, kind="product")
    return qs.prefetch_related("products").order_by("expires_on", "code")


def contacts_visible_to(*, user: User) -> QuerySet[Contact]:
    qs = _related_visible_to(user=user, model=Contact, kind="contact")
    return qs.filter(is_active=True).order_by("name", "pk")


def interactions_visible_to(*, user: User) -> QuerySet[Interaction]:
    qs = _related_visible_to(user=user, model=Interaction, kind="interaction")
    return qs.select_related("contact", "staff").order_by("-occurred_at", "-pk")


def contracts_expiring(*, contracts: QuerySet[Contract], within_days: int) -> QuerySet[Contract]:
    """Contracts expiring from today (Asia/Shanghai) to ``within_days`` days later."""
    today = timezone.localdate()
    return contracts.filter(
        expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=within_days)
    )
