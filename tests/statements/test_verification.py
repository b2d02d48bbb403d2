"""Anyone holding a statement can check, without signing in, that it is genuine and
what its total is — nothing more."""

from __future__ import annotations

import pytest
from django.test import Client

from kamdesk.statements.documents.common import yuan
from kamdesk.statements.services.documents import statement_generate
from tests.statements.conftest import MONTH

pytestmark = pytest.mark.django_db


@pytest.fixture
def statement(group):
    return statement_generate(
        document="statement",
        account=group.group_account,
        subscriber=group.members[0],
        month=MONTH,
        fmt="csv",
        full_numbers=True,
        prepared_for="员工1",
        actor=None,
    )


def test_it_confirms_a_genuine_statement_and_its_total_only(statement):
    answer = Client().post(
        "/statements/verify/",
        {"number": statement.number, "code": statement.verification_code.lower()},
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert statement.number in page and yuan(statement.total_fen) in page
    assert "南京钢铁集团" not in page and "13800000001" not in page and "员工1" not in page


def test_it_says_no_for_a_wrong_code(statement):
    answer = Client().post("/statements/verify/", {"number": statement.number, "code": "WRONG123"})
    page = answer.content.decode()
    assert 'id="verify-result"' in page and yuan(statement.total_fen) not in page


def test_the_page_needs_no_login(db):
    assert Client().get("/statements/verify/").status_code == 200
