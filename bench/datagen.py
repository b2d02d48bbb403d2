"""Generated look-alike data for the benchmarks: names, pinyin keys, identifiers, numbers.

Pure apart from pypinyin and python-stdnum: no Django import, no database. Every
function takes its ``random.Random`` so that one seed gives the same data set.
"""

from __future__ import annotations

import datetime as dt
import random
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from stdnum.cn import ric, uscc

from kamdesk.core.pinyin import pinyin_full, pinyin_initials

CITIES = [
    ("南京市", "320100"),
    ("苏州市", "320500"),
    ("无锡市", "320200"),
    ("常州市", "320400"),
    ("南通市", "320600"),
    ("扬州市", "321000"),
    ("徐州市", "320300"),
    ("镇江市", "321100"),
    ("泰州市", "321200"),
    ("盐城市", "320900"),
    ("淮安市", "320800"),
    ("连云港市", "320700"),
    ("宿迁市", "321300"),
]
DISTRICTS = [
    "鼓楼区",
    "玄武区",
    "秦淮区",
    "建邺区",
    "姑苏区",
    "吴中区",
    "工业园区",
    "新吴区",
    "梁溪区",
    "滨湖区",
    "天宁区",
    "武进区",
    "崇川区",
    "邗江区",
    "经济开发区",
    "高新区",
]
BRAND_CHARS = (
    "恒达华盛宏远鑫源金辉泰和瑞丰永安中天新宇东方明德广汇通达嘉禾博雅天成信诚"
    "富康兴隆锦程海润卓越正阳凯旋联创汇丰晨光远航德润誉峰聚源景升"
)
INDUSTRIES = [
    ("科技", "信息技术"),
    ("建设", "建筑业"),
    ("物流", "交通运输"),
    ("医药", "医药卫生"),
    ("电子", "制造业"),
    ("贸易", "批发零售"),
    ("纺织", "制造业"),
    ("机械", "制造业"),
    ("食品", "制造业"),
    ("置业", "房地产"),
    ("教育科技", "教育"),
    ("餐饮管理", "住宿餐饮"),
    ("汽车销售", "批发零售"),
    ("能源", "能源"),
    ("化工", "制造业"),
    ("网络科技", "信息技术"),
    ("文化传媒", "文化传媒"),
    ("金融服务", "金融"),
    ("酒店管理", "住宿餐饮"),
    ("农业发展", "农业"),
    ("环保科技", "环保"),
    ("新材料", "制造业"),
    ("生物科技", "医药卫生"),
    ("通信工程", "信息技术"),
]
SUFFIXES = ["有限公司", "有限公司", "有限公司", "股份有限公司", "集团有限公司"]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
    "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛"
)
GIVEN_CHARS = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文玉兰红梅志鹏飞宇"
    "浩然子涵欣怡佳琪思远晨曦嘉豪俊杰雨萱梓轩博文诗涵一鸣家乐"
)
MOBILE_PREFIXES = [
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "147",
    "150",
    "151",
    "152",
    "157",
    "158",
    "159",
    "172",
    "178",
    "182",
    "183",
    "184",
    "187",
    "188",
    "195",
    "197",
    "198",
]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


@dataclass(frozen=True)
class Name:
    text: str
    pinyin: str
    initials: str
    city: str
    region_code: str
    industry: str


def _keys(text: str) -> tuple[str, str]:
    return pinyin_full(text), pinyin_initials(text)


def with_pinyin(texts: list[str], *, workers: int = 2) -> list[tuple[str, str]]:
    """pinyin keys of many names; pypinyin costs ~0.3 ms a name, so use both cores."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_keys, texts, chunksize=500))


def group_name_pool(rng: random.Random, size: int) -> list[Name]:
    """Distinct enterprise names such as 苏州恒达科技有限公司, with their pinyin keys."""
    seen: dict[str, tuple[str, str, str]] = {}
    while len(seen) < size:
        city, code = rng.choice(CITIES)
        brand = rng.choice(BRAND_CHARS) + rng.choice(BRAND_CHARS)
        word, industry = rng.choice(INDUSTRIES)
        seen.setdefault(f"{city[:-1]}{brand}{word}{rng.choice(SUFFIXES)}", (city, code, industry))
    texts = list(seen)
    return [
        Name(text, full, initials, *seen[text])
        for text, (full, initials) in zip(texts, with_pinyin(texts), strict=True)
    ]


def person_name(rng: random.Random) -> str:
    given = rng.choice(GIVEN_CHARS) + (rng.choice(GIVEN_CHARS) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def person_name_pool(rng: random.Random, size: int) -> list[Name]:
    seen: dict[str, tuple[str, str]] = {}
    while len(seen) < size:
        seen.setdefault(person_name(rng), rng.choice(CITIES))
    texts = list(seen)
    return [
        Name(text, full, initials, *seen[text], "")
        for text, (full, initials) in zip(texts, with_pinyin(texts), strict=True)
    ]


def make_uscc(rng: random.Random, region_code: str, seq: int) -> str:
    """A USCC with a valid check character: 91 + region + organisation code + check."""
    org = "".join(rng.choice(USCC_ALPHABET) for _ in range(3)) + f"{seq:06d}"
    body = f"91{region_code}{org}"
    return body + uscc.calc_check_digit(body)


def make_resident_id(rng: random.Random, region_code: str) -> str:
    """An 18-digit resident identity number with a valid birth date and check digit."""
    birth = dt.date(1955, 1, 1) + dt.timedelta(days=rng.randrange(365 * 48))
    body = f"{region_code[:4]}{rng.randrange(1, 30):02d}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum wants a placeholder check digit


def unique_numbers(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct 11-digit mobile numbers."""
    space = len(MOBILE_PREFIXES) * 100_000_000
    return [
        f"{MOBILE_PREFIXES[n // 100_000_000]}{n % 100_000_000:08d}"
        for n in rng.sample(range(space), count)
    ]


def lines_per_customer(
    rng: random.Random, *, groups: int, individuals: int, total: int
) -> list[int]:
    """How many lines each customer holds: groups are heavy-tailed, individuals have 1-3.

    Returns one count per customer, groups first, summing to ``total``.
    """
    personal = [rng.choice((1, 1, 2, 2, 3)) for _ in range(individuals)]
    left = max(total - sum(personal), groups)
    weights = [min(rng.paretovariate(1.3), 1500.0) for _ in range(groups)]
    scale = (left - groups) / sum(weights) if groups else 0
    counts = [1 + int(w * scale) for w in weights]
    # Rounding down leaves a remainder: spread it over random groups.
    for _ in range(left - sum(counts)):
        counts[rng.randrange(groups)] += 1
    return counts + personal


def random_day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange(max((end - start).days, 1)))


def random_moment(rng: random.Random, start: dt.datetime, end: dt.datetime) -> dt.datetime:
    return start + dt.timedelta(seconds=rng.randrange(int((end - start).total_seconds())))
