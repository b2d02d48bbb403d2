"""The demo of manager development: certifications, question banks (over 100 questions in
Chinese on the demo articles), six paths (one for trainee and junior managers), the
launch rule of new plans with a recent launch, and demo managers at different stages."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils.translation import gettext as _

from kamdesk.customers.launches import LaunchedTariff
from kamdesk.customers.models import TariffPlan
from kamdesk.knowledge.demo import knowledge_demo_load
from kamdesk.knowledge.models import Article
from kamdesk.learning import scoring
from kamdesk.learning.demo_questions import BANKS, CERTIFICATIONS, PATH_GRADES, PATHS
from kamdesk.learning.launches import tariff_launch_record
from kamdesk.learning.models import (
    Assignment,
    Certification,
    Choice,
    LaunchKind,
    LaunchRule,
    LearningPath,
    ManagerCertification,
    PathStep,
    Question,
    QuestionBank,
)
from kamdesk.learning.services import path_assign
from kamdesk.users.models import Role, User


def _banks(rng: random.Random) -> dict[str, QuestionBank]:
    banks = {}
    for slug, title, questions in BANKS:
        bank, created = QuestionBank.objects.get_or_create(slug=slug, defaults={"title": title})
        banks[slug] = bank
        if not created:
            continue
        for kind, text, right, wrong, explanation in questions:
            q = Question.objects.create(bank=bank, kind=kind, text=text, explanation=explanation)
            options = [(t, True) for t in right] + [(t, False) for t in wrong]
            rng.shuffle(options)
            Choice.objects.bulk_create(
                Choice(question=q, text=t, is_correct=ok, order=i)
                for i, (t, ok) in enumerate(options)
            )
    return banks


def _paths(banks: dict[str, QuestionBank]) -> list[LearningPath]:
    certs = {
        code: Certification.objects.get_or_create(
            code=code, defaults={"name": name, "validity_months": months, "required_yearly": yearly}
        )[0]
        for code, name, months, yearly in CERTIFICATIONS
    }
    articles = Article.objects.in_bulk(field_name="slug")
    paths = []
    for slug, title, description, for_new, cert, steps in PATHS:
        path, created = LearningPath.objects.get_or_create(
            slug=slug,
            defaults={
                "title": title,
                "description": description,
                "roles": [Role.MANAGER],
                "grades": PATH_GRADES.get(slug, []),
                "required_for_new": for_new,
                "certification": certs.get(cert or ""),
            },
        )
        if created:
            for order, (article, bank) in enumerate(steps, start=1):
                PathStep.objects.create(
                    path=path,
                    order=order,
                    article=articles[article],
                    bank=banks[bank],
                    question_count=5,
                )
        paths.append(path)
    return paths


def _stages(paths: list[LearningPath], today: dt.date) -> int:
    """Demo managers at different stages: certified, expiring soon, overdue, just started."""
    managers = list(User.objects.filter(role=Role.MANAGER, is_active=True).order_by("username"))
    by_slug = {p.slug: p for p in paths}
    ethics = Certification.objects.get(code="ethics")
    _launch(by_slug["tariffs-2026"], today)
    for i, manager in enumerate(managers):
        stage = i % 4
        if stage == 0:  # certified this year on ethics and group products
            for code in ("ethics", "group-products"):
                _certify(
                    manager, Certification.objects.get(code=code), today - dt.timedelta(days=60)
                )
        elif stage == 1:  # ethics expires in three weeks: the sweep reminds them
            _certify(manager, ethics, scoring.add_months(today, -12) + dt.timedelta(days=21))
        elif stage == 2:  # overdue required learning
            path_assign(
                path=by_slug["pipl-secrecy"],
                user=manager,
                deadline=today - dt.timedelta(days=5),
                reason=_("Required of new managers"),
            )
    return len(managers)


LAUNCHED_PLAN = "5G198"
LAUNCH_DAYS = 14


def _launch(path: LearningPath, today: dt.date) -> None:
    """Every new plan requires the tariff path within two weeks; a 5G plan went on sale
    three days ago, so every manager has it to do (the catalogue's own plan, or a stand-in
    when the demo runs without a catalogue)."""
    LaunchRule.objects.create(
        path=path, kind=LaunchKind.PLAN, roles=[Role.MANAGER], deadline_days=LAUNCH_DAYS
    )
    plan = TariffPlan.objects.filter(code=LAUNCHED_PLAN).first()
    tariff = LaunchedTariff(
        kind=LaunchKind.PLAN,
        code=LAUNCHED_PLAN,
        name=plan.name if plan else "5G智享套餐(个人版)198元",
        segment=plan.segment if plan else "individual",
        created=True,
    )
    tariff_launch_record(tariff=tariff, on=today - dt.timedelta(days=3), source="demo")


def _certify(user: User, cert: Certification, issued: dt.date) -> None:
    ManagerCertification.objects.get_or_create(
        user=user,
        certification=cert,
        issued_on=issued,
        defaults={"expires_on": scoring.add_months(issued, cert.validity_months)},
    )


@transaction.atomic
def learning_demo_load(*, seed: int, today: dt.date) -> str:
    """Load the demo once (a second run adds nothing)."""
    knowledge_demo_load()
    fresh = not LearningPath.objects.exists()
    banks = _banks(random.Random(seed))
    paths = _paths(banks)
    managers = _stages(paths, today) if fresh else 0
    summary = _(
        "Learning: %(paths)s paths, %(questions)s questions, "
        "%(managers)s managers at different stages."
    )
    return summary % {
        "paths": len(paths),
        "questions": Question.objects.count(),
        "managers": managers or Assignment.objects.values("user").distinct().count(),
    }
