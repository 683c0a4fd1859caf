"""The base form: CSRF from Flask-WTF, WTForms' own messages in the visitor's language, and text cleaned of
characters no database stores."""

from typing import Any

from flask_wtf import FlaskForm

from .i18n import WTFormsTranslations

# The largest id the database's integer columns hold; larger numbers from a form or URL match nothing.
MAX_ID = 2**31 - 1


def drop_nul(value: Any) -> Any:
    """PostgreSQL refuses text with NUL characters; nobody types them, so they go."""
    return value.replace("\x00", "") if isinstance(value, str) else value


class Form(FlaskForm):
    class Meta:
        def get_translations(self, form):  # type: ignore[no-untyped-def]
            return WTFormsTranslations()

        def bind_field(self, form, unbound_field, options):  # type: ignore[no-untyped-def]
            filters = unbound_field.kwargs.get("filters") or ()
            unbound_field.kwargs["filters"] = [drop_nul, *filters]
            return unbound_field.bind(form=form, **options)


class EmptyForm(Form):
    """For button-only POSTs (withdraw, resend): they carry a CSRF token too."""
