"""A notification is told once per de-duplication key, in the app and by e-mail."""

from django.core import mail

from kamdesk.notifications.models import Notification
from kamdesk.notifications.services import emails_send_due, notify
from tests.conftest import client_for
from tests.factories import UserFactory


def test_it_tells_the_same_thing_once(db, django_capture_on_commit_callbacks):
    user = UserFactory(email="li@operator.example")
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(user=user, kind="sla.warning", title="R00000001 快到期", dedup_key="k1")
        again = notify(user=user, kind="sla.warning", title="R00000001 快到期", dedup_key="k1")
    assert first is not None and again is None
    assert Notification.objects.filter(user=user).count() == 1
    assert len(mail.outbox) == 1
    assert emails_send_due() == 0  # nothing left to send: no second e-mail
    assert len(mail.outbox) == 1


def test_the_inbox_shows_and_marks_read(db):
    user = UserFactory()
    row = notify(
        user=user, kind="sla.breach", title="R00000002 已超时", dedup_key="k2", url="/requests/2/"
    )
    browser = client_for(user)
    assert "R00000002 已超时" in browser.get("/notifications/").content.decode()
    answer = browser.post(f"/notifications/{row.pk}/read/")
    assert answer.status_code == 302 and answer["Location"] == "/requests/2/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_nobody_reads_anothers_notification(db):
    owner, other = UserFactory(), UserFactory()
    row = notify(user=owner, kind="sla.breach", title="秘密", dedup_key="k3")
    client_for(other).post(f"/notifications/{row.pk}/read/")
    row.refresh_from_db()
    assert row.read_at is None
    assert "秘密" not in client_for(other).get("/notifications/").content.decode()
