"""CDR validation and enrichment as one DuckDB query. Pure: no Django import.

The rules are those of ``parsing`` (the same reason codes), written as SQL so that a
file of millions of rows is checked in bulk. The query adapts to the source's column
types: a CSV arrives as text, a Parquet export may carry typed columns (integers,
decimals, timestamps), which are used as they are instead of being re-parsed.

Output columns (``STAGED_COLUMNS``): the warehouse row, ``problems`` (``column:code``
joined by ``|``, NULL for a good row) and, for bad rows only, the raw cells.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from kamdesk.usage.parsing import (
    APN_PATTERN,
    DIAL_PATTERN,
    DIRECTIONS,
    MAX_DURATION_S,
    NUMBER_PATTERN,
    OPERATOR_ALIASES,
    ROAMING,
    SERVICES,
)

CDR_COLUMNS = (
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
)
CDR_REQUIRED = ("record_id", "number", "service", "start_time", "charge")

# The columns of a warehouse CDR file, in order.
WAREHOUSE_COLUMNS = (
    "record_id",
    "subscriber_pk",
    "account_pk",
    "customer_pk",
    "number",
    "service",
    "direction",
    "start_local",
    "local_month",
    "local_date",
    "local_hour",
    "weekday",
    "duration_s",
    "billed_min",
    "volume_kb",
    "peer",
    "peer_prefix",
    "peer_operator",
    "roaming",
    "charge_fen",
)

_INTEGER_TYPES = {
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "UHUGEINT",
}
_FLOAT_TYPES = {"FLOAT", "DOUBLE", "REAL"}
_OFFSET_REGEX = r"[0-9](Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$"


@dataclass(frozen=True)
class CdrSource:
    """Where the rows come from: a relation, its column names and DuckDB types.

    ``names`` maps our column name to the source's (after the mapping file);
    ``types`` gives the DuckDB type of each source column; ``row`` is the SQL of the
    row's position in the file as the report shows it.
    """

    relation: str
    names: Mapping[str, str]
    types: Mapping[str, str]
    row: str = "_row"
    value_maps: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def has(self, column: str) -> bool:
        return column in self.names

    def ident(self, column: str) -> str:
        return quote_ident(self.names[column])

    def type_of(self, column: str) -> str:
        return self.types[self.names[column]].upper()


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _sql_list(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(quote_literal(v) for v in values)


def _is_text(kind: str) -> bool:
    return kind in {"VARCHAR", "STRING", "TEXT"} or kind.startswith("VARCHAR")


def _text(src: CdrSource, column: str) -> str:
    """The column as text (with the mapping file's value translations), or NULL."""
    if not src.has(column):
        return "NULL::VARCHAR"
    ident = src.ident(column)
    expr = ident if _is_text(src.type_of(column)) else f"CAST({ident} AS VARCHAR)"
    translations = src.value_maps.get(column)
    if translations:
        cases = " ".join(
            f"WHEN {quote_literal(k)} THEN {quote_literal(v)}" for k, v in translations.items()
        )
        expr = f"(CASE {expr} {cases} ELSE {expr} END)"
    return expr


# Columns a Parquet export may carry typed; they are then used as they are.
_TYPED = ("start_time", "duration_s", "volume_kb", "charge")


def _typed(src: CdrSource, column: str) -> tuple[str, str]:
    """(DuckDB type, the column's name in level ``t``): ``typed_x`` when not text."""
    kind = src.type_of(column)
    return (kind, f"raw_{column}") if _is_text(kind) else (kind, f"typed_{column}")


def _local_time(src: CdrSource) -> str:
    """Asia/Shanghai wall time as TIMESTAMP; NULL when the cell is not a time."""
    kind, name = _typed(src, "start_time")
    if kind.startswith("TIMESTAMP WITH TIME ZONE") or kind == "TIMESTAMPTZ":
        return f"({name} AT TIME ZONE 'Asia/Shanghai')"
    if kind.startswith("TIMESTAMP"):
        return f"CAST({name} AS TIMESTAMP)"
    # The common layout (19 characters, local time) takes the cheap cast; only values
    # with an offset go through the time-zone library.
    return (
        f"(CASE WHEN length({name}) = 19 THEN TRY_CAST({name} AS TIMESTAMP) "
        f"WHEN {name} NOT LIKE '%:%' THEN NULL "
        f"WHEN regexp_matches({name}, '{_OFFSET_REGEX}') "
        f"THEN (TRY_CAST({name} AS TIMESTAMPTZ) AT TIME ZONE 'Asia/Shanghai') "
        f"ELSE TRY_CAST({name} AS TIMESTAMP) END)"
    )


def _whole(src: CdrSource, column: str) -> str:
    """A whole number as BIGINT, NULL when the cell is not one."""
    if not src.has(column):
        return "NULL::BIGINT"
    kind, name = _typed(src, column)
    if kind in _INTEGER_TYPES:
        return f"CAST({name} AS BIGINT)"
    if kind in _FLOAT_TYPES or kind.startswith("DECIMAL"):
        return f"(CASE WHEN {name} = floor({name}) THEN CAST({name} AS BIGINT) END)"
    # DuckDB rounds '1.5' to 2 when casting to an integer: refuse decimals first.
    return f"(CASE WHEN contains({name}, '.') THEN NULL ELSE TRY_CAST({name} AS BIGINT) END)"


def _kilobytes(src: CdrSource) -> str:
    """A volume in KB, rounded up to a whole KB as billing does."""
    if not src.has("volume_kb"):
        return "NULL::BIGINT"
    kind, name = _typed(src, "volume_kb")
    if kind in _INTEGER_TYPES:
        return f"CAST({name} AS BIGINT)"
    if kind in _FLOAT_TYPES or kind.startswith("DECIMAL"):
        return f"CAST(ceil({name}) AS BIGINT)"
    return f"CAST(ceil(TRY_CAST({name} AS DOUBLE)) AS BIGINT)"


def _yuan(src: CdrSource) -> tuple[str, str, str]:
    """(the charge as parsed in level p, fen from it, whether it had at most two decimals)."""
    kind, name = _typed(src, "charge")
    if kind in _INTEGER_TYPES:
        return f"CAST({name} AS BIGINT)", "(yuan * 100)", "true"
    if kind in _FLOAT_TYPES:
        return (
            f"CAST({name} AS DOUBLE)",
            "CAST(round(yuan * 100) AS BIGINT)",
            "(abs(yuan * 100 - round(yuan * 100)) < 1e-6)",
        )
    # DECIMAL(18, 6) is a 64-bit integer inside DuckDB (wider decimals are 128-bit and
    # several times slower) and still holds a trillion yuan.
    value = (
        f"CAST({name} AS DECIMAL(18,6))"
        if kind.startswith("DECIMAL")
        else f"TRY_CAST({name} AS DECIMAL(18,6))"
    )
    return value, "CAST(yuan * 100 AS BIGINT)", "(yuan * 100 = round(yuan * 100))"


def _word(name: str, allowed: tuple[str, ...]) -> str:
    """A lower-case word; values already in ``allowed`` skip the string functions."""
    return f"(CASE WHEN {name} IN ({_sql_list(allowed)}) THEN {name} ELSE lower(trim({name})) END)"


def _operator(name: str) -> str:
    groups: dict[str, list[str]] = {}
    for alias, code in OPERATOR_ALIASES.items():
        groups.setdefault(code, []).append(alias)
    cases = " ".join(
        f"WHEN {name} IN ({_sql_list(aliases)}) THEN '{code}'" for code, aliases in groups.items()
    )
    return f"(CASE {cases} END)"


def _texts(src: CdrSource) -> str:
    """Level t: each cell once, as text (``raw_x``) and, if the source typed it, typed."""
    typed = [
        f"{src.ident(c)} AS typed_{c}"
        for c in _TYPED
        if src.has(c) and not _is_text(src.type_of(c))
    ]
    columns = [f"{src.row} AS _row", *(f"{_text(src, c)} AS raw_{c}" for c in CDR_COLUMNS), *typed]
    # Built from our own column names and the source's quoted identifiers; values are
    # quoted by quote_literal, so no input text reaches the SQL unquoted.
    return f"SELECT {', '.join(columns)} FROM {src.relation}"  # noqa: S608


def _parsed(src: CdrSource) -> str:
    """Level p: every cell parsed (NULL when unparseable)."""
    yuan, _fen, _exact = _yuan(src)
    return f"""
SELECT *,
  nullif(raw_record_id, '') AS rid,
  regexp_full_match(raw_number, '{NUMBER_PATTERN}') AS num_ok,
  {_word("raw_service", SERVICES)} AS svc,
  nullif({_word("raw_direction", DIRECTIONS)}, '') AS dir,
  {_local_time(src)} AS local_ts,
  {_whole(src, "duration_s")} AS dur,
  {_kilobytes(src)} AS vol,
  regexp_full_match(raw_peer, '{DIAL_PATTERN}') AS peer_ok,
  CASE WHEN raw_peer_operator = '' THEN NULL
       ELSE nullif(lower(trim(raw_peer_operator)), '') END AS pop_text,
  CASE WHEN raw_roaming = 'none' THEN 'none'
       ELSE coalesce(nullif({_word("raw_roaming", ROAMING)}, ''), 'none') END AS roam,
  {yuan} AS yuan
FROM t"""  # noqa: S608


def _normalised(src: CdrSource) -> str:
    """Level q: number and peer as dialled without prefixes, spaces and dashes; fen."""
    _yuan_sql, fen, exact = _yuan(src)
    return f"""
SELECT *,
  CASE WHEN num_ok THEN raw_number
       WHEN raw_number LIKE '+86%' THEN substr(trim(raw_number), 4)
       WHEN raw_number LIKE '0086%' THEN substr(trim(raw_number), 5)
       ELSE trim(raw_number) END AS num,
  CASE WHEN peer_ok THEN raw_peer
       ELSE regexp_replace(trim(raw_peer), '[ ()\\-]', '', 'g') END AS peer_n,
  {_operator("pop_text")} AS pop,
  {fen} AS fen,
  {exact} AS fen_exact
FROM p"""  # noqa: S608


def _reasons(now_local: dt.datetime) -> str:
    """Level 2: one reason code (or NULL) per column."""
    future = (now_local + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    return f"""
  CASE WHEN rid IS NULL THEN 'missing' WHEN length(rid) > 64 THEN 'too_long' END AS r_record_id,
  CASE WHEN num_ok THEN NULL WHEN num IS NULL OR num = '' THEN 'missing'
       WHEN NOT regexp_full_match(num, '{NUMBER_PATTERN}') THEN 'not_mobile' END AS r_number,
  CASE WHEN svc IS NULL OR svc = '' THEN 'missing'
       WHEN svc NOT IN ({_sql_list(SERVICES)}) THEN 'unknown_service' END AS r_service,
  CASE WHEN dir IS NULL THEN (CASE WHEN svc = 'data' THEN NULL ELSE 'missing' END)
       WHEN dir NOT IN ({_sql_list(DIRECTIONS)}) THEN 'unknown_direction' END AS r_direction,
  CASE WHEN raw_start_time IS NULL OR raw_start_time = '' THEN 'missing'
       WHEN local_ts IS NULL THEN 'not_a_time'
       WHEN local_ts < TIMESTAMP '2000-01-01' THEN 'impossible_time'
       WHEN local_ts > TIMESTAMP '{future}' THEN 'in_future' END AS r_start_time,
  CASE WHEN raw_duration_s IS NULL OR raw_duration_s = ''
            THEN (CASE WHEN svc = 'voice' THEN 'missing' END)
       WHEN dur IS NULL THEN 'not_whole_number' WHEN dur < 0 THEN 'negative'
       WHEN dur > {MAX_DURATION_S} THEN 'too_long' END AS r_duration_s,
  CASE WHEN raw_volume_kb IS NULL OR raw_volume_kb = '' THEN NULL
       WHEN vol IS NULL THEN 'not_a_number' WHEN vol < 0 THEN 'negative' END AS r_volume_kb,
  CASE WHEN svc = 'data' THEN
            (CASE WHEN coalesce(raw_peer, '') <> ''
                       AND NOT regexp_full_match(trim(raw_peer), '{APN_PATTERN}')
                  THEN 'not_apn' END)
       WHEN peer_ok THEN NULL
       WHEN peer_n IS NULL OR peer_n = '' THEN 'missing'
       WHEN NOT regexp_full_match(peer_n, '{DIAL_PATTERN}') THEN 'not_dialable' END AS r_peer,
  CASE WHEN pop_text IS NOT NULL AND pop IS NULL THEN 'unknown_operator' END AS r_peer_operator,
  CASE WHEN roam NOT IN ({_sql_list(ROAMING)}) THEN 'unknown_roaming' END AS r_roaming,
  CASE WHEN raw_charge IS NULL OR raw_charge = '' THEN 'missing'
       WHEN fen IS NULL THEN 'not_money' WHEN NOT fen_exact THEN 'too_many_decimals'
       WHEN fen < 0 THEN 'negative_charge' END AS r_charge"""


def _problems() -> str:
    # Most rows are good: test for that first, build the text only for bad rows.
    good = " AND ".join(f"r_{c} IS NULL" for c in CDR_COLUMNS)
    parts = ", ".join(f"'{c}:' || r_{c}" for c in CDR_COLUMNS)
    return f"CASE WHEN {good} THEN NULL ELSE concat_ws('|', {parts}) END"


def _mobile_prefix() -> str:
    return """CASE WHEN svc = 'data' THEN NULL
       WHEN length(peer_n) = 11 AND peer_n LIKE '1%' THEN substr(peer_n, 1, 4)
       WHEN length(peer_n) = 14 AND peer_n LIKE '+861%' THEN substr(peer_n, 4, 4)
       WHEN length(peer_n) = 15 AND peer_n LIKE '00861%' THEN substr(peer_n, 5, 4)
       WHEN length(peer_n) = 13 AND peer_n LIKE '861%' THEN substr(peer_n, 3, 4) END"""


def cdr_stage_sql(
    src: CdrSource, *, now_local: dt.datetime, subscribers: str, dropped_months: list[str]
) -> str:
    """The SELECT that validates, enriches and resolves every row of ``src``.

    ``subscribers`` names a relation (number, valid_from, valid_until, subscriber_pk,
    account_pk, customer_pk) whose periods of one number do not overlap, so the join
    finds at most one holder. ``dropped_months`` ('YYYY-MM-01') are months whose itemised
    records retention has already dropped: their rows are refused.
    """
    dropped = ""
    if dropped_months:
        months = ", ".join(f"DATE {quote_literal(m)}" for m in dropped_months)
        dropped = f"WHEN c.local_month IN ({months}) THEN 'start_time:month_dropped' "
    raw = ", ".join(
        f"CASE WHEN problems IS NOT NULL THEN raw_{c} END AS raw_{c}" for c in CDR_COLUMNS
    )
    return f"""
WITH t AS ({_texts(src)}),
p AS ({_parsed(src)}),
q AS ({_normalised(src)}),
r AS (SELECT *, {_reasons(now_local)} FROM q),
c AS (
  SELECT *, {_problems()} AS problems_format,
    CAST(date_trunc('month', local_ts) AS DATE) AS local_month,
    CAST(local_ts AS DATE) AS local_date
  FROM r),
j AS (
  SELECT c.*, s.subscriber_pk, s.account_pk, s.customer_pk,
    CASE WHEN c.problems_format IS NOT NULL THEN c.problems_format
         {dropped}WHEN s.subscriber_pk IS NULL THEN 'number:no_subscriber' END AS problems
  FROM c LEFT JOIN {subscribers} s
    ON c.problems_format IS NULL AND c.num = s.number
    AND c.local_date >= s.valid_from AND c.local_date < s.valid_until)
SELECT _row, rid AS record_id, subscriber_pk, account_pk, customer_pk,
  num AS number, svc AS service, coalesce(dir, 'out') AS direction,
  local_ts AS start_local, local_month, local_date,
  CAST(hour(local_ts) AS INTEGER) AS local_hour, CAST(isodow(local_ts) AS INTEGER) AS weekday,
  coalesce(dur, 0) AS duration_s,
  CASE WHEN svc = 'voice' THEN (coalesce(dur, 0) + 59) // 60 ELSE 0 END AS billed_min,
  coalesce(vol, 0) AS volume_kb,
  CASE WHEN svc = 'data' THEN trim(coalesce(raw_peer, '')) ELSE peer_n END AS peer,
  {_mobile_prefix()} AS peer_prefix,
  pop AS peer_operator, roam AS roaming, fen AS charge_fen, problems, {raw}
FROM j"""  # noqa: S608
