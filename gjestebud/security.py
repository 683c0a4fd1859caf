"""Secret links, password rules, and the shared extensions that guard requests."""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import re
import secrets
import unicodedata
from collections.abc import Callable, Mapping
from urllib.parse import unquote, urlsplit

from flask import current_app, request
from flask_limiter import Limiter
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

log = logging.getLogger(__name__)


def client_address() -> str:
    """The one rate-limit key: the visitor's address. Behind TRUSTED_PROXIES proxies, ProxyFix has put the
    address the outermost trusted proxy saw here; otherwise it is the peer, and X-Forwarded-For is ignored."""
    return request.remote_addr or "unknown"


def limit_from(setting: str) -> Callable[[], str]:
    """A limit read from the configuration at request time, so tests and deployments can change it."""
    return lambda: current_app.config[setting]


csrf = CSRFProtect()
login_manager = LoginManager()
limiter = Limiter(key_func=client_address, default_limits=[], headers_enabled=True)

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


# A personal link's secret (the segment after /vert/ that a page follows, or any long one; the host's
# token-free pages are short words), and anything shaped like a secret: a long URL-safe run with capitals and
# small letters (slugs have no capitals, setting names no small letters) and a digit, "-" or "_" (class names
# have none) or very long, or a long hex string.
_SECRET_SHAPES = re.compile(
    r"(?<=/vert/)[^/?#\s\"<>]+(?=/)|(?<=/vert/)[^/?#\s\"<>]{20,}"
    r"|(?<![A-Za-z0-9_-])(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])"
    r"(?:(?=[A-Za-z0-9_-]*[0-9_-])[A-Za-z0-9_-]{20,}|[A-Za-z0-9_-]{32,})(?![A-Za-z0-9_-])"
    r"|(?<![0-9a-fA-F])[0-9a-fA-F]{32,}(?![0-9a-fA-F])"
)
REDACTED = "[secret]"


def redact_secrets(text: str) -> str:
    """Text for a log line or a staff page with every personal link's secret replaced."""
    return _SECRET_SHAPES.sub(REDACTED, text)


class RedactSecretsFilter(logging.Filter):
    """On the log handlers: request lines and messages never carry a personal link's secret."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


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


# Set by the shipped gunicorn configuration (gjestebud/gunicorn_conf.py) in the master before it forks.
WORKERS_VARIABLE = "GJESTEBUD_GUNICORN_WORKERS"


class SharedLimitsRequired(RuntimeError):
    """Several server processes each counting alone in memory: every limit is multiplied by their number."""


def gunicorn_workers(environ: Mapping[str, str] = os.environ) -> int | None:
    """How many worker processes the gunicorn running this process starts; None outside gunicorn. gunicorn's
    master sets SERVER_SOFTWARE; the worker count comes from the shipped configuration's hook or, without it,
    from gunicorn's own reading of its command line, configuration file and environment."""
    if not environ.get("SERVER_SOFTWARE", "").startswith("gunicorn/"):
        return None
    if environ.get(WORKERS_VARIABLE, "").isdigit():
        return int(environ[WORKERS_VARIABLE])
    try:
        from gunicorn.app.wsgiapp import WSGIApplication

        return int(WSGIApplication().cfg.workers)
    except (Exception, SystemExit):  # an unusual launcher: the check cannot know, so it does not guess
        log.warning("Could not tell how many gunicorn workers run; rate limits assume one.")
        return None


def check_limit_storage(config: Mapping[str, object], workers: int | None) -> None:
    """Refuse in-memory rate-limit counters under several workers (say so loudly in development)."""
    storage = str(config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if not storage.startswith("memory://") or not config.get("RATELIMIT_ENABLED", True):
        return
    if workers is None or workers < 2:
        return
    message = (f"{workers} gunicorn workers with RATELIMIT_STORAGE_URI={storage}: each worker would count "
               f"alone, so every rate limit would be {workers} times too high. Set "
               "GJESTEBUD_RATELIMIT_STORAGE_URI to a shared store such as redis://127.0.0.1:6379/0, "
               "or run one worker.")
    if config.get("DEBUG") or config.get("TESTING"):
        log.warning("%s", message)
        return
    raise SharedLimitsRequired(message)
