"""Learning data for tests: a path of one article with a quiz bank."""

from __future__ import annotations

from kamdesk.knowledge.models import Article
from kamdesk.learning.models import (
    Certification,
    Choice,
    LearningPath,
    PathStep,
    Question,
    QuestionBank,
)


def article_make(slug: str = "tariff-new-5g") -> Article:
    return Article.objects.create(slug=slug, section="business", title="5G新套餐", body="正文")


def question_make(bank: QuestionBank, *, kind: str, right: list[str], wrong: list[str]) -> Question:
    q = Question.objects.create(
        bank=bank, kind=kind, text=f"问题{bank.questions.count() + 1}", explanation="因为……"
    )
    for i, text in enumerate(right + wrong):
        Choice.objects.create(question=q, text=text, is_correct=text in right, order=i)
    return q


def path_make(
    *, slug: str = "tariff-launch", questions: int = 2, cert: Certification | None = None
) -> LearningPath:
    bank = QuestionBank.objects.create(slug=f"{slug}-bank", title="新资费")
    path = LearningPath.objects.create(slug=slug, title="新资费上线", certification=cert)
    PathStep.objects.create(
        path=path,
        order=1,
        article=article_make(f"{slug}-a"),
        bank=bank,
        question_count=questions,
        pass_percent=50,
    )
    for i in range(questions):
        kind = "multiple" if i % 2 else "single"
        question_make(
            bank, kind=kind, right=["甲", "乙"] if kind == "multiple" else ["甲"], wrong=["丙"]
        )
    return path


def right_answers(question_ids: list[int]) -> dict[int, list[int]]:
    return {
        q: list(Choice.objects.filter(question_id=q, is_correct=True).values_list("pk", flat=True))
        for q in question_ids
    }
