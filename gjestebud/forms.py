"""The base form: CSRF from Flask-WTF, and WTForms' own messages in the visitor's language."""

from flask_wtf import FlaskForm

from .i18n import WTFormsTranslations


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):  # type: ignore[no-untyped-def]
            return WTFormsTranslations()


class EmptyForm(Form):
    """For button-only POSTs (withdraw, resend): they carry a CSRF token too."""
