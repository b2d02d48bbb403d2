"""The demo tariff catalogue: plans of every brand, with filing numbers, and add-ons (K2)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal

from kamdesk.customers.models import TariffAddon, TariffPlan

GB = 1024

# code, name, brand, monthly fee, voice minutes, SMS, data GB, speed cap after it (kbit/s)
_PLANS = (
    ("SZX18", "神州行畅听卡18元", "神州行", 18, 200, 50, 2, 128),
    ("SZX28", "神州行家园卡28元", "神州行", 28, 300, 50, 5, 128),
    ("DGDD38", "动感地带芒果卡38元", "动感地带", 38, 100, 0, 20, 128),
    ("DGDD58", "动感地带5G潮玩套餐58元", "动感地带", 58, 200, 0, 40, 1000),
    ("QQT128", "全球通畅享套餐128元", "全球通", 128, 500, 100, 30, 1000),
    ("QQT188", "全球通畅享套餐188元", "全球通", 188, 800, 100, 60, 1000),
    ("QQT288", "全球通畅享套餐288元", "全球通", 288, 1500, 200, 100, 3000),
    ("QQT388", "全球通尊享套餐388元", "全球通", 388, 2000, 300, 150, 5000),
    ("QQT588", "全球通尊享套餐588元", "全球通", 588, 3000, 500, 300, 10000),
    ("5G128", "5G智享套餐(个人版)128元", "5G智享", 128, 500, 0, 40, 1000),
    ("5G198", "5G智享套餐(个人版)198元", "5G智享", 198, 800, 0, 80, 3000),
    ("5G298", "5G智享套餐(家庭版)298元", "5G智享", 298, 1500, 0, 120, 3000),
    ("JT58", "集团专属V网成员套餐58元", "集团专属", 58, 300, 100, 10, 128),
    ("JT98", "集团专属商务套餐98元", "集团专属", 98, 600, 100, 30, 1000),
    ("JT158", "集团专属5G商务套餐158元", "集团专属", 158, 1000, 200, 60, 3000),
    ("JT238", "集团专属高管套餐238元", "集团专属", 238, 2000, 300, 100, 5000),
    ("IOT18", "物联网车联网套餐18元", "物联网", 18, 0, 10, 3, 128),
    ("IOT28", "物联网工业模组套餐28元", "物联网", 28, 0, 10, 10, 128),
    ("IOT48", "物联网视频监控套餐48元", "物联网", 48, 0, 0, 50, 512),
)
# Per brand: segment, voice overage per minute, SMS overage, data overage per GB (yuan).
_BRANDS = {
    "神州行": ("individual", "0.19", "0.10", "5"),
    "动感地带": ("individual", "0.19", "0.10", "3"),
    "全球通": ("individual", "0.15", "0.10", "3"),
    "5G智享": ("individual", "0.15", "0.10", "3"),
    "集团专属": ("group", "0.12", "0.10", "3"),
    "物联网": ("iot", "0", "0.10", "5"),
}

# code, name, fee, minutes, GB, plan segments it can be ordered with
_ADDONS = (
    ("ADD-DATA10", "流量加油包10GB", "30", 0, 10, ("individual", "group")),
    ("ADD-VOICE300", "语音包300分钟", "30", 300, 0, ("individual", "group")),
    ("ADD-ROAM98", "国际及港澳台漫游月包", "98", 100, 3, ("individual", "group")),
    ("ADD-MIGU15", "咪咕视频会员", "15", 0, 0, ("individual",)),
    ("ADD-VRBT5", "集团视频彩铃", "5", 0, 0, ("group",)),
    ("ADD-IOT-SMS", "物联网短信包", "5", 0, 0, ("iot",)),
)


@dataclass
class Catalogue:
    plans: list[TariffPlan]
    addons: list[TariffAddon]
    addon_plans: list[tuple[TariffAddon, TariffPlan]]


def _filing_number(rng: random.Random) -> str:
    """A public filing number in the ``24JS100123`` style: year, province, serial."""
    return f"{rng.randint(22, 25)}JS{rng.randint(100_000, 199_999)}"


def _plan(row: tuple[str, str, str, int, int, int, int, int], rng: random.Random) -> TariffPlan:
    code, name, brand, fee, minutes, sms, gb, cap = row
    segment, per_minute, per_sms, per_gb = _BRANDS[brand]
    return TariffPlan(
        code=code,
        name=name,
        brand=brand,
        segment=segment,
        filing_number=_filing_number(rng),
        monthly_fee=Decimal(fee),
        voice_minutes=minutes,
        sms=sms,
        data_mb=gb * GB,
        voice_overage_per_min=Decimal(per_minute),
        sms_overage=Decimal(per_sms),
        data_overage_per_gb=Decimal(per_gb),
        speed_cap_kbps=cap,
    )


def catalogue_build(rng: random.Random) -> Catalogue:
    plans = [_plan(row, rng) for row in _PLANS]
    addons, links = [], []
    for code, name, fee, minutes, gb, segments in _ADDONS:
        addon = TariffAddon(
            code=code,
            name=name,
            filing_number=_filing_number(rng),
            monthly_fee=Decimal(fee),
            voice_minutes=minutes,
            data_mb=gb * GB,
        )
        addons.append(addon)
        links += [(addon, plan) for plan in plans if plan.segment in segments]
    return Catalogue(plans=plans, addons=addons, addon_plans=links)


def catalogue_write(catalogue: Catalogue) -> None:
    TariffPlan.objects.bulk_create(catalogue.plans)
    TariffAddon.objects.bulk_create(catalogue.addons)
    through = TariffAddon.plans.through
    through.objects.bulk_create(
        [through(tariffaddon_id=a.pk, tariffplan_id=p.pk) for a, p in catalogue.addon_plans]
    )
