"""Making, hashing and checking API tokens (the secret part is never stored)."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "tat_"  # noqa: S105 (a public marker, not a secret)


def new_token() -> str:
    """``tat_`` + 40 URL-safe characters (240 bits of randomness)."""
    return TOKEN_PREFIX + secrets.token_urlsafe(30)


def token_digest(token: str) -> str:
    """SHA-256 of the whole token: tokens are random and long, so a fast hash is enough (no
    password-style stretching is needed to resist guessing)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_prefix(token: str) -> str:
    return token[: len(TOKEN_PREFIX) + 6]
