from __future__ import annotations

from django.db import connection

from kamdesk.core.crypto import lookup_hash
from kamdesk.core.identifiers import clean_id_document, clean_uscc
from kamdesk.core.masking import mask_id
from kamdesk.customers.models import Customer


def test_it_gives_every_group_a_valid_unified_social_credit_code(demo):
    groups = Customer.objects.filter(kind="group")
    assert groups.count() >= 10
    codes = [c.uscc for c in groups]
    assert all(clean_uscc(code) == code for code in codes)
    assert len(set(codes)) == len(codes)


def test_it_gives_every_vip_a_valid_identity_document(demo):
    vips = list(Customer.objects.filter(kind="individual"))
    assert {v.id_type for v in vips} >= {"resident_id", "passport", "hkmo_permit"}
    for vip in vips:
        assert clean_id_document(vip.id_type, vip.id_number) == vip.id_number
        assert vip.id_number_hash == lookup_hash(vip.id_number)
        assert vip.id_number_masked == mask_id(vip.id_number)


def test_it_stores_identity_numbers_encrypted(demo):
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM customers_customer WHERE kind = 'individual'")
        stored = [row[0] for row in cursor.fetchall()]
    assert stored and all(value.startswith("v1:") for value in stored)
