"""Admins: staff accounts and municipalities. Admins span every municipality, so nothing here is scoped."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from wtforms import SelectChoice

from ..access import roles_required, staff_user
from ..db import get_session
from ..forms import EmptyForm
from ..i18n import _
from ..models import Municipality, Role, User
from ..services import municipalities as municipality_service
from ..services import two_factor
from ..services import users as user_service
from . import bp
from .forms import EditUserForm, MunicipalityForm, PasswordForm, UserForm


def _user(user_id: int) -> User:
    return get_session().get(User, user_id) or abort(404)


def _municipality(municipality_id: int) -> Municipality:
    return get_session().get(Municipality, municipality_id) or abort(404)


@bp.route("/users")
@roles_required(Role.ADMIN)
def users() -> str:
    return render_template("admin/users.html", users=user_service.list_users(get_session()),
                           button_form=EmptyForm())


def _municipality_choices(form: UserForm) -> None:
    form.municipality_id.choices = [SelectChoice("", _("None (administrators only)"))] + [
        SelectChoice(m.id, m.name) for m in municipality_service.all_municipalities(get_session())]


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_user() -> ResponseReturnValue:
    """The administrator chooses the first password, so the holder must change it at first log-in."""
    form = UserForm()
    _municipality_choices(form)
    if form.validate_on_submit():
        user = user_service.create_user(
            get_session(), email=form.email.data, name=form.name.data, password=form.password.data,
            role=Role(form.role.data), municipality_id=form.municipality_id.data, actor=staff_user(),
            must_change_password=True)
        flash(_("The account for %(email)s was created. Give them the password in a safe way; they choose "
                "their own at first log-in.", email=user.email), "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_user(user_id: int) -> ResponseReturnValue:
    """Name, role, municipality and whether the account may log in; less rights end its open sessions."""
    user = _user(user_id)
    form = EditUserForm(obj=user)
    _municipality_choices(form)
    if form.validate_on_submit():
        try:
            ended = user_service.update_user(
                get_session(), user, name=form.name.data, role=Role(form.role.data),
                municipality_id=form.municipality_id.data, active=form.active.data, actor=staff_user())
        except user_service.OwnRightsError:
            form.role.errors = [_("You cannot take away your own administrator rights or deactivate your own "
                                  "account. Ask another administrator.")]
        else:
            flash(_("%(email)s was saved.", email=user.email) + (
                " " + _("Their open sessions have ended.") if ended else ""), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_edit.html", form=form, user=user)


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def deactivate_user(user_id: int) -> ResponseReturnValue:
    user = _user(user_id)
    if user.id == staff_user().id:
        flash(_("You cannot deactivate your own account."), "error")
    elif EmptyForm().validate_on_submit():
        user_service.set_active(get_session(), user, False, actor=staff_user())
        flash(_("%(email)s can no longer log in.", email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@roles_required(Role.ADMIN)
def reactivate_user(user_id: int) -> ResponseReturnValue:
    user = _user(user_id)
    if EmptyForm().validate_on_submit():
        user_service.set_active(get_session(), user, True, actor=staff_user())
        flash(_("%(email)s can log in again.", email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.route("/users/<int:user_id>/password", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def reset_password(user_id: int) -> ResponseReturnValue:
    """Sets a new password and ends the account's open sessions."""
    user = _user(user_id)
    form = PasswordForm(email=user.email, name=user.name)
    if form.validate_on_submit():
        user_service.set_password(get_session(), user, form.password.data, actor=staff_user())
        flash(_("The password for %(email)s was changed. Give it to them in a safe way; they must choose "
                "their own at their next log-in.", email=user.email), "success")
        return redirect(url_for("admin.users"))
    return render_template("admin/password.html", form=form, user=user)


@bp.route("/users/<int:user_id>/two-factor/reset", methods=["POST"])
@roles_required(Role.ADMIN)
def reset_two_factor(user_id: int) -> ResponseReturnValue:
    """For a lost phone: two-factor sign-in off, recovery codes gone, open sessions ended (audited)."""
    user = _user(user_id)
    if EmptyForm().validate_on_submit() and user.two_factor_enabled:
        two_factor.disable(get_session(), user, actor=staff_user())
        flash(_("Two-factor sign-in for %(email)s is off. They can set it up again from their account page.",
                email=user.email), "success")
    return redirect(url_for("admin.users"))


@bp.route("/municipalities")
@roles_required(Role.ADMIN)
def municipalities() -> str:
    return render_template("admin/municipalities.html",
                           municipalities=municipality_service.all_municipalities(get_session()))


@bp.route("/municipalities/new", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def new_municipality() -> ResponseReturnValue:
    form = MunicipalityForm()
    if form.validate_on_submit():
        try:
            municipality_service.create_municipality(
                get_session(), name=form.name.data, slug=form.slug.data,
                contact_email=(form.contact_email.data or "").lower() or None, actor=staff_user(),
                privacy_md=form.privacy_md.data or "")
        except municipality_service.MunicipalitySlugTaken:
            form.slug.errors = [_("Another municipality already uses this web address.")]
        else:
            flash(_("%(name)s was added.", name=form.name.data), "success")
            return redirect(url_for("admin.municipalities"))
    return render_template("admin/municipality_form.html", form=form, municipality=None)


@bp.route("/municipalities/<int:municipality_id>/edit", methods=["GET", "POST"])
@roles_required(Role.ADMIN)
def edit_municipality(municipality_id: int) -> ResponseReturnValue:
    municipality = _municipality(municipality_id)
    form = MunicipalityForm(obj=municipality, municipality_id=municipality.id)
    if form.validate_on_submit():
        try:
            municipality_service.update_municipality(
                get_session(), municipality, name=form.name.data, slug=form.slug.data,
                contact_email=(form.contact_email.data or "").lower() or None, actor=staff_user(),
                privacy_md=form.privacy_md.data or "")
        except municipality_service.MunicipalitySlugTaken:
            form.slug.errors = [_("Another municipality already uses this web address.")]
        else:
            flash(_("%(name)s was saved.", name=form.name.data), "success")
            return redirect(url_for("admin.municipalities"))
    return render_template("admin/municipality_form.html", form=form, municipality=municipality)
