"""Organisers' forms: topics, questions, paper hosts and hiding lines."""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    Field,
    HiddenField,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional

from ..db import get_session
from ..forms import Form, PlainName
from ..i18n import _l
from ..labels import HIDE_REASON, QUESTION_KIND, TOPIC_STATUS
from ..models import Question, QuestionKind, Topic, TopicStatus
from ..question_templates import get_template
from ..services.topics import HIDE_REASONS, SLUG_RE, slug_in_use, suggest_slug

MAX_AREAS = 100
MAX_AREA_LENGTH = 120
MAX_MARKDOWN = 20_000

PERSONAL_DATA_LABELS = {"phone": _l("a phone number"), "email": _l("an e-mail address"),
                        "name": _l("a person's name")}


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _kind_value(value: Any) -> str:
    return value.value if isinstance(value, QuestionKind) else str(value)


def _status_value(value: Any) -> str:
    return value.value if isinstance(value, TopicStatus) else str(value)


class LinesField(TextAreaField):
    """A list shown one item per line (a topic's areas)."""

    def process_data(self, value: Any) -> None:
        self.data = "\n".join(value) if isinstance(value, list) else value


class TopicForm(Form):
    """`municipality_id` is chosen only by an admin creating a topic; otherwise the view removes it."""

    municipality_id = SelectField(_l("Municipality"), coerce=int,
                                  validators=[DataRequired(_l("Choose the municipality."))])
    title = StringField(_l("Title"), filters=[_strip],
                        validators=[DataRequired(_l("Enter a title.")), Length(max=200)])
    slug = StringField(_l("Web address (slug)"), filters=[_strip], validators=[Length(max=80)])
    # The question-set template a new topic starts from; its questions are added when the topic is saved.
    template = HiddenField(_l("Question-set template"), validators=[Length(max=60)])
    intro_md = TextAreaField(_l("Introduction"), validators=[Length(max=MAX_MARKDOWN)])
    guide_md = TextAreaField(_l("Host guide"), validators=[Length(max=MAX_MARKDOWN)])
    areas = LinesField(_l("Areas"), validators=[Length(max=MAX_AREAS * (MAX_AREA_LENGTH + 2))])
    signup_deadline = DateField(_l("Sign-up deadline"), validators=[Optional()])
    report_deadline = DateField(_l("Report deadline"), validators=[Optional()])
    reminder_days_before = IntegerField(
        _l("Reminder, days before the report deadline"), default=3,
        validators=[InputRequired(_l("Enter a number of days.")),
                    NumberRange(0, 60, _l("Enter a number from %(min)s to %(max)s."))])
    retention_days = IntegerField(
        _l("Keep the hosts' contact details for this many days after the report deadline"), default=365,
        validators=[InputRequired(_l("Enter a number of days.")),
                    NumberRange(30, 3650, _l("Enter a number from %(min)s to %(max)s."))])
    status = SelectField(_l("Status"), coerce=_status_value,
                         choices=[SelectChoice(s.value, label) for s, label in TOPIC_STATUS.items()],
                         validators=[DataRequired()])
    preview = SubmitField(_l("Preview"))
    save = SubmitField(_l("Save"))

    def __init__(self, *args: Any, topic_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topic_id = topic_id
        self.fixed_municipality_id: int | None = None

    def municipality(self) -> int:
        if self.fixed_municipality_id is not None:
            return self.fixed_municipality_id
        return self.municipality_id.data

    def area_list(self) -> list[str]:
        """One area per line; blank lines and repeats dropped, order kept."""
        seen: dict[str, None] = {}
        for line in (self.areas.data or "").splitlines():
            if line.strip():
                seen.setdefault(line.strip(), None)
        return list(seen)

    def fill_slug(self) -> None:
        """An empty slug is suggested from the title, so most organisers never type one."""
        if not self.slug.data and self.title.data:
            self.slug.data = suggest_slug(self.title.data)

    def validate_slug(self, field: StringField) -> None:
        if not field.data:
            raise ValidationError(_l("Enter a web address, or a title it can be made from."))
        if not SLUG_RE.match(field.data):
            raise ValidationError(_l("Use only lower-case letters a–z, digits and single hyphens between "
                                     "them, for example “sjovegan-sentrum”."))
        municipality_id = self.municipality()
        if municipality_id and slug_in_use(get_session(), municipality_id, field.data,
                                           exclude_topic_id=self.topic_id):
            raise ValidationError(_l("Another topic in this municipality already uses this web address."))

    def validate_areas(self, field: TextAreaField) -> None:
        areas = self.area_list()
        if len(areas) > MAX_AREAS:
            raise ValidationError(_l("List at most %(max)s areas.", max=MAX_AREAS))
        if any(len(area) > MAX_AREA_LENGTH for area in areas):
            raise ValidationError(_l("Each area may be at most %(max)s characters long.",
                                     max=MAX_AREA_LENGTH))

    def validate_report_deadline(self, field: DateField) -> None:
        if field.data and self.signup_deadline.data and field.data < self.signup_deadline.data:
            raise ValidationError(_l("The report deadline cannot be before the sign-up deadline."))

    def validate_template(self, field: HiddenField) -> None:
        if field.data and get_template(field.data) is None:
            raise ValidationError(_l("Choose a template from the list."))

    def template_questions(self) -> tuple[str, ...]:
        template = get_template(self.template.data) if self.template.data else None
        return template.questions if template else ()

    def template_kinds(self) -> tuple[QuestionKind, ...]:
        template = get_template(self.template.data) if self.template.data else None
        return template.kinds if template else ()

    def status_value(self) -> TopicStatus:
        return TopicStatus(self.status.data)


class TranslationForm(Form):
    """`translation_form_for` adds a question and a help text field per question (`q<id>`, `h<id>`)."""

    title = StringField(_l("Title"), filters=[_strip], validators=[Length(max=200)])
    intro_md = TextAreaField(_l("Introduction"), validators=[Length(max=MAX_MARKDOWN)])
    guide_md = TextAreaField(_l("Host guide"), validators=[Length(max=MAX_MARKDOWN)])

    topic: Topic

    def question_fields(self) -> list[tuple[Question, Field, Field]]:
        return [(q, self[f"q{q.id}"], self[f"h{q.id}"]) for q in self.topic.questions]

    def questions(self) -> dict[int, tuple[str, str]]:
        return {question.id: (text.data or "", help_text.data or "")
                for question, text, help_text in self.question_fields()}


def translation_form_for(topic: Topic, language: str) -> TranslationForm:
    """Filled from the stored translation when nothing was posted."""

    class TopicTranslationForm(TranslationForm):
        pass

    for question in topic.questions:
        setattr(TopicTranslationForm, f"q{question.id}", TextAreaField(
            question.text, filters=[_strip], validators=[Length(max=500)]))
        setattr(TopicTranslationForm, f"h{question.id}", TextAreaField(
            _l("Help text"), filters=[_strip], validators=[Length(max=1000)]))
    stored = (topic.translations or {}).get(language, {})
    data: dict[str, Any] = {name: stored.get(name, "") for name in ("title", "intro_md", "guide_md")}
    for question in topic.questions:
        stored_question = (question.translations or {}).get(language, {})
        data[f"q{question.id}"] = stored_question.get("text", "")
        data[f"h{question.id}"] = stored_question.get("help_text", "")
    form = TopicTranslationForm(data=data)
    form.topic = topic
    return form


class QuestionForm(Form):
    text = TextAreaField(_l("Question"), filters=[_strip],
                         validators=[DataRequired(_l("Enter the question.")), Length(max=500)])
    help_text = TextAreaField(_l("Help text (optional)"), filters=[_strip], validators=[Length(max=1000)])
    kind = SelectField(_l("What the question asks for"), default=QuestionKind.PROPOSALS.value,
                       coerce=_kind_value, validators=[DataRequired()],
                       choices=[SelectChoice(k.value, label) for k, label in QUESTION_KIND.items()])

    def kind_value(self) -> QuestionKind:
        return QuestionKind(self.kind.data)


class QuestionKindForm(Form):
    """The kind alone: it changes how answers are presented, not what hosts were asked, so it may be
    changed after reports came in."""

    kind = QuestionForm.kind

    def kind_value(self) -> QuestionKind:
        return QuestionKind(self.kind.data)


class PaperHostForm(Form):
    """Whatever the resident wrote on the paper form; only the area is asked for."""

    name = StringField(_l("Name (optional)"), filters=[_strip], validators=[Optional(), PlainName()])
    email = EmailField(_l("E-mail (optional)"), filters=[_strip],
                       validators=[Optional(), Length(max=254), Email(_l("Enter a valid e-mail address."))])
    phone = StringField(_l("Phone (optional)"), filters=[_strip], validators=[Length(max=40)])
    area = StringField(_l("Area"), filters=[_strip], validators=[Length(max=MAX_AREA_LENGTH)])


def paper_host_form_for(topic: Topic) -> PaperHostForm:
    """A topic with areas offers them as a list, as sign-up does, so a typed variant ("seljeskog") never
    becomes an area of its own that the planner's filter misses."""

    class TopicPaperHostForm(PaperHostForm):
        pass

    if topic.areas:
        choices = [SelectChoice("", _l("Other / not listed"))]
        choices += [SelectChoice(area, area) for area in topic.areas]
        TopicPaperHostForm.area = SelectField(
            _l("Area"), choices=choices, validators=[Optional()])
    return TopicPaperHostForm()


class HideLineForm(Form):
    reason = SelectField(_l("Reason"), validators=[DataRequired()],
                         choices=[SelectChoice(code.value, HIDE_REASON[code]) for code in HIDE_REASONS])


class ConfirmOnlineEditForm(Form):
    """Staff changing a report the host wrote online must say that they mean to."""

    confirm = BooleanField(_l("I am changing the host's own online report at the host's request"),
                           validators=[DataRequired(_l("Tick the box to change the host's own report."))])
