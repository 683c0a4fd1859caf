"""A host's whole way through the personal link: confirm, kit, report, withdraw, delete."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, Host, Report, ReportStatus, Suggestion, TopicStatus
from gjestebud.services.suggestions import topic_counts
from tests.conftest import links_in

EN = {"Accept-Language": "en"}


def path_of(link: str) -> str:
    return link.removeprefix("http://localhost")


def report_data(topic, **overrides):
    first, second, third = topic.questions
    data = {"held_on": date.today().isoformat(), "participants": "6", "age_under_18": "1", "age_18_34": "2",
            "age_35_66": "2", "age_67_plus": "1",
            f"q{first.id}": "Fin utsikt over fjorden\n\n  Kort vei til butikken  \n",
            f"q{second.id}": "En kafé med sitteplasser", f"q{third.id}": "", "send": "Submit"}
    data.update(overrides)
    return data


def test_full_journey_from_signup_to_deleted_data(client, db, municipality, make_topic, outbox):
    topic = make_topic(municipality)
    client.post("/salangen/sjovegan-sentrum/bli-vert", data={
        "name": "Kari Nordmann", "email": "kari@example.org", "area": "Sjøvegan", "expected_guests": "6",
        "language": "en", "consent": "y"})
    [confirm_link] = links_in(outbox()[0].body)

    page = client.get(path_of(confirm_link), headers=EN, follow_redirects=True)
    assert page.status_code == 200
    assert '<button type="submit">Confirm</button>' in page.get_data(as_text=True)
    host = db.scalar(select(Host))
    db.refresh(host)
    assert host.confirmed_at is None, "opening the link (as a mail scanner does) must not confirm"

    response = client.post(path_of(confirm_link))
    home = confirm_link.removesuffix("bekreft")
    assert response.status_code == 302 and response.headers["Location"] == "/vert/", "no secret in a redirect"
    db.refresh(host)
    assert host.confirmed_at is not None and host.kit_sent_at is not None
    kit = outbox()[-1]
    assert kit.kind == "kit" and kit.subject == "Your host kit: Utvikling av Sjøvegan sentrum"
    assert home in links_in(kit.body) and "Hva mangler i sentrum?" in kit.body
    assert "Snakk sammen i to timer." in kit.body and "**" not in kit.body
    again = client.get(path_of(confirm_link), follow_redirects=True)
    assert again.request.path == "/vert/", "confirming twice is harmless"
    assert len(outbox()) == 2

    page = client.get(path_of(home), headers=EN, follow_redirects=True).get_data(as_text=True)
    assert "Gjestebud 1" in page and "Confirmed" in page and "Welcome to a gjestebud" in page
    assert 'data-copy-label="Copy the text"' in page and 'src="/static/host.js"' in page
    assert client.get(path_of(home) + "skjema", follow_redirects=True).status_code == 200

    draft = report_data(topic, send="", save="Save draft", held_on="", participants="")
    assert client.post(path_of(home) + "rapport", data=draft).status_code == 302
    report = db.scalar(select(Report))
    assert report.status is ReportStatus.DRAFT and report.submitted_at is None
    assert [s.text for s in report.suggestions] == ["Fin utsikt over fjorden", "Kort vei til butikken",
                                                    "En kafé med sitteplasser"]
    assert len(outbox()) == 2, "a draft sends nothing"

    assert client.post(path_of(home) + "rapport", data=report_data(topic)).status_code == 302
    db.refresh(report)
    assert report.status is ReportStatus.SUBMITTED and report.submitted_at is not None
    assert (report.participants, report.age_18_34) == (6, 2)
    receipt = outbox()[-1]
    assert receipt.kind == "receipt" and receipt.subject == "Thank you for the report"
    assert home in receipt.body

    first = topic.questions[0]
    kept = db.scalar(select(Suggestion).where(Suggestion.text == "Fin utsikt over fjorden"))
    edited = report_data(topic, **{f"q{first.id}": "Fin utsikt over fjorden\nMer lys om vinteren"})
    client.post(path_of(home) + "rapport", data=edited)
    db.expire_all()
    assert report.status is ReportStatus.SUBMITTED
    assert [s.text for s in report.suggestions] == ["Fin utsikt over fjorden", "Mer lys om vinteren",
                                                    "En kafé med sitteplasser"]
    assert report.suggestions[0].id == kept.id, "an unchanged line keeps its row (and its place in a measure)"
    assert len(outbox()) == 3, "only the first submission sends a receipt"

    topic.report_deadline = date.today() - timedelta(days=1)
    db.commit()
    page = client.get(path_of(home) + "rapport", headers=EN, follow_redirects=True).get_data(as_text=True)
    assert "can no longer be changed" in page and "<textarea" not in page and "Mer lys om vinteren" in page
    client.post(path_of(home) + "rapport", data=report_data(topic, **{f"q{first.id}": "Sneaky change"}))
    db.expire_all()
    assert "Sneaky change" not in [s.text for s in report.suggestions]

    withdraw_page = client.get(path_of(home) + "trekk", headers=EN, follow_redirects=True)
    assert "Yes, withdraw" in withdraw_page.get_data(as_text=True)
    assert client.post(path_of(home) + "trekk").status_code == 302
    db.expire_all()
    assert host.withdrawn_at is not None and report.status is ReportStatus.WITHDRAWN
    assert outbox()[-1].kind == "withdrawn"

    assert client.post(path_of(home) + "slett", headers=EN).status_code == 200
    db.expire_all()
    assert (host.name, host.email, host.phone) == (None, None, None) and host.erased_at is not None
    assert client.get(path_of(home), follow_redirects=True).status_code == 404, "the link dies with the data"
    actions = db.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    for action in ("host.signup", "host.confirm", "report.save_draft", "report.submit", "report.update",
                   "host.withdraw", "host.erase"):
        assert action in actions


@pytest.mark.parametrize("keep, expected_lines, expected_status, withdrawn", [
    (False, 0, ReportStatus.WITHDRAWN, True),
    (True, 1, ReportStatus.SUBMITTED, False),
])
def test_deleting_data_deletes_the_suggestions_unless_the_host_leaves_them(
        client, db, municipality, make_topic, make_host, keep, expected_lines, expected_status, withdrawn):
    topic = make_topic(municipality)
    host, token = make_host(topic, language="en")
    client.post(f"/vert/{token}/rapport", data=report_data(topic, **{f"q{topic.questions[1].id}": ""}))
    page = client.get(f"/vert/{token}/slett", headers=EN, follow_redirects=True).get_data(as_text=True)
    assert "suggestions are deleted as well" in page and "you will not get the results mail" in page
    assert "anonymous record that still counts" in page
    assert 'type="checkbox"' in page and " checked" not in page, "deleting the lines is the default"
    client.post(f"/vert/{token}/slett", data={"keep_suggestions": "y"} if keep else {})
    db.expire_all()
    report = db.scalar(select(Report))
    assert host.email is None and (host.withdrawn_at is not None) is withdrawn
    assert (len(report.suggestions), report.status) == (2 * expected_lines, expected_status)
    assert topic_counts(db, topic).reports == expected_lines


def test_a_host_who_withdrew_may_submit_again_before_the_deadline(client, db, municipality, make_topic,
                                                                   make_host, outbox):
    topic = make_topic(municipality)
    host, token = make_host(topic, language="en")
    client.post(f"/vert/{token}/rapport", data=report_data(topic))
    page = client.get(f"/vert/{token}/trekk", headers=EN, follow_redirects=True).get_data(as_text=True)
    assert "no longer counts anywhere" in page and "you will not get the results mail" in page
    assert "submit the report again until the deadline" in page
    client.post(f"/vert/{token}/trekk")
    assert topic_counts(db, topic).reports == 0
    assert "submit the report again" in outbox()[-1].body
    home = client.get(f"/vert/{token}/", headers=EN, follow_redirects=True).get_data(as_text=True)
    assert "You can submit it again until the deadline." in home

    client.post(f"/vert/{token}/rapport", data=report_data(topic))
    db.expire_all()
    assert host.withdrawn_at is None and host.report.status is ReportStatus.SUBMITTED
    assert topic_counts(db, topic).reports == 1

    client.post(f"/vert/{token}/trekk")
    topic.report_deadline = date.today() - timedelta(days=1)
    db.commit()
    client.post(f"/vert/{token}/rapport", data=report_data(topic))
    db.expire_all()
    assert host.withdrawn_at is not None and topic_counts(db, topic).reports == 0


def test_deleting_data_removes_a_draft_report(client, db, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    host, token = make_host(topic)
    client.post(f"/vert/{token}/rapport", data=report_data(topic, send="", save="Save draft"))
    client.post(f"/vert/{token}/slett")
    db.expire_all()
    report = db.scalar(select(Report))
    assert report.suggestions == [] and report.status is ReportStatus.WITHDRAWN


@pytest.mark.parametrize("token", ["x" * 43, "short", "has spaces in it and is long enough", "a" * 200])
def test_unknown_or_malformed_link_is_a_helpful_404(client, municipality, make_topic, make_host, token):
    make_host(make_topic(municipality))
    response = client.get(f"/vert/{token}/", headers=EN, follow_redirects=True)
    assert response.status_code == 404
    assert "make sure the whole link was copied" in response.get_data(as_text=True)


def test_host_pages_are_never_cached(client, municipality, make_topic, make_host):
    _host, token = make_host(make_topic(municipality))
    assert client.get(f"/vert/{token}/", follow_redirects=True).headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("field, value, message", [
    ("participants", "51", "Enter a number from 1 to 50."),
    ("participants", "", "Enter the number of participants before you submit."),
    ("held_on", "", "Enter the date of the gathering before you submit."),
    ("held_on", (date.today() + timedelta(days=3)).isoformat(), "The date cannot be in the future."),
    ("age_under_18", "5", "add up to more than the number of participants"),
    ("age_67_plus", "-1", "Number must be between 0 and 50."),
])
def test_invalid_report_is_shown_next_to_the_field_and_keeps_what_was_typed(
        client, db, municipality, make_topic, make_host, field, value, message):
    topic = make_topic(municipality)
    _host, token = make_host(topic, language="en")
    response = client.post(f"/vert/{token}/rapport", data=report_data(topic, **{field: value}), headers=EN)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page
    assert 'aria-invalid="true"' in page and 'class="error" id="' in page
    assert "Fin utsikt over fjorden" in page and "En kafé med sitteplasser" in page
    assert db.scalars(select(Report)).all() == []


def test_submitting_needs_at_least_one_suggestion(client, db, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    _host, token = make_host(topic, language="en")
    empty = {f"q{q.id}": "\n  \n" for q in topic.questions}
    response = client.post(f"/vert/{token}/rapport", data=report_data(topic, **empty), headers=EN)
    page = response.get_data(as_text=True)
    assert "Write at least one suggestion before you submit." in page
    assert db.scalars(select(Report)).all() == []


def test_too_many_or_too_long_lines_are_refused(client, db, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    _host, token = make_host(topic, language="en")
    first = f"q{topic.questions[0].id}"
    page = client.post(f"/vert/{token}/rapport", data=report_data(topic, **{first: "x\n" * 101}),
                       headers=EN).get_data(as_text=True)
    assert "at most 100 suggestions" in page
    page = client.post(f"/vert/{token}/rapport", data=report_data(topic, **{first: "ok\n" + "y" * 1001}),
                       headers=EN).get_data(as_text=True)
    assert "Suggestion 2 is longer than 1000 characters" in page
    assert db.scalars(select(Report)).all() == []


def test_report_is_read_only_once_the_topic_is_closed(client, db, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    _host, token = make_host(topic, language="en")
    topic.status = TopicStatus.CLOSED
    db.commit()
    page = client.get(f"/vert/{token}/rapport", headers=EN, follow_redirects=True).get_data(as_text=True)
    assert "can no longer be changed" in page and "<form" not in page.split("<main")[1]


def test_report_can_be_edited_on_the_deadline_day(client, db, municipality, make_topic, make_host):
    topic = make_topic(municipality, report_deadline=date.today())
    _host, token = make_host(topic, language="en")
    assert client.post(f"/vert/{token}/rapport", data=report_data(topic)).status_code == 302
    assert db.scalar(select(Report)).status is ReportStatus.SUBMITTED


@pytest.mark.parametrize("page", ["", "skjema", "rapport"])
def test_unconfirmed_host_is_sent_to_confirm_first(client, municipality, make_topic, make_host, outbox, page):
    _host, token = make_host(make_topic(municipality), confirmed=False, language="en")
    response = client.get(f"/vert/{token}/{page}", follow_redirects=True)
    assert response.request.path == "/vert/bekreft" and "Confirm" in response.get_data(as_text=True)
    assert all(token not in r.headers.get("Location", "") for r in response.history)
    assert outbox() == []


def test_kit_mail_uses_the_topic_translation_in_the_hosts_language(client, db, municipality, make_topic,
                                                                    make_host, outbox):
    topic = make_topic(municipality)
    topic.translations = {"nn": {"title": "Utvikling av Sjøvegan sentrum (nynorsk)",
                                 "guide_md": "Snakk saman."}}
    topic.questions[1].translations = {"nn": {"text": "Kva manglar i sentrum?"}}
    db.commit()
    _host, token = make_host(topic, language="nn", confirmed=False)
    client.post(f"/vert/{token}/bekreft", headers=EN)
    kit = outbox()[-1]
    assert "Utvikling av Sjøvegan sentrum (nynorsk)" in kit.subject
    assert "Snakk saman." in kit.body and "Kva manglar i sentrum?" in kit.body
    assert "Hva er bra med sentrum i dag?" in kit.body
