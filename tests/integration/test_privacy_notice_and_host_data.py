"""Each municipality adds its own privacy notice to the site-wide one; a host can download everything stored
about them."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from gjestebud.models import AuditEvent
from gjestebud.services.reports import save_report


def test_admin_writes_the_municipalitys_privacy_notice_and_residents_read_it_under_the_common_text(
        client, db, make_user, login, municipality, make_topic):
    login(make_user("admin"))
    form = client.get(f"/staff/admin/municipalities/{municipality.id}/edit").get_data(as_text=True)
    assert "Privacy notice (Markdown)" in form and "legal basis" in form
    client.post(f"/staff/admin/municipalities/{municipality.id}/edit", data={
        "name": municipality.name, "slug": municipality.slug, "contact_email": "post@salangen.example",
        "privacy_md": "Personvernombud: **Ola Vern**, <script>window.__xss=1</script>ombud@salangen.example"})
    db.expire_all()
    assert municipality.privacy_md.startswith("Personvernombud")
    assert "municipality.privacy_notice" in db.scalars(select(AuditEvent.action)).all()

    page = client.get("/salangen/personvern").get_data(as_text=True)
    assert "<strong>Ola Vern</strong>" in page and "<script>window" not in page
    assert "6(1)(a)" in page, "the site-wide text comes first"
    assert page.index("6(1)(a)") < page.index("Ola Vern")
    assert "Ola Vern" not in client.get("/personvern").get_data(as_text=True)
    assert client.get("/ingen-slik/personvern").status_code == 404

    make_topic(municipality)
    signup = client.get("/salangen/sjovegan-sentrum/bli-vert").get_data(as_text=True)
    assert 'href="/salangen/personvern"' in signup


def test_a_too_long_privacy_notice_is_refused_next_to_the_field(client, db, make_user, login, municipality):
    login(make_user("admin"))
    page = client.post(f"/staff/admin/municipalities/{municipality.id}/edit", data={
        "name": municipality.name, "slug": municipality.slug, "privacy_md": "x" * 20_001})
    assert 'id="privacy_md-error"' in page.get_data(as_text=True)
    db.expire_all()
    assert municipality.privacy_md == ""


def test_host_downloads_everything_stored_about_them_as_json(client, db, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    host, token = make_host(topic, name="Kari Nordmann", email="kari@example.org")
    other, other_token = make_host(topic, name="Per Annen", email="per@example.org")
    first, second = topic.questions[0], topic.questions[1]
    save_report(db, host, held_on=date.today() - timedelta(days=1), participants=6,
                age_counts={"age_under_18": 1, "age_18_34": 2, "age_35_66": 2, "age_67_plus": 1},
                lines={first.id: ["Benker ved kaia"], second.id: ["Lekeplass", "Kafé"]}, submit=True,
                actor="host")

    home = client.get(f"/vert/{token}/", follow_redirects=True).get_data(as_text=True)
    assert 'href="/vert/mine-data.json"' in home and token not in home
    response = client.get(f"/vert/{token}/mine-data.json", follow_redirects=True)
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert data["sign_up"]["name"] == "Kari Nordmann" and data["sign_up"]["email"] == "kari@example.org"
    assert data["timestamps"]["confirmed_at"] and data["timestamps"]["consent_at"]
    assert data["report"]["status"] == "submitted" and data["report"]["participants"] == 6
    assert [(line["question"], line["text"]) for line in data["report"]["lines"]] == [
        (1, "Benker ved kaia"), (2, "Lekeplass"), (2, "Kafé")]
    assert "Per Annen" not in response.get_data(as_text=True) and token not in response.get_data(as_text=True)
    events = db.scalars(select(AuditEvent).where(AuditEvent.action == "host.download")).all()
    assert [(e.object_id, e.actor) for e in events] == [(host.id, "host")]

    unknown = client.get("/vert/not-a-real-token-at-all-000000000/mine-data.json", follow_redirects=True)
    assert unknown.status_code == 404
    other = client.get(f"/vert/{other_token}/mine-data.json", follow_redirects=True)
    assert json.loads(other.get_data())["report"] is None


def test_a_new_municipality_can_start_with_its_privacy_notice(client, db, make_user, login):
    login(make_user("admin"))
    client.post("/staff/admin/municipalities/new", data={
        "name": "Lavangen kommune", "slug": "lavangen", "privacy_md": "Kontakt personvernombudet."})
    assert "Kontakt personvernombudet." in client.get("/lavangen/personvern").get_data(as_text=True)
