"""Staff accounts: creation and editing, password rules, log-in with a per-address back-off.

Rules this module enforces:
- Every failed log-in looks the same from outside: one message, and a password hash computed whether the
  account exists, is inactive, waits out a back-off, or the password is wrong.
- Failures are counted per account name *and* client address. After LOGIN_FREE_FAILURES from one address the
  pair waits 1, 2, 4 … minutes (capped at LOGIN_BACKOFF_MAX); other addresses are untouched, so nobody can
  lock a staff member out from elsewhere.
- Anything that takes rights away (log-out, password change, deactivation, a lesser role or another
  municipality, a 2FA reset) rotates the session nonce, which ends the account's open sessions.
"""

from __future__ import annotations

import functools
import re
import secrets
import string
from datetime import datetime, timezone
from importlib import resources
from typing import Any, cast

from flask import current_app
from sqlalchemy import CursorResult, case, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import LoginThrottle, Role, User
from ..security import MIN_PASSWORD_LENGTH
from . import audit

# Which roles see more than which: a move down this order, or to another municipality, ends sessions.
_RIGHTS = {Role.PLANNER: 1, Role.ORGANISER: 2, Role.ADMIN: 3}
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
                       "!": "i", "|": "l", "+": "t"})
_AROUND = string.digits + string.punctuation + string.whitespace


def _hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@functools.cache
def _dummy_hash(method: str) -> str:
    """Checked against when there is no real hash to check, so the answer takes as long as a real one."""
    return generate_password_hash(secrets.token_hex(16), method=method)


def _burn_time(password: str) -> None:
    check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password)


def new_nonce() -> str:
    return secrets.token_hex(8)


class PasswordTooWeak(ValueError):
    pass


class OwnRightsError(ValueError):
    """An administrator tried to demote or deactivate themselves: someone must remain to undo it."""


