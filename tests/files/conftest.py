import pytest


@pytest.fixture
def private_storage(settings, tmp_path):
    """Attachments go to a temporary private directory, outside the static files."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    return tmp_path / "private"
