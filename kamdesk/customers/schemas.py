"""Schemas of the customers API: the shared pieces (string and money types, error and
page envelopes) and the customer schemas; the other resources' are in ``schemas_related``.

Output schemas are filled field by field from model rows, so nothing leaves the API
unless it is named here: numbers and identity documents only masked, money as strings.

Representations (the same in every answer):
- money: yuan as a decimal string with exactly two places ("12000.00"), never a float;
- coordinates: degrees as a decimal string with six places ("32.041544");
- dates: ``YYYY-MM-DD``; datetimes: ISO 8601 in UTC;
- subscriber numbers and phones: masked like ``138****5678``; e-mails like ``z***@example.cn``.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import AfterValidator, BaseModel

from kamdesk.customers.models import (
    Customer,
)
from kamdesk.users.models import User

# The largest id a client may send: JavaScript's largest safe integer, far above any row.
MAX_ID = 2**53 - 1
DEFAULT_LIMIT = 25
MAX_LIMIT = 200

_CENT = Decimal("0.01")
_MICRO_DEGREE = Decimal("0.000001")


def _no_nul(value: str) -> str:
    # PostgreSQL refuses NUL characters in text; refuse them here as a 422 instead of a 500.
    if "\x00" in value:
        raise ValueError(_("NUL characters are not allowed."))
    return value


_NoNul = AfterValidator(_no_nul)
# Strings of at most N characters without NUL characters.
Str16 = Annotated[str, Field(max_length=16), _NoNul]
Str20 = Annotated[str, Field(max_length=20), _NoNul]
Str32 = Annotated[str, Field(max_length=32), _NoNul]
Str50 = Annotated[str, Field(max_length=50), _NoNul]
Str64 = Annotated[str, Field(max_length=64), _NoNul]
Str100 = Annotated[str, Field(max_length=100), _NoNul]
Str150 = Annotated[str, Field(max_length=150), _NoNul]
Str200 = Annotated[str, Field(max_length=200), _NoNul]
Str254 = Annotated[str, Field(max_length=254), _NoNul]
Str300 = Annotated[str, Field(max_length=300), _NoNul]
Str4000 = Annotated[str, Field(max_length=4000), _NoNul]

Money = Annotated[
    str,
    Field(pattern=r"^-?\d+\.\d{2}$", description="Yuan as a decimal string with two places."),
]
Degrees = Annotated[
    str,
    Field(pattern=r"^-?\d+\.\d{6}$", description="Degrees as a decimal string with six places."),
]


def money(value: Decimal) -> str:
    return str(Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP))


def money_or_none(value: Decimal | None) -> str | None:
    return None if value is None else money(value)


def degrees(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return str(Decimal(value).quantize(_MICRO_DEGREE, rounding=ROUND_HALF_UP))


class Body(BaseModel):
    """A request body. Plain pydantic rather than ninja's ``Schema``, which reads the
    attributes of any value and so would take ``[null]`` for an empty object."""


class ApiRequest(HttpRequest):
    """A request that passed the bearer check: django-ninja puts the caller in ``auth``."""

    auth: User


# --- errors and pages ---------------------------------------------------------------


class DetailOut(Schema):
    """400, 401, 403 and 404 answers."""

    detail: str


class ErrorsOut(Schema):
    """422 answers: one or more messages per field."""

    errors: dict[str, list[str]]


def answers(ok: dict[int, Any], *, write: bool = False) -> dict[int, Any]:
    """The answers of an operation: its success, 401, 404 and 422; a write also answers
    400 (a body that is not JSON) and 403 (a role that may read but not change)."""
    declared: dict[int, Any] = {**ok, 401: DetailOut, 404: DetailOut, 422: ErrorsOut}
    if write:
        declared.update({400: DetailOut, 403: DetailOut})
    return declared


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page.")
    offset: int = Field(0, ge=0, le=10**9, description="Items to skip.")


def paginate(qs: QuerySet[Any], params: PageParams, build: Any) -> dict[str, Any]:
    """The envelope ``{"items": [...], "count": N}`` of one page of ``qs``."""
    rows = qs[params.offset : params.offset + params.limit]
    return {"items": [build(row) for row in rows], "count": qs.count()}


# --- customers ----------------------------------------------------------------------

CustomerKindIn = Literal["group", "individual"]
CustomerStatusIn = Literal["prospect", "active", "at_risk", "churned"]
IdTypeIn = Literal["", "resident_id", "passport", "hkmo_permit", "taiwan_permit", "foreigner_prc"]


class CustomerQuery(PageParams):
    q: Str100 = Field("", description="Number, USCC, name, pinyin or initials, read by shape.")
    kind: Literal["", "group", "individual"] = ""
    grade: Str16 = ""
    status: Literal["", "prospect", "active", "at_risk", "churned"] = ""
    manager: Str150 = Field("", description="The account manager's username.")
    region: Str50 = ""


class CustomerOut(Schema):
    id: int
    code: str
    kind: str
    name: str
    parent_id: int | None
    uscc: str
    id_type: str
    id_number_masked: str
    grade: str
    industry: str
    region: str
    district: str
    address: str
    latitude: Degrees | None
    longitude: Degrees | None
    status: str
    credit_tier: str
    manager: str | None = Field(description="Username of the account manager.")
    backup_manager: str | None
    monthly_revenue: Money
    arpu: Money
    months_on_network: int

    @classmethod
    def of(cls, c: Customer) -> CustomerOut:
        return cls(
            id=c.pk,
            code=c.code,
            kind=c.kind,
            name=c.name,
            parent_id=c.parent_id,
            uscc=c.uscc,
            id_type=c.id_type,
            id_number_masked=c.id_number_masked,
            grade=c.grade.code,
            industry=c.industry,
            region=c.region,
            district=c.district,
            address=c.address,
            latitude=degrees(c.latitude),
            longitude=degrees(c.longitude),
            status=c.status,
            credit_tier=c.credit_tier,
            manager=c.manager.username if c.manager else None,
            backup_manager=c.backup_manager.username if c.backup_manager else None,
            monthly_revenue=money(c.monthly_revenue),
            arpu=money(c.arpu),
            months_on_network=c.months_on_network,
        )


class CustomerPage(Schema):
    items: list[CustomerOut]
    count: int


class _CustomerFields(Body):
    parent_code: Str32 | None = None
    uscc: Str32 | None = None
    id_type: IdTypeIn | None = None
    id_number: Str32 | None = Field(None, description="Stored encrypted; answered masked.")
    industry: Str50 | None = None
    region: Str50 | None = None
    district: Str50 | None = None
    address: Str300 | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    credit_tier: Str16 | None = None
    manager: Str150 | None = Field(None, description="Username of the account manager.")
    backup_manager: Str150 | None = None
    status: CustomerStatusIn | None = None


class CustomerIn(_CustomerFields):
    code: Str32
    kind: CustomerKindIn
    name: Str200
    grade: Str16


class CustomerPatch(_CustomerFields):
    """Only the fields sent change; ``null`` keeps a field's value."""

    kind: CustomerKindIn | None = None
    name: Str200 | None = None
    grade: Str16 | None = None


def customer_raw(payload: _CustomerFields) -> dict[str, Any]:
    """The body as the raw strings ``customer_clean`` reads (as an import row would be)."""
    raw = payload.model_dump(exclude_unset=True)
    for key in ("latitude", "longitude"):
        if raw.get(key) is not None:
            raw[key] = str(raw[key])
    return raw
