import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _english_messages():
    # Messages are translated to Chinese by default; the tests read the English msgids.
    with translation.override("en"):
        yield
