"""Verified presence: check-in with server time and (with consent) location, the
customer's confirmation by SMS code, and photos stamped with time and staff id."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.customers.models import Contact
from kamdesk.files.services import file_store
from kamdesk.notifications.codes import code_check, code_send
from kamdesk.users.models import User
from kamdesk.visits.models import Visit, VisitPhoto, VisitStatus
from kamdesk.visits.planning import km_between

CODE_PURPOSE = "visit"
PHOTO_TYPES = ("image/jpeg", "image/png")


def _coordinate(value: object, field: str, limit: int) -> Decimal:
    try:
        number = Decimal(str(value)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError) as exc:
        raise ValidationFailed({field: [_("Not a number.")]}) from exc
    if not -limit <= number <= limit:
        raise ValidationFailed({field: [_("Out of range.")]})
    return number


def distance_m(visit: Visit, lat: Decimal, lon: Decimal) -> int | None:
    customer = visit.customer
    if customer.latitude is None or customer.longitude is None:
        return None
    km = km_between((float(lat), float(lon)), (float(customer.latitude), float(customer.longitude)))
    return round(km * 1000)


def visit_check_in(
    *,
    visit: Visit,
    actor: User,
    consent: bool = False,
    latitude: object = None,
    longitude: object = None,
    accuracy_m: object = None,
    now: dt.datetime | None = None,
) -> Visit:
    """Record arrival at the server's time; the location only with the manager's consent."""
    if visit.status not in (VisitStatus.PLANNED, VisitStatus.OVERDUE, VisitStatus.CHECKED_IN):
        raise ValidationFailed({"status": [_("This visit is closed.")]})
    if visit.checked_in_at is not None:
        raise ValidationFailed({"status": [_("Checked in already.")]})
    lat = lon = None
    if consent and latitude not in (None, "") and longitude not in (None, ""):
        lat = _coordinate(latitude, "latitude", 90)
        lon = _coordinate(longitude, "longitude", 180)
    with transaction.atomic():
        visit.checked_in_at = now or timezone.now()
        visit.status = VisitStatus.CHECKED_IN
        visit.checkin_latitude, visit.checkin_longitude = lat, lon
        visit.checkin_distance_m = (
            distance_m(visit, lat, lon) if lat is not None and lon is not None else None
        )
        visit.checkin_accuracy_m = _accuracy(accuracy_m) if lat is not None else None
        visit.started_at = visit.started_at or visit.checked_in_at
        visit.save()
        audit_record(
            actor=actor,
            action="visit.checked_in",
            target=visit,
            customer_id=visit.customer_id,
            extra={"located": lat is not None, "distance_m": visit.checkin_distance_m},
        )
    return visit


def _accuracy(value: object) -> int | None:
    try:
        return max(0, min(int(float(str(value))), 1_000_000))
    except (TypeError, ValueError):
        return None


def _code_text(visit: Visit) -> str:
    # {code} and {minutes} are filled in by code_send; the rest is for the customer.
    return _(
        "[KAM Desk] %(manager)s of China Mobile is visiting %(customer)s. Confirmation "
        "code {code}, valid {minutes} minutes. Give it to the manager only if the visit "
        "took place."
    ) % {"manager": str(visit.manager), "customer": visit.customer.name}


def visit_code_send(*, visit: Visit, actor: User, contact: Contact) -> None:
    """Send the customer's contact a one-time code that confirms the visit took place."""
    if not visit.is_open:
        raise ValidationFailed({"status": [_("This visit is closed.")]})
    if contact.customer_id != visit.customer_id:
        raise ValidationFailed({"contact": [_("This contact belongs to another customer.")]})
    if not contact.phone:
        raise ValidationFailed({"contact": [_("This contact has no phone number.")]})
    with transaction.atomic():
        code_send(
            purpose=CODE_PURPOSE,
            subject=f"visit:{visit.pk}",
            number=contact.phone,
            text=_code_text(visit),
            actor=actor,
        )
        audit_record(
            actor=actor,
            action="visit.code_sent",
            target=visit,
            customer_id=visit.customer_id,
            extra={"contact": contact.pk},
        )


def visit_code_confirm(*, visit: Visit, actor: User, code: str) -> Visit:
    """Check the code the customer read out; on success the visit is confirmed."""
    if visit.confirmed_at is not None:
        raise ValidationFailed({"code": [_("The customer has confirmed this visit already.")]})
    row = code_check(purpose=CODE_PURPOSE, subject=f"visit:{visit.pk}", code=code)
    with transaction.atomic():
        visit.confirmed_at = row.used_at or timezone.now()
        visit.confirmed_by_masked = row.recipient_masked
        visit.save(update_fields=["confirmed_at", "confirmed_by_masked", "updated_at"])
        audit_record(
            actor=actor,
            action="visit.confirmed_by_code",
            target=visit,
            customer_id=visit.customer_id,
        )
    return visit


def _stamp(data: bytes, text: str) -> tuple[bytes, str]:
    """The photo with ``text`` burned into its lower edge, as JPEG."""
    from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

    try:
        image = ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB")
    except (UnidentifiedImageError, OSError) as exc:
        raise ValidationFailed({"photo": [_("This photo cannot be read.")]}) from exc
    image.thumbnail((2400, 2400))
    size = max(14, image.width // 40)
    font = ImageFont.load_default(size=size)
    draw = ImageDraw.Draw(image)
    band = size + size // 2
    draw.rectangle((0, image.height - band, image.width, image.height), fill=(0, 0, 0))
    draw.text((size // 2, image.height - band + size // 4), text, fill=(255, 255, 255), font=font)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue(), "image/jpeg"


def visit_photo_add(
    *, visit: Visit, actor: User, name: str, data: bytes, caption: str = ""
) -> VisitPhoto:
    """Keep a photo of the visit, stamped with the server time and the staff id."""
    if visit.status in (VisitStatus.CANCELLED, VisitStatus.MISSED):
        raise ValidationFailed({"status": [_("This visit is closed.")]})
    if not data:
        raise ValidationFailed({"photo": [_("The file is empty.")]})
    moment = timezone.now()
    staff_id = actor.staff_id or actor.username
    local = timezone.localtime(moment)
    stamped, _type = _stamp(data, f"{local:%Y-%m-%d %H:%M:%S %z}  {staff_id}  V{visit.pk}")
    base = (name.rsplit(".", 1)[0] or "photo")[:150]
    upload = SimpleUploadedFile(f"{base}.jpg", stamped, content_type="image/jpeg")
    with transaction.atomic():
        stored = file_store(
            upload=upload,
            owner_kind="visit",
            owner_id=visit.pk,
            actor=actor,
            customer_id=visit.customer_id,
        )
        photo = VisitPhoto.objects.create(
            visit=visit,
            file_id=stored.pk,
            taken_at=moment,
            staff_id=staff_id,
            caption=caption[:200],
        )
        audit_record(
            actor=actor,
            action="visit.photo_added",
            target=visit,
            customer_id=visit.customer_id,
            extra={"file": str(stored.pk), "staff_id": staff_id, "at": moment.isoformat()},
        )
    return photo
