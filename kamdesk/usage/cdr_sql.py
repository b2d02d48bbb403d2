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

# The columns of a warehouse CDR file, in order. The billed minutes of a call follow
# from ``duration_s`` by a rule and are derived when the files are read
# (``billed_minutes_sql``; ``queries.billed_minutes`` in Ibis), not stored: writing them
# cost about a tenth of the ingestion pass.
WAREHOUSE_COLUMNS = (
    "record_id",
    "subscriber_pk",
    "account_pk",
    "customer_pk",
    "service",
    "direction",
    "start_local",
    "local_month",
    "local_date",
    "local_hour",
    "weekday",
    "duration_s",
    "volume_kb",
    "peer",
    "peer_operator",
    "roaming",
    "charge_fen",
)

# Billing counts a voice call in started minutes.
SECONDS_PER_BILLED_MINUTE = 60


def billed_minutes_sql(service: str = "service", duration: str = "duration_s") -> str:
    """The billed minutes of a warehouse record in DuckDB SQL: a voice call's started
    minutes, 0 for SMS and data."""
    per = SECONDS_PER_BILLED_MINUTE
    return f"(CASE WHEN {service} = 'voice' THEN ({duration} + {per - 1}) // {per} ELSE 0 END)"


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


def _local_time(src: CdrSource, *, plain_only: bool = False) -> str:
    """Asia/Shanghai wall time as TIMESTAMP; NULL when the cell is not a time (with
    ``plain_only``, also when a text cell is not in the plain 19-character layout)."""
    kind, name = _typed(src, "start_time")
    if kind.startswith("TIMESTAMP WITH TIME ZONE") or kind == "TIMESTAMPTZ":
        return f"({name} AT TIME ZONE 'Asia/Shanghai')"
    if kind.startswith("TIMESTAMP"):
        return f"CAST({name} AS TIMESTAMP)"
    if plain_only:
        return f"(CASE WHEN length({name}) = 19 THEN TRY_CAST({name} AS TIMESTAMP) END)"
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
    return (
        f"(CASE WHEN contains({name}, '.') THEN CAST(ceil(TRY_CAST({name} AS DOUBLE)) AS BIGINT) "
        f"ELSE TRY_CAST({name} AS BIGINT) END)"
    )


def _decimal_type(kind: str) -> tuple[int, int] | None:
    """(precision, scale) of a ``DECIMAL(p,s)`` type, None for any other type."""
    if not kind.startswith("DECIMAL(") or not kind.endswith(")"):
        return None
    parts = [p.strip() for p in kind[len("DECIMAL(") : -1].split(",")]
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return None
    return int(parts[0]), int(parts[1])


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
    decimal = _decimal_type(kind)
    if decimal and decimal[0] <= 16 and decimal[1] <= 2:
        # Whole fen by its type (the usual export: DECIMAL(12,2)), and a hundred times it
        # still fits 64 bits: no exactness check, no wider decimal.
        return name, "CAST(yuan * 100 AS BIGINT)", "true"
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
    """Level t: each cell once: as text (``raw_x``) or, if the source typed it, typed
    (``typed_x``). Typed cells are turned into text only for refused rows (``_raw_text``)."""
    columns = [f"{src.row} AS _row"]
    for c in CDR_COLUMNS:
        if c in _TYPED and src.has(c) and not _is_text(src.type_of(c)):
            columns.append(f"{src.ident(c)} AS typed_{c}")
        else:
            columns.append(f"{_text(src, c)} AS raw_{c}")
    # Built from our own column names and the source's quoted identifiers; values are
    # quoted by quote_literal, so no input text reaches the SQL unquoted.
    return f"SELECT {', '.join(columns)} FROM {src.relation}"  # noqa: S608


def _is_typed(src: CdrSource, column: str) -> bool:
    return column in _TYPED and src.has(column) and not _is_text(src.type_of(column))


def _blank(src: CdrSource, column: str) -> str:
    """Whether the cell is empty (a typed cell: NULL)."""
    if _is_typed(src, column):
        return f"(typed_{column} IS NULL)"
    return f"(raw_{column} IS NULL OR raw_{column} = '')"


def _raw_text(src: CdrSource, column: str) -> str:
    """The cell as the quarantine file shows it."""
    if _is_typed(src, column):
        return f"CAST(typed_{column} AS VARCHAR)"
    return f"raw_{column}"


