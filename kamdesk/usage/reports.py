"""Reports of refused rows: a report (row, column, reason) beside a quarantine file.

The quarantine file holds the refused rows as they came, in the source's own column
names, with their row number first, so the operator can correct and send them again.
Both are written only when some row was refused.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
from django.utils.translation import gettext as _

from kamdesk.usage.cdr_sql import quote_ident, quote_literal
from kamdesk.usage.parsing import REASONS


@dataclass(frozen=True)
class ReportPaths:
    report: Path
    quarantine: Path


def report_paths(reports_dir: Path, *, ingestion_id: int, source: Path) -> ReportPaths:
    stem = source.name.split(".")[0][:80]
    base = reports_dir / f"i{ingestion_id:06d}-{stem}"
    return ReportPaths(
        report=base.with_name(base.name + ".report.csv"),
        quarantine=base.with_name(base.name + ".quarantine.csv"),
    )


def reason_table() -> pa.Table:
    """Reason codes and their messages in the active language."""
    return pa.table({"code": list(REASONS), "message": [_(m) for m in REASONS.values()]})


def write_reports(
    con: duckdb.DuckDBPyConnection,
    paths: ReportPaths,
    *,
    columns: list[str],
    names: dict[str, str],
) -> None:
    """Write the report and quarantine file from the staged rows with ``problems``.

    ``columns`` are our column names, ``names`` maps them to the source's.
    """
    paths.report.parent.mkdir(parents=True, exist_ok=True)
    con.register("reasons", reason_table())
    con.execute(f"""
COPY (
  SELECT q._row AS "row", split_part(q.p, ':', 1) AS "column",
         coalesce(r.message, split_part(q.p, ':', 2)) AS reason, split_part(q.p, ':', 2) AS code
  FROM (SELECT _row, unnest(string_split(problems, '|')) AS p
        FROM staged WHERE problems IS NOT NULL) q
  LEFT JOIN reasons r ON r.code = split_part(q.p, ':', 2)
  ORDER BY 1, 2
) TO {quote_literal(str(paths.report))} (HEADER, DELIMITER ',')""")  # noqa: S608
    raw = ", ".join(f"raw_{c} AS {quote_ident(names[c])}" for c in columns if c in names)
    con.execute(f"""
COPY (SELECT _row AS "row", {raw} FROM staged WHERE problems IS NOT NULL ORDER BY _row)
TO {quote_literal(str(paths.quarantine))} (HEADER, DELIMITER ',')""")  # noqa: S608
    con.unregister("reasons")


def write_row_reports(
    paths: ReportPaths,
    *,
    header: list[str],
    refused: list[tuple[int, dict[str, str], dict[str, str]]],
) -> None:
    """The same two files for row-by-row ingestion (bills, events).

    ``refused`` holds (row, cells as read, column → reason code).
    """
    paths.report.parent.mkdir(parents=True, exist_ok=True)
    with open(paths.report, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "column", "reason", "code"])
        for row, _cells, problems in refused:
            for column, code in sorted(problems.items()):
                writer.writerow([row, column, _(REASONS.get(code, code)), code])
    with open(paths.quarantine, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", *header])
        for row, cells, _problems in refused:
            writer.writerow([row, *(cells.get(h, "") for h in header)])
