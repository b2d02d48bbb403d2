"""The entitlement rules, one test per rule (pure: no database)."""

from __future__ import annotations

from kamdesk.statements.entitlement import Facts, decide


def _statement(**kw) -> Facts:
    values = {
        "document": "statement",
        "recipient": "contact",
        "payment_relation": "group",
        "for_subscriber": True,
    }
    values.update(kw)
    return Facts(**values)


def test_it_gives_the_registered_holder_full_numbers():
    decision = decide(_statement(recipient="holder", payment_relation="member"))
    assert decision.allowed and decision.full_numbers
    assert decide(_statement(recipient="holder")).full_numbers


def test_it_gives_the_authorised_contact_a_group_paid_subscribers_statement_with_authorisation():
    decision = decide(_statement(is_authorised_contact=True, authorisation_on_file=True))
    assert decision.allowed and decision.reason == "authorised_contact"
    partial = _statement(payment_relation="partial", is_authorised_contact=True)
    assert decide(Facts(**{**partial.__dict__, "authorisation_on_file": True})).allowed


def test_it_refuses_the_group_contact_without_a_written_authorisation():
    decision = decide(_statement(is_authorised_contact=True, authorisation_on_file=False))
    assert not decision.allowed and decision.reason == "no_authorisation_on_file"


def test_it_refuses_a_contact_who_is_not_the_accounts_authorised_contact():
    decision = decide(_statement(is_authorised_contact=False, authorisation_on_file=True))
    assert not decision.allowed and decision.reason == "not_authorised_contact"


def test_it_never_gives_a_self_paid_members_statement_to_the_group():
    decision = decide(
        _statement(
            payment_relation="member", is_authorised_contact=True, authorisation_on_file=True
        )
    )
    assert not decision.allowed and decision.reason == "self_paid_member"


def test_it_sends_bills_to_the_paying_accounts_authorised_contact_only():
    bill = {"document": "bill", "payment_relation": "group", "for_subscriber": False}
    assert decide(Facts(recipient="contact", is_authorised_contact=True, **bill)).allowed
    assert not decide(Facts(recipient="contact", is_authorised_contact=False, **bill)).allowed
    assert not decide(Facts(recipient="holder", **bill)).allowed
    own = {"document": "bill", "payment_relation": "member", "for_subscriber": True}
    assert decide(Facts(recipient="holder", **own)).allowed  # they are the payer


def test_it_shows_staff_masked_numbers_unless_a_grant_unmasks_them():
    masked = decide(_statement(recipient="staff"))
    assert masked.allowed and not masked.full_numbers
    assert decide(_statement(recipient="staff", unmask_granted=True)).full_numbers


def test_an_itemised_statement_is_always_one_subscribers():
    assert not decide(_statement(for_subscriber=False, recipient="holder")).allowed
