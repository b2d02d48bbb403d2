"""Verified presence: check-in with server time and, with consent, the distance from
the customer; the customer's SMS code; photos stamped with time and staff id."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.storage import default_storage
from PIL import Image

from kamdesk.audit.models import AuditEvent
from kamdesk.core.errors import ValidationFailed
from kamdesk.files.models import StoredFile
from kamdesk.notifications.models import OutboundMessage
from kamdesk.visits.models import VisitStatus
from kamdesk.visits.services import (
    visit_check_in,
    visit_code_confirm,
    visit_code_send,
    visit_photo_add,
)
from tests.conftest import client_for
from tests.visits.conftest import WEDNESDAY_10
from tests.visits.factories import VisitFactory


@pytest.fixture
def visit(frozen, customer):
    return VisitFactory(customer=customer)


def test_check_in_records_server_time_and_the_distance_with_consent(visit, manager):
    # About 111 m north of the customer's recorded coordinates.
    visit_check_in(
        visit=visit,
        actor=manager,
        consent=True,
        latitude="32.067",
        longitude="118.783",
        accuracy_m=12,
    )
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CHECKED_IN
    assert visit.checked_in_at == WEDNESDAY_10
    assert 105 <= visit.checkin_distance_m <= 117
    assert visit.checkin_accuracy_m == 12


def test_without_consent_no_location_is_kept(visit, manager):
    visit_check_in(
        visit=visit, actor=manager, consent=False, latitude="32.067", longitude="118.783"
    )
    visit.refresh_from_db()
    assert visit.checked_in_at is not None
    assert visit.checkin_latitude is None and visit.checkin_distance_m is None


def test_check_in_refuses_coordinates_out_of_range(visit, manager):
    with pytest.raises(ValidationFailed) as error:
        visit_check_in(visit=visit, actor=manager, consent=True, latitude="95", longitude="118")
    assert "latitude" in error.value.errors


def test_the_customer_confirms_the_visit_with_the_code_sent_by_sms(visit, manager, contact):
    client = client_for(manager)
    client.post(f"/visits/{visit.pk}/code/send/", {"contact": contact.pk})
    message = OutboundMessage.objects.get(channel="sms", recipient=contact.phone)
    code = re.search(r"(?<!\d)(\d{6})(?!\d)", message.body).group(1)
    assert visit.customer.name in message.body
    wrong = client.post(
        f"/visits/{visit.pk}/code/", {"code": "000000" if code != "000000" else "111111"}
    )
    assert wrong.status_code == 422
    response = client.post(f"/visits/{visit.pk}/code/", {"code": code})
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.confirmed_at is not None and visit.confirmed_by_masked.startswith("139")
    with pytest.raises(ValidationFailed):
        visit_code_confirm(visit=visit, actor=manager, code=code)


def test_a_code_goes_only_to_a_contact_of_the_customer(visit, manager):
    from tests.factories import ContactFactory

    stranger = ContactFactory(phone="13800001111")
    with pytest.raises(ValidationFailed) as error:
        visit_code_send(visit=visit, actor=manager, contact=stranger)
    assert "contact" in error.value.errors


def test_a_photo_is_stamped_with_time_and_staff_id(visit, manager):
    manager.staff_id = "JS100001"
    manager.save()
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 220, 240)).save(buffer, format="PNG")
    photo = visit_photo_add(
        visit=visit, actor=manager, name="site.png", data=buffer.getvalue(), caption="机房"
    )
    assert photo.staff_id == "JS100001" and photo.taken_at == WEDNESDAY_10
    stored = StoredFile.objects.get(pk=photo.file_id)
    assert stored.owner_kind == "visit" and stored.content_type == "image/jpeg"
    with default_storage.open(stored.path, "rb") as handle:
        image = Image.open(handle).convert("RGB")
        # The stamp band at the bottom is black with white text; the photo above is not.
        assert image.getpixel((2, image.height - 2)) == (0, 0, 0)
        assert image.getpixel((320, 100)) != (0, 0, 0)
    page = client_for(manager).get(f"/visits/{visit.pk}/").content.decode()
    assert "JS100001" in page


def test_a_photo_is_audited_and_refused_on_a_closed_visit(visit, manager):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (10, 20, 30)).save(buffer, format="PNG")
    visit_photo_add(visit=visit, actor=manager, name="a.png", data=buffer.getvalue())
    assert AuditEvent.objects.filter(action="visit.photo_added", actor=manager).count() == 1
    visit.status = VisitStatus.CANCELLED
    visit.save()
    with pytest.raises(ValidationFailed) as error:
        visit_photo_add(visit=visit, actor=manager, name="b.png", data=buffer.getvalue())
    assert "status" in error.value.errors


def test_a_file_that_is_not_an_image_is_refused_as_a_photo(visit, manager):
    with pytest.raises(ValidationFailed) as error:
        visit_photo_add(visit=visit, actor=manager, name="x.png", data=b"not an image at all")
    assert "photo" in error.value.errors
