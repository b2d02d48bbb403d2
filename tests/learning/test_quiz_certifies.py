"""Taking a quiz: answers are scored, a pass completes the path and certifies with an expiry."""

import datetime as dt

import pytest
import time_machine

from kamdesk.core.errors import ValidationFailed
from kamdesk.learning.models import Certification, ManagerCertification
from kamdesk.learning.selectors import certification_status_of
from kamdesk.learning.services import path_assign, quiz_start, quiz_submit
from tests.learning.factories import path_make, right_answers

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 28, 2, 0, tzinfo=dt.UTC), tick=False)
def test_it_certifies_a_manager_who_passes_until_the_expiry(manager):
    cert = Certification.objects.create(code="group", name="集团产品", validity_months=12)
    path = path_make(cert=cert)
    assignment = path_assign(path=path, user=manager, deadline=dt.date(2026, 12, 31), reason="上线")
    attempt = quiz_start(user=manager, step=path.steps.get())
    done = quiz_submit(attempt=attempt, answers=right_answers(attempt.question_ids))
    assert done.passed and done.percent == 100
    assignment.refresh_from_db()
    assert assignment.completed_at is not None
    held = ManagerCertification.objects.get(user=manager)
    assert (held.issued_on, held.expires_on) == (dt.date(2026, 11, 28), dt.date(2027, 11, 28))
    assert [s.state for s in certification_status_of(user=manager)] == ["valid"]
    assert certification_status_of(user=manager, on=dt.date(2027, 11, 28))[0].state == "expired"


def test_it_does_not_certify_a_partial_multiple_choice_answer(manager):
    cert = Certification.objects.create(code="group", name="集团产品")
    path = path_make(cert=cert, questions=2)
    step = path.steps.get()
    step.pass_percent = 100
    step.save()
    attempt = quiz_start(user=manager, step=step)
    answers = right_answers(attempt.question_ids)
    multiple = next(q for q in attempt.question_ids if len(answers[q]) == 2)
    answers[multiple] = answers[multiple][:1]
    done = quiz_submit(attempt=attempt, answers=answers)
    assert (done.correct, done.percent, done.passed) == (1, 50, False)
    assert not ManagerCertification.objects.filter(user=manager).exists()


def test_it_refuses_answers_from_another_question_and_a_second_submission(manager):
    path = path_make(questions=2)
    attempt = quiz_start(user=manager, step=path.steps.get())
    first, second = attempt.question_ids
    wrong = right_answers([second])[second]
    with pytest.raises(ValidationFailed) as err:
        quiz_submit(attempt=attempt, answers={first: wrong})
    assert "answers" in err.value.errors
    quiz_submit(attempt=attempt, answers={})
    with pytest.raises(ValidationFailed):
        quiz_submit(attempt=attempt, answers={})
