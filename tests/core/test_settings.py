"""Settings come from the environment: an SQLite file under var/ by default, DATABASE_URL
otherwise, and no start outside demo and test without a SECRET_KEY."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.nodb
KAM = Path(sys.executable).parent / "kam"
SHOW_DATABASE = (
    "import json, django; django.setup(); from django.conf import settings; "
    "db = settings.DATABASES['default']; print(json.dumps([db['ENGINE'], str(db['NAME'])]))"
)


def _python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **env,
        },
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )


def test_it_uses_an_sqlite_file_under_the_var_directory_by_default(tmp_path):
    result = _python(SHOW_DATABASE, KAM_ENV="demo", KAM_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    engine, name = json.loads(result.stdout)
    assert engine == "django.db.backends.sqlite3"
    assert Path(name) == tmp_path / "kamdesk.sqlite3"


def test_it_reads_the_database_from_database_url(tmp_path):
    result = _python(
        SHOW_DATABASE,
        KAM_ENV="demo",
        KAM_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://kam@db.example.cn:5432/kamdesk",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["django.db.backends.postgresql", "kamdesk"]


def test_it_refuses_to_start_in_production_without_a_secret_key(tmp_path):
    result = _python(SHOW_DATABASE, KAM_ENV="production", KAM_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "The environment variable SECRET_KEY must be set." in result.stderr


def test_it_starts_without_a_secret_key_in_the_demo(tmp_path):
    result = _python(SHOW_DATABASE, KAM_ENV="demo", KAM_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr


def test_it_offers_the_projects_commands_through_kam(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own command line
        [str(KAM), "help", "--commands"],
        env={
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "KAM_ENV": "demo",
            "KAM_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    commands = set(result.stdout.split())
    assert {"migrate", "serve", "demo", "import", "db_worker", "crontask"} <= commands
