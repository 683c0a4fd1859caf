"""Admins manage staff accounts: create with password rules, deactivate, reactivate, reset the password."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, Role, User
from tests.conftest import PASSWORD

NEW_PASSWORD = "a much better passphrase"


@pytest.fixture
def admin(make_user, login):
    user = make_user("admin")
    login(user)
    return user


def user_data(municipality, **overrides: str) -> dict[str, str]:
    data = {"email": "Ny.Planlegger@Example.org", "name": "Ny Planlegger", "role": "planner",
            "municipality_id": str(municipality.id), "password": NEW_PASSWORD}
    data.update(overrides)
    return data


def test_users_list_shows_role_and_municipality(client, admin, make_user, municipality):
    make_user("planner", municipality, email="p@example.org")
    page = client.get("/staff/admin/users").get_data(as_text=True)
    assert "p@example.org" in page and "Planner" in page and "Salangen kommune" in page
    assert "All (administrator)" in page


def test_create_user(client, db, admin, municipality):
    response = client.post("/staff/admin/users/new", data=user_data(municipality))
    assert response.status_code == 302
    user = db.scalar(select(User).where(User.email == "ny.planlegger@example.org"))
    assert user.role is Role.PLANNER and user.municipality_id == municipality.id
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.create",
                                               AuditEvent.object_id == user.id))
    assert event.user_id == admin.id


def test_new_user_can_log_in(client, admin, municipality, app):
    client.post("/staff/admin/users/new", data=user_data(municipality))
    other = app.test_client()
    response = other.post("/staff/login",
                          data={"email": "ny.planlegger@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_an_admin_belongs_to_no_municipality(client, db, admin, municipality):
    client.post("/staff/admin/users/new",
                data=user_data(municipality, role="admin", email="sjef@example.org", municipality_id=""))
    user = db.scalar(select(User).where(User.email == "sjef@example.org"))
    assert user.role is Role.ADMIN and user.municipality_id is None


def test_the_new_user_form_preselects_no_role(client, admin, municipality):
    page = client.get("/staff/admin/users/new").get_data(as_text=True)
    role_select = re.search(r'<select[^>]*id="role".*?</select>', page, re.S).group(0)
    assert "selected" not in role_select
    assert '<option value="">Choose a role</option>' in role_select


def test_a_refused_new_user_keeps_everything_typed(client, admin, municipality):
    page = client.post("/staff/admin/users/new",
                       data=user_data(municipality, municipality_id="")).get_data(as_text=True)
    assert 'id="municipality_id-error"' in page
    for typed in ("Ny.Planlegger@Example.org", "Ny Planlegger", NEW_PASSWORD):
        assert f'value="{typed}"' in page
    assert '<option selected value="planner">' in page


@pytest.mark.parametrize("overrides, field, message", [
    ({"password": "short"}, "password", "at least 12 characters"),
    ({"password": "aaaaaaaaaaaaaaaa"}, "password", "at least 5 different characters"),
    ({"email": "same.as.email@example.org", "password": "same.as.email@example.org"}, "password",
     "cannot contain the name or the e-mail address"),
    ({"password": "Ny Planlegger er flink"}, "password", "cannot contain the name"),
    ({"password": "Sommer2024!!!"}, "password", "too common"),
    ({"role": ""}, "role", "Choose a role."),
    ({"role": "admin"}, "municipality_id", "belong to none"),
    ({"municipality_id": ""}, "municipality_id", "belong to a municipality"),
    ({"municipality_id": "999"}, "municipality_id", "Choose a municipality from the list"),
    ({"municipality_id": "abc"}, "municipality_id", ""),
    ({"email": "not-an-address"}, "email", "valid e-mail"),
    ({"email": "x" * 250 + "@example.org"}, "email", ""),
    ({"role": "superuser"}, "role", ""),
    ({"name": ""}, "name", "Enter a name"),
])
def test_create_user_validation(client, db, admin, municipality, overrides, field, message):
    response = client.post("/staff/admin/users/new", data=user_data(municipality, **overrides))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert f'id="{field}-error"' in page
    assert message in page
    assert db.scalar(select(User).where(User.name == "Ny Planlegger")) is None


def test_email_must_be_unique(client, admin, make_user, municipality):
    make_user("organiser", municipality, email="opptatt@example.org")
    page = client.post("/staff/admin/users/new",
                       data=user_data(municipality, email="OPPTATT@example.org")).get_data(as_text=True)
    assert "already an account with this e-mail address" in page


def test_deactivate_and_reactivate(client, db, admin, make_user, municipality, app):
    user = make_user("organiser", municipality)
    client.post(f"/staff/admin/users/{user.id}/deactivate")
    db.expire_all()
    assert db.get(User, user.id).active is False
    other = app.test_client()
    assert other.post("/staff/login", data={"email": user.email, "password": PASSWORD}).status_code == 200
    client.post(f"/staff/admin/users/{user.id}/reactivate")
    db.expire_all()
    assert db.get(User, user.id).active is True
    assert other.post("/staff/login", data={"email": user.email, "password": PASSWORD}).status_code == 302
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.object_id == user.id,
                                                         AuditEvent.object_type == "user")).all()
    assert "user.deactivate" in actions and "user.reactivate" in actions


def test_deactivation_ends_the_open_session(client, db, admin, make_user, municipality, app):
    user = make_user("organiser", municipality)
    other = app.test_client()
    other.post("/staff/login", data={"email": user.email, "password": PASSWORD})
    assert other.get("/staff/outbox").status_code == 200
    client.post(f"/staff/admin/users/{user.id}/deactivate")
    assert other.get("/staff/outbox").status_code == 302


def test_admin_cannot_deactivate_themselves(client, db, admin):
    response = client.post(f"/staff/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "cannot deactivate your own account" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, admin.id).active is True


def test_reset_password(client, db, admin, make_user, municipality, app):
    user = make_user("organiser", municipality)
    response = client.post(f"/staff/admin/users/{user.id}/password", data={"password": "kort"})
    page = response.get_data(as_text=True)
    assert 'id="password-error"' in page and "at least 12 characters" in page
    assert client.post(f"/staff/admin/users/{user.id}/password",
                       data={"password": NEW_PASSWORD}).status_code == 302
    other = app.test_client()
    assert other.post("/staff/login", data={"email": user.email, "password": PASSWORD}).status_code == 200
    assert other.post("/staff/login", data={"email": user.email, "password": NEW_PASSWORD}).status_code == 302


def test_unknown_user_is_404(client, admin):
    assert client.get("/staff/admin/users/999/password").status_code == 404
    assert client.post("/staff/admin/users/999/deactivate").status_code == 404


def _logged_in(app, user, password=PASSWORD):
    other = app.test_client()
    assert other.post("/staff/login", data={"email": user.email, "password": password}).status_code == 302
    return other


def edit_data(user, **overrides: str) -> dict[str, str]:
    data = {"name": user.name, "role": user.role.value, "municipality_id": str(user.municipality_id or ""),
            "active": "y" if user.active else ""}
    data.update(overrides)
    return {key: value for key, value in data.items() if value != "" or key == "municipality_id"}


def test_edit_user_form_shows_the_current_values(client, admin, make_user, municipality):
    user = make_user("planner", municipality)
    page = client.get(f"/staff/admin/users/{user.id}/edit").get_data(as_text=True)
    assert '<option selected value="planner">' in page
    assert f'<option selected value="{municipality.id}">' in page
    assert 'id="active" name="active" type="checkbox" value="y"' in page and "checked" in page


def test_edit_user_changes_name_and_is_audited(client, db, admin, make_user, municipality, app):
    user = make_user("planner", municipality)
    session = _logged_in(app, user)
    response = client.post(f"/staff/admin/users/{user.id}/edit",
                           data=edit_data(user, name="Nina Saksbehandler"))
    assert response.status_code == 302
    db.expire_all()
    assert db.get(User, user.id).name == "Nina Saksbehandler"
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.update",
                                               AuditEvent.object_id == user.id))
    assert event.user_id == admin.id
    assert event.detail["changed"] == {"name": ["Planner", "Nina Saksbehandler"]}
    assert session.get("/staff/").status_code == 200, "a new name takes no rights away"


@pytest.mark.parametrize("change", ["demote", "move", "deactivate"])
def test_less_rights_end_the_users_sessions(client, db, admin, make_user, make_municipality, municipality,
                                           app, change):
    lavangen = make_municipality("lavangen", "Lavangen kommune")
    user = make_user("organiser", municipality)
    session = _logged_in(app, user)
    overrides = {"demote": {"role": "planner"}, "move": {"municipality_id": str(lavangen.id)},
                 "deactivate": {"active": ""}}[change]
    data = edit_data(user, **overrides)
    assert client.post(f"/staff/admin/users/{user.id}/edit", data=data).status_code == 302
    assert session.get("/staff/").status_code == 302
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "user.update",
                                               AuditEvent.object_id == user.id))
    assert event.detail["sessions_ended"] is True


def test_more_rights_keep_the_session(client, db, admin, make_user, municipality, app):
    user = make_user("planner", municipality)
    session = _logged_in(app, user)
    client.post(f"/staff/admin/users/{user.id}/edit", data=edit_data(user, role="organiser"))
    db.expire_all()
    assert db.get(User, user.id).role is Role.ORGANISER
    assert session.get("/staff/outbox").status_code == 200


def test_editing_to_organiser_without_municipality_is_refused(client, db, admin, make_user, municipality):
    user = make_user("admin")
    response = client.post(f"/staff/admin/users/{user.id}/edit",
                           data=edit_data(user, role="organiser", name="Nina Saksbehandler"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="municipality_id-error"' in page
    assert 'value="Nina Saksbehandler"' in page
    db.expire_all()
    assert db.get(User, user.id).role is Role.ADMIN


def test_admin_cannot_demote_themselves(client, db, admin, municipality):
    response = client.post(f"/staff/admin/users/{admin.id}/edit",
                           data=edit_data(admin, role="planner", municipality_id=str(municipality.id)))
    assert "cannot take away your own administrator rights" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(User, admin.id).role is Role.ADMIN


def test_a_new_user_must_choose_their_own_password(client, db, admin, municipality, app):
    client.post("/staff/admin/users/new", data=user_data(municipality))
    other = app.test_client()
    other.post("/staff/login", data={"email": "ny.planlegger@example.org", "password": NEW_PASSWORD})
    for path in ("/staff/", "/staff/account", "/staff/planner/topics/1/suggestions", "/staff/admin/users"):
        response = other.get(path)
        assert response.status_code == 302 and response.headers["Location"] == "/staff/account/password"
    response = other.post("/staff/account/password", data={
        "current": NEW_PASSWORD, "password": "min egen lange setning", "confirm": "min egen lange setning"})
    assert response.status_code == 302
    assert other.get("/staff/").status_code == 200


def test_reset_password_forces_a_change_at_next_log_in(client, db, admin, make_user, municipality, app):
    user = make_user("organiser", municipality)
    client.post(f"/staff/admin/users/{user.id}/password", data={"password": NEW_PASSWORD})
    db.expire_all()
    assert db.get(User, user.id).must_change_password is True
    other = _logged_in(app, user, NEW_PASSWORD)
    assert other.get("/staff/outbox").headers["Location"] == "/staff/account/password"
