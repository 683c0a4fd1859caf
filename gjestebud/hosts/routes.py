"""The host's pages behind the personal link /vert/<token>/: no account, the secret link is the key."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, g, jsonify, redirect, render_template, url_for
from flask import session as browser_session

from ..content import localized
from ..db import get_session
from ..forms import EmptyForm
from ..i18n import _, supported_languages
from ..ics import deadline_response
from ..markdown import render_markdown
from ..models import Host, ReportStatus
from ..security import limit_from, limiter
from ..services import hosts as host_service
from ..services import privacy as privacy_service
from ..services import reports as report_service
from ..services import results as results_service
from ..services import results_page
from . import bp
from .forms import EraseForm, report_form_for

# Every /vert page looks a secret up: throttled per address, so links cannot be guessed by brute force.
limiter.limit(limit_from("RATELIMIT_TOKEN_LOOKUP"))(bp)


def _host(token: str) -> Host:
    """The link's host; its pages open in the language the host chose at sign-up, unless the visitor has
    picked one in the language menu since (that choice wins)."""
    host = host_service.host_for_token(get_session(), token)
    if host is None:
        abort(404)
    if "lang" not in browser_session and host.language in supported_languages():
        g.locale = host.language
    return host


def _confirmed_host(token: str) -> Host:
    """The kit and the report come after the host has pressed "Confirm" (or withdrew before that)."""
    host = _host(token)
    if host.confirmed_at is None and host.withdrawn_at is None:
        abort(redirect(url_for("hosts.confirm", token=token)))
    return host


@bp.route("/<token>/bekreft", methods=["GET", "POST"])
def confirm(token: str) -> Any:
    """A button, not the link itself, confirms: mail scanners open links but do not press buttons."""
    host = _host(token)
    if host.confirmed_at is not None or host.withdrawn_at is not None:
        return redirect(url_for("hosts.home", token=token))
    form = EmptyForm()
    if form.validate_on_submit():
        host_service.confirm(get_session(), host, token)
        flash(_("Thank you! Your e-mail address is confirmed and the host kit is on its way."), "success")
        return redirect(url_for("hosts.home", token=token))
    return render_template("hosts/confirm.html", host=host, form=form, token=token)


@bp.route("/<token>/")
def home(token: str) -> Any:
    host = _confirmed_host(token)
    guide = localized(host.topic, "guide_md")
    public = results_service.is_public(host.topic)
    return render_template("hosts/home.html", host=host, token=token, guide=render_markdown(guide),
                           guide_lang=guide.lang,
                           invitation=host_service.invitation_text(host),
                           may_edit=report_service.host_may_edit(host),
                           own_lines=results_page.own_lines(get_session(), host.topic, host.report, public),
                           results_public=public,
                           group_link=results_service.group_url(host.topic, host.number) if public else None)


@bp.route("/<token>/mine-data.json")
def my_data(token: str) -> Any:
    """The host's own copy of everything stored about them, as a file to keep."""
    host = _host(token)
    response = jsonify(privacy_service.host_data(get_session(), host))
    response.headers["Content-Disposition"] = f'attachment; filename="gjestebud-{host.number}-data.json"'
    return response


@bp.route("/<token>/frist.ics")
def deadline_ics(token: str) -> Any:
    """The report deadline for the host's own calendar.

    It holds the public topic link, not this secret one.
    """
    return deadline_response(_confirmed_host(token).topic)


@bp.route("/<token>/skjema")
def sheet(token: str) -> Any:
    host = _confirmed_host(token)
    return render_template("hosts/sheet.html", host=host, token=token)


@bp.route("/<token>/rapport", methods=["GET", "POST"])
def report(token: str) -> Any:
    host = _confirmed_host(token)
    if not report_service.host_may_edit(host):
        return render_template("hosts/report_closed.html", host=host, token=token, report=host.report)
    form = report_form_for(host.topic, host.report, planned_date=host.planned_date)
    if form.validate_on_submit():
        was_submitted = host.report is not None and host.report.status is ReportStatus.SUBMITTED
        try:
            report_service.save_report(
                get_session(), host, held_on=form.held_on.data, participants=form.participants.data,
                age_counts=form.age_counts(), lines=form.lines(), submit=form.submitting or was_submitted,
                actor="host", token=token)
        except report_service.ReportIncomplete:
            # A submitted report stays complete: the form already says what is missing when submitting.
            get_session().rollback()
            form.held_on.errors = [_("A submitted report needs the date, the number of participants and at "
                                     "least one suggestion.")]
        else:
            if form.submitting and not was_submitted:
                flash(_("Thank you! Your report has been submitted. You can change it until the deadline."),
                      "success")
            elif was_submitted:
                flash(_("Your changes to the submitted report are saved."), "success")
            else:
                flash(_("Your draft is saved. Nothing is sent to the municipality until you submit."),
                      "success")
            return redirect(url_for("hosts.home", token=token))
    return render_template("hosts/report.html", host=host, token=token, form=form)


@bp.route("/<token>/trekk", methods=["GET", "POST"])
def withdraw(token: str) -> Any:
    host = _host(token)
    form = EmptyForm()
    if form.validate_on_submit():
        host_service.withdraw(get_session(), host)
        flash(_("You have withdrawn. Your group's report no longer counts anywhere, and no results mail will "
                "come. You can submit it again until the deadline."), "success")
        return redirect(url_for("hosts.home", token=token))
    return render_template("hosts/withdraw.html", host=host, token=token, form=form)


@bp.route("/<token>/slett", methods=["GET", "POST"])
def erase(token: str) -> Any:
    host = _host(token)
    form = EraseForm()
    if form.validate_on_submit():
        host_service.erase(get_session(), host, remove_suggestions=not form.keep_suggestions.data)
        return render_template("hosts/erased.html", topic=host.topic)
    return render_template("hosts/erase.html", host=host, token=token, form=form)
