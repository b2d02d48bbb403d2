import pytest
from django.test import Client


@pytest.mark.django_db
def test_it_answers_healthz():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
