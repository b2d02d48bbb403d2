"""What every statement format shares. Pure: no Django import.

Documents go to customers and are in Chinese whatever the staff member's language, so
their labels are fixed here rather than translated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kamdesk.core.masking import mask_number

SERVICE = {"voice": "语音", "sms": "短信", "data": "上网", "mms": "彩信"}
DIRECTION = {"out": "主叫", "in": "被叫"}
SMS_DIRECTION = {"out": "发送", "in": "接收"}
ROAMING = {"none": "本地", "domestic": "国内漫游", "international": "国际漫游"}
ITEM_HEADINGS = (
    "序号",
    "起始时间",
    "业务",
    "方向",
    "时长(秒)/流量(KB)",
    "对方号码",
    "通信地",
    "费用(元)",
)


def yuan(fen: int) -> str:
    """Integer fen as yuan with two decimals and thousands separators: 123456 → 1,234.56."""
    sign = "-" if fen < 0 else ""
    whole, cents = divmod(abs(int(fen)), 100)
    return f"{sign}{whole:,}.{cents:02d}"


@dataclass(frozen=True)
class Header:
    """The identification every page carries."""

    operator_name: str
    title: str
    number: str
    verification_code: str
    verify_url: str
    lines: list[tuple[str, str]] = field(default_factory=list)
    logo_path: str = ""


@dataclass(frozen=True)
class Item:
    """One itemised record as printed."""

    start: str
    service: str
    direction: str
    amount: str  # seconds or KB
    peer: str
    roaming: str
    charge_fen: int


def item_of(row: tuple, *, full_numbers: bool) -> Item:
    """A warehouse row (``records.COLUMNS``) as printed; peers masked unless entitled."""
    _pk, _rid, start, service, direction, duration_s, volume_kb, peer, roaming, fen = row
    start_text = start.strftime("%Y-%m-%d %H:%M:%S") if isinstance(start, dt.datetime) else start
    labels = SMS_DIRECTION if service == "sms" else DIRECTION
    amount = volume_kb if service == "data" else duration_s if service == "voice" else ""
    return Item(
        start=str(start_text),
        service=SERVICE.get(service, service),
        direction="" if service == "data" else labels.get(direction or "", direction or ""),
        amount="" if amount in ("", None) else str(amount),
        peer=(peer or "") if full_numbers else mask_number(peer or ""),
        roaming=ROAMING.get(roaming or "none", roaming or ""),
        charge_fen=int(fen or 0),
    )


@dataclass
class ItemSummary:
    """Counts and charges by service, added up while the rows are written."""

    count: int = 0
    charge_fen: int = 0
    by_service: dict[str, list[int]] = field(default_factory=dict)

    def add(self, item: Item) -> None:
        self.count += 1
        self.charge_fen += item.charge_fen
        entry = self.by_service.setdefault(item.service, [0, 0])
        entry[0] += 1
        entry[1] += item.charge_fen
