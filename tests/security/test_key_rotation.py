"""`kam keys rotate` re-encrypts every encrypted field under the new first key id (and the
chosen cipher), in batches, and is audited; old keys can then be retired."""

import pytest
from django.core.management import call_command
from django.db import connection

from kamdesk.audit.models import AuditEvent
from kamdesk.core.crypto import lookup_hash
from kamdesk.customers.models import Customer
from kamdesk.security.models import TotpDevice
from tests.factories import CustomerFactory, make_resident_id

pytestmark = pytest.mark.django_db
NEW_KEY = b"n" * 32


def raw_id_numbers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM customers_customer WHERE id_number <> '' ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def people(manager):
    return [
        CustomerFactory(
            kind="individual",
            uscc="",
            id_type="resident_id",
            id_number=make_resident_id(n),
            manager=manager,
        )
        for n in range(7)
    ]


def test_it_re_encrypts_under_the_new_first_key(people, settings, manager):
    TotpDevice.objects.create(user=manager, secret="JBSWY3DPEHPK3PXP")
    settings.FIELD_ENCRYPTION_KEYS = {"k2": NEW_KEY, **settings.FIELD_ENCRYPTION_KEYS}
    settings.FIELD_CIPHER = "sm4-gcm"
    call_command("keys", "rotate", "--batch", "3")
    assert all(raw.startswith("s1:k2:") for raw in raw_id_numbers())
    # The old key can go: everything reads with the new one alone.
    settings.FIELD_ENCRYPTION_KEYS = {"k2": NEW_KEY}
    assert [c.id_number for c in Customer.objects.order_by("id")] == [
        make_resident_id(n) for n in range(7)
    ]
    assert TotpDevice.objects.get().secret == "JBSWY3DPEHPK3PXP"
    event = AuditEvent.objects.get(action="keys.rotated")
    assert event.extra["rows"]["customers.customer.id_number"] == 7
    assert event.extra["key_id"] == "k2"


def test_it_leaves_values_already_under_the_current_key(people, settings):
    settings.FIELD_ENCRYPTION_KEYS = {"k2": NEW_KEY, **settings.FIELD_ENCRYPTION_KEYS}
    call_command("keys", "rotate")
    before = raw_id_numbers()
    call_command("keys", "rotate")
    assert raw_id_numbers() == before


def test_it_recomputes_lookup_hashes_after_a_hash_change(people, settings):
    settings.HASH_ALGORITHM = "sm3"
    call_command("keys", "rotate", "--rehash")
    person = Customer.objects.get(pk=people[2].pk)
    assert person.id_number_hash == lookup_hash(make_resident_id(2))
