"""People and identifiers of the demo: names, identity numbers, USCCs, phone numbers.

Faker's ``zh_CN`` identity numbers fail their check digit most of the time and it has
no USCC, so identities are built here from python-stdnum's check-character functions
(docs/engineering-notes: Chinese text). Everything is drawn from seeded generators:
the same seed gives the same people.
"""

from __future__ import annotations

import datetime as dt
import random
import string
from collections.abc import Callable

from faker import Faker
from stdnum.cn import ric, uscc

from kamdesk.core.pinyin import pinyin_full

MOBILE_PREFIXES = (
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
)
IOT_PREFIXES = ("1440", "1064")
MAIL_DOMAINS = ("139.com", "139.com", "qq.com", "163.com", "126.com", "foxmail.com")

# Foreign or Hong Kong/Macao VIPs: name, document type, document number pattern.
VISITORS = (
    ("朴志勋", "passport", "M{8}"),
    ("陈伟明", "hkmo_permit", "H{8}"),
    ("田中健一", "passport", "TK{7}"),
    ("何嘉欣", "hkmo_permit", "H{8}"),
    ("约翰·史密斯", "passport", "5{8}"),
    ("梁志豪", "hkmo_permit", "M{8}"),
)


def rng_for(seed: int, section: str) -> random.Random:
    """An independent generator per section, so one section's draws never shift another's."""
    return random.Random(f"kamdesk-demo:{seed}:{section}")


def faker_for(seed: int, section: str) -> Faker:
    fake = Faker("zh_CN")
    fake.seed_instance(f"kamdesk-demo:{seed}:{section}")
    return fake


class People:
    """Names and personal identifiers drawn from one seeded generator pair."""

    def __init__(self, rng: random.Random, fake: Faker, pool_size: int = 2500) -> None:
        self.rng = rng
        self.fake = fake
        self.pool_size = pool_size
        self._pool: list[str] = []

    def name(self, male: bool | None = None) -> str:
        if male is None:
            male = self.rng.random() < 0.55
        return str(self.fake.name_male() if male else self.fake.name_female())

    def common_name(self) -> str:
        """A name from a pool drawn once: Faker costs about 0.1 ms a name, and twenty
        thousand line users need variety, not uniqueness."""
        if not self._pool:
            self._pool = [self.name() for _ in range(self.pool_size)]
        return self.rng.choice(self._pool)

    def birth_date(self, first_year: int = 1958, last_year: int = 1998) -> dt.date:
        start = dt.date(first_year, 1, 1)
        span = (dt.date(last_year, 12, 31) - start).days
        return start + dt.timedelta(days=self.rng.randint(0, span))

    def resident_id(self, division: str, birth: dt.date, male: bool) -> str:
        """An 18-character resident identity number; the 17th digit is odd for men."""
        order = self.rng.randint(0, 499) * 2 + (1 if male else 0)
        body = f"{division}{birth:%Y%m%d}{order:03d}"
        # python-stdnum expects the number with a check digit in place; any will do.
        return body + ric.calc_check_digit(body + "0")

    def document(self, pattern: str) -> str:
        """``'H{8}'`` → H and eight random digits."""
        head, count = pattern.rstrip("}").split("{")
        return head + "".join(self.rng.choices(string.digits, k=int(count)))

    def wechat_id(self, name: str) -> str:
        if self.rng.random() < 0.5:
            return "wxid_" + "".join(self.rng.choices(string.ascii_lowercase + string.digits, k=12))
        return f"{_latin(name)}{self.rng.randint(1, 9999)}"

    def email(self, name: str, domain: str | None = None) -> str:
        local = _latin(name)
        if domain is None:
            return f"{local}{self.rng.randint(1, 999)}@{self.rng.choice(MAIL_DOMAINS)}"
        return f"{local}@{domain}"


def _latin(name: str) -> str:
    """A name's pinyin without the middle dot of transcribed foreign names (约翰·史密斯)."""
    return pinyin_full(name).replace("·", "")


def org_code(rng: random.Random) -> str:
    """A 9-character organisation code (GB 11714) with its own check character."""
    body = "".join(rng.choices(string.digits, k=8))
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    check = 11 - sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def uscc_make(rng: random.Random, *, kind: str, division: str) -> str:
    """A USCC: registration authority and type by kind of body, division, org code, check."""
    head = {"government": "11", "institution": "12", "company": "91"}[kind]
    body = f"{head}{division}{org_code(rng)}"
    return body + uscc.calc_check_digit(body)


class NumberBook:
    """Hands out subscriber numbers, each once (recycling is decided by the caller)."""

    def __init__(self, rng: random.Random, used: set[str] | None = None) -> None:
        # Several books may share one set, so staff, lines and contacts never collide.
        self.rng = rng
        self.used: set[str] = set() if used is None else used

    def _fresh(self, make: Callable[[], str]) -> str:
        while True:
            number = make()
            if number not in self.used:
                self.used.add(number)
                return number

    def mobile(self) -> str:
        return self._fresh(
            lambda: self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randint(0, 99_999_999):08d}"
        )

    def iot(self, prefix: str) -> str:
        return self._fresh(lambda: prefix + f"{self.rng.randint(0, 999_999_999):09d}")
