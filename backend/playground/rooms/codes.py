"""Join codes and tokens, all from `secrets`.

A code is 8 characters of a 32-letter alphabet without 0/O/1/I (2^40 codes: not guessable by counting,
and join attempts are rate-limited). Tokens are 32 URL-safe characters (192 bits); stores keep only their
SHA-256, compared in constant time.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(text: object) -> str | None:
    """A code as typed (any case, spaces or dashes inside) -> the stored form; None if it cannot be one."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    code = "".join(c for c in text.upper() if c not in " -")
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def new_token() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", errors="replace")).hexdigest()


def token_matches(token: object, stored_hash: str | None) -> bool:
    """Whether `token` is the one whose hash was stored (constant-time comparison)."""
    if not isinstance(token, str) or not stored_hash or len(token) > 200:
        return False
    return secrets.compare_digest(token_hash(token), stored_hash)
