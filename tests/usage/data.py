"""Usage input files for tests, and totals computed from them without the project's code."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import random
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

CDR_HEADER = [
    "record_id",
    "number",
    "service",
    "direction",
    "start_time",
    "duration_s",
    "volume_kb",
    "peer",
    "peer_operator",
    "roaming",
    "charge",
]

PEERS = [
    "13912345678",
    "18600001111",
    "18900002222",
    "19200003333",
    "025-84561234",
    "95588",
    "4008123123",
    "10010",
    "10000",
    "10099",
    "+85291234567",
    "0086139123456",
    "600123",
    "12345",
]


def cdr_rows(
    numbers: list[str],
    *,
    months: list[tuple[int, int]],
    per_month: int,
    seed: int = 7,
    prefix: str = "R",
) -> list[dict[str, str]]:
    """Deterministic CDRs of ``numbers`` spread over ``months``."""
    rng = random.Random(seed)
    rows = []
    for year, month in months:
        for i in range(per_month):
            service = rng.choice(["voice", "voice", "voice", "sms", "data"])
            start = dt.datetime(
                year,
                month,
                rng.randint(1, 28),
                rng.randint(0, 23),
                rng.randint(0, 59),
                rng.randint(0, 59),
            )
            rows.append(
                {
                    "record_id": f"{prefix}{year}{month:02d}{i:06d}",
                    "number": rng.choice(numbers),
                    "service": service,
                    "direction": rng.choice(["out", "out", "in"]) if service != "data" else "",
                    "start_time": start.strftime("%Y-%m-%d %H:%M:%S"),
                    "duration_s": str(rng.randint(1, 900)) if service == "voice" else "0",
                    "volume_kb": str(rng.randint(10, 90000)) if service == "data" else "0",
                    "peer": "cmnet" if service == "data" else rng.choice(PEERS),
                    "peer_operator": rng.choice(["", "", "cmcc", "unicom"])
                    if service == "voice"
                    else "",
                    "roaming": rng.choice(["none"] * 8 + ["domestic", "international"]),
                    "charge": f"{Decimal(rng.randint(0, 1999)) / 100:.2f}",
                }
            )
    return rows


def write_csv(
    path: Path, rows: list[dict[str, str]], header: list[str] = CDR_HEADER, *, gz: bool = False
) -> Path:
    opener = gzip.open if gz else open
    with opener(path, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def expected_totals(rows: list[dict[str, str]], holder) -> dict[tuple[str, str], dict[str, int]]:
    """(subscriber key, 'YYYY-MM') → totals, computed directly from the rows.

    ``holder(number, date)`` names the subscriber holding the number that day (or None).
    Record ids count once.
    """
    seen: set[str] = set()
    totals: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        if row["record_id"] in seen:
            continue
        seen.add(row["record_id"])
        start = dt.datetime.strptime(row["start_time"], "%Y-%m-%d %H:%M:%S")
        who = holder(row["number"], start.date())
        if who is None:
            continue
        t = totals[(who, start.strftime("%Y-%m"))]
        fen = int(Decimal(row["charge"]) * 100)
        t["total_fen"] += fen
        t[f"{row['service']}_fen"] += fen
        t["records"] += 1
        if row["service"] == "voice" and row["direction"] == "out":
            t["voice_out_seconds"] += int(row["duration_s"])
            t["voice_out_calls"] += 1
            t["voice_out_minutes"] += -(-int(row["duration_s"]) // 60)  # started minutes
        if row["service"] == "data":
            t["data_kb"] += int(row["volume_kb"])
    return totals
