"""What every audience shares: health check, language choice, errors, security headers, staff sessions."""

from __future__ import annotations

import logging
from typing import Any

from flask import (
    Flask,
    Response,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_wtf.csrf import CSRFError
from sqlalchemy import select, text
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter, Map

from .db import get_session
from .forms import MAX_ID
from .i18n import _, supported_languages
from .models import User
from .security import login_manager, safe_next

log = logging.getLogger(__name__)

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
# No page needs a device or tracking feature; deny them all, also to anything a page might embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), bluetooth=(), browsing-topics=(), camera=(), display-capture=(), "
    "encrypted-media=(), geolocation=(), gyroscope=(), hid=(), interest-cohort=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), publickey-credentials-get=(), serial=(), usb=(), "
    "xr-spatial-tracking=()"
)
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    """The session holds "id:nonce"; a changed password changes the nonce and ends old sessions."""
    raw_id, _sep, nonce = user_id.partition(":")
    if not raw_id.isdigit():
        return None
    user = get_session().get(User, int(raw_id))
    if user is None or user.session_nonce != nonce or not user.active:
        return None
    return user


def healthz() -> ResponseReturnValue:
    try:
        get_session().execute(text("SELECT 1"))
    except SQLAlchemyError as exc:
        log.error("Health check: database unreachable: %s", exc)
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


def set_language(code: str) -> ResponseReturnValue:
    """A plain link, so it works without JavaScript; remembered in the session."""
    if code not in supported_languages():
        abort(404)
    session["lang"] = code
    return redirect(safe_next(request.args.get("next")) or url_for("public.home"))


def _error_page(error: HTTPException) -> ResponseReturnValue:
    titles = {
        400: _("The request could not be understood"),
        403: _("You do not have access to this page"),
        404: _("We could not find that page"),
        405: _("That action is not possible here"),
        413: _("What you sent is too large"),
        429: _("Too many attempts"),
    }
    code = error.code or 500
    return render_template("error.html", code=code, title=titles.get(code, _("Something went wrong"))), code


def _csrf_error(_error: CSRFError) -> ResponseReturnValue:
    return render_template(
        "error.html", code=400, title=_("The form had expired"),
        message=_("For your security the form must be sent from this site within the same visit. "
                  "Go back, reload the page and try again."),
    ), 400


def _server_error(error: Exception) -> ResponseReturnValue:
    log.exception("Unhandled error", exc_info=error)
    return render_template("error.html", code=500, title=_("Something went wrong"),
                           message=_("The error has been logged. Please try again in a moment.")), 500


def _security_headers(response: Response) -> Response:
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    # Host pages carry the secret link in their URL: never send it to another site.
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if current_app.config["BASE_URL"].startswith("https://"):
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    if request.endpoint and not request.endpoint.startswith(("public.", "static")):
        response.headers.setdefault("Cache-Control", "no-store")
    return response


class IdConverter(IntegerConverter):
    """`<int:...>` in every rule: numbers beyond the database's integers match no rule, so they are a 404."""

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _refuse_nul_in_path() -> None:
    if "\x00" in request.path:
        abort(404)


def init_app(app: Flask) -> None:
    """Before the blueprints: their rules use the converter."""
    app.url_map.converters["int"] = IdConverter
    app.before_request(_refuse_nul_in_path)
    app.jinja_env.add_extension("jinja2.ext.do")
    app.add_url_rule("/healthz", "healthz", healthz)
    app.add_url_rule("/lang/<code>", "set_language", set_language)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _error_page)
    app.register_error_handler(500, _server_error)
    app.after_request(_security_headers)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    # Off: Flask-Login's protection rewrites an anonymous visitor's session cookie on every request, and a
    # concurrent request (a favicon, say) can then overwrite the cookie that holds a form's CSRF token.
    # Log-in starts a fresh session and a password change ends every other one (User.session_nonce).
    login_manager.session_protection = None


def user_by_email(email: str) -> User | None:
    return get_session().scalar(select(User).where(User.email == email.strip().lower()))
