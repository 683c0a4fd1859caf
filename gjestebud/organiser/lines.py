"""Organisers (and admins): moderation of the lines of submitted reports (hiding personal data)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from ..access import ORGANISERS, get_or_404, roles_required, staff_user, topic_for_staff
from ..db import get_session
from ..forms import EmptyForm
from ..i18n import _
from ..labels import HIDE_REASON
from ..models import Suggestion
from ..services import topics as topic_service
from ..services.lines import submitted_lines
from ..services.personal_data import personal_data_flags
from . import bp
from .forms import PERSONAL_DATA_LABELS, HideLineForm


@bp.route("/topics/<int:topic_id>/lines")
@roles_required(*ORGANISERS)
def lines(topic_id: int) -> ResponseReturnValue:
    """Every line of the submitted reports, by question, so personal data can be found and hidden."""
    topic = topic_for_staff(topic_id)
    rows = submitted_lines(get_session(), topic)
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
                           reason_labels=HIDE_REASON, flags=flags, review_flags=review_flags,
                           to_review=to_review)


def _flag_labels(text: str) -> list[str]:
    return [str(PERSONAL_DATA_LABELS[kind]) for kind in personal_data_flags(text)]


@bp.route("/topics/<int:topic_id>/lines/<int:suggestion_id>/hide", methods=["POST"])
@roles_required(*ORGANISERS)
def hide_line(topic_id: int, suggestion_id: int) -> ResponseReturnValue:
    topic = topic_for_staff(topic_id)
    suggestion = get_or_404(Suggestion, suggestion_id, topic)
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
    suggestion = get_or_404(Suggestion, suggestion_id, topic)
    if EmptyForm().validate_on_submit():
        topic_service.unhide_line(get_session(), suggestion, actor=staff_user())
        flash(_("The line is shown again."), "success")
    return redirect(url_for("organiser.lines", topic_id=topic.id, _anchor=f"line-{suggestion.id}"))


@bp.route("/topics/<int:topic_id>/lines/<int:suggestion_id>/keep-hidden", methods=["POST"])
@roles_required(*ORGANISERS)
def keep_line_hidden(topic_id: int, suggestion_id: int) -> ResponseReturnValue:
    """A line the host changed after it was hidden: the organiser looked, and it stays hidden."""
    topic = topic_for_staff(topic_id)
    suggestion = get_or_404(Suggestion, suggestion_id, topic)
    if EmptyForm().validate_on_submit() and suggestion.review_pending:
        topic_service.keep_line_hidden(get_session(), suggestion, actor=staff_user())
        flash(_("The line stays hidden."), "success")
    return redirect(url_for("organiser.lines", topic_id=topic.id))
