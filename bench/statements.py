"""Benchmark: statements (issue 9).

1. The itemised PDF of one subscriber with 3,000 records (target: under 3 s).
2. A group of 2,000 subscribers with 1,000,000 records in a month: the summary PDF plus
   one itemised PDF per subscriber (target: under 10 minutes, memory under 2 GiB).

Builds its own data once (an SQLite database and a warehouse under bench/var/statements/,
CDRs ingested with `kam ingest cdr`), then measures in a fresh process so the peak
memory is the generation's own:

    .venv/bin/python bench/statements.py                 # build if needed, then measure
    .venv/bin/python bench/statements.py --rebuild
    .venv/bin/python bench/statements.py --subscribers 200 --records 100000   # quicker
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = ROOT / "bench" / "var" / "statements"
MONTH = dt.date(2026, 10, 1)
BIG_ONE = 3_000  # records of the first subscriber


def _env() -> None:
    os.environ.update(
        {
            "KAM_ENV": "test",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{WORK / 'statements.sqlite3'}",
            "KAM_VAR_DIR": str(WORK),
            "KAM_WAREHOUSE_DIR": str(WORK / "warehouse"),
        }
    )
    import django

    django.setup()


def _cdr_file(path: Path, numbers: list[str], records: int) -> int:
    """Write the month's CDRs; returns their total charge in fen (computed here)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    rng = np.random.default_rng(9)
    rest = records - BIG_ONE
    who = np.concatenate([np.zeros(BIG_ONE, dtype=np.int64), rng.integers(1, len(numbers), rest)])
    service = rng.choice(np.array(["voice", "voice", "sms", "data"]), records)
    seconds = rng.integers(0, 31 * 86400 - 1, records)
    start = np.datetime64("2026-10-01T00:00:00") + seconds.astype("timedelta64[s]")
    fen = rng.integers(0, 2000, records)
    table = pa.table(
        {
            "record_id": [f"B{i:09d}" for i in range(records)],
            "number": np.array(numbers)[who],
            "service": service,
            "direction": np.where(
                service == "data", "", rng.choice(np.array(["out", "in"]), records)
            ),
            "start_time": np.datetime_as_string(start, unit="s"),
            "duration_s": np.where(service == "voice", rng.integers(1, 900, records), 0),
            "volume_kb": np.where(service == "data", rng.integers(10, 90000, records), 0),
            "peer": np.where(service == "data", "cmnet", "13912345678"),
            "peer_operator": np.full(records, ""),
            "roaming": np.full(records, "none"),
            "charge": [f"{f // 100}.{f % 100:02d}" for f in fen.tolist()],
        }
    )
    table = table.set_column(
        4, "start_time", pa.compute.replace_substring(table["start_time"], "T", " ")
    )
    pa_csv.write_csv(table, path)
    return int(fen.sum())


def build(subscribers: int, records: int) -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    _env()
    import uuid
    from io import StringIO

    from django.core.management import call_command

    from kamdesk.customers.models import Account, Contact, Customer, Subscriber
    from kamdesk.statements.models import Authorisation

    call_command("migrate", verbosity=0)
    from kamdesk.customers.models import Grade

    customer = Customer.objects.create(
        code="BENCH-G", kind="group", name="基准测试集团", grade=Grade.objects.get(code="A")
    )
    contact = Contact.objects.create(customer=customer, name="王会计", phone="13912345678")
    account = Account.objects.create(
        code="BENCH-A",
        customer=customer,
        name="统付账户",
        payment_relation="group",
        bill_contact=contact,
    )
    numbers = [f"138{i:08d}" for i in range(subscribers)]
    Subscriber.objects.bulk_create(
        Subscriber(
            subscriber_id=f"BS{i:07d}",
            number=n,
            valid_from=dt.date(2020, 1, 1),
            customer=customer,
            account=account,
            holder_name="员工",
        )
        for i, n in enumerate(numbers)
    )
    Authorisation.objects.create(
        customer=customer,
        account=account,
        contact=contact,
        valid_from=dt.date(2026, 1, 1),
        valid_to=dt.date(2030, 12, 31),
        file_id=uuid.uuid4(),
    )
    started = time.perf_counter()
    total = _cdr_file(WORK / "cdr.csv", numbers, records)
    call_command("ingest", "cdr", str(WORK / "cdr.csv"), "--no-aggregate", stdout=StringIO())
    (WORK / "built.json").write_text(
        json.dumps({"subscribers": subscribers, "records": records, "total_fen": total})
    )
    seconds = time.perf_counter() - started
    print(f"built {subscribers} subscribers, {records} records in {seconds:.1f} s")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure() -> None:
    _env()
    from django.urls import reverse

    from kamdesk.customers.models import Account, Contact, Subscriber
    from kamdesk.statements.models import GenerationJob
    from kamdesk.statements.services.documents import statement_generate
    from kamdesk.statements.services.jobs import job_run

    built = json.loads((WORK / "built.json").read_text())
    first = Subscriber.objects.get(subscriber_id="BS0000000")
    # A document names the verification page, so the first one loads the URL configuration:
    # every app's views and API (risk's LightGBM, scikit-learn, SciPy). A web or worker
    # process pays this once, whatever it does first; timed apart from the statements.
    started, cpu_before = time.perf_counter(), _cpu()
    reverse("statements:verify")
    print(
        f"process start-up (URL configuration loaded): {time.perf_counter() - started:.2f} s "
        f"(CPU {_cpu() - cpu_before:.2f} s)"
    )
    for run in ("cold", "warm"):  # cold: the process's first PDF (font loaded, DuckDB started)
        started, cpu_before = time.perf_counter(), _cpu()
        row = statement_generate(
            document="statement", account=first.account, subscriber=first, month=MONTH,
            fmt="pdf", full_numbers=True, prepared_for="员工", actor=None,
        )  # fmt: skip
        one, cpu = time.perf_counter() - started, _cpu() - cpu_before
        print(
            f"one subscriber ({run}): {row.records} records, PDF {row.size / 1024:.0f} KiB "
            f"in {one:.2f} s (CPU {cpu:.2f} s)"
        )

    account = Account.objects.get(code="BENCH-A")
    queued = GenerationJob.objects.create(
        customer=account.customer, account=account, contact=Contact.objects.get(),
        month=MONTH, layout="per_subscriber", file_format="pdf",
    )  # fmt: skip
    started, cpu_before = time.perf_counter(), _cpu()
    job = job_run(job_id=queued.pk)
    seconds, cpu = time.perf_counter() - started, _cpu() - cpu_before
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert job is not None and job.statement is not None
    equal = job.statement.total_fen == built["total_fen"]
    print(
        f"group: {job.done} subscribers, {job.statement.records} records, "
        f"bundle {job.statement.size / 2**20:.0f} MiB in {seconds:.0f} s "
        f"(CPU {cpu:.0f} s); "
        f"peak memory {peak:.0f} MiB; totals equal the input: {equal}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[2])
    parser.add_argument("--subscribers", type=int, default=2_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        measure()
        return 0
    marker = WORK / "built.json"
    wanted = {"subscribers": args.subscribers, "records": args.records}
    have = json.loads(marker.read_text()) if marker.exists() else {}
    if args.rebuild or {k: have.get(k) for k in wanted} != wanted:
        build(args.subscribers, args.records)
    return subprocess.run([sys.executable, __file__, "--measure-only"], check=False).returncode  # noqa: S603


if __name__ == "__main__":
    raise SystemExit(main())
