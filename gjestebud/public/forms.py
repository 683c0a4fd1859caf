"""The sign-up form, built for one topic (its areas and deadlines)."""

from __future__ import annotations

from typing import Any

from flask_wtf.form import _Auto
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    Field,
    IntegerField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from ..forms import Form, PlainName
from ..hosts.forms import strip_text
from ..i18n import LANGUAGE_NAMES, _, _l, get_locale
from ..models import Topic
from ..services.hosts import local_today

MAX_GUESTS = 20


class SignupForm(Form):
    name = StringField(_l("Your name"), filters=[strip_text],
                       validators=[DataRequired(_l("Enter your name.")), PlainName()])
    email = EmailField(_l("E-mail"), filters=[strip_text],
                       validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254),
                                   Email(_l("Enter an e-mail address like name@example.no."))])
    phone = StringField(_l("Phone (optional)"), filters=[strip_text],
                        validators=[Optional(), Length(max=40), Regexp(
                            r"^\+?[0-9 ()-]{4,40}$",
                            message=_l("Enter a phone number with digits only, like 400 00 000."))])
    planned_date = DateField(_l("Planned date (optional)"), validators=[Optional()])
    expected_guests = IntegerField(
        _l("Expected number of guests"),
        validators=[InputRequired(_l("Enter how many guests you expect.")),
                    NumberRange(1, MAX_GUESTS, _l("Enter a number from %(min)s to %(max)s."))])
    language = SelectField(_l("Language for our e-mails"),
                           choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()])
    consent = BooleanField(
        _l("I agree that the municipality stores my contact details to run this gjestebud, as described in "
           "the privacy notice."),
        validators=[DataRequired(_l("You must agree before you can sign up."))])
    # A trap for robots: hidden from people and screen readers, so anything in it was not typed by a person.
    website = StringField(_l("Leave this field empty"), filters=[strip_text], validators=[Length(max=200)])

    topic: Topic

    def validate_planned_date(self, field: Field) -> None:
        if field.data is None:
            return
        if field.data < local_today():
            raise ValidationError(_("The date cannot be in the past."))
        if self.topic.report_deadline and field.data > self.topic.report_deadline:
            raise ValidationError(_("Choose a date on or before the report deadline."))

    @property
    def is_robot(self) -> bool:
        return bool(self.website.data)


def signup_form_for(topic: Topic, formdata: Any = _Auto) -> SignupForm:
    """Areas come from the topic: a list to choose from, or free text when the topic has none."""

    class TopicSignupForm(SignupForm):
        pass

    if topic.areas:
        # The empty choice first: nobody is put in an area by not touching the list.
        choices = [SelectChoice("", _l("Other / not listed"))]
        choices += [SelectChoice(area, area) for area in topic.areas]
        area: Any = SelectField(_l("Area"), choices=choices, validators=[Optional()])
    else:
        area = StringField(_l("Area (optional)"), filters=[strip_text],
                           validators=[Optional(), Length(max=120), PlainName(120)])
    TopicSignupForm.area = area
    form = TopicSignupForm(formdata=formdata, data={"language": get_locale()})
    form.topic = topic
    return form


class LostLinkForm(Form):
    """"Lost your link?": the address the host signed up with."""

    email = EmailField(_l("Your e-mail address"), filters=[strip_text],
                       validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254),
                                   Email(_l("Enter an e-mail address like name@example.no."))])
    stop_old_links = BooleanField(_l("Also stop my old link (if someone else may have it)"))
