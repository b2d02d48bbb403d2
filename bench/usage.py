"""Usage warehouse benchmark: the project's CDR ingestion and aggregation against plain DuckDB.

    .venv/bin/python bench/usage.py --rows 10000000

Builds its own data (a SQLite database and a warehouse under ``bench/var/usage/``: the
demo province at half scale, about 10,000 subscribers, and ``--rows`` CDRs over six
months whose other parties are background numbers), then, in this one process and on
the same files:

1. the reference: hand-written DuckDB that only type-checks the rows and rewrites them
   as month-partitioned Parquet, from Parquet and from CSV;
2. the project's whole ingestion (``usage_ingest``: validation, subscriber resolution by
   validity period, record-id de-duplication, reports, manifest), from Parquet and CSV;
3. the monthly aggregates (subscriber, account, customer) through the project's Ibis
   expressions, and the same aggregates in hand-written DuckDB SQL (results compared).

It prints rows per second, the ratios the targets are about, and the peak memory
(maximum resident set of this process). Results go to ``bench/results/usage-latest.json``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
WORK = BENCH_DIR / "var" / "usage"
RESULTS = BENCH_DIR / "results" / "usage-latest.json"
FIRST_MONTH = dt.date(2026, 3, 1)
MONTHS = 6


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="CDRs to generate")
    parser.add_argument("--file-rows", type=int, default=2_000_000, help="rows per input file")
    parser.add_argument("--background", type=int, default=200_000, help="background numbers")
    parser.add_argument("--skip-csv", action="store_true", help="Parquet input only")
    parser.add_argument(
        "--skip-aggregation", action="store_true", help="the ingestion figures only"
    )
    parser.add_argument(
        "--reuse-inputs",
        action="store_true",
        help="keep the input files of an earlier run with the same --rows and --seed",
    )
    parser.add_argument("--seed", type=int, default=20261128)
    parser.add_argument("--memory-limit", default="3GB", help="DuckDB memory limit")
    parser.add_argument(
        "--sequential",
        action="store_true",
        help="run the reference over all files, then the project (default: taking turns)",
    )
    return parser.parse_args(argv)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def setup() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "KAM_ENV": "test",
            "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
            "KAM_VAR_DIR": str(WORK),
            "KAM_WAREHOUSE_DIR": str(WORK / "warehouse"),
        }
    )
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from kamdesk.customers.demo import demo_load

    demo_load(seed=20251128, scale=0.5)
    # Import the project's ingestion and the reference's connection helper before any
    # timing: a process imports them once, the rates are about the rows.
    import kamdesk.usage.engines
    import kamdesk.usage.services  # noqa: F401


# --- data ---------------------------------------------------------------------------


def open_lines() -> tuple[pa.Array, int]:
    """Numbers held the whole six months (each record then has exactly one holder)."""
    from django.db.models import Q

    from kamdesk.customers.models import Subscriber

    first = FIRST_MONTH
    numbers = (
        Subscriber.objects.filter(valid_from__lt=first)
        .filter(Q(valid_to__isnull=True))
        .values_list("number", flat=True)
    )
    unique = sorted(set(numbers))
    return pa.array(unique, pa.string()), len(unique)


def generate(args: argparse.Namespace, folder: Path, numbers: pa.Array) -> list[Path]:
    """``--rows`` CDRs as Parquet files of ``--file-rows``, typed as an export would be
    (timestamps, integers, charge as DECIMAL(12,2) yuan)."""
    import duckdb
    import pyarrow.compute as pc

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    prefixes = np.array(["139", "138", "186", "130", "189", "133", "192", "150"])
    mobiles = np.char.add(
        prefixes[rng.integers(0, len(prefixes), args.background)],
        rng.integers(10**7, 10**8, args.background).astype("U8"),
    )
    others = ["10010", "10000", "95588", "4008123123", "02584561234", "+85291234567", "600123"]
    background = pa.array(mobiles.tolist() + others, pa.string())
    services, directions = pa.array(["voice", "sms", "data"]), pa.array(["out", "in", ""])
    roaming = pa.array(["none", "domestic", "international"])
    operators = pa.array(["", "cmcc", "unicom"])
    start0 = np.datetime64(FIRST_MONTH, "s")
    span = int((np.datetime64(dt.date(2026, 9, 1), "s") - start0).astype(np.int64))
    con = duckdb.connect()
    paths, made = [], 0
    while made < args.rows:
        n = min(args.file_rows, args.rows - made)
        service = rng.choice(3, n, p=[0.55, 0.2, 0.25]).astype(np.int8)
        data = service == 2
        ids = pc.cast(pa.array(np.arange(made, made + n)), pa.string())
        peers = background.take(pa.array(rng.integers(0, len(background), n)))
        chunk = pa.table(
            {
                "record_id": pc.binary_join_element_wise("B", ids, ""),
                "number": numbers.take(pa.array(rng.integers(0, len(numbers), n))),
                "service": services.take(pa.array(service)),
                "direction": directions.take(pa.array(np.where(data, 2, rng.integers(0, 2, n)))),
                "start_time": pa.array(start0 + rng.integers(0, span, n), pa.timestamp("s")),
                "duration_s": pa.array(np.where(service == 0, rng.integers(1, 1800, n), 0)),
                "volume_kb": pa.array(np.where(data, rng.integers(1, 200_000, n), 0)),
                "peer": pc.if_else(pa.array(data), pa.scalar("cmnet"), peers),
                "peer_operator": operators.take(pa.array(rng.integers(0, 3, n))),
                "roaming": roaming.take(pa.array(rng.choice(3, n, p=[0.95, 0.045, 0.005]))),
                "charge_fen": pa.array(rng.integers(0, 2000, n)),
            }
        )
        path = folder / f"cdr-{len(paths):03d}.parquet"
        con.register("chunk", chunk)
        con.execute(
            "COPY (SELECT * EXCLUDE (charge_fen), "  # noqa: S608
            "CAST(CAST(charge_fen AS DECIMAL(14,0)) * 0.01 AS DECIMAL(12,2)) AS charge "
            f"FROM chunk) TO '{path}' (FORMAT parquet, COMPRESSION zstd)"
        )
        con.unregister("chunk")
        paths.append(path)
        made += n
    con.close()
    return paths


def to_csv(parquet: list[Path], folder: Path) -> list[Path]:
    """The same rows as CSV text (times as local wall time, charges as yuan)."""
    import duckdb

    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    out = []
    for path in parquet:
        target = folder / (path.stem + ".csv")
        con.execute(
            "COPY (SELECT * REPLACE (strftime(start_time, '%Y-%m-%d %H:%M:%S') AS start_time) "  # noqa: S608
            f"FROM read_parquet('{path}')) TO '{target}' (FORMAT csv, HEADER true)"
        )
        out.append(target)
    con.close()
    return out


# --- the reference: plain DuckDB ----------------------------------------------------

_CHECKED = """
  SELECT record_id, number, service, direction,
         CAST(start_time AS TIMESTAMP) AS start_time,
         CAST(duration_s AS BIGINT) AS duration_s, CAST(volume_kb AS BIGINT) AS volume_kb,
         peer, peer_operator, roaming, CAST(charge AS DECIMAL(12,2)) AS charge,
         CAST(date_trunc('month', CAST(start_time AS TIMESTAMP)) AS DATE) AS month
  FROM {source}
  WHERE TRY_CAST(start_time AS TIMESTAMP) IS NOT NULL
    AND TRY_CAST(duration_s AS BIGINT) IS NOT NULL
    AND TRY_CAST(volume_kb AS BIGINT) IS NOT NULL
    AND TRY_CAST(charge AS DECIMAL(12,2)) IS NOT NULL
    AND record_id IS NOT NULL AND number IS NOT NULL"""


class Reference:
    """Type-check and rewrite into month-partitioned Parquet: nothing else. One file at a
    time (``run``), on one connection, into ``out``; it keeps its own times."""

    def __init__(self, out: Path, *, memory_limit: str) -> None:
        from kamdesk.usage.engines import duckdb_connect

        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        self.out, self.rows, self.index = out, 0, 0
        self.wall = self.cpu = 0.0
        self.con = duckdb_connect(memory_limit=memory_limit, temp_directory=str(WORK / "spill"))

    def run(self, path: Path) -> None:
        started, cpu = time.monotonic(), time.process_time()
        if path.suffix == ".csv":
            source = f"read_csv('{path}', header = true, all_varchar = true)"
        else:
            source = f"read_parquet('{path}')"
        target = self.out / f"f{self.index:03d}"
        self.rows += self.con.execute(
            f"COPY ({_CHECKED.format(source=source)}) TO '{target}' "
            "(FORMAT parquet, PARTITION_BY (month))"
        ).fetchall()[0][0]
        self.index += 1
        self.wall += time.monotonic() - started
        self.cpu += time.process_time() - cpu

    def close(self) -> None:
        self.con.close()


def reference(paths: list[Path], out: Path, *, memory_limit: str) -> int:
    """The reference over ``paths``, one after the other (``--sequential``)."""
    ref = Reference(out, memory_limit=memory_limit)
    for path in paths:
        ref.run(path)
    ref.close()
    return ref.rows


# --- the project --------------------------------------------------------------------


def project_reset() -> None:
    """A fresh warehouse and manifest before each input format (the same rows again would
    otherwise be skipped as already seen); not part of the timed ingestion."""
    from kamdesk.usage.models import Ingestion, WarehouseFile

    WarehouseFile.objects.all().delete()
    Ingestion.objects.all().delete()
    shutil.rmtree(WORK / "warehouse", ignore_errors=True)


def project_ingest(paths: list[Path], on_file: Any = None) -> dict[str, Any]:
    from kamdesk.usage.services import usage_ingest

    run = usage_ingest(kind="cdr", paths=list(paths), aggregate=False, on_file=on_file)
    good = sum(f.counts.good for f in run.files)
    bad = sum(f.counts.quarantined for f in run.files)
    return {"stored": good, "quarantined": bad, "failed": len(run.failed)}


def timed(label: str, func: Any, rows: int | None = None) -> tuple[Any, tuple[float, float]]:
    """Run ``func``; return its result and (wall seconds, CPU seconds of this process).

    On a shared machine the wall time depends on what else runs; the CPU time (every
    thread of this process, DuckDB's included) is the steadier measure of the work done.
    """
    started, cpu = time.monotonic(), time.process_time()
    result = func()
    seconds, cpu_s = time.monotonic() - started, time.process_time() - cpu
    rate = f", {rows / seconds:,.0f} rows/s" if rows else ""
    print(
        f"{label}: {seconds:.1f} s wall, {cpu_s:.1f} s CPU{rate} (peak {peak_mib():,.0f} MiB)",
        flush=True,
    )
    return result, (seconds, cpu_s)


def interleaved(
    kind: str, paths: list[Path], args: argparse.Namespace
) -> tuple[int, tuple[float, float], dict[str, Any], tuple[float, float]]:
    """The reference and the project on the same files, taking turns: the project's run
    over all the files calls the reference on each file just before ingesting it (its
    ``on_file`` hook), and the reference's times are taken out of the run's. Both then
    meet the same moments of a shared machine, whose speed drifts by 20 % or more from
    one minute to the next; run one after the other, that drift alone moved the ratio
    by as much as any change of the code."""
    ref = Reference(WORK / f"ref-{kind}", memory_limit=args.memory_limit)
    project_reset()
    started, cpu = time.monotonic(), time.process_time()
    result = project_ingest(paths, on_file=ref.run)
    wall, cpu_s = time.monotonic() - started, time.process_time() - cpu
    ref.close()
    ours = (wall - ref.wall, cpu_s - ref.cpu)
    for label, (w, c) in (
        (f"reference from {kind}", (ref.wall, ref.cpu)),
        (f"project from {kind}", ours),
    ):
        print(
            f"{label}: {w:.1f} s wall, {c:.1f} s CPU, {args.rows / w:,.0f} rows/s "
            f"(peak {peak_mib():,.0f} MiB)",
            flush=True,
        )
    return ref.rows, (ref.wall, ref.cpu), result, ours


# --- aggregation: the project's Ibis against hand-written SQL ----------------------

_VO = "service = 'voice' AND direction = 'out'"
_VI = "service = 'voice' AND direction <> 'out'"
_METRICS = {
    "voice_out_calls": "count(*) FILTER (service = 'voice' AND direction = 'out')",
    "voice_in_calls": "count(*) FILTER (service = 'voice' AND direction <> 'out')",
    "voice_out_seconds": f"coalesce(sum(duration_s) FILTER ({_VO}), 0)",
    "voice_in_seconds": f"coalesce(sum(duration_s) FILTER ({_VI}), 0)",
    "voice_out_minutes": f"coalesce(sum(billed_min) FILTER ({_VO}), 0)",
    "voice_in_minutes": f"coalesce(sum(billed_min) FILTER ({_VI}), 0)",
    "voice_out_cug_calls": f"count(*) FILTER ({_VO} AND in_cug)",
    "voice_out_cug_minutes": f"coalesce(sum(billed_min) FILTER ({_VO} AND in_cug), 0)",
    "sms_out": "count(*) FILTER (service = 'sms' AND direction = 'out')",
    "sms_in": "count(*) FILTER (service = 'sms' AND direction <> 'out')",
    "data_sessions": "count(*) FILTER (service = 'data')",
    "data_kb": "coalesce(sum(volume_kb) FILTER (service = 'data'), 0)",
    "voice_fen": "coalesce(sum(charge_fen) FILTER (service = 'voice'), 0)",
    "sms_fen": "coalesce(sum(charge_fen) FILTER (service = 'sms'), 0)",
    "data_fen": "coalesce(sum(charge_fen) FILTER (service = 'data'), 0)",
    "total_fen": "sum(charge_fen)",
    "roaming_records": "count(*) FILTER (roaming <> 'none')",
    "intl_roaming_records": "count(*) FILTER (roaming = 'international')",
    "roaming_fen": "coalesce(sum(charge_fen) FILTER (roaming <> 'none'), 0)",
    "calls_cmcc": "count(*) FILTER (service = 'voice' AND direction = 'out' AND op = 'cmcc')",
    "calls_unicom": "count(*) FILTER (service = 'voice' AND direction = 'out' AND op = 'unicom')",
    "calls_telecom": "count(*) FILTER (service = 'voice' AND direction = 'out' AND op = 'telecom')",
    "calls_broadnet": f"count(*) FILTER ({_VO} AND op = 'broadnet')",
    "calls_other": "count(*) FILTER (service = 'voice' AND direction = 'out' "
    "AND op NOT IN ('cmcc', 'unicom', 'telecom', 'broadnet'))",
    "operator_estimated_calls": "count(*) FILTER (service = 'voice' AND direction = 'out' "
    "AND peer_operator IS NULL)",
    "calls_10010": "count(*) FILTER (service = 'voice' AND direction = 'out' AND peer = '10010')",
    "calls_10000": "count(*) FILTER (service = 'voice' AND direction = 'out' AND peer = '10000')",
    "calls_10099": "count(*) FILTER (service = 'voice' AND direction = 'out' AND peer = '10099')",
    "activity_records": "count(*) FILTER (service IN ('voice', 'sms'))",
    "night_records": "count(*) FILTER (service IN ('voice', 'sms') "
    "AND (local_hour >= 23 OR local_hour < 7))",
    "weekend_records": "count(*) FILTER (service IN ('voice', 'sms') AND weekday >= 6)",
}
_LEVELS = {
    "subscriber_monthly": (
        "subscriber_pk",
        "max(account_pk) AS account_pk, max(customer_pk) AS customer_pk, ",
    ),
    "account_monthly": ("account_pk", "max(customer_pk) AS customer_pk, "),
    "customer_monthly": ("customer_pk", ""),
}


def hand_sql(files: list[str], level: str) -> str:
    key, carried = _LEVELS[level]
    listed = ", ".join(f"'{f}'" for f in files)
    metrics = ",\n  ".join(f"CAST({sql} AS BIGINT) AS {name}" for name, sql in _METRICS.items())
    return f"""
WITH c AS (
  SELECT *, CASE WHEN service = 'data' THEN NULL
      WHEN length(peer) = 11 AND peer LIKE '1%' THEN substr(peer, 1, 4)
      WHEN length(peer) = 14 AND peer LIKE '+861%' THEN substr(peer, 4, 4)
      WHEN length(peer) = 15 AND peer LIKE '00861%' THEN substr(peer, 5, 4)
      WHEN length(peer) = 13 AND peer LIKE '861%' THEN substr(peer, 3, 4) END AS peer_prefix,
    CASE WHEN length(peer) = 14 AND peer LIKE '+861%' THEN substr(peer, 4, 11)
      WHEN length(peer) = 15 AND peer LIKE '00861%' THEN substr(peer, 5, 11)
      WHEN length(peer) = 13 AND peer LIKE '861%' THEN substr(peer, 3, 11)
      ELSE peer END AS dialled
  FROM (SELECT *, CASE WHEN service = 'voice' THEN (duration_s + 59) // 60 ELSE 0 END
        AS billed_min FROM read_parquet([{listed}]))),
inside AS (
  SELECT DISTINCT caller.member_pk, callee.member_dial
  FROM cug caller JOIN cug callee ON callee.cug_pk = caller.cug_pk),
t AS (
  SELECT c.*, coalesce(c.peer_operator, o.prefix_operator, 'other') AS op,
    i.member_pk IS NOT NULL AS in_cug
  FROM c LEFT JOIN ops o ON c.peer_prefix = o.op_prefix
  LEFT JOIN inside i ON i.member_pk = c.subscriber_pk AND i.member_dial = c.dialled)
SELECT local_month, {key}, {carried}
  CAST(count(DISTINCT peer) FILTER (service IN ('voice', 'sms')) AS BIGINT) AS distinct_peers,
  {metrics}
FROM t GROUP BY local_month, {key} ORDER BY local_month, {key}"""  # noqa: S608


def aggregate_hand(files: list[str], memory_limit: str) -> dict[str, pa.Table]:
    from kamdesk.usage.aggregation import cug_members
    from kamdesk.usage.engines import duckdb_connect
    from kamdesk.usage.operators import DEFAULT_PREFIXES, expand_to_four_digits

    four = expand_to_four_digits(DEFAULT_PREFIXES)
    con = duckdb_connect(memory_limit=memory_limit, temp_directory=str(WORK / "spill"))
    con.register("ops", pa.table({"op_prefix": list(four), "prefix_operator": list(four.values())}))
    # The closed user groups: one row per member and way of dialling it in its group.
    dials = sorted(
        {
            (g, pk, dial)
            for g, pk, number, short in cug_members()
            for dial in (number, short)
            if dial
        }
    )
    con.register(
        "cug",
        pa.table(
            {
                "cug_pk": pa.array([d[0] for d in dials], pa.int64()),
                "member_pk": pa.array([d[1] for d in dials], pa.int64()),
                "member_dial": pa.array([d[2] for d in dials], pa.string()),
            }
        ),
    )
    out = {}
    for level, (key, _carried) in _LEVELS.items():
        table = con.sql(hand_sql(files, level)).to_arrow_table()
        # preserve_insertion_order=false lets DuckDB hand the sorted result back in
        # parallel chunks: sort in Arrow like the Ibis side does.
        out[level] = table.sort_by([("local_month", "ascending"), (key, "ascending")])
    con.close()
    return out


def aggregate_ibis(files: list[str], memory_limit: str) -> dict[str, pa.Table]:
    from kamdesk.usage import queries
    from kamdesk.usage.aggregation import cug_members
    from kamdesk.usage.engines import engine_for
    from kamdesk.usage.operators import DEFAULT_PREFIXES

    engine = engine_for("duckdb", memory_limit=memory_limit)
    cdr = engine.read_parquet(files)
    operators = queries.operator_table(DEFAULT_PREFIXES)
    groups = queries.cug_table(cug_members())
    out = {}
    for level in _LEVELS:
        table = engine.to_arrow(queries.AGGREGATES[level](cdr, operators, groups))
        out[level] = table.sort_by([(k, "ascending") for k in queries.SORT_KEYS[level]])
    return out


def same_results(ibis_out: dict[str, pa.Table], hand_out: dict[str, pa.Table]) -> bool:
    for level, table in ibis_out.items():
        hand = hand_out[level].select(table.column_names)
        if not table.cast(hand.schema).equals(hand):
            print(f"  {level}: the two differ", flush=True)
            return False
    return True


# --- main ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    started = time.monotonic()
    setup()
    numbers, lines = open_lines()
    print(f"{lines:,} subscriber numbers; {args.rows:,} CDRs over {MONTHS} months", flush=True)
    stamp = WORK / "inputs.json"
    wanted = {"rows": args.rows, "file_rows": args.file_rows, "seed": args.seed}
    reuse = args.reuse_inputs and stamp.exists() and json.loads(stamp.read_text()) == wanted
    if reuse:
        parquet = sorted((WORK / "input-parquet").glob("cdr-*.parquet"))
        csv = [] if args.skip_csv else sorted((WORK / "input-csv").glob("cdr-*.csv"))
        print(f"reusing {len(parquet)} Parquet and {len(csv)} CSV input files", flush=True)
    else:
        stamp.unlink(missing_ok=True)
        shutil.rmtree(WORK / "input-parquet", ignore_errors=True)
        shutil.rmtree(WORK / "input-csv", ignore_errors=True)
        parquet, _ = timed(
            "generate Parquet", lambda: generate(args, WORK / "input-parquet", numbers)
        )
        csv = (
            []
            if args.skip_csv
            else timed("write CSV", lambda: to_csv(parquet, WORK / "input-csv"))[0]
        )
        stamp.write_text(json.dumps(wanted))
    figures: dict[str, Any] = {"rows": args.rows, "subscribers": lines, "files": len(parquet)}
    for kind, paths in (("parquet", parquet), ("csv", csv)):
        if not paths:
            continue
        if args.sequential:
            ref_rows, ref_s = timed(
                f"reference from {kind}",
                lambda paths=paths, kind=kind: reference(
                    paths, WORK / f"ref-{kind}", memory_limit=args.memory_limit
                ),
                args.rows,
            )
            project_reset()
            result, ours_s = timed(
                f"project from {kind}", lambda paths=paths: project_ingest(paths), args.rows
            )
        else:
            ref_rows, ref_s, result, ours_s = interleaved(kind, paths, args)
        ratio, cpu_ratio = ref_s[0] / ours_s[0], ref_s[1] / ours_s[1]
        print(
            f"  {kind}: project/reference rate = {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU; {result}",
            flush=True,
        )
        figures[kind] = {
            "reference_s": ref_s,
            "project_s": ours_s,
            "ratio_wall": ratio,
            "ratio_cpu": cpu_ratio,
            **result,
        }
        assert ref_rows == args.rows and result["stored"] == args.rows, "rows lost"
    if args.skip_aggregation:
        figures["peak_mib"] = peak_mib()
        print(f"peak memory {figures['peak_mib']:,.0f} MiB", flush=True)
        return
    from kamdesk.usage import manifest
    from kamdesk.usage.warehouse import Layout

    layout = Layout(WORK / "warehouse")
    files = [str(layout.absolute(f.path)) for f in manifest.cdr_files(months=None)]
    hand, hand_s = timed(
        "aggregation, hand-written SQL", lambda: aggregate_hand(files, args.memory_limit)
    )
    ours, ibis_s = timed(
        "aggregation, project's Ibis", lambda: aggregate_ibis(files, args.memory_limit)
    )
    equal = same_results(ours, hand)
    print(
        f"  Ibis/hand time = {ibis_s[0] / hand_s[0]:.2f}x wall, {ibis_s[1] / hand_s[1]:.2f}x CPU;"
        f" identical results: {equal}",
        flush=True,
    )
    figures["aggregation"] = {
        "hand_s": hand_s,
        "ibis_s": ibis_s,
        "ratio_wall": ibis_s[0] / hand_s[0],
        "ratio_cpu": ibis_s[1] / hand_s[1],
        "identical": equal,
    }
    figures["peak_mib"] = peak_mib()
    figures["total_s"] = time.monotonic() - started
    figures["date"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    print(
        f"peak memory {figures['peak_mib']:,.0f} MiB; total {figures['total_s']:.0f} s", flush=True
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
