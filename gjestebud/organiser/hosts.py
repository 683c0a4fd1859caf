"""Organisers (and admins): a topic's hosts: paper sign-ups, resent kits, reminders and paper reports."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from ..access import ORGANISERS, get_or_404, roles_required, staff_user, topic_for_staff
from ..db import get_session
from ..forms import EmptyForm
from ..hosts.forms import report_form_for
from ..i18n import _, ngettext
from ..models import Host, ReportStatus
from ..services import hosts as host_service
from ..services import reminders as reminder_service
from ..services import topics as topic_service
from ..services.reports import ReportIncomplete, save_report
from . import bp
from .confirm import confirm
from .forms import ConfirmOnlineEditForm, paper_host_form_for


@bp.route("/topics/<int:topic_id>/hosts/new", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def new_paper_host(topic_id: int) -> ResponseReturnValue:
    topic = topic_for_staff(topic_id)
    form = paper_host_form_for(topic)
    if form.validate_on_submit():
        host = topic_service.register_paper_host(
            get_session(), topic, name=form.name.data or None, email=(form.email.data or "").lower() or None,
            phone=form.phone.data or None, area=form.area.data or None, actor=staff_user())
        flash(_("Gjestebud %(number)s was registered. You can now type in its report.", number=host.number),
              "success")
        return redirect(url_for("organiser.topic", topic_id=topic.id, _anchor=f"host-{host.id}"))
    return render_template("organiser/paper_host.html", topic=topic, form=form)


@bp.route("/topics/<int:topic_id>/hosts/<int:host_id>/resend-kit", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def resend_kit(topic_id: int, host_id: int) -> ResponseReturnValue:
    topic = topic_for_staff(topic_id)
    host = get_or_404(Host, host_id, topic)
    if not host.email or host.withdrawn_at:
        flash(_("Gjestebud %(number)s has no e-mail address to send the kit to.", number=host.number),
              "error")
    elif request.method == "GET":
        return confirm(_("Resend the kit to Gjestebud %(number)s?", number=host.number),
                        [_("A new kit with a new personal link goes to %(email)s. The host's old link stops "
                           "working at once, also the one in earlier mails.", email=host.email)],
                        _("Resend the kit"), url_for("organiser.topic", topic_id=topic.id,
                                                     _anchor=f"host-{host.id}"))
    elif EmptyForm().validate_on_submit():
        host_service.resend_kit(get_session(), host, actor=staff_user())
        flash(_("A new kit with a new personal link was sent to %(email)s. The old link no longer works.",
                email=host.email), "success")
    return redirect(url_for("organiser.topic", topic_id=topic.id, _anchor=f"host-{host.id}"))


@bp.route("/topics/<int:topic_id>/reminders", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def send_reminders(topic_id: int) -> ResponseReturnValue:
    """Remind now every host who has not reported; the service makes sure nobody is reminded twice."""
    topic = topic_for_staff(topic_id)
    if request.method == "GET":
        return confirm(_("Send reminders now?"),
                        [_("Every host who was sent the kit and has not reported gets the reminder by e-mail "
                           "now, and none later. This cannot be undone.")],
                        _("Send reminders now"), url_for("organiser.topic", topic_id=topic.id,
                                                         _anchor="reminders"))
    if EmptyForm().validate_on_submit():
        try:
            queued = reminder_service.send_reminder_now(get_session(), topic, staff_user())
        except reminder_service.RemindersClosed:
            flash(_("Reporting is closed for this topic, so no reminders were sent."), "error")
        else:
            flash(ngettext("%(num)s reminder was queued.", "%(num)s reminders were queued.", queued),
                  "success")
    return redirect(url_for("organiser.topic", topic_id=topic.id, _anchor="reminders"))


# Paper reports ---------------------------------------------------------------------------------------------


@bp.route("/topics/<int:topic_id>/hosts/<int:host_id>/report", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def transcribe(topic_id: int, host_id: int) -> ResponseReturnValue:
    """The host's own report form, filled in by an organiser from a paper answer sheet. No deadline
    applies: paper sheets arrive late."""
    topic = topic_for_staff(topic_id)
    host = get_or_404(Host, host_id, topic)
    if host.withdrawn_at is not None:
        flash(_("Gjestebud %(number)s has withdrawn; its report can no longer be typed in.",
                number=host.number), "error")
        return redirect(url_for("organiser.topic", topic_id=topic.id, _anchor=f"host-{host.id}"))
    form = report_form_for(topic, host.report, planned_date=host.planned_date)
    # Staff type in what the host wrote: the host, not the one typing, is counted.
    form.participants.label.text = _("Number of participants, including the host")
    # The host's own online report: staff may change it only when they say so, and it stays the host's.
    online = host.report is not None and host.report.transcribed_by_id is None
    confirm_form = ConfirmOnlineEditForm() if online else None
    confirmed = confirm_form is None or confirm_form.validate_on_submit()
    if form.validate_on_submit() and confirmed:
        try:
            report = save_report(get_session(), host, held_on=form.held_on.data,
                                 participants=form.participants.data, age_counts=form.age_counts(),
                                 lines=form.lines(), submit=form.submitting, actor=staff_user(),
                                 transcribed=True)
        except ReportIncomplete:
            form.held_on.errors = [
                *form.held_on.errors,
                _("Enter the date, the number of participants and at least one suggestion."),
            ]
        else:
            message = (_("The report of Gjestebud %(number)s was submitted.", number=host.number)
                       if report.status is ReportStatus.SUBMITTED
                       else _("The report of Gjestebud %(number)s was saved as a draft.", number=host.number))
            flash(message, "success")
            return redirect(url_for("organiser.topic", topic_id=topic.id, _anchor=f"host-{host.id}"))
    return render_template("organiser/transcribe.html", topic=topic, host=host, form=form,
                           confirm_form=confirm_form)
