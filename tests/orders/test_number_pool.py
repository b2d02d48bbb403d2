"""A new line's number comes from the pool BOSS offers: KAM Desk asks BOSS's pool and
shows what it offers, leaving out numbers a current subscriber holds here."""

import pytest

from kamdesk.core.errors import ValidationFailed
from kamdesk.orders.boss_sim import pool_offer, simulated_pool
from kamdesk.orders.services.numbers import pool_numbers
from kamdesk.orders.services.orders import order_create
from tests.conftest import client_for
from tests.factories import SubscriberFactory


def test_the_simulated_pool_never_offers_a_number_gone_from_it():
    offer = pool_offer({"pattern": "", "limit": 1000})["numbers"]

    assert len(offer) == 50  # at most 50 a request
    assert all(n.startswith("13915") and len(n) == 11 for n in simulated_pool())
    assert not any(n.endswith("4444") for n in simulated_pool())
    assert pool_offer({"pattern": "abc", "limit": "x"})["numbers"] == simulated_pool()[:20]


def test_it_offers_the_pool_without_the_numbers_held_here(frozen, customer, account, boss):
    first, second = pool_offer({"pattern": "139150", "limit": 2})["numbers"]
    SubscriberFactory(customer=customer, account=account, number=first, subscriber_id="S77")

    offered = pool_numbers(pattern="139150")

    assert boss.pool_asks == [{"pattern": "139150", "limit": 20}]
    assert first not in offered and offered[0] == second
    assert all("139150" in n for n in offered)
    assert boss.calls == []  # asking the pool sends no order


def test_a_bad_pattern_or_no_boss_is_a_clear_error(frozen, db):
    with pytest.raises(ValidationFailed) as bad:
        pool_numbers(pattern="139-15")
    with pytest.raises(ValidationFailed) as unconfigured:
        pool_numbers(pattern="139")

    assert bad.value.errors == {"pattern": ["Give up to 11 digits the number should contain."]}
    assert unconfigured.value.errors == {"pattern": ["The BOSS interface is not configured."]}


def test_the_order_page_asks_boss_for_numbers(frozen, manager, other_manager, customer, boss):
    order = order_create(actor=manager, customer=customer)
    url = f"/orders/{order.pk}/pool-numbers/?pattern=13915"

    page = client_for(manager).get(f"/orders/{order.pk}/").content.decode()
    fragment = client_for(manager).get(url)
    outsider = client_for(other_manager).get(url)

    assert f'hx-get="/orders/{order.pk}/pool-numbers/"' in page
    assert 'list="pool-numbers"' in page
    assert fragment.status_code == 200
    html = fragment.content.decode()
    assert html.count('<option value="13915') == 20 and 'id="pool-offer"' in html
    assert outsider.status_code == 404


def test_the_page_says_when_boss_cannot_be_asked(frozen, manager, customer):
    order = order_create(actor=manager, customer=customer)

    fragment = client_for(manager).get(f"/orders/{order.pk}/pool-numbers/?pattern=139")

    assert fragment.status_code == 200
    assert 'id="pool-error"' in fragment.content.decode()


def test_the_simulated_boss_serves_its_pool(db, client):
    answer = client.post(
        "/orders/boss-simulator/numbers",
        {"pattern": "139150", "limit": 3},
        content_type="application/json",
    )

    assert answer.status_code == 200
    assert answer.json() == pool_offer({"pattern": "139150", "limit": 3})