@functools.cache
def common_passwords() -> frozenset[str]:
    """The list shipped in the package: data/common-passwords.txt."""
    lines = resources.files("gjestebud").joinpath("data/common-passwords.txt").read_text("utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _repeats(text: str) -> bool:
    """"abcabcabc", "passordpassord": one short piece over and over."""
    return any(len(text) % size == 0 and text == text[:size] * (len(text) // size)
               for size in range(1, len(text) // 2 + 1))


def is_common(password: str) -> bool:
    """A listed password, or one dressed up: digits and symbols around it, letters swapped for look-alike
    digits (p@ssw0rd), the same piece repeated, or one or two listed words joined by digits and symbols."""
    lowered = password.lower()
    core = lowered.strip(_AROUND)
    listed = common_passwords()
    candidates = {lowered, core, core.translate(_LEET), lowered.translate(_LEET).strip(_AROUND)}
    if not core or any(candidate in listed for candidate in candidates):
        return True
    squeezed = re.sub(r"[\W_]+", "", core)
    if _repeats(squeezed) or _repeats(squeezed.translate(_LEET)) or squeezed in listed:
        return True
    # One or two listed words with digits and symbols between them ("sommer2025sommer", "hei!hallo12").
    words = set(re.findall(r"[^\W\d_]+", lowered))
    return len(words) <= 2 and all(word in listed for word in words)


def _personal_parts(email: str, name: str) -> set[str]:
    """Pieces of the account's own identity long enough to matter in a password."""
    local = email.lower().partition("@")[0]
    parts = {email.lower(), local, *re.split(r"[\W_]+", local), *re.split(r"[\W_]+", name.lower())}
    return {part for part in parts if len(part) >= 4}


def check_password_rules(password: str, email: str = "", name: str = "") -> None:
    """Raises PasswordTooWeak with the rule broken: too_short, personal, too_simple or common."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooWeak("too_short")
    lowered = password.lower()
    if any(part in lowered for part in _personal_parts(email, name)):
        raise PasswordTooWeak("personal")
    if len(set(password)) < 5:
        raise PasswordTooWeak("too_simple")
    if is_common(password):
        raise PasswordTooWeak("common")


def create_user(session: Session, *, email: str, name: str, password: str, role: Role,
                municipality_id: int | None, actor: User | str, must_change_password: bool = False) -> User:
    """`must_change_password` when someone other than the holder chose the password."""
    check_password_rules(password, email, name)
    if role is not Role.ADMIN and municipality_id is None:
        raise ValueError("organisers and planners belong to a municipality")
    user = User(email=email.strip().lower(), name=name, password_hash=_hash(password),
                role=role, municipality_id=None if role is Role.ADMIN else municipality_id,
                session_nonce=new_nonce(), must_change_password=must_change_password)
    session.add(user)
    audit.record(session, actor, "user.create", user, municipality_id=user.municipality_id, role=role.value)
    session.commit()
    return user


def set_password(session: Session, user: User, password: str, *, actor: User | str,
                 must_change: bool = True) -> None:
    """Also ends every other session of the account. A password someone else chose (`must_change`) is to
    be replaced by the holder at their next log-in."""
    check_password_rules(password, user.email, user.name)
    user.password_hash = _hash(password)
    user.session_nonce = new_nonce()
    user.must_change_password = must_change
    session.execute(delete(LoginThrottle).where(LoginThrottle.account == user.email))
    audit.record(session, actor, "user.set_password", user, municipality_id=user.municipality_id)
    session.commit()


def password_matches(user: User, password: str) -> bool:
    return check_password_hash(user.password_hash, password)


def change_own_password(session: Session, user: User, password: str) -> None:
    """The holder's own change: the new session nonce is the caller's to carry into a fresh session."""
    set_password(session, user, password, actor=user, must_change=False)


def _throttle(session: Session, account: str, address: str) -> LoginThrottle | None:
    return session.scalar(select(LoginThrottle).where(LoginThrottle.account == account,
                                                      LoginThrottle.address == address))


def _login_blocked(session: Session, email: str, address: str) -> bool:
    """Whether this account name from this address is waiting out a back-off."""
    row = _throttle(session, email.strip().lower(), address)
    return bool(row and row.blocked_until and row.blocked_until > datetime.now(timezone.utc))


def record_failure(session: Session, email: str, address: str, user: User | None = None) -> None:
    """One more failure for the pair; past the free ones, a back-off that doubles with each failure."""
    account, address = email.strip().lower()[:254], address[:64]
    try:
        _count_failure(session, account, address, user)
    except IntegrityError:  # two first failures at once: the loser counts on the winner's row
        session.rollback()
        _count_failure(session, account, address, user)


def _count_failure(session: Session, account: str, address: str, user: User | None) -> None:
    """The counter is raised by one UPDATE first: it takes the row's lock (the write lock on SQLite), so
    parallel failures are all counted, and the back-off is worked out from the raised count."""
    config = current_app.config
    now = datetime.now(timezone.utc)
    lapsed = LoginThrottle.last_failure_at < now - config["LOGIN_FAILURE_WINDOW"]
    raised = cast(CursorResult[Any], session.execute(
        update(LoginThrottle)
        .where(LoginThrottle.account == account, LoginThrottle.address == address)
        .values(failures=case((lapsed, 1), else_=LoginThrottle.failures + 1), last_failure_at=now)
        .execution_options(synchronize_session=False)))
    if raised.rowcount == 0:
        _forget_old_failures(session, now)
        session.add(LoginThrottle(account=account, address=address, failures=1, last_failure_at=now))
        session.flush()
    row = session.scalars(select(LoginThrottle).where(
        LoginThrottle.account == account, LoginThrottle.address == address,
    ).execution_options(populate_existing=True)).one()
    over = row.failures - config["LOGIN_FREE_FAILURES"]
    if over >= 0:
        wait = min(config["LOGIN_BACKOFF_BASE"] * 2 ** min(over, 20), config["LOGIN_BACKOFF_MAX"])
        row.blocked_until = now + wait
        if user is not None:
            audit.record(session, "system", "user.login_backoff", user, municipality_id=user.municipality_id,
                         address=address, seconds=int(wait.total_seconds()))
    session.commit()


def _forget_old_failures(session: Session, now: datetime) -> None:
    """Drop counters nobody has added to for a while, so the table only ever holds recent failures."""
    cutoff = now - max(current_app.config["LOGIN_FAILURE_WINDOW"], current_app.config["LOGIN_BACKOFF_MAX"])
    session.execute(delete(LoginThrottle).where(LoginThrottle.last_failure_at < cutoff))


def check_credentials(session: Session, email: str, password: str, *, address: str) -> User | None:
    """The account if the password is right and the pair is not waiting; None for every kind of failure,
    after the same work. A right password alone does not log in or clear the failures: a second factor may
    follow, and `complete_login` does both."""
    account = email.strip().lower()
    if _login_blocked(session, account, address):
        _burn_time(password)
        return None
    user: User | None = session.scalar(select(User).where(User.email == account))
    if user is None or not user.active:
        _burn_time(password)
        record_failure(session, account, address)
        return None
    if not password_matches(user, password):
        record_failure(session, account, address, user)
        return None
    return user


def _clear_failures(session: Session, user: User, address: str) -> None:
    session.execute(delete(LoginThrottle).where(LoginThrottle.account == user.email,
                                                LoginThrottle.address == address))


def complete_login(session: Session, user: User, *, address: str, method: str) -> None:
    """Every factor checked: forget the pair's failures and log who came in how."""
    _clear_failures(session, user, address)
    audit.record(session, user, "user.login", user, municipality_id=user.municipality_id, method=method)
    session.commit()


def end_sessions(session: Session, user: User, *, actor: User | str) -> None:
    """Log-out: a new nonce, so every copy of a cookie carrying the old one stops working."""
    user.session_nonce = new_nonce()
    audit.record(session, actor, "user.logout", user, municipality_id=user.municipality_id)
    session.commit()


def email_in_use(session: Session, email: str) -> bool:
    return session.scalar(select(User.id).where(User.email == email.strip().lower())) is not None


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.active.desc(), User.name, User.email)))


def set_active(session: Session, user: User, active: bool, *, actor: User) -> None:
    """A deactivated account cannot log in, and its open sessions end at their next request."""
    if user.id == actor.id and not active:
        raise ValueError("an administrator cannot deactivate their own account")
    user.active = active
    if not active:
        user.session_nonce = new_nonce()
    audit.record(session, actor, "user.reactivate" if active else "user.deactivate", user,
                 municipality_id=user.municipality_id)
    session.commit()


def _loses_rights(user: User, role: Role, municipality_id: int | None, active: bool) -> bool:
    return ((user.active and not active) or _RIGHTS[role] < _RIGHTS[user.role]
            or (role is not Role.ADMIN and municipality_id != user.municipality_id))


def update_user(session: Session, user: User, *, name: str, role: Role, municipality_id: int | None,
                active: bool, actor: User) -> bool:
    """An admin's edit of another account. Returns whether the account lost rights, in which case its open
    sessions end. Admins cannot demote or deactivate themselves (someone must remain to undo it)."""
    if role is not Role.ADMIN and municipality_id is None:
        raise ValueError("organisers and planners belong to a municipality")
    if user.id == actor.id and (role is not user.role or not active):
        raise OwnRightsError(user.id)
    municipality_id = None if role is Role.ADMIN else municipality_id
    scope = municipality_id if municipality_id is not None else user.municipality_id
    before = {"name": user.name, "role": user.role.value, "municipality_id": user.municipality_id,
              "active": user.active}
    shrinks = _loses_rights(user, role, municipality_id, active)
    user.name, user.role, user.municipality_id, user.active = name, role, municipality_id, active
    if shrinks:
        user.session_nonce = new_nonce()
    after = {"name": name, "role": role.value, "municipality_id": municipality_id, "active": active}
    changed = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    audit.record(session, actor, "user.update", user, municipality_id=scope, changed=changed,
                 sessions_ended=shrinks)
    session.commit()
    return shrinks
