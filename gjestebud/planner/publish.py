"""Publishing a topic's results: what happens next, who would be told what, publish and unpublish.

Planners see the groups by number only; organisers and admins also see where each results mail goes.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from wtforms import BooleanField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..access import ORGANISERS, READERS, roles_required, staff_user, topic_for_staff
from ..db import get_session
from ..forms import EmptyForm, Form
from ..i18n import _, _l, ngettext
from ..models import Topic, TopicStatus
from ..services import results as service
from ..services.publish_checklist import checklist
from . import bp


class NextStepsForm(Form):
    next_steps_md = TextAreaField(_l("What happens next"),
                                  validators=[Length(max=service.MAX_NEXT_STEPS)])


class PublishForm(Form):
    confirm = BooleanField(_l("I have read the checklist above, and the results may go public"),
                           validators=[DataRequired(
                               _l("Tick the box to confirm that you have read the checklist."))])


def _render(topic: Topic, form: NextStepsForm | None = None, publish_form: PublishForm | None = None) -> str:
    results = service.topic_results(get_session(), topic)
    recipients = service.recipients(get_session(), results)
    checks = checklist(get_session(), topic, [m.measure for m in results.proposals()])
    return render_template(
        "planner/publish.html", topic=topic, results=results, recipients=recipients,
        to_mail=sum(1 for r in recipients if r.will_be_mailed), is_draft=topic.status is TopicStatus.DRAFT,
        show_email=staff_user().role in ORGANISERS,
        form=form or NextStepsForm(formdata=None, next_steps_md=topic.next_steps_md), button_form=EmptyForm(),
        question_numbers=results.question_numbers, checks=checks,
        publish_form=publish_form or PublishForm(formdata=None))


@bp.route("/topics/<int:topic_id>/publish")
@roles_required(*READERS)
def publish(topic_id: int) -> Any:
    return _render(topic_for_staff(topic_id))


@bp.route("/topics/<int:topic_id>/publish/mail/<int:number>")
@roles_required(*READERS)
def publish_mail_preview(topic_id: int, number: int) -> Any:
    """The results mail one gathering's host gets, in the host's language."""
    topic = topic_for_staff(topic_id)
    found = [r for r in service.recipients(get_session(), service.topic_results(get_session(), topic))
             if r.host.number == number]
    if not found:
        abort(404)
    show_email = staff_user().role in ORGANISERS
    text = service.results_mail_text(found[0], with_name=show_email)
    subject, _sep, body = text.partition("\n")
    return render_template("planner/publish_preview.html", topic=topic, recipient=found[0], subject=subject,
                           body=body.strip(), show_email=show_email)


@bp.route("/topics/<int:topic_id>/publish/next-steps", methods=["POST"])
@roles_required(*READERS)
def save_next_steps(topic_id: int) -> Any:
    topic = topic_for_staff(topic_id)
    form = NextStepsForm()
    if not form.validate_on_submit():
        return _render(topic, form), 400
    service.save_next_steps(get_session(), topic, form.next_steps_md.data or "", staff_user())
    flash(_("“What happens next” was saved."), "success")
    return redirect(url_for("planner.publish", topic_id=topic.id))


@bp.route("/topics/<int:topic_id>/publish/now", methods=["POST"])
@roles_required(*READERS)
def publish_now(topic_id: int) -> Any:
    topic = topic_for_staff(topic_id)
    form = PublishForm()
    if not form.validate_on_submit():
        return _render(topic, publish_form=form), 400
    try:
        queued = service.publish_results(get_session(), topic, staff_user())
    except service.ResultsError as exc:
        flash(str(exc), "error")
        return _render(topic, publish_form=form), 400
    flash(ngettext("The results are published. %(num)s host will get the results mail.",
                   "The results are published. %(num)s hosts will get the results mail.", queued), "success")
    return redirect(url_for("planner.publish", topic_id=topic.id))


@bp.route("/topics/<int:topic_id>/publish/unpublish", methods=["POST"])
@roles_required(*READERS)
def unpublish(topic_id: int) -> Any:
    topic = topic_for_staff(topic_id)
    if EmptyForm().validate_on_submit():
        service.unpublish_results(get_session(), topic, staff_user())
        flash(_("The results page is hidden again. Hosts who were told will not be mailed again."), "success")
    return redirect(url_for("planner.publish", topic_id=topic.id))
