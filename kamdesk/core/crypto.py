"""Field encryption (AES-256-GCM, key id stored with each value) and keyed lookup hashes.

A stored value reads ``v1:<key id>:<base64(nonce || ciphertext || tag)>``. The first
key of ``FIELD_ENCRYPTION_KEYS`` encrypts; any listed key decrypts, so keys can be
rotated by adding a new first key and re-saving rows.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

_PREFIX = "v1"
_AAD = b"kamdesk:field:v1"


class DecryptionError(ValueError):
    """A stored value could not be decrypted (unknown key id or tampered data)."""


def encrypt_text(plain: str) -> str:
    kid, key = next(iter(settings.FIELD_ENCRYPTION_KEYS.items()))
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, plain.encode("utf-8"), _AAD)
    return f"{_PREFIX}:{kid}:{base64.b64encode(nonce + sealed).decode('ascii')}"


def decrypt_text(stored: str) -> str:
    try:
        prefix, kid, payload = stored.split(":", 2)
    except ValueError as exc:
        raise DecryptionError("not an encrypted value") from exc
    key = settings.FIELD_ENCRYPTION_KEYS.get(kid)
    if prefix != _PREFIX or key is None:
        raise DecryptionError(f"unknown key id {kid!r}")
    raw = base64.b64decode(payload)
    try:
        return AESGCM(key).decrypt(raw[:12], raw[12:], _AAD).decode("utf-8")
    except Exception as exc:  # InvalidTag: tampered or wrong key
        raise DecryptionError("the value was altered or the key is wrong") from exc


def key_id_of(stored: str) -> str:
    return stored.split(":", 2)[1]


def lookup_hash(value: str) -> str:
    """Keyed hash for exact lookups of an encrypted value (HMAC-SHA256, hex)."""
    normalised = value.strip().upper()
    return hmac.new(settings.FIELD_HASH_KEY, normalised.encode("utf-8"), hashlib.sha256).hexdigest()


def token_hash(token: str) -> str:
    """API tokens are random, so a fast unsalted SHA-256 is enough (and costs nothing)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
