"""The environment the benchmarks share: keys, passwords and names of the bench staff.

The data builder and the server must use the same SECRET_KEY (it keys the lookup
hashes) and the same KAM_FIELD_KEYS (identity numbers are encrypted with them), so
both take them from here. These keys protect nothing but generated data in a
throw-away database; they are not secrets and must never be used anywhere else.
"""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT_DIR = BENCH_DIR.parent
VAR_DIR = BENCH_DIR / "var"
RESULTS_DIR = BENCH_DIR / "results"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kamdesk_bench"

SECRET_KEY = "kamdesk-bench-only-not-a-secret-6f1d0c9a2b7e4d3f8a5c1e0b9d7f6a4c"  # noqa: S105
_FIELD_KEY = hashlib.sha256(b"kamdesk-bench-field-key").digest()
FIELD_KEYS = "bench1:" + base64.b64encode(_FIELD_KEY).decode()
PASSWORD = "bench-pass-2026"  # noqa: S105 - every bench user signs in with it

TEAMS = 4
MANAGERS_PER_TEAM = 5
ABSENT_MANAGER = 20  # one manager is on leave, so their backups see their customers too


def manager_username(number: int) -> str:
    return f"bench-mgr-{number:02d}"


def supervisor_username(number: int) -> str:
    return f"bench-sup-{number}"


def audit_head_file(database_url: str) -> Path:
    """The audit chain's external head, one per bench database (a rebuild removes it)."""
    name = database_url.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    return VAR_DIR / f"audit-head-{name}.json"


def server_env(*, database_url: str) -> dict[str, str]:
    """Production-like settings, as docs/operations.md describes them, for the bench."""
    return {
        "KAM_ENV": "production",
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "KAM_FIELD_KEYS": FIELD_KEYS,
        "DATABASE_URL": database_url,
        # Keep connections for the run so that cpu.py can count the backends' CPU time.
        "DB_CONN_MAX_AGE": "600",
        "KAM_VAR_DIR": str(VAR_DIR),
        "AUDIT_HEAD_FILE": str(audit_head_file(database_url)),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        # Production sits behind a TLS proxy; the bench talks plain HTTP on the loopback.
        "SECURE_COOKIES": "false",
        "SECURE_SSL_REDIRECT": "false",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }


def setup_django(*, database_url: str) -> None:
    """Configure Django in this process with the server's settings."""
    os.environ.update(server_env(database_url=database_url))
    import django

    django.setup()
