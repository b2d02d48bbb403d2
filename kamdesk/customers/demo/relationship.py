"""Contacts of the demo's customers and a year of interactions with them (D4, K4, P2)."""

from __future__ import annotations

import datetime as dt
import random

from kamdesk.customers.demo import knowledge
from kamdesk.customers.demo.people import NumberBook, People
from kamdesk.customers.demo.province import Planned
from kamdesk.customers.demo.staff import SHANGHAI
from kamdesk.customers.models import (
    Channel,
    Contact,
    CustomerStatus,
    DecisionRole,
    Interaction,
    Subscriber,
)

_ROLE_ORDER = (
    DecisionRole.DECISION_MAKER,
    DecisionRole.FINANCE,
    DecisionRole.TECHNICAL,
    DecisionRole.GATEKEEPER,
    DecisionRole.INFLUENCER,
)
_TITLES = {
    "政府": ("局长", "财务科科长", "信息科科长", "办公室主任", "副局长"),
    "教育": ("校长", "财务处处长", "信息中心主任", "校长办公室主任", "总务处主任"),
    "医疗": ("院长", "财务科科长", "信息科主任", "院办主任", "后勤保障处处长"),
    "": ("总经理", "财务经理", "信息中心主任", "行政主管", "采购经理"),
}
_VIP_COMPANIONS = (
    ("秘书", DecisionRole.GATEKEEPER),
    ("家属", DecisionRole.USER),
    ("助理", DecisionRole.GATEKEEPER),
)
_CHANNELS = (
    Channel.VISIT,
    Channel.CALL,
    Channel.WECHAT,
    Channel.EMAIL,
    Channel.SMS,
    Channel.WALK_IN,
    Channel.PORTAL,
)
_CHANNEL_WEIGHTS = (25, 30, 25, 10, 5, 3, 2)
_PREFERRED = (
    Channel.CALL,
    Channel.WECHAT,
    Channel.WECHAT,
    Channel.EMAIL,
    Channel.VISIT,
    Channel.SMS,
)


class RelationshipBuilder:
    def __init__(
        self, *, rng: random.Random, people: People, numbers: NumberBook, now: dt.datetime
    ) -> None:
        self.rng, self.people, self.numbers = rng, people, numbers
        self.now_local = now.astimezone(SHANGHAI)

    def contacts(self, plan: Planned, lines: list[Subscriber]) -> list[Contact]:
        """2–5 contacts for a group, 1–2 for a VIP (the VIP first).

        Contacts use the customer's own lines where there are some, and become their
        actual users, so a contact's phone leads back to a line of the account.
        """
        if plan.is_group:
            titles = _TITLES.get(plan.industry, _TITLES[""])
            spec = [(titles[i], _ROLE_ORDER[i], "") for i in range(self.rng.randint(2, 5))]
        else:
            spec = [("本人", DecisionRole.DECISION_MAKER, plan.customer.name)]
            if self.rng.random() < 0.5:
                spec.append((*self.rng.choice(_VIP_COMPANIONS), ""))
        found = []
        for index, (title, role, name) in enumerate(spec):
            line = lines[index] if index < len(lines) else None
            contact = self._person(plan, title, role, line.number if line else "", name)
            if line is not None:
                line.user_name = contact.name
            found.append(contact)
        if not plan.is_group:
            found[0].birthday = plan.birth
        return found

    def _person(self, plan: Planned, title: str, role: str, phone: str, name: str) -> Contact:
        rng = self.rng
        name = name or self.people.name()
        return Contact(
            customer=plan.customer,
            name=name,
            title=title,
            decision_role=role,
            phone=phone or self.numbers.mobile(),
            email=self.people.email(name, plan.domain or None),
            wechat=self.people.wechat_id(name) if rng.random() < 0.8 else "",
            preferred_channel=rng.choice(_PREFERRED),
            preferred_hours=rng.choice(knowledge.PREFERRED_HOURS),
            birthday=self.people.birth_date(1960, 1995) if rng.random() < 0.6 else None,
            consent_greetings=rng.random() < 0.7,
            consent_marketing=rng.random() < 0.3,
            character=rng.choice(knowledge.CHARACTERS) if rng.random() < 0.6 else "",
            habits=rng.choice(knowledge.HABITS) if rng.random() < 0.5 else "",
            hobbies="、".join(rng.sample(knowledge.HOBBIES, rng.randint(1, 2)))
            if rng.random() < 0.6
            else "",
            motives=rng.choice(knowledge.CONTACT_MOTIVES) if rng.random() < 0.4 else "",
            notes=rng.choice(knowledge.CONTACT_NOTES) if rng.random() < 0.25 else "",
        )

    def interactions(self, plan: Planned, contacts: list[Contact]) -> list[Interaction]:
        """A timeline of 0–15 contacts over the last year, most by the manager."""
        customer = plan.customer
        found = []
        for _ in range(self._interaction_count(plan)):
            channel = self.rng.choices(_CHANNELS, _CHANNEL_WEIGHTS)[0]
            contact = self.rng.choice(contacts) if self.rng.random() < 0.85 else None
            staff = customer.manager
            if customer.backup_manager is not None and self.rng.random() < 0.1:
                staff = customer.backup_manager
            inbound = channel not in (Channel.VISIT, Channel.SMS) and self.rng.random() < 0.4
            who = f"{contact.title}{contact.name}" if contact else "客户"
            found.append(
                Interaction(
                    customer=customer,
                    contact=contact,
                    channel=channel,
                    inbound=inbound,
                    occurred_at=self._moment(),
                    staff=staff,
                    summary=knowledge.summary(self.rng, channel, who),
                )
            )
        return found

    def _interaction_count(self, plan: Planned) -> int:
        status, rank = plan.customer.status, plan.customer.grade.rank
        if status == CustomerStatus.PROSPECT:
            return self.rng.randint(1, 6)
        if status == CustomerStatus.CHURNED:
            return self.rng.randint(0, 4)
        return self.rng.randint(*{1: (5, 15), 2: (3, 12)}.get(rank, (0, 8)))

    def _moment(self) -> dt.datetime:
        """A working-hours moment (Asia/Shanghai) within the last year, never in the future."""
        day = (self.now_local - dt.timedelta(days=self.rng.randint(0, 364))).date()
        minute = self.rng.randint(8 * 60 + 30, 19 * 60)
        local = dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=SHANGHAI)
        if local > self.now_local:
            local -= dt.timedelta(days=1)
        return local.astimezone(dt.UTC)
