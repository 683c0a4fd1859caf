"""Organisers (and admins): the mail outbox of their municipality (an admin's: all of it)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from ..access import ORGANISERS, roles_required, staff_user
from ..db import get_session
from ..forms import EmptyForm
from ..i18n import _
from ..mail import deliver_due
from ..services import hosts as host_service
from ..services.outbox import outbox_page
from . import bp


@bp.route("/outbox")
@roles_required(*ORGANISERS)
def outbox() -> ResponseReturnValue:
    """The municipality's mails (an admin's: all of them), newest first."""
    listing = outbox_page(get_session(), staff_user(), request.args.get("page", 1, type=int) or 1)
    return render_template("organiser/outbox.html", mails=listing.mails, page=listing.page,
                           pages=listing.pages, total=listing.total,
                           smtp=current_app.config["MAIL_BACKEND"] == "smtp", button_form=EmptyForm(),
                           erased_recipient=host_service.ERASED_RECIPIENT,
                           max_attempts=current_app.config["MAIL_MAX_ATTEMPTS"])


@bp.route("/outbox/send", methods=["POST"])
@roles_required(*ORGANISERS)
def send_outbox() -> ResponseReturnValue:
    """Delivers every due mail now, instead of waiting for the scheduled sender."""
    if EmptyForm().validate_on_submit():
        sent, failed = deliver_due(get_session())
        flash(_("Sent %(sent)s, failed %(failed)s.", sent=sent, failed=failed),
              "error" if failed else "success")
    return redirect(url_for("organiser.outbox"))
