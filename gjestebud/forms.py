"""The base form: CSRF from Flask-WTF, WTForms' own messages in the visitor's language, and text cleaned of
characters no database stores."""

import re
import unicodedata
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field
from wtforms.validators import ValidationError

from .i18n import WTFormsTranslations, _

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


# Links and addresses in any form a mail reader might follow: a scheme, "www.", an e-mail address, or a bare
# domain with a common top-level domain ("bankid-sjekk.no").
_LINKISH = re.compile(
    r"[a-z][a-z0-9+.-]*://|\bwww\.|@|\b[\w-]{2,}\.(?:no|com|net|org|info|io|eu|se|dk|fi|nu|biz|xyz|app|link|"
    r"online|site|top|me|co|ly|to)\b", re.IGNORECASE)
NAME_LENGTH = 80


class PlainName:
    """A name that is pasted into official mail: one line, bounded, no links or addresses, so nobody can
    put a phishing message ("Kari,\n\nVIKTIG: Bekreft med BankID … https://…") into official mail."""

    def __init__(self, max_length: int = NAME_LENGTH) -> None:
        self.max_length = max_length
        self.field_flags = {"maxlength": max_length}

    def __call__(self, _form: Any, field: Field) -> None:
        value = field.data or ""
        if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in value):
            raise ValidationError(_("Write the name on one line."))
        if len(value) > self.max_length:
            raise ValidationError(_("Use at most %(max)s characters.", max=self.max_length))
        if _LINKISH.search(value):
            raise ValidationError(_("A name cannot contain web addresses or e-mail addresses."))
