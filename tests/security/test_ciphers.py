"""AES-GCM by default, SM4-GCM and HMAC-SM3 by setting; each value keeps its cipher and key
id, so values written under another cipher or key still read."""

import pytest

from kamdesk.core.crypto import DecryptionError, decrypt_text, encrypt_text, lookup_hash

pytestmark = pytest.mark.nodb
ID = "110105194912310021"


def test_it_encrypts_with_aes_gcm_by_default():
    stored = encrypt_text(ID)
    assert stored.startswith("v1:dev1:")
    assert decrypt_text(stored) == ID


def test_it_encrypts_with_sm4_gcm_when_chosen(settings):
    settings.FIELD_CIPHER = "sm4-gcm"
    stored = encrypt_text(ID)
    assert stored.startswith("s1:dev1:")
    assert ID not in stored
    assert decrypt_text(stored) == ID


def test_it_reads_values_of_either_cipher_whatever_is_chosen(settings):
    aes = encrypt_text(ID)
    settings.FIELD_CIPHER = "sm4-gcm"
    sm4 = encrypt_text(ID)
    assert decrypt_text(aes) == decrypt_text(sm4) == ID
    settings.FIELD_CIPHER = "aes-gcm"
    assert decrypt_text(sm4) == ID


def test_it_refuses_a_tampered_sm4_value(settings):
    settings.FIELD_CIPHER = "sm4-gcm"
    stored = encrypt_text(ID)
    tampered = stored[:-6] + ("AAAA==" if not stored.endswith("AAAA==") else "BBBB==")
    with pytest.raises(DecryptionError):
        decrypt_text(tampered)


def test_it_refuses_a_value_moved_to_another_key_id(settings):
    settings.FIELD_CIPHER = "sm4-gcm"
    settings.FIELD_ENCRYPTION_KEYS = {**settings.FIELD_ENCRYPTION_KEYS, "k2": b"k" * 32}
    moved = encrypt_text(ID).replace(":dev1:", ":k2:")
    with pytest.raises(DecryptionError):
        decrypt_text(moved)


def test_it_hashes_lookups_with_hmac_sm3_when_chosen(settings):
    sha = lookup_hash(ID)
    settings.HASH_ALGORITHM = "sm3"
    sm3 = lookup_hash(ID)
    assert len(sm3) == 64 and sm3 != sha
    assert sm3 == lookup_hash(f" {ID.lower()} ")
