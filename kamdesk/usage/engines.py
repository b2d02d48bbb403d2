"""The analytics engines: DuckDB on one machine, Spark on a cluster. Pure: no Django import.

``queries`` builds Ibis expressions once; an ``Engine`` reads the warehouse files into
an Ibis table and runs expressions, returning Arrow tables. Callers pass the settings
(engine name, memory limit, Spark master) so this module reads no configuration.

Settings that matter here (docs/usage.md):

- DuckDB: a memory limit (3 GB by default, under the machine's 4 GiB budget),
  ``preserve_insertion_order=false`` (lets large copies stream), no automatic download
  of extensions (only parquet, json and icu are built in and nothing else is needed);
  results are read with ``to_arrow_table()`` (in DuckDB 2 ``arrow()`` returns a reader
  that keeps the connection busy).
- Spark: one session per process (starting one costs about ten seconds), Arrow transfer
  on, the workers' Python set to the running interpreter, the session time zone UTC
  (ibis forces it; local times were computed at ingestion).
"""

from __future__ import annotations

import os
import sys
import threading
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import duckdb
import ibis
import pyarrow as pa

_spark_lock = threading.Lock()
_spark_session: Any = None


def duckdb_connect(
    *, memory_limit: str = "3GB", threads: int | None = None, temp_directory: str | None = None
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the settings this machine needs."""
    config: dict[str, Any] = {
        "memory_limit": memory_limit,
        "preserve_insertion_order": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
    }
    if threads:
        config["threads"] = threads
    if temp_directory:
        config["temp_directory"] = temp_directory
    return duckdb.connect(":memory:", config=config)


def spark_session(*, master: str = "local[2]") -> Any:
    """The process's SparkSession, started on first use and shared afterwards."""
    global _spark_session
    with _spark_lock:
        if _spark_session is None:
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
            from pyspark.sql import SparkSession

            _spark_session = (
                SparkSession.builder.master(master)
                .appName("kamdesk-usage")
                .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.memory", "2g")
                .getOrCreate()
            )
            _spark_session.sparkContext.setLogLevel("ERROR")
        return _spark_session


@dataclass
class Engine:
    """An Ibis backend and how to read warehouse files into it."""

    name: str
    backend: Any

    def read_parquet(self, paths: Sequence[str]) -> Any:
        """An Ibis table over the Parquet files ``paths`` (absolute, at least one)."""
        if not paths:
            raise ValueError("no files to read")
        if self.name == "spark":
            # ibis hands a list to Spark as one glob string; give Spark the files itself.
            name = f"cdr_{uuid.uuid4().hex}"
            self.backend._session.read.parquet(*paths).createOrReplaceTempView(name)
            return self.backend.table(name)
        return self.backend.read_parquet(list(paths))

    def to_arrow(self, expr: Any) -> pa.Table:
        return self.backend.to_pyarrow(expr)


def engine_for(name: str, *, memory_limit: str = "3GB", spark_master: str = "local[2]") -> Engine:
    """The engine called ``name`` ("duckdb" or "spark")."""
    if name == "spark":
        return Engine(
            name="spark", backend=ibis.pyspark.connect(spark_session(master=spark_master))
        )
    if name == "duckdb":
        connection = duckdb_connect(memory_limit=memory_limit)
        return Engine(name="duckdb", backend=ibis.duckdb.from_connection(connection))
    raise ValueError(f"unknown analytics engine {name!r}")
