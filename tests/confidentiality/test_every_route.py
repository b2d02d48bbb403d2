"""Every registered page and API operation, for every role: a customer outside one's
scope answers 403/404 (or nothing of it), and no answer ever holds a full identity
number or subscriber number without an unmasking grant."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.confidentiality.conftest import SECRETS, World, body_of
from tests.confidentiality.routes import api_urls, page_urls

pytestmark = pytest.mark.django_db
OUT_OF_SCOPE = ["backoffice", "auditor", "security_admin"]
IN_SCOPE = ["manager", "supervisor", "system_admin"]
NOT_SHOWN = (403, 404, 405)


def _quiet(client: Client) -> Client:
    client.raise_request_exception = False
    return client


def _leaks(world: World, response) -> list[str]:
    body = body_of(response)
    names = (world.group.name, world.vip.name)
    return [s for s in (*SECRETS, *names) if s in body]


@pytest.mark.parametrize("role", [*OUT_OF_SCOPE, "other_manager"])
def test_it_shows_nothing_of_a_customer_outside_the_scope(world, role, other_manager):
    person = other_manager if role == "other_manager" else world.people[role]
    from tests.conftest import api_client_for, client_for

    page, token = _quiet(client_for(person)), _quiet(api_client_for(person))
    problems = []
    for customer in (world.group, world.vip):
        for url in page_urls(customer, world.line, customer_only=True):
            response = page.get(url)
            shown = response.status_code < 500 and response.status_code not in NOT_SHOWN
            if shown and (found := _leaks(world, response)):
                problems.append(f"{url} {response.status_code} shows {found}")
        for url in api_urls(customer, world.line, customer_only=True):
            response = token.get(url)
            if response.status_code == 200 or _leaks(world, response):
                problems.append(f"API {url} {response.status_code}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", IN_SCOPE)
def test_it_never_shows_a_full_number_or_identity_without_a_grant(world, role):
    page, token = _quiet(world.page(role)), _quiet(world.api(role))
    problems, answered = [], 0
    for customer in (world.group, world.vip):
        for url in page_urls(customer, world.line):
            response = page.get(url)
            answered += response.status_code == 200
            if any(s in body_of(response) for s in SECRETS):
                problems.append(url)
        for url in api_urls(customer, world.line):
            response = token.get(url)
            answered += response.status_code == 200
            if any(s in body_of(response) for s in SECRETS):
                problems.append("API " + url)
    assert not problems, "\n".join(problems)
    assert answered >= 20  # the walk saw real pages, not only refusals
