"""The report form, built for one topic's questions; organisers reuse it to type in paper reports."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_wtf.form import _Auto
from wtforms import BooleanField, DateField, Field, IntegerField, SubmitField, TextAreaField
from wtforms.validators import NumberRange, Optional, ValidationError

from ..content import localized
from ..forms import Form
from ..i18n import _, _l
from ..labels import AGE_BAND
from ..models import Report, Topic
from ..services.hosts import local_today

MAX_LINES = 100
MAX_LINE_LENGTH = 1000
MAX_PARTICIPANTS = 50

# Control characters (other than tab and line breaks) never belong in what people type;
# PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_control_characters(value: Any) -> Any:
    """A WTForms filter for every text field."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


def strip_text(value: Any) -> Any:
    value = strip_control_characters(value)
    return value.strip() if isinstance(value, str) else value


def suggestion_lines(text: str | None) -> list[str]:
    """One suggestion per line; blank lines do not count."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _check_lines(form: Form, field: Field) -> None:
    lines = suggestion_lines(field.data)
    if len(lines) > MAX_LINES:
        raise ValidationError(_("Write at most %(max)s suggestions (lines) for one question.", max=MAX_LINES))
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_LENGTH:
            raise ValidationError(_("Suggestion %(number)s is longer than %(max)s characters. Split it into "
                                    "several lines.", number=number, max=MAX_LINE_LENGTH))


class ReportForm(Form):
    """Base fields; `report_form_for` adds one textarea per question, named `q<question id>`."""

    # A draft may carry the planned date; only a submitted report must have taken place (see validate).
    held_on = DateField(_l("Date of the gathering"), validators=[Optional()])
    participants = IntegerField(
        _l("Number of participants, including you"),
        validators=[Optional(), NumberRange(1, MAX_PARTICIPANTS,
                                            _l("Enter a number from %(min)s to %(max)s."))])
    age_under_18 = IntegerField(AGE_BAND["age_under_18"], validators=[Optional(), NumberRange(0, 50)])
    age_18_34 = IntegerField(AGE_BAND["age_18_34"], validators=[Optional(), NumberRange(0, 50)])
    age_35_66 = IntegerField(AGE_BAND["age_35_66"], validators=[Optional(), NumberRange(0, 50)])
    age_67_plus = IntegerField(AGE_BAND["age_67_plus"], validators=[Optional(), NumberRange(0, 50)])
    save = SubmitField(_l("Save draft"))
    send = SubmitField(_l("Submit the report"))

    topic: Topic

    @property
    def submitting(self) -> bool:
        return bool(self.send.data)

    def question_fields(self) -> list[tuple[Any, Field]]:
        return [(question, self[f"q{question.id}"]) for question in self.topic.questions]

    def age_fields(self) -> list[Field]:
        return [self[band] for band in Report.AGE_BANDS]

    def lines(self) -> dict[int, list[str]]:
        return {question.id: suggestion_lines(field.data) for question, field in self.question_fields()}

    def age_counts(self) -> dict[str, int | None]:
        return {band: self[band].data for band in Report.AGE_BANDS}

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        counted = sum(field.data or 0 for field in self.age_fields() if not field.errors)
        if self.participants.data and not self.participants.errors and counted > self.participants.data:
            self.age_under_18.errors = [*self.age_under_18.errors,
                                        _("The age groups add up to more than the number of participants.")]
            valid = False
        if self.submitting:
            if self.held_on.data is not None and self.held_on.data > local_today():
                self.held_on.errors = [*self.held_on.errors, _("The date cannot be in the future.")]
                valid = False
            if self.held_on.data is None and not self.held_on.errors:
                self.held_on.errors = [_("Enter the date of the gathering before you submit.")]
                valid = False
            if self.participants.data is None and not self.participants.errors:
                self.participants.errors = [_("Enter the number of participants before you submit.")]
                valid = False
            if not any(self.lines().values()):
                first = self.question_fields()[0][1] if self.topic.questions else self.held_on
                first.errors = [*first.errors, _("Write at least one suggestion before you submit.")]
                valid = False
        return valid


def report_form_for(topic: Topic, report: Report | None = None, formdata: Any = _Auto, *,
                    planned_date: date | None = None) -> ReportForm:
    """A report form for this topic's questions, filled from `report` when there is no posted data; the
    date of the gathering starts as the host's planned date until one is saved."""

    class TopicReportForm(ReportForm):
        pass

    for question in topic.questions:
        setattr(TopicReportForm, f"q{question.id}", TextAreaField(
            localized(question, "text"), filters=[strip_control_characters], validators=[_check_lines],
            render_kw={"rows": 8, "maxlength": (MAX_LINE_LENGTH + 1) * MAX_LINES}))
    data: dict[str, Any] = {}
    if report is not None:
        data = {"held_on": report.held_on, "participants": report.participants,
                **{band: getattr(report, band) for band in Report.AGE_BANDS}}
        for question in topic.questions:
            data[f"q{question.id}"] = "\n".join(
                s.text for s in report.suggestions if s.question_id == question.id)
    if data.get("held_on") is None and planned_date is not None:
        data["held_on"] = planned_date
    form = TopicReportForm(formdata=formdata, data=data)
    form.topic = topic
    return form


class EraseForm(Form):
    """Deleting data removes the group's suggestions too, unless the host ticks to leave them."""

    keep_suggestions = BooleanField(
        _l("Leave our group's suggestions as an anonymous record that still counts"))

