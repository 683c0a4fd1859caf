"""The app as a whole: configuration layers, health check, security headers, error pages."""

from gjestebud import create_app
from tests.conftest import TEST_SECRET, free_port


def test_healthz_reports_a_reachable_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": TEST_SECRET,
                      "DATABASE_URL": f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/none"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_environment_overrides_instance_config_and_test_config_overrides_both(monkeypatch, database_url):
    monkeypatch.setenv("GJESTEBUD_BASE_URL", "https://gjestebud.salangen.example")
    monkeypatch.setenv("GJESTEBUD_MAIL_PORT", "2525")
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "MAIL_PORT": 587})
    assert app.config["BASE_URL"] == "https://gjestebud.salangen.example"
    assert app.config["MAIL_PORT"] == 587
    assert app.config["SESSION_COOKIE_SECURE"] is True, \
        "an https deployment must send cookies over https only"


def test_without_a_configured_key_a_random_one_is_kept_in_the_instance_folder(monkeypatch, tmp_path,
                                                                              database_url):
    monkeypatch.delenv("GJESTEBUD_SECRET_KEY", raising=False)
    import flask

    monkeypatch.setattr(flask.Flask, "auto_find_instance_path", lambda self: str(tmp_path))
    first = create_app({"TESTING": True, "DATABASE_URL": database_url}).config["SECRET_KEY"]
    second = create_app({"TESTING": True, "DATABASE_URL": database_url}).config["SECRET_KEY"]
    assert first == second and len(first) == 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_unknown_page_gets_a_helpful_404(client):
    response = client.get("/no/such/page/here")
    assert response.status_code == 404
    assert "We could not find that page" in response.get_data(as_text=True)


def test_language_switch_is_remembered(client):
    response = client.get("/lang/en?next=/")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_language_switch_refuses_redirects_to_other_sites(client):
    response = client.get("/lang/nn?next=//evil.example/")
    assert response.headers["Location"] == "/"


def test_browser_language_is_used_when_no_choice_was_made(client):
    page = client.get("/", headers={"Accept-Language": "nn-NO,nn;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="nn">' in page
    page = client.get("/", headers={"Accept-Language": "no"}).get_data(as_text=True)
    assert '<html lang="nb">' in page


def test_staff_login_leads_to_the_municipalitys_topics(client, login, make_user, municipality, make_topic,
                                                        make_municipality):
    make_topic(municipality)
    other = make_municipality("karasjok", "Kárášjoga gielda")
    make_topic(other, slug="sentrum", title="Kárášjoga guovddáš")
    login(make_user("organiser", municipality))
    page = client.get("/staff/").get_data(as_text=True)
    assert "Utvikling av Sjøvegan sentrum" in page
    assert "Kárášjoga guovddáš" not in page


def test_an_anonymous_visitors_session_cookie_is_not_rewritten_by_every_request(client):
    """A cookie rewritten by a concurrent request (a favicon, say) would lose the form's CSRF token."""
    assert "Set-Cookie" in client.get("/lang/nn").headers
    for path in ("/", "/no/such/page", "/personvern"):
        assert "Set-Cookie" not in client.get(path).headers, path
