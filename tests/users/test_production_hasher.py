"""Passwords are hashed with argon2 in production (the tests use a fast hasher)."""

import subprocess
import sys

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher


@pytest.mark.nodb
def test_it_hashes_passwords_with_argon2_in_production(tmp_path):
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.PASSWORD_HASHERS[0])"
    )
    env = {
        "KAM_ENV": "production",
        "SECRET_KEY": "x" * 60,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "KAM_FIELD_KEYS": "k1:" + "A" * 43 + "=",
        "PATH": "/usr/bin:/bin",
        "KAM_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "django.contrib.auth.hashers.Argon2PasswordHasher"
    encoded = Argon2PasswordHasher().encode("a long enough password", Argon2PasswordHasher().salt())
    assert encoded.startswith("argon2$argon2id$")
