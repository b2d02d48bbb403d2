"""Call-detail records of the demo province, generated in bulk with numpy. Pure: no Django.

Each month, each line that held its number makes a number of voice calls, SMS and data
sessions drawn around its own intensity, scaled by the season (a quiet Spring Festival
and National Day, a busy December, more roaming in summer), by a decline for the lines
of accounts that are leaving, and by the share of the month it held the number. Calls
and messages keep office hours and fall off at weekends. Lines of leaving accounts call
the competitors' service numbers (10010, 10000) in their last months.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

SEASON = {1: 0.95, 2: 0.78, 3: 1.0, 4: 1.0, 5: 1.03, 6: 1.0, 7: 1.06, 8: 1.1, 9: 1.0, 10: 0.9}
SEASON |= {11: 1.0, 12: 1.12}
ROAMING_SEASON = {1: 1.5, 2: 2.5, 7: 2.0, 8: 2.2, 10: 2.5}
# Office hours: most calls between 9 and 18, few at night.
HOUR_WEIGHTS = np.array(
    [1, 0.5, 0.3, 0.2, 0.2, 0.4, 1, 3, 7, 10, 11, 10, 7, 8, 10, 11, 10, 9, 7, 5, 4, 3, 2, 1.5]
)
HOUR_P = HOUR_WEIGHTS / HOUR_WEIGHTS.sum()
WEEKEND_KEEP = 0.35  # share of calls that fall on a weekend day and stay there
SERVICES = pa.array(["voice", "sms", "data"])
DIRECTIONS = pa.array(["out", "in", ""])
ROAMING = pa.array(["none", "domestic", "international"])
OPERATORS = pa.array(["", "cmcc", "unicom", "telecom"])
COMPETITOR_NUMBERS = ("10010", "10000")


@dataclass(frozen=True)
class Lines:
    """The lines (one per holding period of a number), as parallel arrays."""

    numbers: pa.Array  # string
    valid_from: np.ndarray  # datetime64[D]
    valid_until: np.ndarray  # datetime64[D], exclusive
    intensity: np.ndarray  # float: 1.0 is an ordinary business line
    iot: np.ndarray  # bool: data only, small volumes
    decline_from: np.ndarray  # int: month index where a decline starts (99: never)
    peers: pa.Array  # string: the pool of numbers the province calls


@dataclass
class MonthCdrs:
    month: dt.date
    table: pa.Table
    voice_fen: np.ndarray  # per line: charges of the month by service, roaming apart
    sms_fen: np.ndarray
    data_fen: np.ndarray
    roaming_fen: np.ndarray


def _month_bounds(month: dt.date) -> tuple[np.datetime64, np.datetime64]:
    start = np.datetime64(month, "D")
    end = np.datetime64(dt.date(month.year + month.month // 12, month.month % 12 + 1, 1), "D")
    return start, end


def _days(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """A day in [lo, hi) for each row, thinned at weekends (moved to a nearby weekday)."""
    span = (hi - lo).astype(np.int64)
    day = lo + (rng.random(len(lo)) * span).astype(np.int64)
    weekday = (day.astype("datetime64[D]").astype(np.int64) + 3) % 7  # 0 = Monday
    move = (weekday >= 5) & (rng.random(len(lo)) > WEEKEND_KEEP)
    shifted = day + np.where(weekday == 5, -1, 1)  # Saturday → Friday, Sunday → Monday
    ok = move & (shifted >= lo) & (shifted < hi)
    return np.where(ok, shifted, day)


def _factor(lines: Lines, index: int, month: dt.date) -> np.ndarray:
    decline = np.clip(1.0 - 0.13 * (index - lines.decline_from + 1), 0.3, 1.0)
    decline = np.where(index >= lines.decline_from, decline, 1.0)
    return lines.intensity * SEASON[month.month] * decline


def month_cdrs(lines: Lines, *, index: int, month: dt.date, volume: float, seed: int) -> MonthCdrs:
    """The month's records of every line, as an Arrow table in the input format."""
    rng = np.random.default_rng([seed, index])
    start, end = _month_bounds(month)
    lo = np.maximum(lines.valid_from, start)
    hi = np.minimum(lines.valid_until, end)
    held = np.clip((hi - lo).astype(np.int64), 0, None) / (end - start).astype(np.int64)
    base = _factor(lines, index, month) * held * volume
    voice_n = rng.poisson(np.where(lines.iot, 0, base * 14))
    sms_n = rng.poisson(np.where(lines.iot, 0, base * 4))
    data_n = rng.poisson(np.where(lines.iot, base * 3, base * 6))
    counts = np.stack([voice_n, sms_n, data_n])
    line = np.concatenate([np.repeat(np.arange(len(base)), c) for c in counts])
    service = np.concatenate([np.full(c.sum(), s, np.int8) for s, c in enumerate(counts)])
    return _records(rng, lines, line, service, month, index, lo, hi)


