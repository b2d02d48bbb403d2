import pytest
from django.test import Client


@pytest.mark.django_db
def test_it_answers_healthz():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_it_answers_503_when_the_database_does_not_answer(monkeypatch):
    from django.db import connection
    from django.db.utils import OperationalError

    def unreachable():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", unreachable)
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