_COMMON_APNS = ("cmnet", "cmwap", "cmiot", "3gnet", "3gwap", "ctnet", "ctwap", "ims")


def _parsed(src: CdrSource) -> str:
    """Level p: every cell parsed (NULL when unparseable).

    Values already in their canonical form (a plain 11-digit number, a known service,
    direction, roaming or operator code) skip the string functions: they are most rows.
    """
    yuan, _fen, _exact = _yuan(src)
    codes = _sql_list(sorted(set(OPERATOR_ALIASES.values())))
    return f"""
SELECT *,
  nullif(raw_record_id, '') AS rid,
  CASE WHEN length(raw_number) = 11 AND raw_number LIKE '1%' THEN raw_number
       WHEN raw_number LIKE '+86%' THEN substr(trim(raw_number), 4)
       WHEN raw_number LIKE '0086%' THEN substr(trim(raw_number), 5)
       ELSE trim(raw_number) END AS num,
  {_word("raw_service", SERVICES)} AS svc,
  nullif({_word("raw_direction", DIRECTIONS)}, '') AS dir,
  {_local_time(src)} AS local_ts,
  {_whole(src, "duration_s")} AS dur,
  {_kilobytes(src)} AS vol,
  CASE WHEN raw_peer_operator IN ({codes}) THEN raw_peer_operator
       WHEN raw_peer_operator IS NULL OR raw_peer_operator = '' THEN NULL
       ELSE nullif(lower(trim(raw_peer_operator)), '') END AS pop_text,
  CASE WHEN raw_roaming = 'none' THEN 'none'
       ELSE coalesce(nullif({_word("raw_roaming", ROAMING)}, ''), 'none') END AS roam,
  {yuan} AS yuan
FROM e"""  # noqa: S608


def _normalised(src: CdrSource) -> str:
    """Level q: whether the peer is dialable as it came (calls and SMS), the operator
    code, fen."""
    _yuan_sql, fen, exact = _yuan(src)
    return f"""
SELECT *,
  CASE WHEN svc = 'data' THEN NULL
       ELSE coalesce(regexp_full_match(raw_peer, '{DIAL_PATTERN}'), false) END AS peer_ok,
  {_operator("pop_text")} AS pop,
  {fen} AS fen,
  {exact} AS fen_exact
FROM p"""  # noqa: S608


def _peer() -> str:
    """Level n: the peer as dialled without spaces, brackets and dashes."""
    return """
SELECT *,
  CASE WHEN svc = 'data' THEN NULL
       WHEN peer_ok THEN raw_peer
       ELSE regexp_replace(trim(raw_peer), '[ ()\\-]', '', 'g') END AS peer_n
FROM q"""


