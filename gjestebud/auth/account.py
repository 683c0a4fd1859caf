"""A staff member's own account: change the password, turn two-factor sign-in on or off."""

from flask import flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user

from ..access import READERS, roles_required, staff_user
from ..db import get_session
from ..i18n import _
from ..services import two_factor
from ..services import users as user_service
from . import bp
from .forms import PASSWORD_HINT, ChangePasswordForm, CodeForm, PasswordConfirmForm

# A random value in the holder's session, from which the server derives the secret being enrolled.
_ENROLLING = "totp_enrolment"


@bp.route("/account")
@roles_required(*READERS)
def account() -> str:
    return render_template("auth/account.html", off_form=PasswordConfirmForm())


@bp.route("/account/password", methods=["GET", "POST"])
@roles_required(*READERS)
def change_password() -> ResponseReturnValue:
    user = staff_user()
    form = ChangePasswordForm(email=user.email, name=user.name)
    if form.validate_on_submit():
        if not user_service.password_matches(user, form.current.data):
            form.current.errors = [_("That is not your current password.")]
        else:
            user_service.change_own_password(get_session(), user, form.password.data)
            login_user(user)  # this session carries the new nonce; every other one has ended
            flash(_("Your password was changed. Other sessions of your account have ended."), "success")
            return redirect(url_for("auth.account"))
    return render_template("auth/change_password.html", form=form, hint=PASSWORD_HINT)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@roles_required(*READERS)
def two_factor_setup() -> ResponseReturnValue:
    """Shows a new key (as text and as an otpauth link) and turns two-factor on once a code matches it."""
    user = staff_user()
    if user.two_factor_enabled:
        return redirect(url_for("auth.account"))
    enrolment = session.get(_ENROLLING)
    if not isinstance(enrolment, str) or len(enrolment) < 16:
        enrolment = session[_ENROLLING] = two_factor.new_enrolment()
    secret = two_factor.enrolment_secret(user, enrolment)
    form = CodeForm()
    if form.validate_on_submit():
        codes = two_factor.enable(get_session(), user, secret, form.code.data)
        if codes is not None:
            session.pop(_ENROLLING, None)
            return render_template("auth/recovery_codes.html", codes=codes)
        form.code.errors = [_("That code does not match. Check the key in the app and the phone's clock, "
                              "then enter the newest code.")]
    return render_template("auth/two_factor_setup.html", form=form, key=two_factor.grouped(secret),
                           uri=two_factor.provisioning_uri(secret, user.email))


@bp.route("/account/two-factor/off", methods=["POST"])
@roles_required(*READERS)
def two_factor_off() -> ResponseReturnValue:
    user = staff_user()
    form = PasswordConfirmForm()
    if form.validate_on_submit() and user_service.password_matches(user, form.current.data):
        two_factor.disable(get_session(), user, actor=user)
        flash(_("Two-factor sign-in is off. Your password alone now opens your account."), "success")
        return redirect(url_for("auth.account"))
    if form.is_submitted():
        form.current.errors = [_("That is not your current password.")]
    return render_template("auth/account.html", off_form=form)
