"""CPU time spent by the server and its database backends, read from /proc (Linux).

Latency on a shared two-core machine depends on what else runs; the CPU time each
request costs does much less. The runner reads it before and after each scenario
group: gunicorn's workers (children of the master it started) and the PostgreSQL
backends connected to the bench database. A backend that exits during a group takes
its time with it, so the bench server keeps its connections (DB_CONN_MAX_AGE).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import psycopg

TICKS = os.sysconf("SC_CLK_TCK")


def process_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (0 if it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def backend_pids(conn: psycopg.Connection[Any]) -> list[int]:
    """Backends of this connection's database, other than this connection's own."""
    rows = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
        " AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
    ).fetchall()
    return [row[0] for row in rows]


class CpuMeter:
    """Snapshots of the web workers' and the database backends' CPU seconds."""

    def __init__(self, database_url: str, server_pid: int | None) -> None:
        self.conn = psycopg.connect(database_url, autocommit=True)
        self.server_pid = server_pid

    def snapshot(self) -> dict[str, dict[int, float]]:
        workers = children_of(self.server_pid) if self.server_pid else []
        return {
            "web": {pid: process_seconds(pid) for pid in workers},
            "db": {pid: process_seconds(pid) for pid in backend_pids(self.conn)},
        }

    @staticmethod
    def spent(before: dict[str, dict[int, float]], after: dict[str, dict[int, float]]) -> dict:
        """CPU seconds spent between two snapshots, per side."""
        return {
            side: sum(cpu - before[side].get(pid, 0.0) for pid, cpu in after[side].items())
            for side in after
        }

    def close(self) -> None:
        self.conn.close()