def _reasons(src: CdrSource, now_local: dt.datetime) -> dict[str, str]:
    """One reason code (or NULL) per column but the number, which is checked after the
    subscriber join (a number held by a subscriber is a valid one)."""
    future = (now_local + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    return {
        "record_id": "CASE WHEN rid IS NULL THEN 'missing' "
        "WHEN length(rid) > 64 THEN 'too_long' END",
        "service": f"""CASE WHEN svc IS NULL OR svc = '' THEN 'missing'
       WHEN svc NOT IN ({_sql_list(SERVICES)}) THEN 'unknown_service' END""",
        "direction": f"""CASE WHEN dir IS NULL
            THEN (CASE WHEN svc = 'data' THEN NULL ELSE 'missing' END)
       WHEN dir NOT IN ({_sql_list(DIRECTIONS)}) THEN 'unknown_direction' END""",
        "start_time": f"""CASE WHEN {_blank(src, "start_time")} THEN 'missing'
       WHEN local_ts IS NULL THEN 'not_a_time'
       WHEN local_ts < TIMESTAMP '2000-01-01' THEN 'impossible_time'
       WHEN local_ts > TIMESTAMP '{future}' THEN 'in_future' END""",
        "duration_s": f"""CASE WHEN {_blank(src, "duration_s")}
            THEN (CASE WHEN svc = 'voice' THEN 'missing' END)
       WHEN dur IS NULL THEN 'not_whole_number' WHEN dur < 0 THEN 'negative'
       WHEN dur > {MAX_DURATION_S} THEN 'too_long' END""",
        "volume_kb": f"""CASE WHEN {_blank(src, "volume_kb")} THEN NULL
       WHEN vol IS NULL THEN 'not_a_number' WHEN vol < 0 THEN 'negative' END""",
        "peer": f"""CASE WHEN svc = 'data' THEN
            (CASE WHEN coalesce(raw_peer, '') <> ''
                       AND NOT regexp_full_match(trim(raw_peer), '{APN_PATTERN}')
                  THEN 'not_apn' END)
       WHEN peer_n IS NULL OR peer_n = '' THEN 'missing'
       WHEN NOT regexp_full_match(peer_n, '{DIAL_PATTERN}') THEN 'not_dialable' END""",
        "peer_operator": "CASE WHEN pop_text IS NOT NULL AND pop IS NULL "
        "THEN 'unknown_operator' END",
        "roaming": f"CASE WHEN roam NOT IN ({_sql_list(ROAMING)}) THEN 'unknown_roaming' END",
        "charge": f"""CASE WHEN {_blank(src, "charge")} THEN 'missing'
       WHEN fen IS NULL THEN 'not_money' WHEN NOT fen_exact THEN 'too_many_decimals'
       WHEN fen < 0 THEN 'negative_charge' END""",
    }


def _plain(src: CdrSource, now_local: dt.datetime) -> str:
    """True for a row every column of which (but the number) is plainly good: nearly
    every row. One chain of conditions, each tested only on the rows still in the
    running, costs far less than a reason per column; ``_reasons`` runs on the rest
    (which may still turn out good: a peer written with spaces, say)."""
    future = (now_local + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    apns = _sql_list(_COMMON_APNS)
    return f"""coalesce(
  rid IS NOT NULL AND length(rid) <= 64
  AND svc IN ({_sql_list(SERVICES)})
  AND (dir IN ({_sql_list(DIRECTIONS)}) OR (dir IS NULL AND svc = 'data'))
  AND local_ts >= TIMESTAMP '2000-01-01' AND local_ts <= TIMESTAMP '{future}'
  AND (dur BETWEEN 0 AND {MAX_DURATION_S} OR ({_blank(src, "duration_s")} AND svc <> 'voice'))
  AND (vol >= 0 OR {_blank(src, "volume_kb")})
  AND (CASE WHEN svc = 'data' THEN raw_peer IN ({apns}) ELSE peer_ok END)
  AND (pop_text IS NULL OR pop IS NOT NULL)
  AND roam IN ({_sql_list(ROAMING)})
  AND fen >= 0 AND fen_exact, false)"""


_FORMAT_CHECKED = tuple(c for c in CDR_COLUMNS if c != "number")


def _format_problems(src: CdrSource, now_local: dt.datetime) -> str:
    """``column:code`` of every column but the number, joined by ``|``; NULL if none."""
    reasons = _reasons(src, now_local)
    parts = ",\n    ".join(f"'{c}:' || ({reasons[c]})" for c in _FORMAT_CHECKED)
    return f"""CASE WHEN {_plain(src, now_local)} THEN NULL
  ELSE nullif(concat_ws('|',
    {parts}), '') END"""


def _enum(values: tuple[str, ...] | list[str]) -> str:
    """An ENUM type: Parquet stores it as a dictionary-encoded string column without
    hashing every value, and readers (DuckDB, Spark) see plain strings."""
    return f"ENUM({_sql_list(values)})"


OPERATOR_CODES = tuple(sorted(set(OPERATOR_ALIASES.values())))


def _enums() -> str:
    """Level e: the cells that name a value of a fixed set, cast to the set's ``ENUM``:
    NULL unless spelt exactly as the set spells it. Used by ``_fast_predicate`` and
    stored as they are by the fast path."""
    return f"""
SELECT *,
  TRY_CAST(raw_service AS {_enum(SERVICES)}) AS svc_e,
  TRY_CAST(raw_direction AS {_enum(DIRECTIONS)}) AS dir_e,
  TRY_CAST(raw_peer_operator AS {_enum(OPERATOR_CODES)}) AS pop_e,
  TRY_CAST(raw_roaming AS {_enum(ROAMING)}) AS roam_e
FROM t"""  # noqa: S608


def _dropped(dropped_months: list[str]) -> str:
    return ", ".join(f"DATE {quote_literal(m)}" for m in dropped_months)


def _fast_predicate(src: CdrSource, now_local: dt.datetime, dropped_months: list[str]) -> str:
    """Whether a row is good exactly as it came, with nothing to normalise: its number a
    subscriber's as written, service, direction, operator and roaming in their canonical
    spelling, a plain time, a dialled peer (or a common APN) needing no clean-up. Nearly
    every row of an operator's export.

    Written over columns both queries compute alike — the cells of level t (``raw_x``,
    ``typed_x``), the casts of level e (``_enums``), ``num``, ``subscriber_pk``,
    ``local_ts``, ``local_month``, ``dur``, ``vol``, ``fen``, ``fen_exact`` — so
    ``cdr_fast_sql`` stores exactly the rows ``cdr_stage_sql`` marks ``fast``, with the
    same values; every such row is one the
    full query accepts as it stands (``tests/usage/test_fast_path.py``).
    """
    future = (now_local + dt.timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S")
    plain_time = "true" if _is_typed(src, "start_time") else "length(raw_start_time) = 19"
    dropped = f"AND local_month NOT IN ({_dropped(dropped_months)})" if dropped_months else ""
    return f"""coalesce(
  subscriber_pk IS NOT NULL AND num = raw_number
  AND raw_record_id <> '' AND length(raw_record_id) <= 64
  AND svc_e IS NOT NULL
  AND (dir_e IS NOT NULL
       OR (raw_service = 'data' AND (raw_direction IS NULL OR raw_direction = '')))
  AND {plain_time}
  AND local_ts >= TIMESTAMP '2000-01-01' AND local_ts <= TIMESTAMP '{future}'
  AND (dur BETWEEN 0 AND {MAX_DURATION_S}
       OR ({_blank(src, "duration_s")} AND raw_service <> 'voice'))
  AND (vol >= 0 OR {_blank(src, "volume_kb")})
  AND (CASE WHEN raw_service = 'data' THEN raw_peer IN ({_sql_list(_COMMON_APNS)})
            ELSE regexp_full_match(raw_peer, '{DIAL_PATTERN}') END)
  AND (pop_e IS NOT NULL OR raw_peer_operator IS NULL OR raw_peer_operator = '')
  AND (roam_e IS NOT NULL OR raw_roaming IS NULL OR raw_roaming = '')
  AND fen >= 0 AND fen_exact {dropped}, false)"""


def cdr_fast_sql(
    src: CdrSource, *, now_local: dt.datetime, subscribers: str, dropped_months: list[str]
) -> str:
    """The fast path of the ingestion: the SELECT that stores the rows good exactly as
    they came (``_fast_predicate``) and leaves every other row to ``cdr_stage_sql``.

    Output: ``_row`` and the warehouse columns, typed as ``cdr_stage_sql``'s, and
    ``problems``: NULL for a row stored here, ``'slow'`` for one the full query must see
    (which may still accept it: a number written +86..., a service in capitals ...).
    None of the normalising string functions and per-column reasons runs here: on a
    canonical export this query costs about a seventh less than the full one.
    """
    _yuan_sql, fen, exact = _yuan(src)
    return f"""
WITH t AS ({_texts(src)}),
e AS ({_enums()}),
f AS (
  SELECT *, raw_number AS num, {_local_time(src, plain_only=True)} AS local_ts,
    {_whole(src, "duration_s")} AS dur, {_kilobytes(src)} AS vol, {_yuan_sql} AS yuan
  FROM e),
g AS (
  SELECT *, {fen} AS fen, {exact} AS fen_exact,
    CAST(date_trunc('month', local_ts) AS DATE) AS local_month,
    CAST(local_ts AS DATE) AS local_date
  FROM f),
j AS (
  SELECT g.*, s.subscriber_pk, s.account_pk, s.customer_pk
  FROM g LEFT JOIN {subscribers} s
    ON g.num = s.number AND g.local_date >= s.valid_from AND g.local_date < s.valid_until),
k AS (SELECT *, {_fast_predicate(src, now_local, dropped_months)} AS fast FROM j)
SELECT _row, raw_record_id AS record_id, subscriber_pk, account_pk, customer_pk,
  svc_e AS service,
  coalesce(dir_e, CAST('out' AS {_enum(DIRECTIONS)})) AS direction,
  local_ts AS start_local, local_month, local_date,
  CAST(hour(local_ts) AS INTEGER) AS local_hour, CAST(isodow(local_ts) AS INTEGER) AS weekday,
  coalesce(dur, 0) AS duration_s,
  coalesce(vol, 0) AS volume_kb,
  raw_peer AS peer,
  pop_e AS peer_operator,
  coalesce(roam_e, CAST('none' AS {_enum(ROAMING)})) AS roaming,
  fen AS charge_fen,
  CASE WHEN fast THEN NULL ELSE 'slow' END AS problems
FROM k"""  # noqa: S608


def cdr_stage_sql(
    src: CdrSource, *, now_local: dt.datetime, subscribers: str, dropped_months: list[str]
) -> str:
    """The SELECT that validates, enriches and resolves every row of ``src``.

    ``subscribers`` names a relation (number, valid_from, valid_until, subscriber_pk,
    account_pk, customer_pk) whose periods of one number do not overlap, so the join
    finds at most one holder. ``dropped_months`` ('YYYY-MM-01') are months whose itemised
    records retention has already dropped: their rows are refused.

    Output: ``_row``, the warehouse columns, ``problems`` (NULL for a good row),
    ``fast`` (whether ``cdr_fast_sql`` stores the row) and, for refused rows only, the
    cells as text (``raw_x``). Selecting only the warehouse columns of the good rows
    leaves the rest uncomputed.
    """
    dropped = ""
    if dropped_months:
        dropped = (
            f"WHEN local_month IN ({_dropped(dropped_months)}) THEN 'start_time:month_dropped' "
        )
    raw = ", ".join(
        f"CASE WHEN problems IS NOT NULL THEN {_raw_text(src, c)} END AS raw_{c}"
        for c in CDR_COLUMNS
    )
    return f"""
WITH t AS ({_texts(src)}),
e AS ({_enums()}),
p AS ({_parsed(src)}),
q AS ({_normalised(src)}),
n AS ({_peer()}),
c AS (
  SELECT *, {_format_problems(src, now_local)} AS problems_format,
    CAST(date_trunc('month', local_ts) AS DATE) AS local_month,
    CAST(local_ts AS DATE) AS local_date
  FROM n),
j AS (
  SELECT c.*, s.subscriber_pk, s.account_pk, s.customer_pk,
    CASE WHEN s.subscriber_pk IS NOT NULL THEN NULL
         WHEN num IS NULL OR num = '' THEN 'missing'
         WHEN NOT regexp_full_match(num, '{NUMBER_PATTERN}') THEN 'not_mobile' END AS r_number
  FROM c LEFT JOIN {subscribers} s
    ON c.num = s.number AND c.local_date >= s.valid_from AND c.local_date < s.valid_until),
k AS (
  SELECT *,
    CASE WHEN problems_format IS NULL AND r_number IS NULL THEN
              (CASE {dropped}WHEN subscriber_pk IS NULL THEN 'number:no_subscriber' END)
         ELSE concat_ws('|', 'number:' || r_number, problems_format) END AS problems,
    {_fast_predicate(src, now_local, dropped_months)} AS fast
  FROM j)
SELECT _row, rid AS record_id, subscriber_pk, account_pk, customer_pk,
  TRY_CAST(svc AS {_enum(SERVICES)}) AS service,
  TRY_CAST(coalesce(dir, 'out') AS {_enum(DIRECTIONS)}) AS direction,
  local_ts AS start_local, local_month, local_date,
  CAST(hour(local_ts) AS INTEGER) AS local_hour, CAST(isodow(local_ts) AS INTEGER) AS weekday,
  coalesce(dur, 0) AS duration_s,
  coalesce(vol, 0) AS volume_kb,
  CASE WHEN svc = 'data' THEN trim(coalesce(raw_peer, '')) ELSE peer_n END AS peer,
  TRY_CAST(pop AS {_enum(OPERATOR_CODES)}) AS peer_operator,
  TRY_CAST(roam AS {_enum(ROAMING)}) AS roaming, fen AS charge_fen, problems, fast, {raw}
FROM k"""  # noqa: S608
