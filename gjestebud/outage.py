"""When the database blinks (a PostgreSQL restart, a dropped connection), a request is tried once more on a
fresh connection where that is safe; if the database is still away the visitor gets 503 with Retry-After and
keeps what they typed, never a bare 500.

Safe to run again: GET and HEAD, and any request that had not started a commit when the connection failed
(nothing of it can have been stored). A request whose commit was under way may have been stored; trying it
again could store it twice, so it is answered 503 and the resident sends it again (saving a report, signing
up with the same address and confirming are all harmless to repeat).

The 503 page needs no database: it shows every text field the visitor posted and a button that posts them
again, with the same CSRF token, to the same address.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Flask, current_app, g, render_template, request
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import Session
from werkzeug.exceptions import HTTPException

from .i18n import _

log = logging.getLogger(__name__)

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# Posted fields that are not the visitor's words: sent again as they were, not shown.
NOT_SHOWN = ("csrf_token", "send", "save")


def database_unavailable(error: BaseException) -> bool:
    """The database could not be reached or dropped the connection, as opposed to refusing the statement."""
    return isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DBAPIError) and error.connection_invalidated)


def _commit_started(_session: Session) -> None:
    from flask import has_app_context

    if has_app_context():
        g.db_commit_started = True


def _discard_session() -> None:
    """Drop the request's session; SQLAlchemy has already invalidated a connection that failed."""
    session = g.pop("db_session", None)
    if session is not None:
        try:
            session.close()
        except DBAPIError:
            log.info("Closing the session after a database error failed too", exc_info=True)


def _retry_once() -> Any:
    """The view again, on a fresh connection; None when that is not safe or failed again."""
    if g.get("db_retried") or (request.method not in SAFE_METHODS and g.get("db_commit_started")):
        return None
    g.db_retried = True
    time.sleep(float(current_app.config["DATABASE_RETRY_DELAY"]))
    try:
        # The before-request steps again too: the failure may have come from one of them (a host link's
        # look-up), and what they decide (a redirect) is part of the answer.
        rv = current_app.preprocess_request()
        return current_app.make_response(rv if rv is not None else current_app.dispatch_request())
    except HTTPException as error:
        return current_app.handle_user_exception(error)
    except DBAPIError as error:
        if not database_unavailable(error):
            raise
        log.warning("The database is still unavailable: %s", error.__class__.__name__)
        _discard_session()
        return None


def _database_error(error: DBAPIError) -> Any:
    if not database_unavailable(error):
        raise error  # a refused statement is a bug: the 500 handler logs it
    log.warning("Database unavailable during %s %s: %s", request.method, request.endpoint,
                str(error).splitlines()[0] if str(error) else error.__class__.__name__)
    _discard_session()
    response = _retry_once()
    if response is not None:
        return response
    return unavailable_page()


def unavailable_page() -> Any:
    """503 with Retry-After; a POST's text fields are shown and can be sent again with one press."""
    from flask_login import AnonymousUserMixin

    g._login_user = AnonymousUserMixin()  # the page must not ask the database who is logged in
    fields = [(name, value) for name, values in request.form.lists() for value in values] \
        if request.method == "POST" else []
    shown = [(name, value) for name, value in fields if name not in NOT_SHOWN and value.strip()]
    seconds = int(current_app.config["DATABASE_RETRY_AFTER"])
    body = render_template("unavailable.html", fields=fields, shown=shown, action=request.path,
                           title=_("Could not save, try again in a minute") if fields else
                           _("The service is unavailable for a moment"))
    return body, 503, {"Retry-After": str(seconds), "Cache-Control": "no-store"}


def init_app(app: Flask) -> None:
    app.register_error_handler(DBAPIError, _database_error)
    if not event.contains(Session, "before_commit", _commit_started):
        event.listen(Session, "before_commit", _commit_started)
