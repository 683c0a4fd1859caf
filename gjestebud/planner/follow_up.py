"""Planners follow a measure up after the decision: its progress timeline (dated milestones).

Hosts whose groups proposed the measure hear of each change in their next digest; residents see it on the
results page and in the Atom feed.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from wtforms import DateField, IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..access import READERS, get_or_404, roles_required, staff_user, topic_for_staff
from ..db import get_session
from ..forms import EmptyForm, Form
from ..i18n import _, _l
from ..models import Measure, Topic
from ..services import follow_up as service
from . import bp


class MilestoneForm(Form):
    on = DateField(_l("Date"), validators=[DataRequired(_l("Enter the date, like 2027-03-01."))])
    text = StringField(_l("What happened (or will happen)"),
                       validators=[DataRequired(_l("Write what happened, like “Anbud sendt ut”.")),
                                   Length(max=service.MAX_TEXT)])
    percent = IntegerField(_l("How far it has come, in per cent (optional)"),
                           validators=[Optional(),
                                       NumberRange(0, 100, _l("Enter a number from %(min)s to %(max)s."))])
    unit = StringField(_l("Responsible unit (optional)"), validators=[Length(max=service.MAX_UNIT)])


def _render(topic: Topic, measure: Measure, form: MilestoneForm | None = None) -> str:
    return render_template("planner/milestones.html", topic=topic, measure=measure,
                           form=form or MilestoneForm(formdata=None), button_form=EmptyForm())


@bp.route("/topics/<int:topic_id>/measures/<int:measure_id>/progress", methods=["GET", "POST"])
@roles_required(*READERS)
def milestones(topic_id: int, measure_id: int) -> Any:
    topic = topic_for_staff(topic_id)
    measure = get_or_404(Measure, measure_id, topic)
    form = MilestoneForm()
    if not form.is_submitted():
        return _render(topic, measure)
    if not form.validate():
        return _render(topic, measure, form), 400
    service.add_milestone(get_session(), topic, measure, on=form.on.data, text=form.text.data or "",
                          percent=form.percent.data, unit=form.unit.data or "", actor=staff_user())
    flash(_("The milestone was added. Hosts whose groups proposed the measure hear of it in the next "
            "digest."), "success")
    return redirect(url_for("planner.milestones", topic_id=topic.id, measure_id=measure.id))


@bp.route("/topics/<int:topic_id>/measures/<int:measure_id>/progress/<int:milestone_id>/delete",
          methods=["POST"])
@roles_required(*READERS)
def delete_milestone(topic_id: int, measure_id: int, milestone_id: int) -> Any:
    topic = topic_for_staff(topic_id)
    measure = get_or_404(Measure, measure_id, topic)
    milestone = service.milestone_in(get_session(), topic, measure, milestone_id)
    if milestone is None:
        abort(404)
    if EmptyForm().validate_on_submit():
        service.delete_milestone(get_session(), topic, milestone, staff_user())
        flash(_("The milestone was removed."), "success")
    return redirect(url_for("planner.milestones", topic_id=topic.id, measure_id=measure.id))
