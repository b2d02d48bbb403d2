"""Reads of statements, deliveries, preferences and authorisations, scoped like the
customers they belong to (out of scope: 404, never 403)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.http import Http404

from kamdesk.customers.models import Account, Contact, Customer, Subscriber
from kamdesk.customers.selectors import customer_get, customers_visible_to
from kamdesk.statements.models import (
    Authorisation,
    Delivery,
    GenerationJob,
    Statement,
    Subscription,
)
from kamdesk.users.models import User
from kamdesk.users.permissions import can

KIND = "statement"


def statements_customer(*, user: User, customer_id: int) -> Customer:
    """The customer, if ``user`` may see its statements (else 404)."""
    customer = customer_get(user=user, customer_id=customer_id, kind=KIND)
    if not can(user, "view", KIND):
        raise Http404("Not found")
    return customer


def statements_of(*, customer: Customer) -> QuerySet[Statement]:
    return Statement.objects.filter(customer=customer).select_related("account", "subscriber")


def deliveries_of(*, customer: Customer) -> QuerySet[Delivery]:
    return Delivery.objects.filter(customer=customer).select_related(
        "statement", "subscription", "customer"
    )


def deliveries_visible_to(*, user: User, status: str = "") -> QuerySet[Delivery]:
    """The delivery log across every customer in ``user``'s scope."""
    if not can(user, "list", KIND):
        return Delivery.objects.none()
    visible = customers_visible_to(user=user, kind=KIND).values("pk")
    qs = Delivery.objects.filter(customer__in=visible).select_related("customer", "statement")
    return qs.filter(status=status) if status else qs


def subscriptions_of(*, customer: Customer) -> QuerySet[Subscription]:
    return Subscription.objects.filter(customer=customer).select_related(
        "account", "subscriber", "contact"
    )


def authorisations_of(*, customer: Customer) -> QuerySet[Authorisation]:
    return Authorisation.objects.filter(customer=customer).select_related("account", "contact")


def jobs_of(*, customer: Customer) -> QuerySet[GenerationJob]:
    return GenerationJob.objects.filter(customer=customer).select_related("account", "statement")


def statement_get(*, user: User, statement_id: int) -> Statement:
    row = Statement.objects.select_related("customer", "account", "subscriber").filter(
        pk=statement_id
    )
    found = row.first()
    if found is None:
        raise Http404("Not found")
    statements_customer(user=user, customer_id=found.customer_id)
    return found


def job_get(*, user: User, job_id: int) -> GenerationJob:
    job = GenerationJob.objects.select_related("customer", "statement").filter(pk=job_id).first()
    if job is None:
        raise Http404("Not found")
    statements_customer(user=user, customer_id=job.customer_id)
    return job


def account_of(*, customer: Customer, account_id: int) -> Account:
    account = Account.objects.filter(pk=account_id, customer=customer).first()
    if account is None:
        raise Http404("Not found")
    return account


def subscriber_of(*, customer: Customer, subscriber_id: int) -> Subscriber:
    subscriber = (
        Subscriber.objects.select_related("account").filter(pk=subscriber_id, customer=customer)
    ).first()
    if subscriber is None:
        raise Http404("Not found")
    return subscriber


def contact_of(*, customer: Customer, contact_id: int) -> Contact:
    contact = Contact.objects.filter(pk=contact_id, customer=customer).first()
    if contact is None:
        raise Http404("Not found")
    return contact


def subscribers_in_month(*, account: Account, month: dt.date) -> QuerySet[Subscriber]:
    """Subscribers of the account who held their number at some time in ``month``."""
    month_end = (month + dt.timedelta(days=32)).replace(day=1)
    return (
        Subscriber.objects.filter(account=account, valid_from__lt=month_end)
        .exclude(valid_to__isnull=False, valid_to__lte=month)
        .order_by("number", "pk")
    )


def authorisation_file_readable(user: User, owner_id: int) -> bool:
    """Whoever may see the customer's statements may open its signed authorisation."""
    row = Authorisation.objects.filter(pk=owner_id).only("customer_id").first()
    if row is None or not can(user, "view", KIND):
        return False
    return customers_visible_to(user=user, kind=KIND).filter(pk=row.customer_id).exists()
