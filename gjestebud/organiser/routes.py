"""Organisers (and admins): topics, their questions and hosts, moderation of lines, and the mail outbox.

Every view loads its topic through `topic_for_staff`, so another municipality's ids answer 404; hosts,
questions and lines are then looked up inside that topic only.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from wtforms import SelectChoice

from ..access import ORGANISERS, roles_required, staff_user, topic_for_staff
from ..db import get_session
from ..forms import EmptyForm
from ..hosts.forms import report_form_for
from ..i18n import _, ngettext
from ..labels import QUESTION_KIND
from ..mail import deliver_due
from ..markdown import render_markdown
from ..models import Host, OutboxMail, Question, Report, ReportStatus, Role, Suggestion, Topic, User
from ..question_templates import TEMPLATES, get_template
from ..services import hosts as host_service
from ..services import reminders as reminder_service
from ..services import topics as topic_service
from ..services.municipalities import all_municipalities
from ..services.personal_data import personal_data_flags
from ..services.reports import ReportIncomplete, save_report
from ..services.suggestions import topic_counts
from . import bp
from .forms import (
    HIDE_REASON_LABELS,
    PERSONAL_DATA_LABELS,
    ConfirmOnlineEditForm,
    HideLineForm,
    QuestionForm,
    QuestionKindForm,
    TopicForm,
    paper_host_form_for,
    translation_form_for,
)

OUTBOX_PAGE_SIZE = 50


def _confirm(heading: str, explanation: list[str], button: str, cancel: str, *, danger: bool = False) -> str:
    """The GET of an action that cannot be taken back: what will happen, and a button that POSTs it."""
    return render_template("organiser/confirm.html", heading=heading, explanation=explanation, button=button,
                           button_class="danger" if danger else "", action=request.path, cancel=cancel,
                           button_form=EmptyForm())


def _topic_form(topic: Topic | None) -> TopicForm:
    """An admin creating a topic picks the municipality; everyone else works in the topic's or their own."""
    user = staff_user()
    form = TopicForm(obj=topic, topic_id=topic.id if topic else None)
    if topic is None and user.role is Role.ADMIN:
        form.municipality_id.choices = [SelectChoice(m.id, m.name) for m in all_municipalities(get_session())]
    else:
        del form.municipality_id
        form.fixed_municipality_id = topic.municipality_id if topic else user.municipality_id
    return form


def _render_topic_form(form: TopicForm, topic: Topic | None, preview: bool = False) -> str:
    previews = None
    if preview:
        previews = {"intro": render_markdown(form.intro_md.data),
                    "guide": render_markdown(form.guide_md.data)}
    return render_template("organiser/topic_form.html", form=form, topic=topic, previews=previews,
                           templates=TEMPLATES, chosen=get_template(form.template.data or ""))


def _topic_fields(form: TopicForm) -> dict[str, Any]:
    return dict(title=form.title.data, slug=form.slug.data, intro_md=form.intro_md.data or "",
                guide_md=form.guide_md.data or "", areas=form.area_list(),
                signup_deadline=form.signup_deadline.data, report_deadline=form.report_deadline.data,
                status=form.status_value(), reminder_days_before=form.reminder_days_before.data,
                retention_days=form.retention_days.data)


