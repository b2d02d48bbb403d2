"""Re-encrypt every encrypted field under the configured cipher and first key id.

Rows are read raw (the ciphertext, not the decrypted value) so rows already under the
current key are skipped, and written with ``QuerySet.update`` in small transactions, so
a rotation can be stopped and started again. With ``rehash`` the lookup hash beside each
field (``<field>_hash``) is recomputed too, after ``KAM_HASH_ALGORITHM`` or the lookup
key changed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

from kamdesk.audit.services import audit_record
from kamdesk.core.crypto import (
    current_cipher_id,
    current_key_id,
    decrypt_text,
    is_current,
    lookup_hash,
)
from kamdesk.core.fields import EncryptedTextField


@dataclass
class RotationResult:
    fields: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.fields.values())


def encrypted_fields() -> Iterator[tuple[type[models.Model], EncryptedTextField]]:
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, EncryptedTextField):
                yield model, f


def _raw_batch(
    model: type[models.Model], f: EncryptedTextField, after: Any, size: int
) -> list[tuple[Any, str]]:
    qn = connection.ops.quote_name
    pk, column = str(model._meta.pk.column), str(f.column)  # type: ignore[union-attr]
    sql = (
        f"SELECT {qn(pk)}, {qn(column)} FROM {qn(model._meta.db_table)} "  # noqa: S608
        f"WHERE {qn(pk)} > %s AND {qn(column)} <> '' ORDER BY {qn(pk)} LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [after, size])
        return list(cursor.fetchall())


def _rotate_batch(
    model: type[models.Model], f: EncryptedTextField, batch: list[tuple[Any, str]], rehash: bool
) -> int:
    hash_field = f"{f.name}_hash"
    has_hash = rehash and any(x.name == hash_field for x in model._meta.concrete_fields)
    changed = 0
    with transaction.atomic():
        for pk, stored in batch:
            if stored is None or (is_current(stored) and not has_hash):
                continue
            plain = decrypt_text(stored)
            values: dict[str, object] = {f.name: plain}
            if has_hash:
                values[hash_field] = lookup_hash(plain) if plain else ""
            model._default_manager.filter(pk=pk).update(**values)
            changed += 1
    return changed


def keys_rotate(*, batch_size: int = 500, rehash: bool = False) -> RotationResult:
    result = RotationResult()
    for model, f in encrypted_fields():
        label, changed = f"{model._meta.label_lower}.{f.name}", 0
        after: Any = 0
        while batch := _raw_batch(model, f, after, batch_size):
            changed += _rotate_batch(model, f, batch, rehash)
            after = batch[-1][0]
        result.fields[label] = changed
    audit_record(
        actor=None,
        action="keys.rotated",
        extra={
            "cipher": current_cipher_id(),
            "key_id": current_key_id(),
            "rehash": rehash,
            "rows": result.fields,
        },
    )
    return result
