def test_home_page_renders(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Gjestebud" in response.data


def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_staff_login_and_dashboard(client, login, make_user, municipality, make_topic):
    make_topic(municipality)
    user = make_user("organiser", municipality)
    login(user)
    response = client.get("/staff/")
    assert "Utvikling av Sjøvegan sentrum" in response.get_data(as_text=True)
