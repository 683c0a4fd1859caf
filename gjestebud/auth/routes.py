import time
from typing import Any

from flask import (
    current_app,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from ..access import READERS, roles_required, staff_user
from ..db import get_session
from ..forms import EmptyForm
from ..i18n import _
from ..models import Municipality, Topic, User
from ..security import client_address, limit_from, limiter, safe_next
from ..services import two_factor
from ..services import users as user_service
from . import bp
from .forms import CodeForm, LoginForm

# The second step must follow the first within this many seconds.
PENDING_SECONDS = 300
_PENDING = "pending_login"


def _failed() -> str:
    """One answer for every failure: it tells neither which accounts exist nor which are waiting."""
    return _("Wrong e-mail address or password. After several failed attempts from one place, wait a few "
             "minutes before trying again.")


def _start_session(user: User, target: str | None, *, method: str) -> Any:
    """A fresh session on log-in (no fixation), keeping only the chosen language."""
    user_service.complete_login(get_session(), user, address=client_address(), method=method)
    language = session.get("lang")
    session.clear()
    if language:
        session["lang"] = language
    login_user(user)
    return redirect(target or url_for("auth.dashboard"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(limit_from("RATELIMIT_LOGIN"), methods=["POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user = user_service.check_credentials(get_session(), form.email.data, form.password.data,
                                              address=client_address())
        target = safe_next(request.args.get("next"))
        if user is not None and user.two_factor_enabled:
            session[_PENDING] = {"user": user.get_id(), "at": time.time(), "tries": 0, "next": target}
            return redirect(url_for("auth.login_code"))
        if user is not None:
            return _start_session(user, target, method="password")
        error = _failed()
    return render_template("auth/login.html", form=form, error=error)


def _pending_user() -> User | None:
    pending = session.get(_PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    raw_id, _sep, nonce = str(pending.get("user", "")).partition(":")
    user = get_session().get(User, int(raw_id)) if raw_id.isdigit() else None
    if user is None or not user.active or user.session_nonce != nonce or not user.two_factor_enabled:
        return None
    return user


@bp.route("/login/code", methods=["GET", "POST"])
@limiter.limit(limit_from("RATELIMIT_LOGIN"), methods=["POST"])
def login_code() -> ResponseReturnValue:
    """The second step for accounts with two-factor sign-in: a code from the app, or a recovery code."""
    user = _pending_user()
    if user is None:
        session.pop(_PENDING, None)
        if request.method == "POST":
            flash(_("The log-in took too long. Start again with your e-mail address and password."), "error")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    error = None
    if form.validate_on_submit():
        method = two_factor.verify(get_session(), user, form.code.data)
        if method is not None:
            return _start_session(user, session[_PENDING].get("next"), method=method)
        user_service.record_failure(get_session(), user.email, client_address(), user)
        pending = session[_PENDING]
        pending["tries"] += 1
        session[_PENDING] = pending
        if pending["tries"] >= current_app.config["TWO_FACTOR_MAX_ATTEMPTS"]:
            session.pop(_PENDING, None)
            flash(_("Too many wrong codes. Start again with your e-mail address and password."), "error")
            return redirect(url_for("auth.login"))
        error = _("That code is not right. Codes change every 30 seconds; each one works once.")
    return render_template("auth/login_code.html", form=form, error=error)


@bp.app_context_processor
def _logout_form() -> dict[str, Any]:
    """Every staff page has the log-out button; its CSRF token comes from an EmptyForm like every button's."""
    return {"logout_form": EmptyForm()} if has_request_context() else {}


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> ResponseReturnValue:
    """Ends this session and every copy of its cookie: the account's session nonce changes."""
    if EmptyForm().validate_on_submit():
        user_service.end_sessions(get_session(), staff_user(), actor=staff_user())
        logout_user()
        session.clear()
    return redirect(url_for("public.home"))


@bp.before_app_request
def _password_change_first() -> Any:
    """After an administrator chose the password, every staff page leads to the change page until done."""
    if (request.blueprint in ("auth", "admin", "organiser", "planner")
            and request.endpoint not in ("auth.change_password", "auth.logout")
            and current_user.is_authenticated and current_user.must_change_password):
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/")
@roles_required(*READERS)
def dashboard() -> ResponseReturnValue:
    """Every staff member starts here: the topics of their municipality (all of them for an admin)."""
    user = staff_user()
    query = select(Topic).join(Municipality).order_by(Municipality.name, Topic.created_at.desc())
    if user.municipality_id is not None:
        query = query.where(Topic.municipality_id == user.municipality_id)
    topics = get_session().scalars(query).all()
    return render_template("auth/dashboard.html", topics=topics)
