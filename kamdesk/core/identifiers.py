"""Pure validation of the identifiers an operator handles. No Django import.

- USCC (统一社会信用代码): 18 characters with a check character (GB 32100-2015).
- Resident identity number (居民身份证): 18 characters with an ISO 7064 check digit;
  unknown region codes are accepted (old codes stay in people's numbers).
- Passports, travel permits for Hong Kong/Macao and Taiwan residents, and the
  foreigner's permanent residence card are checked by shape.
- Subscriber numbers: 11-digit mobile (1[3-9]x) or 13-digit IoT (14x/104x/106x).
"""

from __future__ import annotations

import datetime as dt
import re

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

ID_TYPES = ("resident_id", "passport", "hkmo_permit", "taiwan_permit", "foreigner_prc")

_PASSPORT = re.compile(r"^[A-Z0-9]{5,17}$")
_HKMO = re.compile(r"^[HM]\d{8,10}$")
_TAIWAN = re.compile(r"^\d{8}$|^T\d{8}$")
_FOREIGNER_OLD = re.compile(r"^[A-Z]{3}\d{12}$")
_FOREIGNER_NEW = re.compile(r"^9\d{17}$")
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_IOT = re.compile(r"^(14[0-9]|10[46])\d{10}$")


class IdentifierError(ValueError):
    """The identifier is not valid; the message says why."""


def clean_uscc(value: str) -> str:
    """Return the compact USCC or raise ``IdentifierError``."""
    compact = uscc.compact(value or "").upper()
    try:
        return uscc.validate(compact)
    except StdnumError as exc:
        raise IdentifierError(f"not a valid unified social credit code ({exc})") from exc


def uscc_check_character(first17: str) -> str:
    return uscc.calc_check_digit(first17)


def resident_id_check_digit(first17: str) -> str:
    """The check digit for the first 17 characters of a resident identity number.

    (python-stdnum's ``ric.calc_check_digit`` expects the full 18 characters.)
    """
    return ric.calc_check_digit(first17 + "0")


def clean_resident_id(value: str) -> str:
    """Validate an 18-character resident identity number.

    python-stdnum rejects region codes it does not know; real people still carry
    old codes, so the check digit and birth date decide, not the region list.
    """
    compact = (value or "").strip().upper().replace(" ", "")
    if not re.fullmatch(r"\d{17}[\dX]", compact):
        raise IdentifierError("a resident identity number has 17 digits and a check digit")
    if resident_id_check_digit(compact[:17]) != compact[-1]:
        raise IdentifierError("the check digit of the resident identity number is wrong")
    try:
        dt.date(int(compact[6:10]), int(compact[10:12]), int(compact[12:14]))
    except ValueError as exc:
        raise IdentifierError("the birth date in the resident identity number is invalid") from exc
    return compact


def clean_id_document(id_type: str, value: str) -> str:
    """Validate an identity document number by its type and return its compact form."""
    compact = (value or "").strip().upper().replace(" ", "").replace("-", "")
    if id_type == "resident_id":
        return clean_resident_id(compact)
    checks = {
        "passport": (_PASSPORT, "a passport number has 5 to 17 letters or digits"),
        "hkmo_permit": (_HKMO, "a Hong Kong/Macao permit starts with H or M and 8 to 10 digits"),
        "taiwan_permit": (_TAIWAN, "a Taiwan permit has 8 digits (optionally after T)"),
    }
    if id_type in checks:
        pattern, message = checks[id_type]
        if not pattern.fullmatch(compact):
            raise IdentifierError(message)
        return compact
    if id_type == "foreigner_prc":
        if _FOREIGNER_OLD.fullmatch(compact) or _FOREIGNER_NEW.fullmatch(compact):
            return compact
        raise IdentifierError(
            "a permanent residence card has 3 letters and 12 digits, or 18 digits"
        )
    raise IdentifierError(f"unknown identity document type {id_type!r}")


def number_kind(value: str) -> str | None:
    """'mobile', 'iot' or None for a subscriber number."""
    digits = (value or "").strip()
    if _MOBILE.fullmatch(digits):
        return "mobile"
    if _IOT.fullmatch(digits):
        return "iot"
    return None


def clean_subscriber_number(value: str) -> str:
    digits = re.sub(r"[\s-]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    if number_kind(digits) is None:
        raise IdentifierError("a subscriber number has 11 digits (mobile) or 13 digits (IoT)")
    return digits


def looks_like_uscc(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", value.upper()))
