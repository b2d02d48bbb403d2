"""/api/v1/customers: search, read, create and change key accounts, and their lines."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router, Status
from ninja.errors import HttpError

from kamdesk.customers.schemas import (
    MAX_ID,
    ApiRequest,
    CustomerIn,
    CustomerOut,
    CustomerPage,
    CustomerPatch,
    CustomerQuery,
    PageParams,
    answers,
    customer_raw,
    paginate,
)
from kamdesk.customers.schemas_related import (
    AccountOut,
    AccountPage,
    CustomerSubscribersQuery,
    SubscriberOut,
    SubscriberPage,
)
from kamdesk.customers.selectors import (
    CustomerFilters,
    accounts_of,
    customer_get,
    customer_search,
    subscribers_of,
)
from kamdesk.customers.services import customer_create, customer_update, customer_viewed
from kamdesk.users.models import Role, User
from kamdesk.users.permissions import can

router = Router(tags=["customers"])

CustomerId = PathEx[int, P(ge=1, le=MAX_ID, example=1)]


def _require_change(user: User) -> None:
    if not can(user, "change", "profile"):
        raise HttpError(403, _("You may not change customer profiles."))


@router.get("/customers", response=answers({200: CustomerPage}))
def list_customers(request: ApiRequest, params: Query[CustomerQuery]) -> dict[str, Any]:
    """Customers in scope; ``q`` is read by its shape like the search box of the pages."""
    filters = CustomerFilters(
        q=params.q,
        kind=params.kind,
        grade=params.grade,
        status=params.status,
        manager=params.manager,
        region=params.region,
    )
    return paginate(customer_search(user=request.auth, filters=filters), params, CustomerOut.of)


@router.get("/customers/{customer_id}", response=answers({200: CustomerOut}))
def get_customer(request: ApiRequest, customer_id: CustomerId) -> CustomerOut:
    customer = customer_get(user=request.auth, customer_id=customer_id)
    customer_viewed(user=request.auth, customer=customer, ip=request.META.get("REMOTE_ADDR"))
    return CustomerOut.of(customer)


@router.post("/customers", response=answers({201: CustomerOut}, write=True))
def create_customer(request: ApiRequest, payload: CustomerIn) -> Status:
    user = request.auth
    _require_change(user)
    raw = customer_raw(payload)
    # A manager creating a customer without naming its manager takes it on, so that the
    # new customer is in their scope rather than nobody's.
    if user.role == Role.MANAGER and not raw.get("manager"):
        raw["manager"] = user.username
    customer = customer_create(actor=user, data=raw, source="api")
    return Status(201, CustomerOut.of(customer))


@router.patch("/customers/{customer_id}", response=answers({200: CustomerOut}, write=True))
def update_customer(
    request: ApiRequest, customer_id: CustomerId, payload: CustomerPatch
) -> CustomerOut:
    """Change the fields sent; the others keep their values."""
    customer = customer_get(user=request.auth, customer_id=customer_id)
    _require_change(request.auth)
    customer, _changed = customer_update(
        actor=request.auth, customer=customer, data=customer_raw(payload), source="api"
    )
    return CustomerOut.of(customer)


@router.get("/customers/{customer_id}/accounts", response=answers({200: AccountPage}))
def list_customer_accounts(
    request: ApiRequest, customer_id: CustomerId, params: Query[PageParams]
) -> dict[str, Any]:
    customer = customer_get(user=request.auth, customer_id=customer_id, kind="account")
    return paginate(accounts_of(user=request.auth, customer=customer), params, AccountOut.of)


@router.get("/customers/{customer_id}/subscribers", response=answers({200: SubscriberPage}))
def list_customer_subscribers(
    request: ApiRequest, customer_id: CustomerId, params: Query[CustomerSubscribersQuery]
) -> dict[str, Any]:
    customer = customer_get(user=request.auth, customer_id=customer_id, kind="subscriber")
    qs = subscribers_of(
        user=request.auth, customer=customer, q=params.q, current_only=params.current
    )
    return paginate(qs, params, SubscriberOut.of)
