"""Demo prospects, competitors, their offers and presences, for the demo's managers."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from kamdesk.customers.models import Customer
from kamdesk.prospects.models import (
    Competitor,
    CompetitorOffer,
    CompetitorPresence,
    Outcome,
    Prospect,
    Source,
    Stage,
)
from kamdesk.users.models import Role, User

COMPETITORS = (
    (
        "unicom",
        "中国联通",
        "部分政务外网和园区专线资源；与互联网企业合作的流量卡",
        "集团客户服务响应偏慢",
    ),
    (
        "telecom",
        "中国电信",
        "固网宽带和光纤资源丰富；天翼云覆盖政务和教育",
        "移动网络覆盖在部分园区较弱",
    ),
    ("broadnet", "中国广电", "700MHz频段；个人低月费5G套餐", "政企产品和服务能力仍在建设"),
)
OFFERS = (
    (
        "unicom",
        "政企专线+云首年五折",
        "2800.00",
        "100M互联网专线加两台云主机，首年五折，次年恢复原价",
    ),
    ("unicom", "集团成员畅聊卡", "49.00", "集团成员互打免费，含30GB流量"),
    ("telecom", "园区宽带+手机融合", "199.00", "300M宽带加三张手机卡共享60GB"),
    ("telecom", "天翼云桌面教育版", "45.00", "每终端每月，按学期签约"),
    ("broadnet", "广电5G惠民套餐", "29.00", "30GB流量加100分钟，限个人办理"),
)
PROSPECT_NAMES = (
    "江苏恒远精密制造有限公司",
    "南通海纳物流集团",
    "苏州云启智能科技有限公司",
    "常州万和新材料股份有限公司",
    "扬州康宁医疗器械有限公司",
    "徐州中联建设工程有限公司",
    "无锡星河半导体有限公司",
    "盐城绿洲新能源有限公司",
    "镇江华泰食品有限公司",
    "泰州同仁医药连锁有限公司",
    "宿迁远航电子商务有限公司",
    "淮安金鼎化工有限公司",
)
INDUSTRIES = (
    "制造业",
    "物流",
    "信息技术",
    "新材料",
    "医疗",
    "建筑",
    "半导体",
    "新能源",
    "食品",
    "医药",
    "零售",
    "化工",
)
NEXT_STEPS = (
    "约见信息中心主任",
    "提交专线方案",
    "参加招标答疑会",
    "安排现场勘查",
    "报送资费测算",
    "回访确认需求",
)


def _competitors() -> dict[str, Competitor]:
    found = {}
    for operator, name, strengths, weaknesses in COMPETITORS:
        found[operator], _ = Competitor.objects.get_or_create(
            operator=operator,
            defaults={"name": name, "strengths": strengths, "weaknesses": weaknesses},
        )
    return found


def prospects_demo_load(*, seed: int, today: dt.date) -> int:
    """Create the demo's prospects once (none if there are prospects already)."""
    if Prospect.objects.exists():
        return 0
    rng = random.Random(f"{seed}-prospects")
    competitors = _competitors()
    managers = list(User.objects.filter(role=Role.MANAGER, is_active=True).order_by("username")[:6])
    customers = list(Customer.objects.filter(kind="group").order_by("code")[:40])
    if not managers:
        return 0
    for operator, title, price, details in OFFERS:
        CompetitorOffer.objects.create(
            competitor=competitors[operator],
            title=title,
            monthly_price=Decimal(price),
            details=details,
            seen_on=today - dt.timedelta(days=rng.randint(5, 120)),
            seen_at=rng.choice(customers) if customers else None,
        )
    regions = sorted({c.region for c in customers if c.region}) or ["南京市"]
    made = 0
    for index, name in enumerate(PROSPECT_NAMES):
        operator = rng.choice(["unicom", "telecom", "unicom", "broadnet", "other"])
        lines = rng.choice([30, 60, 120, 250, 480])
        prospect = Prospect.objects.create(
            name=name,
            region=regions[index % len(regions)],
            industry=INDUSTRIES[index],
            source=rng.choice(Source.values),
            employees=lines + rng.randint(0, 80),
            subscribers_estimate=lines,
            current_operator=operator,
            estimated_value=Decimal(lines * rng.choice([600, 900, 1200])),
            credit_tier=rng.choice(["AA", "A", "B"]),
            stage=rng.choice([s for s in Stage.values if s not in ("won",)]),
            next_step=rng.choice(NEXT_STEPS),
            next_step_on=today + dt.timedelta(days=rng.randint(1, 30)),
            first_contact_on=today - dt.timedelta(days=rng.randint(10, 400)),
            owner=managers[index % len(managers)],
        )
        if operator in competitors:
            CompetitorPresence.objects.create(
                competitor=competitors[operator],
                prospect=prospect,
                subscribers=lines,
                noted_on=prospect.first_contact_on or today,
            )
        made += 1
    for customer in customers[:15]:
        operator = rng.choice(list(competitors))
        CompetitorPresence.objects.create(
            competitor=competitors[operator],
            customer=customer,
            subscribers=rng.randint(5, 60),
            noted_on=today - dt.timedelta(days=rng.randint(5, 200)),
            outcome=rng.choice(
                [Outcome.PRESENT, Outcome.PRESENT, Outcome.LOST_TO_THEM, Outcome.WON_FROM_THEM]
            ),
            note=rng.choice(["员工个人卡", "分公司宽带", "部分专线", "试用对方5G套餐"]),
        )
    return made