def _records(
    rng: np.random.Generator,
    lines: Lines,
    line: np.ndarray,
    service: np.ndarray,
    month: dt.date,
    index: int,
    lo: np.ndarray,
    hi: np.ndarray,
) -> MonthCdrs:
    n = len(line)
    voice, sms, data = service == 0, service == 1, service == 2
    day = _days(rng, lo[line], hi[line])
    seconds = rng.choice(24, n, p=HOUR_P) * 3600 + rng.integers(0, 3600, n)
    start = day.astype("datetime64[s]") + seconds
    direction = np.where(data, 2, (rng.random(n) < 0.38).astype(np.int8))
    duration = np.where(voice, np.clip(rng.lognormal(4.3, 1.0, n), 3, 7200), 0).astype(np.int64)
    volume_kb = np.where(data, np.clip(rng.lognormal(9.8, 0.8, n), 1, 2e6), 0).astype(np.int64)
    volume_kb = np.where(data & lines.iot[line], volume_kb // 200 + 1, volume_kb)
    roam_p = 0.035 * ROAMING_SEASON.get(month.month, 1.0)
    draw = rng.random(n)
    roaming = np.where(draw < roam_p * 0.1, 2, np.where(draw < roam_p, 1, 0)).astype(np.int8)
    out = direction == 0
    minutes = (duration + 59) // 60
    fen = np.zeros(n, np.int64)
    fen = np.where(voice & out & (rng.random(n) < 0.45), minutes * 15, fen)
    fen = np.where(sms & out, 10, fen)
    fen = np.where(data, volume_kb // 400, fen)  # about ¥2.6 a GB beyond the plan
    fen = np.where(voice & (roaming == 2), minutes * 299, fen)
    fen = np.where(data & (roaming == 2), volume_kb // 20, fen)
    peers = _peers(rng, lines, line, voice & out, index, service)
    operator = np.where(voice & (rng.random(n) < 0.7), rng.integers(1, 4, n), 0).astype(np.int8)
    order = np.argsort(start, kind="stable")
    table = pa.table(
        {
            "record_id": _ids(month, n),
            "number": lines.numbers.take(pa.array(line[order])),
            "service": SERVICES.take(pa.array(service[order])),
            "direction": DIRECTIONS.take(pa.array(direction[order])),
            "start_time": pa.array(start[order], pa.timestamp("s")),
            "duration_s": pa.array(duration[order]),
            "volume_kb": pa.array(volume_kb[order]),
            "peer": peers.take(pa.array(order)),
            "peer_operator": OPERATORS.take(pa.array(operator[order])),
            "roaming": ROAMING.take(pa.array(roaming[order])),
            "charge": pa.array(fen[order] / 100.0),
        }
    )
    size = len(lines.intensity)
    home = roaming == 0
    return MonthCdrs(
        month=month,
        table=table,
        voice_fen=np.bincount(line, weights=fen * (voice & home), minlength=size).astype(np.int64),
        sms_fen=np.bincount(line, weights=fen * (sms & home), minlength=size).astype(np.int64),
        data_fen=np.bincount(line, weights=fen * (data & home), minlength=size).astype(np.int64),
        roaming_fen=np.bincount(line, weights=fen * ~home, minlength=size).astype(np.int64),
    )


def _peers(
    rng: np.random.Generator,
    lines: Lines,
    line: np.ndarray,
    voice_out: np.ndarray,
    index: int,
    service: np.ndarray,
) -> pa.Array:
    """Whom each record talks to: the province's pool, and for leaving lines, competitors."""
    n = len(line)
    pick = rng.integers(0, len(lines.peers), n)
    leaving = voice_out & (index >= lines.decline_from[line] + 1) & (rng.random(n) < 0.06)
    pool = pa.concat_arrays([lines.peers, pa.array(COMPETITOR_NUMBERS), pa.array(["cmnet"])])
    competitor = len(lines.peers) + rng.integers(0, 2, n)
    pick = np.where(leaving, competitor, pick)
    pick = np.where(service == 2, len(lines.peers) + 2, pick)
    return pool.take(pa.array(pick))


def _ids(month: dt.date, n: int) -> pa.Array:
    import pyarrow.compute as pc

    sequence = pc.cast(pa.array(np.arange(1, n + 1)), pa.string())
    padded = pc.utf8_lpad(sequence, width=8, padding="0")
    return pc.binary_join_element_wise(f"DEMO{month:%Y%m}", padded, "")


def peer_pool(rng: np.random.Generator, size: int) -> pa.Array:
    """Numbers the province calls: mobiles of every operator, fixed lines, service numbers."""
    prefixes = np.array(["139", "138", "135", "150", "187", "186", "130", "189", "133", "192"])
    mobile = np.char.add(
        prefixes[rng.integers(0, len(prefixes), size)],
        rng.integers(10**7, 10**8, size).astype("U8"),
    )
    fixed = np.char.add("025", rng.integers(10**7, 10**8 - 1, size // 10).astype("U8"))
    services = np.array(["95588", "95533", "4008123123", "10086", "12345", "95555"])
    return pa.array(np.concatenate([mobile, fixed, services]).tolist(), pa.string())
