import pytest
from django.db import connection

from kamdesk.customers.models import Customer
from tests.customers.imports.helpers import CUSTOMER_HEADER, run_import, vip_row, write_csv
from tests.factories import make_resident_id


@pytest.mark.django_db
def test_it_stores_imported_identity_numbers_unreadable_in_the_database(tmp_path, manager):
    number = make_resident_id(42)
    path = write_csv(
        tmp_path / "customers.csv", CUSTOMER_HEADER, [vip_row("V001", 42, id_number=number)]
    )

    run_import("customers", path)

    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, id_number_masked FROM customers_customer")
        stored, masked = cursor.fetchone()
    assert number not in stored
    assert number not in masked
    assert Customer.objects.get(code="V001").id_number == number
