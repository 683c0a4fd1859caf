"""Staff accounts: creation, password rules, log-in with lockout after repeated failures."""

from __future__ import annotations

import secrets
from datetime import datetime, timezone

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from ..models import Role, User
from ..security import MIN_PASSWORD_LENGTH
from . import audit

# Checked against even when the e-mail is unknown, so timing does not tell which accounts exist.
_DUMMY_HASH = generate_password_hash("not a real password")


def _hash(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


class PasswordTooWeak(ValueError):
    pass


def check_password_rules(password: str, email: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordTooWeak("too_short")
    if email and password.lower() == email.lower():
        raise PasswordTooWeak("same_as_email")
    if len(set(password)) < 5:
        raise PasswordTooWeak("too_simple")


def create_user(session: Session, *, email: str, name: str, password: str, role: Role,
                municipality_id: int | None, actor: User | str) -> User:
    check_password_rules(password, email)
    if role is not Role.ADMIN and municipality_id is None:
        raise ValueError("organisers and planners belong to a municipality")
    user = User(email=email.strip().lower(), name=name, password_hash=_hash(password),
                role=role, municipality_id=municipality_id, session_nonce=secrets.token_hex(8))
    session.add(user)
    audit.record(session, actor, "user.create", user, municipality_id=municipality_id, role=role.value)
    session.commit()
    return user


def set_password(session: Session, user: User, password: str, *, actor: User | str) -> None:
    """Also ends every other session of the account."""
    check_password_rules(password, user.email)
    user.password_hash = _hash(password)
    user.session_nonce = secrets.token_hex(8)
    user.failed_logins = 0
    user.locked_until = None
    audit.record(session, actor, "user.set_password", user, municipality_id=user.municipality_id)
    session.commit()


def authenticate(session: Session, email: str, password: str) -> tuple[User | None, str | None]:
    """Returns (user, None) on success, else (None, reason) where reason is "invalid" or "locked"."""
    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    now = datetime.now(timezone.utc)
    if user is None or not user.active:
        check_password_hash(_DUMMY_HASH, password)
        return None, "invalid"
    if user.locked_until and user.locked_until > now:
        return None, "locked"
    if not check_password_hash(user.password_hash, password):
        user.failed_logins += 1
        if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
            user.locked_until = now + current_app.config["LOGIN_LOCKOUT"]
            user.failed_logins = 0
            audit.record(session, "system", "user.locked", user, municipality_id=user.municipality_id)
        session.commit()
        return None, "invalid"
    user.failed_logins = 0
    user.locked_until = None
    audit.record(session, user, "user.login", user, municipality_id=user.municipality_id)
    session.commit()
    return user, None


def email_in_use(session: Session, email: str) -> bool:
    return session.scalar(select(User.id).where(User.email == email.strip().lower())) is not None


def list_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.active.desc(), User.name, User.email)))


def set_active(session: Session, user: User, active: bool, *, actor: User) -> None:
    """A deactivated account cannot log in, and its open sessions end at their next request."""
    if user.id == actor.id and not active:
        raise ValueError("an administrator cannot deactivate their own account")
    user.active = active
    audit.record(session, actor, "user.reactivate" if active else "user.deactivate", user,
                 municipality_id=user.municipality_id)
    session.commit()
