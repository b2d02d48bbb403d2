"""`kam check --deploy` is clean under the production settings documented in
docs/security.md."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.nodb
KAM = Path(sys.executable).parent / "kam"


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "KAM_ENV": "production",
        "KAM_VAR_DIR": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "KAM_FIELD_KEYS": "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "KAM_LOOKUP_HASH_KEY": secrets.token_urlsafe(32),
        "ALLOWED_HOSTS": "kam.example.cn",
        "CSRF_TRUSTED_ORIGINS": "https://kam.example.cn",
        "BEHIND_TLS_PROXY": "true",
        "HSTS_SECONDS": "31536000",
        "HSTS_PRELOAD": "true",
        "AUDIT_HEAD_FILE": str(tmp_path / "audit-head.json"),
    }


def test_it_passes_the_deployment_check(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own command line
        [str(KAM), "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_fails_the_check_without_hsts(tmp_path):
    env = production_env(tmp_path)
    del env["HSTS_SECONDS"]
    result = subprocess.run(  # noqa: S603 - our own command line
        [str(KAM), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout
