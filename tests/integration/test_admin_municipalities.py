"""Admins add and edit municipalities; a slug the app itself uses can never be taken."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, Municipality
from gjestebud.services.municipalities import RESERVED_SLUGS


@pytest.fixture
def admin(make_user, login):
    user = make_user("admin")
    login(user)
    return user


def test_list_municipalities(client, admin, municipality):
    page = client.get("/staff/admin/municipalities").get_data(as_text=True)
    assert "Salangen kommune" in page and "/salangen/" in page


def test_create_municipality(client, db, admin):
    response = client.post("/staff/admin/municipalities/new",
                           data={"name": "Lavangen kommune", "slug": "lavangen",
                                 "contact_email": "Post@Lavangen.example"})
    assert response.status_code == 302
    municipality = db.scalar(select(Municipality).where(Municipality.slug == "lavangen"))
    assert (municipality.name, municipality.contact_email) == ("Lavangen kommune", "post@lavangen.example")
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "municipality.create"))
    assert event.user_id == admin.id and event.municipality_id == municipality.id


def test_edit_municipality(client, db, admin, municipality):
    assert "Salangen kommune" in client.get(
        f"/staff/admin/municipalities/{municipality.id}/edit").get_data(as_text=True)
    client.post(f"/staff/admin/municipalities/{municipality.id}/edit",
                data={"name": "Salangen", "slug": "salangen", "contact_email": ""})
    db.expire_all()
    municipality = db.get(Municipality, municipality.id)
    assert (municipality.name, municipality.contact_email) == ("Salangen", None)


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_reserved_slugs_are_refused(client, db, admin, slug):
    page = client.post("/staff/admin/municipalities/new",
                       data={"name": "Ny kommune", "slug": slug}).get_data(as_text=True)
    assert 'id="slug-error"' in page and "used by the service itself" in page
    assert db.scalar(select(Municipality)) is None


@pytest.mark.parametrize("data, field", [
    ({"name": "Ny", "slug": "Store"}, "slug"),
    ({"name": "Ny", "slug": "to ord"}, "slug"),
    ({"name": "Ny", "slug": ""}, "slug"),
    ({"name": "Ny", "slug": "x" * 61}, "slug"),
    ({"name": "", "slug": "ny"}, "name"),
    ({"name": "Ny", "slug": "ny", "contact_email": "ikke epost"}, "contact_email"),
])
def test_municipality_validation(client, db, admin, data, field):
    response = client.post("/staff/admin/municipalities/new", data=data)
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    assert db.scalar(select(Municipality)) is None


def test_slug_must_be_unique(client, admin, municipality, make_municipality):
    page = client.post("/staff/admin/municipalities/new",
                       data={"name": "Kopi", "slug": "salangen"}).get_data(as_text=True)
    assert "Another municipality already uses this web address" in page
    other = make_municipality("lavangen", "Lavangen kommune")
    page = client.post(f"/staff/admin/municipalities/{other.id}/edit",
                       data={"name": "Lavangen", "slug": "salangen"}).get_data(as_text=True)
    assert "Another municipality already uses this web address" in page


def test_unknown_municipality_is_404(client, admin):
    assert client.get("/staff/admin/municipalities/999/edit").status_code == 404


@pytest.mark.parametrize("new", [True, False])
def test_municipality_and_its_privacy_notice_are_saved_in_one_commit(client, db, admin, municipality, new):
    """One form, one commit: the notice never lands without the rest of the form, or the other way round."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    commits = []
    listener = commits.append
    event.listen(Session, "after_commit", listener)
    try:
        url = ("/staff/admin/municipalities/new" if new
               else f"/staff/admin/municipalities/{municipality.id}/edit")
        response = client.post(url, data={"name": "Lavangen kommune",
                                          "slug": "lavangen" if new else "salangen", "contact_email": "",
                                          "privacy_md": "Vi lagrer bare vertens navn."})
    finally:
        event.remove(Session, "after_commit", listener)
    assert response.status_code == 302
    assert len(commits) == 1
    db.expire_all()
    saved = db.scalar(select(Municipality).where(Municipality.name == "Lavangen kommune"))
    assert saved.privacy_md == "Vi lagrer bare vertens navn."
    actions = set(db.scalars(select(AuditEvent.action)))
    assert {"municipality.privacy_notice", "municipality.create" if new else "municipality.update"} <= actions
