"""The personal link is an entry point, not an address to stay on.

Opening `/vert/<token>/…` with GET stores the link in this browser's session (the signed, HttpOnly,
SameSite=Lax cookie) and redirects to the same page without the token (`/vert/…`), so the secret is not in the
address bar, the history, bookmarks, Referer headers or the access log of any later request. Every host page
then takes the link from the session; views and templates keep passing `token=` to `url_for`, and the URLs
they get carry no token. The session entry lasts HOST_SESSION_LIFETIME after the host's last request; after
that (or in another browser) the link from the e-mail opens the pages again. A POST to a token URL (a form
opened before this change) still works, and stores the link too.

Host pages, and every response to a request with a token, send `Referrer-Policy: no-referrer`.
"""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from flask.sansio.blueprints import BlueprintSetupState

from ..i18n import _

SESSION_KEY = "host_link"


def _lifetime() -> float:
    """A timedelta in config files, seconds from GJESTEBUD_HOST_SESSION_LIFETIME."""
    value = current_app.config["HOST_SESSION_LIFETIME"]
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def _remember(token: str) -> None:
    session[SESSION_KEY] = {"token": token, "until": int(time.time() + _lifetime())}


def _remembered() -> str | None:
    entry = session.get(SESSION_KEY)
    if not isinstance(entry, dict) or not isinstance(entry.get("token"), str):
        return None
    if not isinstance(entry.get("until"), int) or entry["until"] < time.time():
        session.pop(SESSION_KEY, None)
        return None
    return entry["token"]


def _keep_alive(token: str) -> None:
    """Renewed only once half the lifetime is gone: rewriting the cookie on every request would let two
    requests at once overwrite each other's session (and with it a form's CSRF token)."""
    if session[SESSION_KEY]["until"] - time.time() < _lifetime() / 2:
        _remember(token)


def _token_from_session(_endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Views keep their `token` argument: from the URL on the entry request, from the session afterwards."""
    if values is None:
        return
    if "token" in values:
        g.host_token_in_url = True
    else:
        values["token"] = _remembered()


def _exchange_token() -> Any:
    token = (request.view_args or {}).get("token")
    if g.get("host_token_in_url"):
        from ..db import get_session
        from ..services.hosts import host_for_token

        if token is None or host_for_token(get_session(), token) is None:
            return None  # the view answers 404, as for any unknown link
        _remember(token)
        if request.method in ("GET", "HEAD"):
            rest = {key: value for key, value in (request.view_args or {}).items() if key != "token"}
            return redirect(url_for(request.endpoint or "hosts.home", **rest))
        return None
    if token is None:
        return render_template(
            "error.html", code=403, title=_("Open your personal link again"),
            message=_("For your security, these pages open from the personal link in the e-mail you got when "
                      "you signed up. Open that link again, in this browser.")), 403
    _keep_alive(token)
    return None


def _drop_token(_endpoint: str, values: dict[str, Any]) -> None:
    """url_for(…, token=…) builds the token-free address; the session knows the link."""
    values.pop("token", None)


def no_referrer(response: Any) -> Any:
    """Registered for the whole app: host pages, and anything reached with a personal link in the path."""
    if request.blueprint == "hosts" or request.path.startswith("/vert/"):
        response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _add_token_free_rules(state: BlueprintSetupState) -> None:
    """A twin without `<token>` for every host page rule: `/vert/<token>/rapport` → `/vert/rapport`."""
    for rule in list(state.app.url_map.iter_rules()):
        if rule.endpoint.startswith("hosts.") and "token" in rule.arguments:
            state.app.add_url_rule(rule.rule.replace("/<token>", "", 1), endpoint=rule.endpoint,
                                   methods=sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}))


def init_blueprint(bp: Blueprint) -> None:
    """After the views are registered on `bp`, so their rules exist when the twins are made."""
    bp.url_value_preprocessor(_token_from_session)
    bp.url_defaults(_drop_token)
    bp.before_request(_exchange_token)
    bp.after_app_request(no_referrer)
    bp.record_once(_add_token_free_rules)
