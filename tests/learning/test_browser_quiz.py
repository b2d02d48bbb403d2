"""A demo manager takes the quizzes of a demo path in the browser, passes, and sees the
certification on their learning page."""

from __future__ import annotations

import datetime as dt

import pytest

from kamdesk.learning.demo import learning_demo_load
from kamdesk.learning.models import Choice, QuizAttempt
from kamdesk.users.models import Role
from tests.browser.test_sign_in_search import page  # noqa: F401 - the browser fixture
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _answer_rightly(page, attempt: QuizAttempt) -> None:  # noqa: F811
    for choice in Choice.objects.filter(question_id__in=attempt.question_ids, is_correct=True):
        page.check(f"#c{choice.pk}")
    page.get_by_role("button", name="提交答案").click()


def test_it_passes_a_path_and_shows_the_certification(live_server, page):  # noqa: F811
    manager = UserFactory(username="manager_a", display_name="张经理", role=Role.MANAGER)
    learning_demo_load(seed=7, today=dt.date.today())

    page.goto(f"{live_server.url}/learning/")
    page.fill("input[name=username]", "manager_a")
    page.fill("input[name=password]", "kamdesk-test-pass")
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/learning/")
    page.get_by_role("link", name="集团产品：V网、专线与物联网").first.click()

    for step in range(1, 4):
        page.wait_for_url(f"{live_server.url}/learning/p/group-products/")
        page.locator(f"form[action$='/group-products/{step}/start/'] button").click()
        page.wait_for_url(f"{live_server.url}/learning/attempt/*/")
        attempt = QuizAttempt.objects.filter(user=manager).first()
        assert attempt is not None and attempt.step.order == step
        _answer_rightly(page, attempt)
        assert "已通过" in page.locator("#quiz-result").inner_text()
        assert page.get_by_text("解析：").first.is_visible()
        page.get_by_role("link", name="返回学习路径").click()

    page.goto(f"{live_server.url}/learning/")
    certs = page.locator("#my-certifications").inner_text()
    assert "集团产品" in certs and "有效" in certs
