"""Two-factor sign-in for staff: time-based codes (TOTP, RFC 6238, through pyotp) and recovery codes.

Rules this module enforces:
- A secret is stored only once the holder has proved with a code that their app has it.
- A code works once: the time step of the last accepted code is kept, and that step or an earlier one is
  refused, so a code seen over someone's shoulder cannot be replayed within its 30 seconds.
- Recovery codes are shown once, when made; only keyed hashes are kept, and each code works once.
- Turning it off, by the holder or an administrator, is audited; an administrator's reset also ends the
  account's open sessions.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import time

import pyotp
from sqlalchemy.orm import Session

from ..models import User
from ..security import derived_key
from . import audit
from .users import new_nonce

ISSUER = "Gjestebud"
RECOVERY_CODE_COUNT = 10
# Lower-case letters and digits without look-alikes (no 0/o, 1/l/i), in two groups of five.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_CODE_RE = re.compile(r"^\d{6}$")


def new_enrolment() -> str:
    """A random value to keep in the enrolling user's session; the secret itself is derived from it on the
    server (see `enrolment_secret`), so the session cookie, which is signed but readable, never holds it."""
    return secrets.token_urlsafe(16)


def enrolment_secret(user: User, enrolment: str) -> str:
    """160 bits, base32, as authenticator apps expect: keyed by the server, the account and the enrolment."""
    digest = hmac.new(derived_key("totp-enrolment"), f"{user.id}:{enrolment}".encode(), hashlib.sha256)
    return base64.b32encode(digest.digest()[:20]).decode()


def grouped(secret: str) -> str:
    """The key in groups of four, for typing it into an app by hand."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(secret: str, email: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=ISSUER)


def _normalise(code: str) -> str:
    return re.sub(r"[\s-]+", "", code or "").lower()


def _accepted_step(secret: str, code: str, after: int | None) -> int | None:
    """The time step (now, or one either side for clock drift) whose code this is, if not used already."""
    code = _normalise(code)
    if not _CODE_RE.match(code):
        return None
    totp = pyotp.TOTP(secret)
    now = totp.timecode(time.time())
    for step in (now - 1, now, now + 1):
        if hmac.compare_digest(totp.generate_otp(step), code) and (after is None or step > after):
            return step
    return None


def _hash_recovery_code(code: str) -> str:
    return hmac.new(derived_key("recovery-code"), _normalise(code).encode(), hashlib.sha256).hexdigest()


def _new_recovery_codes() -> list[str]:
    codes = []
    for _n in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _i in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def enable(session: Session, user: User, secret: str, code: str) -> list[str] | None:
    """Turn two-factor sign-in on when `code` proves the app holds `secret`. Returns the recovery codes to
    show once, or None when the code is wrong."""
    step = _accepted_step(secret, code, None)
    if step is None:
        return None
    codes = _new_recovery_codes()
    user.totp_secret = secret
    user.totp_last_step = step
    user.recovery_code_hashes = [_hash_recovery_code(c) for c in codes]
    audit.record(session, user, "user.two_factor_enable", user, municipality_id=user.municipality_id)
    session.commit()
    return codes


def verify(session: Session, user: User, code: str) -> str | None:
    """"totp" or "recovery" when the code is accepted (and used up), None otherwise."""
    if user.totp_secret is None:
        return None
    step = _accepted_step(user.totp_secret, code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        session.commit()
        return "totp"
    digest = _hash_recovery_code(code)
    remaining = list(user.recovery_code_hashes or ())
    matches = [stored for stored in remaining if hmac.compare_digest(stored, digest)]
    if not matches:
        return None
    remaining.remove(matches[0])
    user.recovery_code_hashes = remaining
    audit.record(session, user, "user.recovery_code_used", user, municipality_id=user.municipality_id,
                 remaining=len(remaining))
    session.commit()
    return "recovery"


def disable(session: Session, user: User, *, actor: User) -> None:
    """Off, with its recovery codes. By someone else (a lost phone), the account's sessions end too."""
    user.totp_secret = None
    user.totp_last_step = None
    user.recovery_code_hashes = []
    by_holder = actor.id == user.id
    if not by_holder:
        user.session_nonce = new_nonce()
    audit.record(session, actor, "user.two_factor_disable" if by_holder else "user.two_factor_reset", user,
                 municipality_id=user.municipality_id)
    session.commit()
