"""The outbox page: what the service has mailed or is about to, scoped to the organiser's municipality."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from gjestebud.models import OutboxMail


@pytest.fixture
def organiser_logged_in(make_user, municipality, login):
    user = make_user("organiser", municipality)
    login(user)
    return user


@pytest.fixture
def add_mail(db):
    def add(municipality, recipient: str = "vert@example.org", subject: str = "Velkommen",
            **fields) -> OutboxMail:
        fields.setdefault("body", "Hei!\nDin lenke: http://localhost/vert/abc/\n")
        mail = OutboxMail(municipality_id=municipality.id if municipality else None, recipient=recipient,
                          subject=subject, kind="kit", **fields)
        db.add(mail)
        db.commit()
        return mail

    return add


def test_outbox_shows_queued_mail_with_its_body(client, organiser_logged_in, municipality, add_mail):
    add_mail(municipality)
    page = client.get("/staff/outbox").get_data(as_text=True)
    assert "vert@example.org" in page and "Velkommen" in page and "Queued" in page
    assert "Din lenke: http://localhost/vert/[secret]/" in page and "/vert/abc/" not in page
    assert "demo mode" in page


def test_outbox_shows_failures_and_cleared_bodies(client, organiser_logged_in, municipality, add_mail):
    add_mail(municipality, subject="Feilet", attempts=3, last_error="ConnectionRefusedError: nope")
    add_mail(municipality, subject="Sendt", body=None, attempts=1, sent_at=datetime.now(timezone.utc))
    page = client.get("/staff/outbox").get_data(as_text=True)
    assert "Failed 3 times" in page and "ConnectionRefusedError: nope" in page
    assert "Text deleted after delivery" in page


def test_outbox_is_scoped_to_the_municipality(client, organiser_logged_in, municipality, make_municipality,
                                              add_mail):
    add_mail(municipality, subject="Vår post")
    add_mail(make_municipality("lavangen", "Lavangen kommune"), subject="Naboens post")
    add_mail(None, subject="Systempost")
    page = client.get("/staff/outbox").get_data(as_text=True)
    assert "Vår post" in page
    assert "Naboens post" not in page and "Systempost" not in page


def test_admin_sees_every_mail(client, login, make_user, municipality, make_municipality, add_mail):
    add_mail(municipality, subject="Vår post")
    add_mail(make_municipality("lavangen", "Lavangen kommune"), subject="Naboens post")
    login(make_user("admin"))
    page = client.get("/staff/outbox").get_data(as_text=True)
    assert "Vår post" in page and "Naboens post" in page


def test_outbox_is_paginated_newest_first(client, organiser_logged_in, municipality, add_mail):
    start = datetime.now(timezone.utc) - timedelta(hours=2)
    for n in range(55):
        add_mail(municipality, subject=f"Post nummer {n:02d}", created_at=start + timedelta(minutes=n))
    first = client.get("/staff/outbox").get_data(as_text=True)
    assert first.index("Post nummer 54") < first.index("Post nummer 53")
    assert "Post nummer 05" in first and "Post nummer 04" not in first
    assert "Page 1 of 2" in first
    second = client.get("/staff/outbox?page=2").get_data(as_text=True)
    assert "Post nummer 04" in second and "Post nummer 05" not in second
    assert client.get("/staff/outbox?page=99").status_code == 200
    assert client.get("/staff/outbox?page=abc").status_code == 200


def test_send_now_delivers_due_mail(client, db, organiser_logged_in, municipality, add_mail):
    mail = add_mail(municipality)
    response = client.post("/staff/outbox/send", follow_redirects=True)
    assert "Sent 1, failed 0" in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(OutboxMail, mail.id).sent_at is not None
