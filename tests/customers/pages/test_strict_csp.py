"""Pages work under a strict Content Security Policy: nothing inline, nothing from elsewhere."""

import re

import pytest

from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/customers/", "/customers/{pk}/", "/customers/{pk}/edit/"])
def test_it_renders_without_inline_scripts_or_styles(manager, group, line, contact, path):
    response = client_for(manager).get(path.format(pk=group.pk))
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert "style=" not in html and "hx-on" not in html and "<style" not in html
    assert "https://" not in html and "http://" not in html.replace("http://testserver", "")


def test_it_keeps_personal_data_out_of_the_htmx_history_cache(manager):
    html = client_for(manager).get("/customers/").content.decode()
    assert '"historyCacheSize": 0' in html and '"includeIndicatorStyles": false' in html
