"""Admins' forms: staff accounts and municipalities."""

from __future__ import annotations

from typing import Any

from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Email, Length, Optional
from wtforms.widgets import PasswordInput

from ..auth.forms import check_new_password
from ..db import get_session
from ..forms import Form
from ..i18n import _l
from ..labels import ROLE
from ..models import Role
from ..services.municipalities import RESERVED_SLUGS, slug_in_use
from ..services.privacy import MAX_PRIVACY_NOTICE
from ..services.topics import SLUG_RE
from ..services.users import email_in_use


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _role_choices() -> list[SelectChoice]:
    """No role is preselected: the first choice is empty, so a role is always chosen on purpose."""
    return [SelectChoice("", _l("Choose a role")), *(SelectChoice(role.value, label)
                                                     for role, label in ROLE.items())]


def _role_value(value: Any) -> str:
    """A posted string, or the account's Role when the edit form is filled from it."""
    return value.value if isinstance(value, Role) else str(value)


class UserForm(Form):
    """A new account. The view fills `municipality_id.choices`; "" means none, which only an admin may
    have."""

    email = EmailField(_l("E-mail"), filters=[_strip], validators=[
        DataRequired(_l("Enter an e-mail address.")), Length(max=254),
        Email(_l("Enter a valid e-mail address."))])
    name = StringField(_l("Name"), filters=[_strip], validators=[DataRequired(_l("Enter a name.")),
                                                                  Length(max=120)])
    role = SelectField(_l("Role"), choices=_role_choices(), coerce=_role_value,
                       validators=[DataRequired(_l("Choose a role."))],
                       invalid_choice_message=_l("Choose a role from the list."))
    municipality_id = SelectField(_l("Municipality"), coerce=lambda value: int(value) if value else None,
                                  invalid_choice_message=_l("Choose a municipality from the list."))

    # Shown again after an error elsewhere in the form, so nothing typed is lost (staff pages are not cached).
    password = PasswordField(_l("Initial password"), widget=PasswordInput(hide_value=False), validators=[
        DataRequired(_l("Enter a password.")), Length(max=200)])

    def validate_municipality_id(self, field: SelectField) -> None:
        if self.role.data in (Role.ORGANISER.value, Role.PLANNER.value) and field.data is None:
            raise ValidationError(_l("Organisers and planners belong to a municipality: choose one."))
        if self.role.data == Role.ADMIN.value and field.data is not None:
            raise ValidationError(_l("Administrators see every municipality and belong to none: choose "
                                     "“None”, or another role."))

    def validate_email(self, field: EmailField) -> None:
        if email_in_use(get_session(), field.data):
            raise ValidationError(_l("There is already an account with this e-mail address."))

    def validate_password(self, field: PasswordField) -> None:
        check_new_password(field.data, self.email.data or "", self.name.data or "")


class EditUserForm(UserForm):
    """An existing account: e-mail and password have their own ways (the account's identity, the reset)."""

    email = None
    password = None
    active = BooleanField(_l("Active (can log in)"))


class PasswordForm(Form):
    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a password.")),
                                                             Length(max=200)])

    def __init__(self, *args: Any, email: str = "", name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.email, self.account_name = email, name

    def validate_password(self, field: PasswordField) -> None:
        check_new_password(field.data, self.email, self.account_name)


class MunicipalityForm(Form):
    name = StringField(_l("Name"), filters=[_strip], validators=[DataRequired(_l("Enter a name.")),
                                                                  Length(max=120)])
    slug = StringField(_l("Web address (slug)"), filters=[_strip], validators=[
        DataRequired(_l("Enter a web address.")), Length(max=60)])
    contact_email = EmailField(_l("Contact e-mail (optional)"), filters=[_strip], validators=[
        Optional(), Length(max=254), Email(_l("Enter a valid e-mail address."))])
    privacy_md = TextAreaField(_l("Privacy notice (Markdown)"), validators=[
        Length(max=MAX_PRIVACY_NOTICE, message=_l("The privacy notice can be at most %(max)d characters."))])

    def __init__(self, *args: Any, municipality_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.municipality_id = municipality_id

    def validate_slug(self, field: StringField) -> None:
        if not SLUG_RE.match(field.data):
            raise ValidationError(_l("Use only lower-case letters a–z, digits and single hyphens between "
                                     "them, for example “salangen”."))
        if field.data in RESERVED_SLUGS:
            raise ValidationError(_l("This web address is used by the service itself. Choose another."))
        if slug_in_use(get_session(), field.data, exclude_id=self.municipality_id):
            raise ValidationError(_l("Another municipality already uses this web address."))
