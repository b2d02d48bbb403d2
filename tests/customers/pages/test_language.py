"""Chinese by default, English on request (the kam_language cookie)."""

import pytest
from django.test import Client

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_it_speaks_chinese_by_default(manager, group):
    html = client_for(manager).get("/customers/").content.decode()
    assert '<html lang="zh-hans">' in html
    assert "客户" in html and "客户经理" in html


def test_it_speaks_english_when_the_cookie_says_so(manager, group):
    client = client_for(manager)
    client.cookies["kam_language"] = "en"
    html = client.get("/customers/").content.decode()
    assert '<html lang="en">' in html
    assert "Customers" in html and "Account manager" in html
    assert "客户经理" not in html


def test_it_signs_in_in_chinese_and_switches_language_before_signing_in():
    client = Client()
    page = client.get("/login/").content.decode()
    assert '<html lang="zh-hans">' in page and "登录" in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    assert response.status_code == 302 and response["Location"] == "/login/"
    assert client.cookies["kam_language"].value == "en"
    assert "Sign in" in client.get("/login/").content.decode()


def test_it_stays_chinese_for_a_browser_that_prefers_english(manager, group):
    html = client_for(manager).get("/customers/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content
    assert '<html lang="zh-hans">' in html.decode()
