"""``kam serve``: the web server, a task worker and the scheduler, together.

Production runs the three as separate services (docs/operations.md); this command is
for the demo and for a single small server. Ctrl-C or SIGTERM stops all three.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve KAM Desk with gunicorn, a db_worker and the crontask scheduler."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000")
        parser.add_argument("--workers", type=int, default=3)
        # A worker's first request imports every app's views (the churn model's libraries
        # among them): on a busy small machine that alone can pass gunicorn's default 30 s,
        # and the worker would be killed mid-answer.
        parser.add_argument(
            "--timeout", type=int, default=120, help="seconds before a silent worker is restarted"
        )
        parser.add_argument("--no-worker", action="store_true", help="do not start db_worker")
        parser.add_argument("--no-scheduler", action="store_true", help="do not start crontask")

    def handle(self, *args: Any, **options: Any) -> None:
        python = sys.executable
        commands = [
            [
                python,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                options["bind"],
                "--workers",
                str(options["workers"]),
                "--timeout",
                str(options["timeout"]),
                "--access-logfile",
                "-",
            ]
        ]
        if not options["no_worker"]:
            commands.append([python, "-m", "kamdesk.core.cli", "db_worker"])
        if not options["no_scheduler"]:
            commands.append([python, "-m", "kamdesk.core.cli", "crontask"])
        procs = [subprocess.Popen(cmd) for cmd in commands]  # noqa: S603
        self.stdout.write(f"KAM Desk is serving on http://{options['bind']}  (Ctrl-C stops it)")
        self._wait(procs)

    def _wait(self, procs: list[subprocess.Popen[bytes]]) -> None:
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while not stopping and all(p.poll() is None for p in procs):
            time.sleep(0.5)
        for proc in procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
