"""Secret links, password rules, and the shared extensions that guard requests."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import unicodedata
from urllib.parse import unquote, urlsplit

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


def derived_key(purpose: str) -> bytes:
    """A key of its own for each use of SECRET_KEY (HMAC with a purpose label), so the key that signs
    sessions never keys anything else."""
    return hmac.new(current_app.config["SECRET_KEY"].encode(), f"gjestebud:{purpose}".encode(),
                    hashlib.sha256).digest()


def hash_token(token: str) -> str:
    """Keyed so a stolen database alone cannot be used to test guessed tokens."""
    return hmac.new(derived_key("link-hash"), token.encode(), hashlib.sha256).hexdigest()


def token_hashes(token: str) -> list[str]:
    """Every stored hash a link may have: links handed out before the link-hash key was derived were hashed
    with SECRET_KEY itself, and keep working while LEGACY_LINK_HASHES is on."""
    hashes = [hash_token(token)]
    if current_app.config["LEGACY_LINK_HASHES"]:
        key = current_app.config["SECRET_KEY"].encode()
        hashes.append(hmac.new(key, token.encode(), hashlib.sha256).hexdigest())
    return hashes


def tokens_match(token: str, token_hash: str) -> bool:
    return any(hmac.compare_digest(candidate, token_hash) for candidate in token_hashes(token))


def plausible_token(token: str) -> bool:
    """Cheap shape check before touching the database."""
    return 20 <= len(token) <= 100 and all(c.isalnum() or c in "-_" for c in token)


# Keys people paste from examples and tutorials; refused outside development whatever their length.
KNOWN_SECRET_KEYS = frozenset({"change-me", "changeme", "dev", "development", "secret", "secret-key",
                               "secretkey", "your-secret-key", "dev-only-change-me", "test", "default",
                               "please-change-me", "replace-me", "s3cr3t", "password", "gjestebud"})
MIN_SECRET_KEY_LENGTH = 32


def weak_secret_key(key: object) -> str | None:
    """Why a SECRET_KEY must not sign sessions in production, or None when it is fit."""
    if not isinstance(key, str):
        return "it is not a text string"
    if not key.strip():
        return "it is empty"
    if key.strip().lower() in KNOWN_SECRET_KEYS:
        return "it is a well-known example value"
    if len(key) < MIN_SECRET_KEY_LENGTH:
        return f"it is shorter than {MIN_SECRET_KEY_LENGTH} characters"
    if len(set(key)) < 8:
        return "it repeats too few characters"
    return None


_NEXT_MAX_LENGTH = 2000
_NEXT_DECODE_ROUNDS = 3
# Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned characters; separators.
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def _plain_path(candidate: str) -> bool:
    """One layer of the `next` check: a path on this site and nothing a browser could read otherwise.
    Look-alikes that compatibility mapping turns into a slash or backslash ("／", "﹨") are checked folded."""
    if not candidate.startswith("/") or candidate.startswith("//"):
        return False
    if any(char == "\\" or char.isspace() or unicodedata.category(char) in _REFUSED_CATEGORIES
           for char in candidate):
        return False
    folded = unicodedata.normalize("NFKC", candidate)
    if folded != candidate and not _plain_path(folded):
        return False
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return False
    return not parts.scheme and not parts.netloc


def safe_next(target: object) -> str | None:
    """The one check for every `next` in the app: a same-site path that starts with a single "/", or None.

    Refused: anything with a scheme or host, a leading "//", a backslash anywhere, control characters,
    whitespace and invisible format characters anywhere, and all of these again after percent-decoding
    (several rounds, since a redirect may be decoded more than once along the way)."""
    if not isinstance(target, str) or not target or len(target) > _NEXT_MAX_LENGTH:
        return None
    candidate = target
    for _round in range(_NEXT_DECODE_ROUNDS):
        if not _plain_path(candidate):
            return None
        try:
            decoded = unquote(candidate, errors="strict")
        except UnicodeDecodeError:
            return None
        if decoded == candidate:
            return target
        candidate = decoded
    return None
