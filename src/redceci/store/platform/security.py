"""Secrets: argon2 password hashes, random session ids, API tokens and CSRF tokens.

Passwords are hashed with argon2id (argon2-cffi's RFC 9106 defaults). Session ids and API
tokens are 256-bit random strings; only their SHA-256 is stored, so a stolen table opens nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_HASHER = PasswordHasher()
#: Verified against when the e-mail is unknown, so both cases take the same time.
_DUMMY_HASH = _HASHER.hash("not a password of anybody")
TOKEN_PREFIX = "rc_"
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (salted, self-describing)."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches; an unknown user (``None``) costs the same and fails."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with older parameters than today's."""
    return _HASHER.check_needs_rehash(password_hash)


def new_secret() -> str:
    """A fresh 256-bit URL-safe random string."""
    return secrets.token_urlsafe(32)


def new_api_token() -> str:
    """A fresh API token, recognisable by its prefix."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """The SHA-256 (hex) under which a session id or token is stored."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_secret(a: str | None, b: str | None) -> bool:
    """Constant-time comparison of two secrets (False if either is missing)."""
    if not a or not b:
        return False
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
