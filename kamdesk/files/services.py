"""Store and hand out private files: type and size checked, every download audited."""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kamdesk.audit.services import audit_record
from kamdesk.core.errors import ValidationFailed
from kamdesk.files.access import may_read
from kamdesk.files.models import StoredFile
from kamdesk.files.sniff import extension_of, sniff
from kamdesk.users.models import User

HEAD_BYTES = 8192


def _clean_name(name: str) -> str:
    # Keep the name for display only; it never becomes a path.
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().replace("\x00", "")
    return base[-200:] or "file"


def file_store(
    *,
    upload: File,
    owner_kind: str,
    owner_id: int,
    actor: User | None,
    customer_id: int | None = None,
) -> StoredFile:
    """Check and keep one upload; raises ``ValidationFailed`` on a wrong type or size."""
    name = _clean_name(upload.name or "")
    size = upload.size or 0
    if size > settings.FILES_MAX_BYTES:
        limit = settings.FILES_MAX_BYTES // (1024 * 1024)
        raise ValidationFailed({"file": [_("The file is larger than %(mb)s MB.") % {"mb": limit}]})
    if size == 0:
        raise ValidationFailed({"file": [_("The file is empty.")]})
    upload.seek(0)
    content_type = sniff(name, upload.read(HEAD_BYTES))
    if content_type is None:
        raise ValidationFailed({"file": [_("This type of file is not accepted.")]})
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    path = f"files/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension_of(name)}"
    saved = default_storage.save(path, upload)
    with transaction.atomic():
        row = StoredFile.objects.create(
            owner_kind=owner_kind,
            owner_id=owner_id,
            customer_id=customer_id,
            name=name,
            content_type=content_type,
            size=size,
            sha256=digest.hexdigest(),
            path=saved,
            uploaded_by=actor,
        )
        audit_record(
            actor=actor,
            action="file.uploaded",
            target=row,
            customer_id=customer_id,
            extra={"owner": f"{owner_kind}:{owner_id}", "size": size},
        )
    return row


def file_for_download(*, user: User, file_id: str, ip: str | None = None) -> StoredFile:
    """The file if ``user`` may read its owner, recording the download; else ``Http404``."""
    try:
        row = StoredFile.objects.get(pk=uuid.UUID(str(file_id)))
    except (StoredFile.DoesNotExist, ValueError) as exc:
        raise Http404("No such file") from exc
    if not may_read(user=user, owner_kind=row.owner_kind, owner_id=row.owner_id):
        raise Http404("No such file")
    audit_record(
        actor=user,
        action="file.downloaded",
        target=row,
        customer_id=row.customer_id,
        extra={"owner": f"{row.owner_kind}:{row.owner_id}", "name": row.name},
        ip=ip,
    )
    return row


def files_of(*, owner_kind: str, owner_id: int) -> list[StoredFile]:
    return list(StoredFile.objects.filter(owner_kind=owner_kind, owner_id=owner_id))
