"""Bulk work: one status and answer for several measures, started from the municipality's answer templates.

Without JavaScript: choosing a template reloads the page with its text in the answer field, to be edited
there before it is saved; nothing is sent until the planner ticks measures and saves.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from wtforms import SelectChoice, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from ..access import READERS, roles_required, staff_user, topic_for_staff
from ..db import get_session
from ..forms import EmptyForm, Form
from ..i18n import _, _l
from ..labels import MEASURE_STATUS
from ..models import MeasureStatus, Topic
from ..services import bulk_answers as service
from ..services.measures import MeasureError
from ..services.results import topic_results
from . import bp
from .forms import MAX_ANSWER


class BulkDecisionForm(Form):
    measure_ids = SelectMultipleField(_l("Measures"), coerce=int, choices=[],
                                      validators=[DataRequired(_l("Tick at least one measure."))])
    status = SelectField(_l("Status"), validators=[DataRequired()],
                         choices=[SelectChoice(s.value, label) for s, label in MEASURE_STATUS.items()])
    answer_md = TextAreaField(_l("Public answer"), validators=[Length(max=MAX_ANSWER)])


class TemplateForm(Form):
    title = StringField(_l("Name of the template"),
                        validators=[DataRequired(_l("Give the template a name.")),
                                    Length(max=service.MAX_TITLE)])
    answer_md = TextAreaField(_l("Answer"), validators=[DataRequired(_l("Write the answer.")),
                                                       Length(max=MAX_ANSWER)])


def _render_bulk(topic: Topic, form: BulkDecisionForm, show: str) -> str:
    return render_template("planner/bulk.html", topic=topic, form=form, show=show,
                           templates=service.templates(get_session(), topic.municipality_id))


@bp.route("/topics/<int:topic_id>/measures/bulk", methods=["GET", "POST"])
@roles_required(*READERS)
def bulk_decide(topic_id: int) -> Any:
    topic = topic_for_staff(topic_id)
    session = get_session()
    show = request.args.get("show", "new")
    proposals = [m.measure for m in topic_results(session, topic).proposals()]
    if show in MeasureStatus._value2member_map_:
        proposals = [m for m in proposals if m.status.value == show]
    else:
        show = ""
    form = BulkDecisionForm()
    form.measure_ids.choices = [SelectChoice(m.id, m.title) for m in proposals]
    if not form.is_submitted():
        template_id = request.args.get("template", 0, type=int)
        chosen = service.template_in(session, topic.municipality_id, template_id)
        if chosen is not None:
            form.answer_md.data = chosen.answer_md
        return _render_bulk(topic, form, show)
    if not form.validate():
        return _render_bulk(topic, form, show), 400
    try:
        decided = service.decide_many(session, topic, form.measure_ids.data or [],
                                      MeasureStatus(form.status.data), form.answer_md.data or "",
                                      staff_user())
    except MeasureError:
        form.measure_ids.errors = [_("Tick at least one measure.")]
        return _render_bulk(topic, form, show), 400
    flash(_("The status and answer were saved for %(num)s measures.", num=len(decided)), "success")
    return redirect(url_for("planner.bulk_decide", topic_id=topic.id, show=show))


@bp.route("/topics/<int:topic_id>/answer-templates", methods=["GET", "POST"])
@roles_required(*READERS)
def answer_templates(topic_id: int) -> Any:
    """The municipality's templates, and a form for a new one."""
    topic = topic_for_staff(topic_id)
    form = TemplateForm()
    if form.validate_on_submit():
        service.save_template(get_session(), topic.municipality_id, None, title=form.title.data or "",
                              answer_md=form.answer_md.data or "", actor=staff_user())
        flash(_("The template was saved."), "success")
        return redirect(url_for("planner.answer_templates", topic_id=topic.id))
    return render_template("planner/answer_templates.html", topic=topic, form=form, button_form=EmptyForm(),
                           templates=service.templates(get_session(), topic.municipality_id),
                           ), 400 if form.is_submitted() else 200


@bp.route("/topics/<int:topic_id>/answer-templates/<int:template_id>", methods=["GET", "POST"])
@roles_required(*READERS)
def edit_answer_template(topic_id: int, template_id: int) -> Any:
    topic = topic_for_staff(topic_id)
    template = service.template_in(get_session(), topic.municipality_id, template_id)
    if template is None:
        abort(404)
    form = TemplateForm(obj=template)
    if form.validate_on_submit():
        service.save_template(get_session(), topic.municipality_id, template, title=form.title.data or "",
                              answer_md=form.answer_md.data or "", actor=staff_user())
        flash(_("The template was saved."), "success")
        return redirect(url_for("planner.answer_templates", topic_id=topic.id))
    return render_template("planner/answer_template.html", topic=topic, form=form,
                           template=template), 400 if form.is_submitted() else 200


@bp.route("/topics/<int:topic_id>/answer-templates/<int:template_id>/delete", methods=["POST"])
@roles_required(*READERS)
def delete_answer_template(topic_id: int, template_id: int) -> Any:
    topic = topic_for_staff(topic_id)
    template = service.template_in(get_session(), topic.municipality_id, template_id)
    if template is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        service.delete_template(get_session(), template, staff_user())
        flash(_("The template was deleted."), "success")
    return redirect(url_for("planner.answer_templates", topic_id=topic.id))
