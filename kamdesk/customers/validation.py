"""Validation of a customer's fields, shared by forms, the API and imports.

``customer_clean(raw)`` takes plain values (strings from a form, a JSON body or an
import row) and returns cleaned values and errors per field. Lookups of the grade,
the managers and the parent group are done here too, so every entry path reports
the same messages.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from kamdesk.core.identifiers import IdentifierError, clean_id_document, clean_uscc
from kamdesk.customers.models import Customer, CustomerKind, CustomerStatus, Grade, IdType
from kamdesk.users.models import Role, User

Errors = dict[str, list[str]]


def _text(raw: dict[str, Any], key: str) -> str:
    value = raw.get(key)
    return "" if value is None else str(value).strip()


def _decimal(raw: dict[str, Any], key: str, errors: Errors, low: int, high: int) -> Decimal | None:
    text = _text(raw, key)
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        errors.setdefault(key, []).append(_("Enter a number."))
        return None
    if not (low <= value <= high):
        errors.setdefault(key, []).append(
            _("Must be between %(low)s and %(high)s.") % {"low": low, "high": high}
        )
        return None
    return value.quantize(Decimal("0.000001"))


def _manager(username: str, field: str, errors: Errors) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None or user.role not in (Role.MANAGER, Role.SUPERVISOR):
        errors.setdefault(field, []).append(
            _("No active account manager named %(name)s.") % {"name": username}
        )
    return user


def _identity(kind: str, raw: dict[str, Any], clean: dict[str, Any], errors: Errors) -> None:
    uscc, id_type, id_number = _text(raw, "uscc"), _text(raw, "id_type"), _text(raw, "id_number")
    clean.update(uscc="", id_type="", id_number="")
    if kind == CustomerKind.GROUP:
        if not uscc:
            errors.setdefault("uscc", []).append(_("A group customer needs its USCC."))
            return
        try:
            clean["uscc"] = clean_uscc(uscc)
        except IdentifierError:
            errors.setdefault("uscc", []).append(
                _("Not a valid unified social credit code (check character or format).")
            )
        return
    if not id_type or not id_number:
        errors.setdefault("id_number", []).append(
            _("An individual VIP needs an identity document type and number.")
        )
        return
    if id_type not in IdType.values:
        errors.setdefault("id_type", []).append(_("Unknown identity document type."))
        return
    try:
        clean["id_number"] = clean_id_document(id_type, id_number)
        clean["id_type"] = id_type
    except IdentifierError as exc:
        errors.setdefault("id_number", []).append(
            _("Invalid document number: %(reason)s") % {"reason": exc}
        )


def customer_clean(raw: dict[str, Any], *, instance: Customer | None = None) -> tuple[dict, Errors]:
    """Clean one customer's values; ``instance`` is the row being updated, if any."""
    errors: Errors = {}
    clean: dict[str, Any] = {}
    code = _text(raw, "code") or (instance.code if instance else "")
    if not code:
        errors["code"] = [_("This field is required.")]
    elif len(code) > 32:
        errors["code"] = [_("At most 32 characters.")]
    clean["code"] = code
    kind = _text(raw, "kind")
    if kind not in CustomerKind.values:
        errors["kind"] = [_("Choose group or individual.")]
    clean["kind"] = kind
    name = _text(raw, "name")
    if not name:
        errors["name"] = [_("This field is required.")]
    elif len(name) > 200:
        errors["name"] = [_("At most 200 characters.")]
    clean["name"] = name
    _identity(kind, raw, clean, errors)
    grade_code = _text(raw, "grade")
    grade = Grade.objects.filter(code=grade_code).first() if grade_code else None
    if grade is None:
        errors["grade"] = [_("Unknown grade %(code)s.") % {"code": grade_code or "—"}]
    elif kind and grade.kind != kind:
        errors["grade"] = [
            _("Grade %(code)s is not a grade for this kind of customer.") % {"code": grade_code}
        ]
    clean["grade"] = grade
    status = _text(raw, "status") or CustomerStatus.ACTIVE
    if status not in CustomerStatus.values:
        errors["status"] = [_("Unknown status %(value)s.") % {"value": status}]
    clean["status"] = status
    _parent(raw, kind, code, clean, errors)
    clean["manager"] = _manager(_text(raw, "manager"), "manager", errors)
    clean["backup_manager"] = _manager(_text(raw, "backup_manager"), "backup_manager", errors)
    if clean["manager"] and clean["manager"] == clean["backup_manager"]:
        errors.setdefault("backup_manager", []).append(
            _("The backup manager must be someone other than the manager.")
        )
    clean["latitude"] = _decimal(raw, "latitude", errors, -90, 90)
    clean["longitude"] = _decimal(raw, "longitude", errors, -180, 180)
    for key, limit in (
        ("industry", 50),
        ("region", 50),
        ("district", 50),
        ("address", 300),
        ("credit_tier", 16),
    ):
        value = _text(raw, key)
        if len(value) > limit:
            errors.setdefault(key, []).append(_("At most %(n)s characters.") % {"n": limit})
        clean[key] = value
    return clean, errors


def _parent(raw: dict[str, Any], kind: str, code: str, clean: dict, errors: Errors) -> None:
    parent_code = _text(raw, "parent_code")
    clean["parent"] = None
    if not parent_code:
        return
    if kind != CustomerKind.GROUP:
        errors["parent_code"] = [_("Only group customers belong to a parent group.")]
        return
    if parent_code == code:
        errors["parent_code"] = [_("A group cannot be its own parent.")]
        return
    parent = Customer.objects.filter(code=parent_code, kind=CustomerKind.GROUP).first()
    if parent is None:
        errors["parent_code"] = [_("No group customer with code %(code)s.") % {"code": parent_code}]
        return
    ancestor: Customer | None = parent
    depth = 0
    while ancestor is not None and depth < 20:
        if ancestor.code == code:
            errors["parent_code"] = [_("This parent would make a loop in the group hierarchy.")]
            return
        ancestor, depth = ancestor.parent, depth + 1
    clean["parent"] = parent
