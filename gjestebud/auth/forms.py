from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, Length

from ..forms import Form
from ..i18n import _l


class LoginForm(Form):
    email = EmailField(_l("E-mail"), validators=[DataRequired(_l("Enter your e-mail address.")), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Enter your password.")),
                                                          Length(max=200)])
