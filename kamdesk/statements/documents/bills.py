"""A bill as printed and exported: the current version of each bill row of an account
and month, charges by category, per subscriber for groups. Pure: no Django import."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from kamdesk.statements.documents.common import yuan

CATEGORIES = (
    ("plan_fee_fen", "套餐及固定费"),
    ("voice_fee_fen", "语音通话费"),
    ("sms_fee_fen", "短彩信费"),
    ("data_fee_fen", "上网费"),
    ("roaming_fee_fen", "漫游费"),
    ("value_added_fee_fen", "增值业务费"),
    ("adjustment_fen", "调账"),
    ("discount_fen", "优惠减免"),
)
FIGURES = tuple(name for name, _label in CATEGORIES) + (
    "total_fen",
    "vat_basic_fen",
    "vat_value_added_fen",
    "paid_fen",
    "balance_fen",
)


@dataclass(frozen=True)
class BillPart:
    """One bill row (the current version): a subscriber's, or the account's own."""

    bill_id: str
    version: int
    label: str  # the subscriber's number (masked unless entitled), or "账户级费用"
    figures: dict[str, int]

    @property
    def arrears_fen(self) -> int:
        return max(self.figures["total_fen"] - self.figures["paid_fen"], 0)


def bill_revision(versions: Iterable[tuple[str, int]]) -> str:
    """Which versions of which bill rows a bill document shows, in 16 hex digits: a
    corrected row (a higher version) gives another revision, so it is sent again."""
    text = ";".join(f"{bill_id}:{version}" for bill_id, version in sorted(versions))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class BillData:
    parts: list[BillPart] = field(default_factory=list)

    def sum(self, name: str) -> int:
        return sum(p.figures[name] for p in self.parts)

    @property
    def total_fen(self) -> int:
        return self.sum("total_fen")

    @property
    def arrears_fen(self) -> int:
        return sum(p.arrears_fen for p in self.parts)

    @property
    def corrections(self) -> list[BillPart]:
        return [p for p in self.parts if p.version > 1]

    @property
    def revision(self) -> str:
        return bill_revision((p.bill_id, p.version) for p in self.parts)

    def printed_lines(self) -> list[tuple[str, str, bool]]:
        """(label, amount, is a heading) in the order the bill shows them."""
        lines: list[tuple[str, str, bool]] = [("费用类别", "金额(元)", True)]
        lines += [(label, yuan(self.sum(name)), False) for name, label in CATEGORIES]
        lines += [
            ("本期应付合计", yuan(self.total_fen), True),
            ("其中：基础电信服务（增值税）", yuan(self.sum("vat_basic_fen")), False),
            ("其中：增值电信服务（增值税）", yuan(self.sum("vat_value_added_fen")), False),
            ("本期已缴", yuan(self.sum("paid_fen")), False),
            ("账户余额", yuan(self.sum("balance_fen")), False),
            ("欠费", yuan(self.arrears_fen), True),
        ]
        for part in self.corrections:
            lines.append(
                (f"更正：{part.bill_id} 第{part.version}版，取代第{part.version - 1}版", "", False)
            )
        if len(self.parts) > 1:
            lines.append(("分用户费用", "应付(元)", True))
            lines += [(p.label, yuan(p.figures["total_fen"]), False) for p in self.parts]
        return lines
