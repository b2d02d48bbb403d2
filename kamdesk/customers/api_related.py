"""/api/v1 accounts, subscribers, products, contracts, contacts and interactions.

Lists take an optional ``customer_id`` (404 when that customer is out of scope);
without it they cover every customer in the caller's scope.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import P, PathEx, Query, Router, Status
from ninja.errors import HttpError

from kamdesk.core.errors import ValidationFailed
from kamdesk.core.identifiers import IdentifierError, clean_subscriber_number
from kamdesk.customers.models import Account, Contact, Contract, Interaction, Product
from kamdesk.customers.schemas import (
    MAX_ID,
    ApiRequest,
    answers,
    paginate,
)
from kamdesk.customers.schemas_related import (
    AccountOut,
    AccountPage,
    ContactIn,
    ContactOut,
    ContactPage,
    ContactPatch,
    ContractOut,
    ContractPage,
    ContractQuery,
    HolderQuery,
    InteractionIn,
    InteractionOut,
    InteractionPage,
    ProductDetailOut,
    ProductOut,
    ProductPage,
    RelatedQuery,
    SubscriberOut,
    SubscriberPage,
)
from kamdesk.customers.selectors import (
    accounts_of,
    accounts_visible_to,
    contacts_of,
    contacts_visible_to,
    contracts_expiring,
    contracts_of,
    contracts_visible_to,
    customer_get,
    interactions_of,
    interactions_visible_to,
    products_of,
    products_visible_to,
    scoped_related,
    subscriber_get,
    subscriber_holder,
)
from kamdesk.customers.services import contact_create, contact_update, interaction_create
from kamdesk.users.models import User
from kamdesk.users.permissions import can

router = Router()

RowId = PathEx[int, P(ge=1, le=MAX_ID, example=1)]


def _listing(
    *,
    user: User,
    customer_id: int | None,
    kind: str,
    of: Callable[..., QuerySet],
    visible: Callable[..., QuerySet],
) -> QuerySet:
    """One customer's rows (``of``) or every customer's in scope (``visible``)."""
    if customer_id is None:
        return visible(user=user)
    customer = customer_get(user=user, customer_id=customer_id, kind=kind)
    return of(user=user, customer=customer)


def _require_change(user: User, kind: str) -> None:
    if not can(user, "change", kind):
        raise HttpError(403, _("You may not change this kind of data."))


# --- accounts -----------------------------------------------------------------------


@router.get("/accounts", response=answers({200: AccountPage}), tags=["accounts"])
def list_accounts(request: ApiRequest, params: Query[RelatedQuery]) -> dict[str, Any]:
    qs = _listing(
        user=request.auth,
        customer_id=params.customer_id,
        kind="account",
        of=accounts_of,
        visible=accounts_visible_to,
    )
    return paginate(qs, params, AccountOut.of)


@router.get("/accounts/{account_id}", response=answers({200: AccountOut}), tags=["accounts"])
def get_account(request: ApiRequest, account_id: RowId) -> AccountOut:
    return AccountOut.of(
        scoped_related(user=request.auth, model=Account, kind="account", pk=account_id)
    )


# --- subscribers --------------------------------------------------------------------


@router.get("/subscribers", response=answers({200: SubscriberPage}), tags=["subscribers"])
def find_holder(request: ApiRequest, params: Query[HolderQuery]) -> dict[str, Any]:
    """Who holds a number today (or on ``on``): numbers are recycled, so this may differ
    from day to day. The envelope holds 0 or 1 item."""
    try:
        number = clean_subscriber_number(params.number)
    except IdentifierError as exc:
        message = _("Enter an 11-digit mobile or 13-digit IoT number.")
        raise ValidationFailed({"number": [message]}) from exc
    holder = subscriber_holder(user=request.auth, number=number, on=params.on)
    items = [SubscriberOut.of(holder)] if holder is not None else []
    return {"items": items, "count": len(items)}


@router.get(
    "/subscribers/{subscriber_id}", response=answers({200: SubscriberOut}), tags=["subscribers"]
)
def get_subscriber(request: ApiRequest, subscriber_id: RowId) -> SubscriberOut:
    return SubscriberOut.of(subscriber_get(user=request.auth, subscriber_pk=subscriber_id))


# --- products and contracts ---------------------------------------------------------


@router.get("/products", response=answers({200: ProductPage}), tags=["products"])
def list_products(request: ApiRequest, params: Query[RelatedQuery]) -> dict[str, Any]:
    qs = _listing(
        user=request.auth,
        customer_id=params.customer_id,
        kind="product",
        of=products_of,
        visible=products_visible_to,
    )
    return paginate(qs, params, ProductOut.of)


@router.get("/products/{product_id}", response=answers({200: ProductDetailOut}), tags=["products"])
def get_product(request: ApiRequest, product_id: RowId) -> ProductDetailOut:
    product = scoped_related(user=request.auth, model=Product, kind="product", pk=product_id)
    return ProductDetailOut(**ProductOut.fields_of(product), member_count=product.members.count())


@router.get("/contracts", response=answers({200: ContractPage}), tags=["contracts"])
def list_contracts(request: ApiRequest, params: Query[ContractQuery]) -> dict[str, Any]:
    qs = _listing(
        user=request.auth,
        customer_id=params.customer_id,
        kind="product",
        of=contracts_of,
        visible=contracts_visible_to,
    )
    if params.expiring_within_days is not None:
        qs = contracts_expiring(contracts=qs, within_days=params.expiring_within_days)
    return paginate(qs, params, ContractOut.of)


@router.get("/contracts/{contract_id}", response=answers({200: ContractOut}), tags=["contracts"])
def get_contract(request: ApiRequest, contract_id: RowId) -> ContractOut:
    return ContractOut.of(
        scoped_related(user=request.auth, model=Contract, kind="product", pk=contract_id)
    )


# --- contacts -----------------------------------------------------------------------


def _contact_data(payload: ContactPatch) -> dict[str, Any]:
    data = payload.model_dump(exclude_unset=True, exclude={"customer_id"})
    if data.get("email"):
        try:
            validate_email(data["email"])
        except DjangoValidationError as exc:
            raise ValidationFailed({"email": [_("Enter a valid e-mail address.")]}) from exc
    return data


@router.get("/contacts", response=answers({200: ContactPage}), tags=["contacts"])
def list_contacts(request: ApiRequest, params: Query[RelatedQuery]) -> dict[str, Any]:
    qs = _listing(
        user=request.auth,
        customer_id=params.customer_id,
        kind="contact",
        of=contacts_of,
        visible=contacts_visible_to,
    )
    return paginate(qs, params, ContactOut.of)


@router.get("/contacts/{contact_id}", response=answers({200: ContactOut}), tags=["contacts"])
def get_contact(request: ApiRequest, contact_id: RowId) -> ContactOut:
    return ContactOut.of(
        scoped_related(user=request.auth, model=Contact, kind="contact", pk=contact_id)
    )


@router.post("/contacts", response=answers({201: ContactOut}, write=True), tags=["contacts"])
def create_contact(request: ApiRequest, payload: ContactIn) -> Status:
    customer = customer_get(user=request.auth, customer_id=payload.customer_id, kind="contact")
    _require_change(request.auth, "contact")
    data = _contact_data(payload)
    try:
        contact = contact_create(actor=request.auth, customer=customer, data=data)
    except DjangoValidationError as exc:
        raise ValidationFailed(exc.message_dict) from exc
    return Status(201, ContactOut.of(contact))


@router.patch(
    "/contacts/{contact_id}", response=answers({200: ContactOut}, write=True), tags=["contacts"]
)
def update_contact(request: ApiRequest, contact_id: RowId, payload: ContactPatch) -> ContactOut:
    """Change the fields sent; the others keep their values."""
    contact = scoped_related(user=request.auth, model=Contact, kind="contact", pk=contact_id)
    _require_change(request.auth, "contact")
    contact = contact_update(actor=request.auth, contact=contact, data=_contact_data(payload))
    return ContactOut.of(contact)


# --- interactions -------------------------------------------------------------------


@router.get("/interactions", response=answers({200: InteractionPage}), tags=["interactions"])
def list_interactions(request: ApiRequest, params: Query[RelatedQuery]) -> dict[str, Any]:
    qs = _listing(
        user=request.auth,
        customer_id=params.customer_id,
        kind="interaction",
        of=interactions_of,
        visible=interactions_visible_to,
    )
    return paginate(qs, params, InteractionOut.of)


@router.get(
    "/interactions/{interaction_id}", response=answers({200: InteractionOut}), tags=["interactions"]
)
def get_interaction(request: ApiRequest, interaction_id: RowId) -> InteractionOut:
    row = scoped_related(
        user=request.auth, model=Interaction, kind="interaction", pk=interaction_id
    )
    return InteractionOut.of(row)


@router.post(
    "/interactions", response=answers({201: InteractionOut}, write=True), tags=["interactions"]
)
def create_interaction(request: ApiRequest, payload: InteractionIn) -> Status:
    """Record a contact with the customer by any channel."""
    user = request.auth
    customer = customer_get(user=user, customer_id=payload.customer_id, kind="interaction")
    _require_change(user, "interaction")
    contact = None
    if payload.contact_id is not None:
        contact = contacts_of(user=user, customer=customer).filter(pk=payload.contact_id).first()
        if contact is None:
            raise ValidationFailed({"contact_id": [_("No such contact of this customer.")]})
    interaction = interaction_create(
        actor=user,
        customer=customer,
        channel=payload.channel,
        summary=payload.summary,
        occurred_at=payload.occurred_at,
        contact=contact,
        inbound=payload.inbound,
    )
    return Status(201, InteractionOut.of(interaction))
