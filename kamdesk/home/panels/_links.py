"""Links to records of capabilities still being built: the record's own page when its
URL exists, else the customer's 360 page (where the capability's panel shows it)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse


def record_url(name: str, pk: int, customer_id: int) -> str:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return reverse("customers:detail", args=[customer_id])
