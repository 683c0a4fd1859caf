"""Admins write the accessibility statement and the privacy notice per language; a page not written shows the
built-in text."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, SitePage

PUBLIC = {"accessibility": "/tilgjengelighet", "privacy": "/personvern"}
BUILT_IN = {"accessibility": "How we tested", "privacy": "What we collect"}


@pytest.fixture
def admin(make_user, login):
    user = make_user("admin")
    login(user)
    return user


def test_list_shows_every_page_in_every_language(client, admin):
    page = client.get("/staff/admin/pages").get_data(as_text=True)
    for key in PUBLIC:
        for language in ("nb", "nn", "se", "en"):
            assert f"/staff/admin/pages/{key}/{language}" in page
    assert page.count("Built-in text") == 8


@pytest.mark.parametrize("role, status", [("organiser", 403), ("planner", 403), ("admin", 200)])
def test_only_admins_edit_site_pages(client, make_user, login, municipality, role, status):
    login(make_user(role, municipality=None if role == "admin" else municipality))
    assert client.get("/staff/admin/pages").status_code == status
    assert client.get("/staff/admin/pages/privacy/nb").status_code == status
    saved = client.post("/staff/admin/pages/privacy/nb", data={"body_md": "x", "save": "1"})
    assert saved.status_code == (302 if role == "admin" else 403)


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/staff/admin/pages/privacy/nb")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/staff/admin/pages/cookies/nb", "/staff/admin/pages/privacy/de"])
def test_unknown_page_or_language_is_404(client, admin, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("key", sorted(PUBLIC))
def test_public_page_shows_built_in_text_until_written(client, key):
    page = client.get(PUBLIC[key]).get_data(as_text=True)
    assert BUILT_IN[key] in page and 'class="site-page"' not in page


@pytest.mark.parametrize("key", sorted(PUBLIC))
def test_saved_page_replaces_built_in_text_in_its_language_only(client, db, admin, key):
    response = client.post(f"/staff/admin/pages/{key}/en",
                           data={"body_md": "## Our own words\n\nWrite to **us**.", "save": "1"})
    assert response.status_code == 302
    saved = db.scalar(select(SitePage).where(SitePage.key == key, SitePage.language == "en"))
    assert saved.body_md.startswith("## Our own words") and saved.updated_by_id == admin.id
    event = db.scalar(select(AuditEvent).where(AuditEvent.action == "site_page.save"))
    assert event.user_id == admin.id and event.detail == {"key": key, "language": "en"}

    client.get("/lang/en")
    page = client.get(PUBLIC[key]).get_data(as_text=True)
    assert '<div class="site-page" lang="en"><h2>Our own words</h2>' in page and "<strong>us</strong>" in page
    assert BUILT_IN[key] not in page
    client.get("/lang/nb")
    assert 'class="site-page"' not in client.get(PUBLIC[key]).get_data(as_text=True)


def test_municipality_privacy_page_starts_with_the_written_site_notice(client, admin, municipality):
    client.get("/lang/en")
    assert BUILT_IN["privacy"] in client.get(f"/{municipality.slug}/personvern").get_data(as_text=True)
    client.post("/staff/admin/pages/privacy/en", data={"body_md": "Our own notice.", "save": "1"})
    page = client.get(f"/{municipality.slug}/personvern").get_data(as_text=True)
    assert "Our own notice." in page and BUILT_IN["privacy"] not in page


def test_emptying_a_page_brings_back_the_built_in_text(client, db, admin):
    client.post("/staff/admin/pages/accessibility/en", data={"body_md": "Ours", "save": "1"})
    client.post("/staff/admin/pages/accessibility/en", data={"body_md": "  \n", "save": "1"})
    assert db.scalar(select(SitePage)) is None
    assert db.scalar(select(AuditEvent).where(AuditEvent.action == "site_page.reset")) is not None
    client.get("/lang/en")
    assert BUILT_IN["accessibility"] in client.get("/tilgjengelighet").get_data(as_text=True)


def test_preview_renders_without_saving(client, db, admin):
    page = client.post("/staff/admin/pages/privacy/nn",
                       data={"body_md": "## Førehandsvising\n\n<script>alert(1)</script>", "preview": "1"}
                       ).get_data(as_text=True)
    assert '<div class="preview-body" lang="nn"><h2>Førehandsvising</h2>' in page
    assert "<script>alert(1)</script>" not in page
    assert "## Førehandsvising" in page  # what the admin typed is kept in the textarea
    assert db.scalar(select(SitePage)) is None


def test_markdown_is_sanitised_on_the_public_page(client, admin):
    client.post("/staff/admin/pages/privacy/nb",
                data={"body_md": "[x](javascript:alert(1)) <img src=x onerror=alert(1)>", "save": "1"})
    client.get("/lang/nb")
    page = client.get("/personvern").get_data(as_text=True)
    assert "javascript:" not in page and "onerror" not in page


def test_too_long_text_is_refused_next_to_the_field(client, db, admin):
    page = client.post("/staff/admin/pages/privacy/nb", data={"body_md": "x" * 50_001, "save": "1"}
                       ).get_data(as_text=True)
    assert 'id="body_md-error"' in page and db.scalar(select(SitePage)) is None


def test_built_in_statement_names_contact_and_complaint_route(client, municipality):
    client.get("/lang/en")
    page = client.get("/tilgjengelighet").get_data(as_text=True)
    assert "WCAG" in page and "2.1" in page and "https://www.uutilsynet.no/" in page
    assert "Known limitations" in page and "PDF" in page
    assert f"mailto:{municipality.contact_email}" in page
