"""Secret links, password rules, and the shared extensions that guard requests."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)

# 32 random bytes: 256 bits, well above the 128 the threat model asks for.
TOKEN_BYTES = 32
MIN_PASSWORD_LENGTH = 12


def new_token() -> tuple[str, str]:
    """A fresh secret for a link, and the hash that is all the database keeps."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    """Keyed so a stolen database alone cannot be used to test guessed tokens."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def tokens_match(token: str, token_hash: str) -> bool:
    return hmac.compare_digest(hash_token(token), token_hash)


def plausible_token(token: str) -> bool:
    """Cheap shape check before touching the database."""
    return 20 <= len(token) <= 100 and all(c.isalnum() or c in "-_" for c in token)
