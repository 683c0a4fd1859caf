"""Organisers (and admins): a topic's questions, added, edited, ordered and removed."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from ..access import ORGANISERS, get_or_404, roles_required, staff_user, topic_for_staff
from ..db import get_session
from ..forms import EmptyForm
from ..i18n import _
from ..labels import QUESTION_KIND
from ..models import Question
from ..services import topics as topic_service
from . import bp
from .confirm import confirm
from .forms import QuestionForm, QuestionKindForm


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
    question = get_or_404(Question, question_id, topic)
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
    question = get_or_404(Question, question_id, topic)
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
    question = get_or_404(Question, question_id, topic)
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
    question = get_or_404(Question, question_id, topic)
    if request.method == "GET":
        return confirm(_("Remove this question?"),
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
