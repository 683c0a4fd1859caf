from typing import Any

from wtforms import EmailField, PasswordField, StringField, ValidationError
from wtforms.validators import DataRequired, EqualTo, Length

from ..forms import Form
from ..i18n import _l
from ..services.users import PasswordTooWeak, check_password_rules

PASSWORD_RULE_MESSAGES = {
    "too_short": _l("The password must be at least 12 characters long."),
    "personal": _l("The password cannot contain the name or the e-mail address."),
    "too_simple": _l("The password must use at least 5 different characters."),
    "common": _l("This password is too common or too easy to guess. A phrase of several unrelated words is "
                 "both stronger and easier to remember."),
}
PASSWORD_HINT = _l("At least 12 characters; not a common password, not the name or the e-mail address.")


def check_new_password(password: str, email: str, name: str = "") -> None:
    """The password rules as a form error in the reader's language."""
    try:
        check_password_rules(password, email, name)
    except PasswordTooWeak as exc:
        raise ValidationError(PASSWORD_RULE_MESSAGES[exc.args[0]]) from exc


class LoginForm(Form):
    email = EmailField(_l("E-mail"),
                       validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")),
                                                          Length(max=200)])


class CodeForm(Form):
    code = StringField(_l("Code"), filters=[lambda v: v.strip() if isinstance(v, str) else v], validators=[
        DataRequired(_l("Enter the code.")), Length(max=20, message=_l("Enter the code."))])


class ChangePasswordForm(Form):
    """The holder's own change: the current password, then the new one twice."""

    current = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Enter your current password.")), Length(max=200)])
    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Enter a new password.")),
                                                             Length(max=200)])
    confirm = PasswordField(_l("New password again"), validators=[
        DataRequired(_l("Enter the new password again.")),
        EqualTo("password", _l("The two new passwords are not the same."))])

    def __init__(self, *args: Any, email: str = "", name: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.account_email, self.account_name = email, name

    def validate_password(self, field: PasswordField) -> None:
        check_new_password(field.data, self.account_email, self.account_name)
        if field.data == self.current.data:
            raise ValidationError(_l("Choose a password different from the current one."))


class PasswordConfirmForm(Form):
    """Asks for the password again before a change that weakens the account (two-factor off)."""

    current = PasswordField(_l("Current password"), validators=[
        DataRequired(_l("Enter your current password.")), Length(max=200)])
