"""Planners' forms: filtering the measures, and the corrections (merge, split, move, hide, rename, decide)."""

from __future__ import annotations

from typing import Any

from wtforms import (
    HiddenField,
    SearchField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..forms import MAX_ID, Form
from ..i18n import _l
from ..labels import HIDE_REASON, MEASURE_STATUS
from ..models import HideReason, MeasureStatus
from ..services.measures import MAX_TITLE

MAX_SELECTED = 1000
MAX_ANSWER = 20_000


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class IdListField(SelectMultipleField):
    """Ids ticked in checkboxes the template draws itself; the service checks they belong to the topic."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, coerce=int, validate_choice=False, **kwargs)

    def pre_validate(self, form: Any) -> None:
        if len(self.data or []) > MAX_SELECTED:
            raise ValidationError(_l("Select at most %(max)s at a time.", max=MAX_SELECTED))
        if any(not 0 < value <= MAX_ID for value in self.data or []):
            raise ValidationError(_l("Select from the list."))


class MeasureFilterForm(Form):
    """A GET form: no CSRF, choices filled from the topic by the view."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), filters=[_strip], validators=[Length(max=200)])
    question = SelectField(_l("Question"), validators=[Optional()])
    area = SelectField(_l("Area"), validators=[Optional()])

    def __init__(self, *args: Any, questions: list[SelectChoice], areas: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.question.choices = [SelectChoice("", _l("All questions"))] + questions
        self.area.choices = [SelectChoice("", _l("All areas"))] + [SelectChoice(area, area) for area in areas]

    def question_id(self) -> int | None:
        return int(self.question.data) if self.question.data and not self.question.errors else None


class MergeForm(Form):
    measure_ids = IdListField(_l("Measures to merge"))

    def validate_measure_ids(self, field: IdListField) -> None:
        if len(set(field.data or [])) < 2:
            raise ValidationError(_l("Select at least two measures to merge."))


def _measure_number(value: Any) -> int | None:
    """The Move list's value: a measure number, or nothing chosen."""
    return None if value in (None, "") else int(value)


class LineActionsForm(Form):
    """One form around a measure's lines; the button pressed says what to do with the ticked ones."""

    line_ids = IdListField(_l("Lines"))
    new_title = StringField(_l("Title of the new measure (optional)"), filters=[_strip],
                            validators=[Length(max=MAX_TITLE)])
    split = SubmitField(_l("Split into a new measure"))
    # The page fills the choices (all other measures, or those its search found); any posted number is
    # checked by the service, so a list narrowed by a search never refuses a measure outside it.
    target = SelectField(_l("Measure to move them to"), coerce=_measure_number, validate_choice=False,
                         validators=[Optional(), NumberRange(min=1, max=MAX_ID)])
    move = SubmitField(_l("Move"))
    reason = SelectField(_l("Reason"), validators=[DataRequired()],
                         choices=[SelectChoice(r.value, HIDE_REASON[r]) for r in HideReason])
    hide = SubmitField(_l("Hide the lines"))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.split.data or self.move.data or self.hide.data):
            self.line_ids.errors = [*self.line_ids.errors, _l("Choose what to do with the selected lines.")]
            return False
        if not self.line_ids.errors and not self.line_ids.data:
            self.line_ids.errors = [*self.line_ids.errors, _l("Select at least one line.")]
            valid = False
        if self.move.data and self.target.data is None and not self.target.errors:
            self.target.errors = [*self.target.errors, _l("Choose the measure to move the lines to.")]
            valid = False
        return valid


class RenameForm(Form):
    title = StringField(_l("Title"), filters=[_strip],
                        validators=[DataRequired(_l("Enter a title.")), Length(max=MAX_TITLE)])


class DecisionForm(Form):
    status = SelectField(_l("Status"), validators=[DataRequired()],
                         choices=[SelectChoice(s.value, label) for s, label in MEASURE_STATUS.items()])
    answer_md = TextAreaField(_l("Public answer"), validators=[Length(max=MAX_ANSWER)])

    def status_value(self) -> MeasureStatus:
        return MeasureStatus(self.status.data)


class ConfirmRunForm(Form):
    """The re-run button of the dry-run page: the fingerprint of the changes the planner saw."""

    fingerprint = HiddenField(validators=[Optional(), Length(max=64)])


class ReviewAnswerForm(Form):
    """One guided-review question: the ids of both sides as hidden inputs, and the button pressed."""

    left = IdListField(_l("Lines"))
    right = IdListField(_l("Lines"))
    question = HiddenField(validators=[Length(max=32)])
    yes = SubmitField(_l("Yes"))
    no = SubmitField(_l("No"))
    skip = SubmitField(_l("Skip"))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if not (self.yes.data or self.no.data or self.skip.data):
            self.left.errors = [*self.left.errors, _l("Answer yes or no, or skip the question.")]
            return False
        return valid
