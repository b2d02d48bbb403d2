"""Serve KAM Desk for a benchmark as docs/operations.md deploys it: gunicorn, production
settings (DEBUG off, SECRET_KEY and KAM_FIELD_KEYS set), PostgreSQL.

    .venv/bin/python bench/server.py --database-url postgres://...   # serve until Ctrl-C

``run_web.py`` uses ``running_server()`` to start it, wait for /healthz and stop it.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchenv import DEFAULT_DATABASE_URL, ROOT_DIR, VAR_DIR, server_env

BIN = Path(sys.executable).parent


def healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as answer:  # noqa: S310
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def collect_static(env: dict[str, str]) -> None:
    """Production settings serve hashed static names from a manifest: build it first."""
    subprocess.run(  # noqa: S603
        [str(BIN / "kam"), "collectstatic", "--noinput", "-v0"], cwd=ROOT_DIR, env=env, check=True
    )


@dataclass(frozen=True)
class Served:
    url: str
    pid: int | None  # gunicorn's master, when this process started it


@contextmanager
def running_server(
    *, database_url: str, port: int, workers: int, config: str | None = None
) -> Iterator[Served]:
    base_url = f"http://127.0.0.1:{port}"
    if healthy(base_url):
        raise SystemExit(f"something already answers on {base_url}: stop it or pick --port")
    env = {**os.environ, **server_env(database_url=database_url)}
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    collect_static(env)
    log = (VAR_DIR / "gunicorn.log").open("wb")  # the last run's log only
    command = [
        str(BIN / "gunicorn"),
        "config.wsgi:application",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        *(["--config", config] if config else []),
    ]
    server = subprocess.Popen(  # noqa: S603
        command,
        cwd=ROOT_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_until_healthy(base_url, server)
        yield Served(base_url, server.pid)
    finally:
        stop(server)
        log.close()


def wait_until_healthy(
    base_url: str, server: subprocess.Popen[bytes], timeout: float = 120
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log = VAR_DIR / "gunicorn.log"
            raise SystemExit(f"gunicorn exited with {server.returncode}: see {log}")
        if healthy(base_url):
            return
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer /healthz in {timeout:.0f} s")


def stop(server: subprocess.Popen[bytes]) -> None:
    """SIGTERM lets gunicorn finish its requests; kill it if it does not stop in time."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve KAM Desk as the benchmark does.")
    parser.add_argument("--database-url", default=DEFAULT_DATABASE_URL)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()
    with running_server(
        database_url=args.database_url, port=args.port, workers=args.workers
    ) as served:
        print(f"serving on {served.url} (Ctrl-C stops it)", flush=True)
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
