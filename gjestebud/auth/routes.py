from flask import redirect, render_template, request, session, url_for
from flask_login import login_required, login_user, logout_user
from sqlalchemy import select

from ..access import READERS, roles_required, staff_user
from ..db import get_session
from ..forms import EmptyForm
from ..i18n import _
from ..models import Municipality, Topic
from ..security import limit_from, limiter
from ..services.users import authenticate
from . import bp
from .forms import LoginForm


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(limit_from("RATELIMIT_LOGIN"), methods=["POST"])
def login():
    form = LoginForm()
    error = None
    if form.validate_on_submit():
        user, reason = authenticate(get_session(), form.email.data, form.password.data)
        if user is not None:
            language = session.get("lang")
            session.clear()  # a fresh session on log-in: no fixation
            if language:
                session["lang"] = language
            login_user(user)
            target = request.args.get("next", "")
            if not target.startswith("/") or target.startswith("//"):
                target = url_for("auth.dashboard")
            return redirect(target)
        error = (_("The account is locked for a while after too many failed attempts. Try again later.")
                 if reason == "locked" else _("Wrong e-mail address or password."))
    return render_template("auth/login.html", form=form, error=error)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if EmptyForm().validate_on_submit():
        logout_user()
        session.clear()
    return redirect(url_for("public.home"))


@bp.route("/")
@roles_required(*READERS)
def dashboard():
    """Every staff member starts here: the topics of their municipality (all of them for an admin)."""
    user = staff_user()
    query = select(Topic).join(Municipality).order_by(Municipality.name, Topic.created_at.desc())
    if user.municipality_id is not None:
        query = query.where(Topic.municipality_id == user.municipality_id)
    topics = get_session().scalars(query).all()
    return render_template("auth/dashboard.html", topics=topics)
