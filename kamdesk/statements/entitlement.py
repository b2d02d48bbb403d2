"""Who may receive which document, and with which numbers. Pure: no Django import.

The rules (docs/security.md, "Bills and itemised statements"):

1. A subscriber's itemised statement goes to the registered holder of the number, with
   full numbers (billing disputes need them).
2. For a subscriber on a group-paid account (统付, or the group paying up to a limit),
   the account's authorised contact may receive it, with full numbers, only while the
   customer's written authorisation for that contact is on file and valid that day.
3. Nobody receives, through the group, the statement of a member who pays their own
   bill (个付): not the group's contact, authorisation or not.
4. Bills go to the paying account's authorised contact; a member who pays their own
   bill is that account's payer and receives it as the holder.
5. Staff see statements masked, unless unmasked under the confidentiality rules (a
   grant for that customer and kind of data).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DocumentKind = Literal["bill", "statement"]
RecipientRole = Literal["holder", "contact", "staff"]

GROUP_PAID = frozenset({"group", "partial"})
SELF_PAID = "member"


@dataclass(frozen=True)
class Facts:
    """What is known about one document and one would-be recipient."""

    document: DocumentKind
    recipient: RecipientRole
    payment_relation: str  # of the account the subscriber (or bill) belongs to
    for_subscriber: bool  # the document is one subscriber's (not a whole account's)
    is_authorised_contact: bool = False  # the contact is the account's bill contact
    authorisation_on_file: bool = False  # written, valid on the day, for this contact
    unmask_granted: bool = False  # staff only: a grant under the confidentiality rules


@dataclass(frozen=True)
class Decision:
    allowed: bool
    full_numbers: bool
    reason: str  # a code: why (shown translated by the caller, written to the audit)


def _refuse(reason: str) -> Decision:
    return Decision(allowed=False, full_numbers=False, reason=reason)


def decide(facts: Facts) -> Decision:
    """Whether ``facts.recipient`` may receive the document, and with full numbers."""
    if facts.recipient == "staff":
        granted = facts.unmask_granted
        return Decision(True, granted, "staff_unmasked" if granted else "staff_masked")
    if facts.document == "bill":
        return _bill(facts)
    return _statement(facts)


def _statement(facts: Facts) -> Decision:
    if not facts.for_subscriber:
        return _refuse("statement_is_per_subscriber")
    if facts.recipient == "holder":
        return Decision(True, True, "registered_holder")
    if facts.payment_relation == SELF_PAID:
        return _refuse("self_paid_member")
    if facts.payment_relation not in GROUP_PAID:
        return _refuse("not_group_paid")
    if not facts.is_authorised_contact:
        return _refuse("not_authorised_contact")
    if not facts.authorisation_on_file:
        return _refuse("no_authorisation_on_file")
    return Decision(True, True, "authorised_contact")


def _bill(facts: Facts) -> Decision:
    if facts.recipient == "contact":
        if facts.is_authorised_contact:
            return Decision(True, True, "paying_account_contact")
        return _refuse("not_paying_account_contact")
    if facts.for_subscriber and facts.payment_relation == SELF_PAID:
        return Decision(True, True, "self_paying_holder")
    return _refuse("bill_goes_to_payer")