@bp.route("/topics/new", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def new_topic() -> ResponseReturnValue:
    form = _topic_form(None)
    if request.method == "GET":
        template = get_template(request.args.get("template", ""))
        if template is None:
            form.guide_md.data = topic_service.default_guide()
        else:
            form.template.data, form.title.data = template.key, template.title
            form.intro_md.data, form.guide_md.data = template.intro_md, template.guide_md
        return _render_topic_form(form, None)
    form.fill_slug()
    if not form.validate_on_submit() or form.preview.data:
        return _render_topic_form(form, None, preview=bool(form.preview.data))
    try:
        topic = topic_service.create_topic(get_session(), municipality_id=form.municipality(),
                                           actor=staff_user(), questions=form.template_questions(),
                                           kinds=form.template_kinds(),
                                           **_topic_fields(form))
    except topic_service.SlugTaken:
        form.slug.errors = [_("Another topic in this municipality already uses this web address.")]
        return _render_topic_form(form, None)
    flash(_("The topic was created. Adapt the questions from the template to the topic.") if topic.questions
          else _("The topic was created. Now add its questions."), "success")
    return redirect(url_for("organiser.questions", topic_id=topic.id))


@bp.route("/topics/<int:topic_id>/edit", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def edit_topic(topic_id: int) -> ResponseReturnValue:
    topic = topic_for_staff(topic_id)
    form = _topic_form(topic)
    if request.method == "GET":
        return _render_topic_form(form, topic)
    form.fill_slug()
    if not form.validate_on_submit() or form.preview.data:
        return _render_topic_form(form, topic, preview=bool(form.preview.data))
    try:
        topic_service.update_topic(get_session(), topic, actor=staff_user(), **_topic_fields(form))
    except topic_service.SlugTaken:
        form.slug.errors = [_("Another topic in this municipality already uses this web address.")]
        return _render_topic_form(form, topic_for_staff(topic_id))
    flash(_("The topic was saved."), "success")
    return redirect(url_for("organiser.topic", topic_id=topic.id))


@bp.route("/topics/<int:topic_id>/")
@roles_required(*ORGANISERS)
def topic(topic_id: int) -> ResponseReturnValue:
    session = get_session()
    topic = topic_for_staff(topic_id)
    hosts = session.scalars(select(Host).where(Host.topic_id == topic.id).order_by(Host.number)
                            .options(selectinload(Host.report))).all()
    transcriber_ids = {h.report.transcribed_by_id for h in hosts if h.report and h.report.transcribed_by_id}
    transcribers = ({u.id: u for u in session.scalars(select(User).where(User.id.in_(transcriber_ids)))}
                    if transcriber_ids else {})
    return render_template("organiser/topic.html", topic=topic, hosts=hosts, transcribers=transcribers,
                           host_counts=topic_service.host_counts(session, topic),
                           report_counts=topic_counts(session, topic),
                           public_link=host_service.topic_url(topic),
                           translation_languages=translation_languages())


@bp.route("/topics/<int:topic_id>/translations/<language>", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def translate_topic(topic_id: int, language: str) -> ResponseReturnValue:
    """The topic in another language (Sámi, Nynorsk, English); what is left empty shows the original."""
    topic = topic_for_staff(topic_id)
    if language not in translation_languages():
        abort(404)
    form = translation_form_for(topic, language)
    if form.validate_on_submit():
        topic_service.save_translation(get_session(), topic, language, title=form.title.data or "",
                                       intro_md=form.intro_md.data or "", guide_md=form.guide_md.data or "",
                                       questions=form.questions(), actor=staff_user())
        flash(_("The translation was saved."), "success")
        return redirect(url_for("organiser.topic", topic_id=topic.id))
    return render_template("organiser/translate.html", topic=topic, form=form, language=language)


def translation_languages() -> list[str]:
    config = current_app.config
    return [code for code in config["LANGUAGES"] if code != config["DEFAULT_LANGUAGE"]]


# Questions -------------------------------------------------------------------------------------------------


def _question_in(topic: Topic, question_id: int) -> Question:
    question = get_session().get(Question, question_id)
    if question is None or question.topic_id != topic.id:
        abort(404)
    return question


@bp.route("/topics/<int:topic_id>/questions", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def questions(topic_id: int) -> ResponseReturnValue:
    session = get_session()
    topic = topic_for_staff(topic_id)
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            topic_service.add_question(session, topic, text=form.text.data,
                                       help_text=form.help_text.data or "", actor=staff_user(),
                                       kind=form.kind_value())
        except topic_service.QuestionsFrozen:
            flash(_("The questions can no longer be changed: a host has already started a report."), "error")
        else:
            flash(_("The question was added."), "success")
        return redirect(url_for("organiser.questions", topic_id=topic.id))
    return render_template("organiser/questions.html", topic=topic, form=form, button_form=EmptyForm(),
                           frozen=topic_service.questions_frozen(session, topic),
                           kind_forms={q.id: QuestionKindForm(formdata=None, kind=q.kind.value)
                                       for q in topic.questions})


@bp.route("/topics/<int:topic_id>/questions/<int:question_id>/edit", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def edit_question(topic_id: int, question_id: int) -> ResponseReturnValue:
    session = get_session()
    topic = topic_for_staff(topic_id)
    question = _question_in(topic, question_id)
    form = QuestionForm(obj=question)
    if form.validate_on_submit():
        try:
            topic_service.update_question(session, question, text=form.text.data,
                                          help_text=form.help_text.data or "", actor=staff_user(),
                                          kind=form.kind_value())
        except topic_service.QuestionsFrozen:
            flash(_("The questions can no longer be changed: a host has already started a report."), "error")
        else:
            flash(_("The question was saved."), "success")
        return redirect(url_for("organiser.questions", topic_id=topic.id))
    return render_template("organiser/question_form.html", topic=topic, question=question, form=form,
                           frozen=topic_service.questions_frozen(session, topic))


@bp.route("/topics/<int:topic_id>/questions/<int:question_id>/kind", methods=["POST"])
@roles_required(*ORGANISERS)
def question_kind(topic_id: int, question_id: int) -> ResponseReturnValue:
    """The kind alone, also once reports came in (it changes how answers are presented, not the question)."""
    topic = topic_for_staff(topic_id)
    question = _question_in(topic, question_id)
    form = QuestionKindForm()
    if form.validate_on_submit():
        topic_service.set_question_kind(get_session(), question, form.kind_value(), actor=staff_user())
        flash(_("The question now asks for: %(kind)s.", kind=QUESTION_KIND[question.kind]), "success")
    else:
        flash(_("Choose what the question asks for from the list."), "error")
    return redirect(url_for("organiser.questions", topic_id=topic.id, _anchor=f"question-{question.id}"))


@bp.route("/topics/<int:topic_id>/questions/<int:question_id>/move/<direction>", methods=["POST"])
@roles_required(*ORGANISERS)
def move_question(topic_id: int, question_id: int, direction: str) -> ResponseReturnValue:
    topic = topic_for_staff(topic_id)
    question = _question_in(topic, question_id)
    if direction not in ("up", "down"):
        abort(404)
    if EmptyForm().validate_on_submit():
        try:
            topic_service.move_question(get_session(), question, direction, actor=staff_user())
        except topic_service.QuestionsFrozen:
            flash(_("The questions can no longer be changed: a host has already started a report."), "error")
    return redirect(url_for("organiser.questions", topic_id=topic.id, _anchor=f"question-{question.id}"))


@bp.route("/topics/<int:topic_id>/questions/<int:question_id>/remove", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def remove_question(topic_id: int, question_id: int) -> ResponseReturnValue:
    topic = topic_for_staff(topic_id)
    question = _question_in(topic, question_id)
    if request.method == "GET":
        return _confirm(_("Remove this question?"),
                        [question.text, _("The question is removed from the topic and from the host kit.")],
                        _("Remove the question"), url_for("organiser.questions", topic_id=topic.id),
                        danger=True)
    if EmptyForm().validate_on_submit():
        try:
            topic_service.remove_question(get_session(), question, actor=staff_user())
        except topic_service.QuestionsFrozen:
            flash(_("The questions can no longer be changed: a host has already started a report."), "error")
        else:
            flash(_("The question was removed."), "success")
    return redirect(url_for("organiser.questions", topic_id=topic.id))


# Hosts -----------------------------------------------------------------------------------------------------


def _host_in(topic: Topic, host_id: int) -> Host:
    host = get_session().get(Host, host_id)
    if host is None or host.topic_id != topic.id:
        abort(404)
    return host


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
    host = _host_in(topic, host_id)
    if not host.email or host.withdrawn_at:
        flash(_("Gjestebud %(number)s has no e-mail address to send the kit to.", number=host.number),
              "error")
    elif request.method == "GET":
        return _confirm(_("Resend the kit to Gjestebud %(number)s?", number=host.number),
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
        return _confirm(_("Send reminders now?"),
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


# Lines -----------------------------------------------------------------------------------------------------


def _line_in(topic: Topic, suggestion_id: int) -> Suggestion:
    suggestion = get_session().get(Suggestion, suggestion_id)
    if suggestion is None or suggestion.report.topic_id != topic.id:
        abort(404)
    return suggestion


@bp.route("/topics/<int:topic_id>/lines")
@roles_required(*ORGANISERS)
def lines(topic_id: int) -> ResponseReturnValue:
    """Every line of the submitted reports, by question, so personal data can be found and hidden."""
    topic = topic_for_staff(topic_id)
    rows = get_session().execute(
        select(Suggestion, Host.number)
        .join(Report, Suggestion.report_id == Report.id).join(Host, Report.host_id == Host.id)
        .where(Report.topic_id == topic.id, Report.status == ReportStatus.SUBMITTED)
        .order_by(Host.number, Suggestion.position)
    ).all()
    by_question: dict[int, list[tuple[Suggestion, int]]] = {q.id: [] for q in topic.questions}
    for suggestion, number in rows:
        by_question.setdefault(suggestion.question_id, []).append((suggestion, number))
    to_review = topic_service.lines_to_review(get_session(), topic)
    flags = {suggestion.id: _flag_labels(suggestion.text)
             for suggestion, _number in rows if not suggestion.hidden}
    # A line waiting for a second look is flagged too: it may be why the first one was hidden.
    review_flags = {line.id: _flag_labels(line.text) for line in to_review}
    return render_template("organiser/lines.html", topic=topic, by_question=by_question,
                           hide_form=HideLineForm(), button_form=EmptyForm(),
                           reason_labels=HIDE_REASON_LABELS, flags=flags, review_flags=review_flags,
                           to_review=to_review)


def _flag_labels(text: str) -> list[str]:
    return [str(PERSONAL_DATA_LABELS[kind]) for kind in personal_data_flags(text)]


@bp.route("/topics/<int:topic_id>/lines/<int:suggestion_id>/hide", methods=["POST"])
@roles_required(*ORGANISERS)
def hide_line(topic_id: int, suggestion_id: int) -> ResponseReturnValue:
    topic = topic_for_staff(topic_id)
    suggestion = _line_in(topic, suggestion_id)
    form = HideLineForm()
    if form.validate_on_submit():
        topic_service.hide_line(get_session(), suggestion, form.reason.data, actor=staff_user())
        flash(_("The line was hidden."), "success")
    else:
        flash(_("Choose why the line should be hidden."), "error")
    return redirect(url_for("organiser.lines", topic_id=topic.id, _anchor=f"line-{suggestion.id}"))


@bp.route("/topics/<int:topic_id>/lines/<int:suggestion_id>/unhide", methods=["POST"])
@roles_required(*ORGANISERS)
def unhide_line(topic_id: int, suggestion_id: int) -> ResponseReturnValue:
    topic = topic_for_staff(topic_id)
    suggestion = _line_in(topic, suggestion_id)
    if EmptyForm().validate_on_submit():
        topic_service.unhide_line(get_session(), suggestion, actor=staff_user())
        flash(_("The line is shown again."), "success")
    return redirect(url_for("organiser.lines", topic_id=topic.id, _anchor=f"line-{suggestion.id}"))


@bp.route("/topics/<int:topic_id>/lines/<int:suggestion_id>/keep-hidden", methods=["POST"])
@roles_required(*ORGANISERS)
def keep_line_hidden(topic_id: int, suggestion_id: int) -> ResponseReturnValue:
    """A line the host changed after it was hidden: the organiser looked, and it stays hidden."""
    topic = topic_for_staff(topic_id)
    suggestion = _line_in(topic, suggestion_id)
    if EmptyForm().validate_on_submit() and suggestion.review_pending:
        topic_service.keep_line_hidden(get_session(), suggestion, actor=staff_user())
        flash(_("The line stays hidden."), "success")
    return redirect(url_for("organiser.lines", topic_id=topic.id))


# Outbox ----------------------------------------------------------------------------------------------------


@bp.route("/outbox")
@roles_required(*ORGANISERS)
def outbox() -> ResponseReturnValue:
    """The municipality's mails (an admin's: all of them), newest first."""
    session = get_session()
    user = staff_user()
    scope = [] if user.role is Role.ADMIN else [OutboxMail.municipality_id == user.municipality_id]
    total = session.scalar(select(func.count(OutboxMail.id)).where(*scope)) or 0
    pages = max(1, -(-total // OUTBOX_PAGE_SIZE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    mails = session.scalars(select(OutboxMail).where(*scope)
                            .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
                            .offset((page - 1) * OUTBOX_PAGE_SIZE).limit(OUTBOX_PAGE_SIZE)).all()
    return render_template("organiser/outbox.html", mails=mails, page=page, pages=pages, total=total,
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


# Paper reports ---------------------------------------------------------------------------------------------


@bp.route("/topics/<int:topic_id>/hosts/<int:host_id>/report", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def transcribe(topic_id: int, host_id: int) -> ResponseReturnValue:
    """The host's own report form, filled in by an organiser from a paper answer sheet. No deadline
    applies: paper sheets arrive late."""
    topic = topic_for_staff(topic_id)
    host = _host_in(topic, host_id)
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
