"""Names of the demo's group customers: fictional trade names shaped like real ones.

Names are invented from syllables rather than taken from Faker's company list, which
holds real companies and cities of other provinces.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from kamdesk.core.pinyin import pinyin_full, pinyin_initials
from kamdesk.customers.demo.geography import City, District

FIRST = "恒华金天博中宏瑞新汇鼎凯众万东联卓永嘉泰润安锦远德启盛祥富昌宇俊弘佳康鸿"
SECOND = "信瑞源禾远鼎图丰拓通盛达诚邦润创越安和泰程航晟诺明辉腾光宇泽峰海川"

# industry, USCC kind of body, weight
INDUSTRIES = (
    ("政府", "government", 9),
    ("金融", "company", 10),
    ("教育", "institution", 9),
    ("医疗", "institution", 7),
    ("制造", "company", 18),
    ("物流", "company", 10),
    ("能源", "company", 6),
    ("互联网", "company", 11),
    ("零售", "company", 9),
    ("建筑", "company", 6),
    ("酒店餐饮", "company", 4),
)
BODY_KIND = {name: kind for name, kind, _ in INDUSTRIES}
IOT_INDUSTRIES = ("物流", "能源", "制造")

_GOV_DEPARTMENTS = (
    "教育局",
    "交通运输局",
    "市场监督管理局",
    "人力资源和社会保障局",
    "城市管理局",
    "住房和城乡建设局",
    "应急管理局",
    "自然资源和规划局",
    "卫生健康委员会",
    "水务局",
)
_KINDS = {
    "金融": (
        "农村商业银行股份有限公司",
        "融资租赁有限公司",
        "小额贷款有限公司",
        "保险代理有限公司",
    ),
    "制造": (
        "精密机械有限公司",
        "电子科技有限公司",
        "汽车零部件有限公司",
        "新材料股份有限公司",
        "智能装备有限公司",
        "纺织有限公司",
        "医疗器械有限公司",
        "光电科技有限公司",
    ),
    "物流": ("物流有限公司", "供应链管理有限公司", "运输有限公司", "冷链物流有限公司"),
    "能源": ("新能源科技有限公司", "燃气有限公司", "光伏科技有限公司", "热电有限公司"),
    "互联网": ("网络科技有限公司", "信息技术有限公司", "软件股份有限公司", "数据科技有限公司"),
    "零售": ("商贸有限公司", "连锁超市有限公司", "百货股份有限公司", "医药连锁有限公司"),
    "建筑": ("建设工程有限公司", "建筑安装工程有限公司", "置业有限公司", "装饰工程有限公司"),
    "酒店餐饮": ("大酒店有限公司", "餐饮管理有限公司", "酒店管理有限公司"),
}
_GROUP_KINDS = ("物流", "建设", "能源", "商贸", "交通控股", "实业", "医药", "环保")
_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals: 13 → 十三, 20 → 二十."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


@dataclass(frozen=True)
class CompanyName:
    name: str
    industry: str
    domain: str
    district: str


def industry_pick(rng: random.Random) -> str:
    return rng.choices([i[0] for i in INDUSTRIES], weights=[i[2] for i in INDUSTRIES])[0]


def trade_name(rng: random.Random) -> str:
    while True:
        first, second = rng.choice(FIRST), rng.choice(SECOND)
        if first != second:
            return first + second


def _domain(name: str, industry: str, trade: str, city: City) -> str:
    if industry == "政府":
        return f"{pinyin_initials(name)}.{pinyin_full(city.short)}.gov.cn"
    if industry in {"教育", "医疗"}:
        return f"{pinyin_initials(name)}.{'edu' if industry == '教育' else 'org'}.cn"
    return f"{pinyin_full(trade)}.com.cn"


def company_name(rng: random.Random, industry: str, city: City, district: District) -> CompanyName:
    trade = trade_name(rng)
    name = _name_for(rng, industry, trade, city, district)
    return CompanyName(name, industry, _domain(name, industry, trade, city), district.name)


def _name_for(rng: random.Random, industry: str, trade: str, city: City, district: District) -> str:
    if industry == "政府":
        where = city.name + (district.name if rng.random() < 0.5 else "")
        return where + rng.choice(_GOV_DEPARTMENTS)
    if industry == "教育":
        return rng.choice(
            (
                f"{city.name}第{chinese_number(rng.randint(1, 60))}中学",
                f"{city.short}{trade}实验学校",
                f"{city.short}{trade}职业技术学院",
                f"{city.name}{district.name}{trade}小学",
            )
        )
    if industry == "医疗":
        return rng.choice(
            (
                f"{city.name}第{chinese_number(rng.randint(1, 9))}人民医院",
                f"{city.name}{district.name}人民医院",
                f"{city.short}{trade}医院",
                f"{city.short}{trade}口腔医院",
            )
        )
    prefix = "江苏" if rng.random() < 0.15 else city.short
    return f"{prefix}{trade}{rng.choice(_KINDS[industry])}"


@dataclass(frozen=True)
class GroupNames:
    """The names of a multi-level group: its top, and how branches are named."""

    top: str
    middle: str | None
    industry: str
    domain: str

    def branch(self, city: City) -> str:
        # A city branch is named after the whole group, not after the provincial branch.
        return f"{self.top}{city.short}分公司"


def group_names(rng: random.Random, national: bool) -> GroupNames:
    trade = trade_name(rng)
    kind = rng.choice(_GROUP_KINDS)
    industry = {
        "物流": "物流",
        "建设": "建筑",
        "能源": "能源",
        "商贸": "零售",
        "交通控股": "物流",
        "医药": "零售",
    }.get(kind, "制造")
    if national:
        top = f"中国{trade}{kind}集团有限公司"
        return GroupNames(top, f"{top}江苏省分公司", industry, f"{pinyin_full(trade)}.com")
    top = f"江苏省{trade}{kind}集团有限公司"
    return GroupNames(top, None, industry, f"js{pinyin_full(trade)}.com")
