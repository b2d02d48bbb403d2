import pytest
from django.db import connection

from kamdesk.core.crypto import DecryptionError, decrypt_text, encrypt_text, lookup_hash
from tests.factories import CustomerFactory, make_resident_id


@pytest.mark.django_db
def test_it_stores_identity_numbers_unreadable_in_a_raw_database_read():
    number = make_resident_id(7)
    customer = CustomerFactory(kind="individual", uscc="", id_type="resident_id", id_number=number)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM customers_customer WHERE id = %s", [customer.pk])
        raw = cursor.fetchone()[0]
    assert number not in raw
    assert raw.startswith("v1:")
    customer.refresh_from_db()
    assert customer.id_number == number


@pytest.mark.nodb
def test_it_refuses_a_tampered_ciphertext():
    stored = encrypt_text("110105194912310021")
    tampered = stored[:-4] + ("AAAA" if not stored.endswith("AAAA") else "BBBB")
    with pytest.raises(DecryptionError):
        decrypt_text(tampered)


@pytest.mark.nodb
def test_it_encrypts_the_same_value_differently_but_hashes_it_the_same():
    assert encrypt_text("X") != encrypt_text("X")
    assert lookup_hash("ab12") == lookup_hash(" AB12 ")
