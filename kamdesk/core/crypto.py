"""Field encryption with the key id and cipher stored in each value, and keyed lookup hashes.

A stored value reads ``<cipher>:<key id>:<base64(nonce || ciphertext || tag)>``:

- ``v1`` is AES-256-GCM (the first format; its name is kept so old values still read);
- ``s1`` is SM4-GCM, for operators that must use the national algorithms. SM4 takes a
  128-bit key, derived from the configured key with HKDF-SM3.

``FIELD_CIPHER`` (``KAM_FIELD_CIPHER``: ``aes-gcm`` or ``sm4-gcm``) and the first key
of ``FIELD_ENCRYPTION_KEYS`` encrypt; any listed key and either cipher decrypt, so the
cipher or key can change at any time and ``kam keys rotate`` re-encrypts old values.

Lookup hashes are HMAC-SHA256 or HMAC-SM3 (``KAM_HASH_ALGORITHM``); changing it needs
``kam keys rotate --rehash``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

AES_GCM = "v1"
SM4_GCM = "s1"
CIPHER_IDS = {"aes-gcm": AES_GCM, "sm4-gcm": SM4_GCM}
_AAD = b"kamdesk:field:v1"
_TAG = 16


class DecryptionError(ValueError):
    """A stored value could not be decrypted (unknown key id or tampered data)."""


def current_cipher_id() -> str:
    return CIPHER_IDS[settings.FIELD_CIPHER]


def current_key_id() -> str:
    return next(iter(settings.FIELD_ENCRYPTION_KEYS))


@functools.lru_cache(maxsize=16)
def _sm4_key(key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SM3(), length=16, salt=None, info=b"kamdesk:sm4-field-key").derive(
        key
    )


def _sm4_aad(kid: str) -> bytes:
    return f"kamdesk:field:{SM4_GCM}:{kid}".encode()


def _seal(cipher_id: str, kid: str, key: bytes, plain: bytes) -> bytes:
    nonce = os.urandom(12)
    if cipher_id == AES_GCM:
        return nonce + AESGCM(key).encrypt(nonce, plain, _AAD)
    encryptor = Cipher(algorithms.SM4(_sm4_key(key)), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(_sm4_aad(kid))
    return nonce + encryptor.update(plain) + encryptor.finalize() + encryptor.tag


def _open(cipher_id: str, kid: str, key: bytes, raw: bytes) -> bytes:
    nonce, body = raw[:12], raw[12:]
    if cipher_id == AES_GCM:
        return AESGCM(key).decrypt(nonce, body, _AAD)
    decryptor = Cipher(algorithms.SM4(_sm4_key(key)), modes.GCM(nonce, body[-_TAG:])).decryptor()
    decryptor.authenticate_additional_data(_sm4_aad(kid))
    return decryptor.update(body[:-_TAG]) + decryptor.finalize()


def encrypt_text(plain: str) -> str:
    cipher_id, kid = current_cipher_id(), current_key_id()
    sealed = _seal(cipher_id, kid, settings.FIELD_ENCRYPTION_KEYS[kid], plain.encode("utf-8"))
    return f"{cipher_id}:{kid}:{base64.b64encode(sealed).decode('ascii')}"


def decrypt_text(stored: str) -> str:
    try:
        cipher_id, kid, payload = stored.split(":", 2)
    except ValueError as exc:
        raise DecryptionError("not an encrypted value") from exc
    key = settings.FIELD_ENCRYPTION_KEYS.get(kid)
    if cipher_id not in (AES_GCM, SM4_GCM) or key is None:
        raise DecryptionError(f"unknown cipher {cipher_id!r} or key id {kid!r}")
    try:
        return _open(cipher_id, kid, key, base64.b64decode(payload)).decode("utf-8")
    except Exception as exc:  # InvalidTag: tampered or wrong key
        raise DecryptionError("the value was altered or the key is wrong") from exc


def key_id_of(stored: str) -> str:
    return stored.split(":", 2)[1]


def cipher_id_of(stored: str) -> str:
    return stored.split(":", 1)[0]


def is_current(stored: str) -> bool:
    """Whether a stored value is already under the configured cipher and first key."""
    return stored.startswith(f"{current_cipher_id()}:{current_key_id()}:")


def _hmac_hex(key: bytes, data: bytes, algorithm: str) -> str:
    if algorithm == "sha256":
        return hmac.new(key, data, hashlib.sha256).hexdigest()
    mac = crypto_hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize().hex()


def lookup_hash(value: str) -> str:
    """Keyed hash for exact lookups of an encrypted value (HMAC-SHA256 or HMAC-SM3, hex)."""
    normalised = value.strip().upper()
    return _hmac_hex(settings.FIELD_HASH_KEY, normalised.encode("utf-8"), settings.HASH_ALGORITHM)


def token_hash(token: str) -> str:
    """API tokens are random, so a fast unsalted SHA-256 is enough (and costs nothing)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
