from __future__ import annotations

from typing import Any

from django.db import models

from kamdesk.core.crypto import decrypt_text, encrypt_text


class EncryptedTextField(models.TextField):
    """A text column stored encrypted (see ``kamdesk.core.crypto``).

    Lookups cannot work on ciphertext: pair it with a ``CharField`` holding
    ``lookup_hash(value)`` for exact matches.
    """

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt_text(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt_text(str(value))
