"""Publishing the results: one mail per reporting host with their own group's measures, never twice; the
publishing page and who may use it."""

from dataclasses import dataclass
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from gjestebud.i18n import _, force_locale
from gjestebud.models import (
    AuditEvent,
    Host,
    Measure,
    MeasureLine,
    MeasureStatus,
    Report,
    ReportStatus,
    Suggestion,
    Topic,
    TopicStatus,
)
from gjestebud.services import results


@dataclass
class Round:
    topic: Topic
    kari: Host
    ola: Host
    measures: dict[str, Measure]


def submit(db, topic, host, lines, participants, status=ReportStatus.SUBMITTED):
    """`lines`: (question number, text) pairs."""
    report = Report(host_id=host.id, topic_id=topic.id, status=status, held_on=date.today(),
                    participants=participants, submitted_at=datetime.now(timezone.utc))
    for position, (question, text) in enumerate(lines):
        report.suggestions.append(Suggestion(question_id=topic.questions[question - 1].id, position=position,
                                             text=text))
    db.add(report)
    db.commit()
    return report


def make_measure(db, topic, key, title, texts, status=MeasureStatus.NEW, answer=""):
    measure = Measure(topic_id=topic.id, key=key, title=title, status=status, answer_md=answer)
    db.add(measure)
    db.flush()
    for text in texts:
        line = db.scalars(select(Suggestion).where(Suggestion.text == text)).one()
        db.add(MeasureLine(suggestion_id=line.id, measure_id=measure.id))
    db.commit()
    return measure


def build_round(db, municipality, make_topic, make_host, **topic_args):
    """Kari (English) and Ola (Nynorsk) reported; Per withdrew, Lise only drafted, Nils erased his data after
    reporting.
    Kari's phone number is a hidden line, placed in the café measure and alone in a measure of its own."""
    topic = make_topic(municipality, **topic_args)
    kari, _ = make_host(topic, email="kari@example.org", name="Kari Nordmann", area="Sjøvegan", language="en")
    ola, _ = make_host(topic, email="ola@example.org", name="Ola Hansen", area="Laksvatn", language="nn")
    per, _ = make_host(topic, email="per@example.org", name="Per Trekker")
    lise, _ = make_host(topic, email="lise@example.org", name="Lise Utkast")
    nils, _ = make_host(topic, email="nils@example.org", name="Nils Slettet")
    submit(db, topic, kari, [(1, "Flere benker ved havna"), (2, "Bedre lys i parken"), (3, "Sykkelparkering"),
                             (3, "Ring Kari på 912 34 567")], participants=6)
    submit(db, topic, ola, [(1, "Benker langs havna"), (2, "Lys langs gangveien"), (3, "Kafé i sentrum")],
           participants=4)
    submit(db, topic, per, [(1, "Benker overalt")], participants=8, status=ReportStatus.WITHDRAWN)
    per.withdrawn_at = datetime.now(timezone.utc)
    submit(db, topic, lise, [(3, "Kafé som utkast")], participants=3, status=ReportStatus.DRAFT)
    submit(db, topic, nils, [(3, "Kafé med lang åpningstid")], participants=5)
    nils.name = nils.email = nils.phone = None
    nils.erased_at = nils.withdrawn_at = datetime.now(timezone.utc)
    hidden = db.scalars(select(Suggestion).where(Suggestion.text.startswith("Ring Kari"))).one()
    hidden.hidden, hidden.hidden_reason = True, "personal_data"
    db.commit()
    measures = {
        "benches": make_measure(db, topic, "m1", "Flere benker ved havna",
                                ["Flere benker ved havna", "Benker langs havna", "Benker overalt"],
                                MeasureStatus.ADOPTED,
                                "Vi setter ut **ti** benker i vår.\n\nFørst ved havna.\n\n"
                                "Så langs gangveien.\n\nTil slutt i parken."),
        "light": make_measure(db, topic, "m2", "Bedre lys", ["Bedre lys i parken", "Lys langs gangveien"],
                              MeasureStatus.UNDER_REVIEW),
        "cafe": make_measure(db, topic, "m3", "Kafé i sentrum",
                             ["Kafé i sentrum", "Kafé med lang åpningstid", "Kafé som utkast"]),
        "bikes": make_measure(db, topic, "m4", "Sykkelparkering", ["Sykkelparkering"], MeasureStatus.REJECTED,
                              "Det er det fylket som bestemmer."),
    }
    contact = Measure(topic_id=topic.id, key="m5", title="Kontakt Kari", status=MeasureStatus.REJECTED)
    db.add(contact)
    db.flush()
    db.add(MeasureLine(suggestion_id=hidden.id, measure_id=contact.id))
    db.commit()
    measures["contact"] = contact
    return Round(topic, kari, ola, measures)


def translated(language, message, **variables):
    """A message as the app gives it in `language`, whichever catalogues are compiled."""
    with force_locale(language):
        return _(message, **variables)


@pytest.fixture
def client(client):
    """Staff pages in English, the source messages, whichever catalogues are compiled."""
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def round_(db, municipality, make_topic, make_host):
    return build_round(db, municipality, make_topic, make_host)


@pytest.fixture
def planner(make_user, municipality):
    return make_user("planner", municipality)


def mail_to(outbox, address):
    found = [m for m in outbox() if m.recipient == address]
    assert len(found) == 1, [m.recipient for m in outbox()]
    return found[0]


def test_publishing_mails_each_reporting_host_the_measures_of_their_own_group(db, round_, planner, outbox):
    assert results.publish_results(db, round_.topic, planner) == 2
    assert sorted(m.recipient for m in outbox()) == ["kari@example.org", "ola@example.org"]
    kari, ola = mail_to(outbox, "kari@example.org"), mail_to(outbox, "ola@example.org")
    assert kari.kind == ola.kind == "results"
    assert kari.subject == "What you came up with – and what the municipality will do"
    assert ola.subject == translated("nn", "What you came up with – and what the municipality will do")
    for title in ("Flere benker ved havna", "Bedre lys", "Sykkelparkering"):
        assert title in kari.body
    # Kari's only line in the café measure is hidden: the café is Ola's (and the erased host's), not hers.
    assert "Kafé" not in kari.body and "Kontakt Kari" not in kari.body
    for title in ("Flere benker ved havna", "Bedre lys", "Kafé i sentrum"):
        assert title in ola.body
    assert "Sykkelparkering" not in ola.body
    assert "Hello Kari Nordmann," in kari.body and "Gjestebud 1" in kari.body
    assert "Status: Adopted" in kari.body and "Status: Rejected" in kari.body
    # The answer's first lines as plain text, no Markdown, and a mark that there is more.
    assert "Vi setter ut ti benker i vår.\n  Først ved havna.\n  Så langs gangveien.…" in kari.body
    assert "Til slutt" not in kari.body
    assert "http://localhost/salangen/sjovegan-sentrum/results" in kari.body
    db.expire_all()
    assert round_.kari.feedback_sent_at is not None and round_.ola.feedback_sent_at is not None
    assert round_.topic.results_published_at is not None


def test_withdrawn_erased_and_unsubmitted_hosts_get_no_results_mail(db, round_, planner, outbox):
    results.publish_results(db, round_.topic, planner)
    recipients = {m.recipient for m in outbox()}
    assert not recipients & {"per@example.org", "lise@example.org", "nils@example.org", "(erased)"}
    hosts = db.scalars(select(Host).where(Host.topic_id == round_.topic.id).order_by(Host.number)).all()
    assert [h.feedback_sent_at is not None for h in hosts] == [True, True, False, False, False]


def test_a_host_mail_goes_out_in_the_host_language(db, round_, planner, outbox, monkeypatch):
    seen = []
    original = results.mail.queue_mail

    def spy(session, **kwargs):
        seen.append((kwargs["recipient"], kwargs["language"]))
        return original(session, **kwargs)

    monkeypatch.setattr(results.mail, "queue_mail", spy)
    results.publish_results(db, round_.topic, planner)
    assert sorted(seen) == [("kari@example.org", "en"), ("ola@example.org", "nn")]


def test_publishing_again_or_after_unpublishing_never_mails_a_host_twice(db, round_, planner, outbox,
                                                                        make_host):
    results.publish_results(db, round_.topic, planner)
    assert results.publish_results(db, round_.topic, planner) == 0
    results.unpublish_results(db, round_.topic, planner)
    assert round_.topic.results_published_at is None
    # A paper report typed in since: only that host is told when the results come back.
    late, _ = make_host(round_.topic, email="sent@example.org", name="Sent Ute")
    submit(db, round_.topic, late, [(1, "Benker ved skolen")], participants=5)
    assert results.publish_results(db, round_.topic, planner) == 1
    assert sorted(m.recipient for m in outbox()) == ["kari@example.org", "ola@example.org",
                                                     "sent@example.org"]
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.action.startswith("results."))
                         .order_by(AuditEvent.id)).all()
    assert actions == ["results.publish", "results.publish", "results.unpublish", "results.publish"]


def test_a_draft_topic_cannot_publish_its_results(db, round_, planner, outbox):
    round_.topic.status = TopicStatus.DRAFT
    db.commit()
    with pytest.raises(results.ResultsError):
        results.publish_results(db, round_.topic, planner)
    assert outbox() == [] and round_.topic.results_published_at is None


# The publishing page -------------------------------------------------------------------------------------


def publish_url(topic, action=""):
    return f"/staff/planner/topics/{topic.id}/publish" + (f"/{action}" if action else "")


@pytest.mark.parametrize("role, own, status", [
    ("planner", True, 200), ("organiser", True, 200), ("admin", True, 200),
    ("planner", False, 404), ("organiser", False, 404),
])
def test_staff_of_the_municipality_may_open_the_publishing_page(client, login, make_user, make_municipality,
                                                                municipality, round_, role, own, status):
    place = municipality if own else make_municipality("lavangen", "Lavangen kommune")
    login(make_user(role, None if role == "admin" else place))
    assert client.get(publish_url(round_.topic)).status_code == status


@pytest.mark.parametrize("action", ["", "now", "unpublish", "next-steps"])
def test_anonymous_visitors_are_sent_to_the_login(client, round_, action):
    response = (client.get if not action else client.post)(publish_url(round_.topic, action))
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


@pytest.mark.parametrize("action", ["now", "unpublish", "next-steps"])
def test_another_municipalitys_staff_cannot_publish(client, db, login, make_user, make_municipality, round_,
                                                    outbox, action):
    login(make_user("organiser", make_municipality("lavangen", "Lavangen kommune")))
    response = client.post(publish_url(round_.topic, action), data={"next_steps_md": "Hacked"})
    assert response.status_code == 404
    db.expire_all()
    assert round_.topic.results_published_at is None and round_.topic.next_steps_md == "" and outbox() == []


@pytest.mark.parametrize("role, sees_addresses", [("planner", False), ("organiser", True), ("admin", True)])
def test_the_dry_run_shows_addresses_to_organisers_only(client, login, make_user, municipality, round_, role,
                                                        sees_addresses):
    login(make_user(role, None if role == "admin" else municipality))
    page = client.get(publish_url(round_.topic)).get_data(as_text=True)
    assert ("kari@example.org" in page) is sees_addresses
    assert ("ola@example.org" in page) is sees_addresses
    for number in (1, 2, 5):
        assert f">Gjestebud {number}<span" in page
    assert ">Gjestebud 3<" not in page and ">Gjestebud 4<" not in page
    assert "Kari Nordmann" not in page and "Ola Hansen" not in page
    assert "Nynorsk" in page and "Will be sent" in page and "no e-mail address" in page
    assert "Kontakt Kari" not in page


def test_a_planner_publishes_from_the_page_and_the_hosts_are_told(client, db, login, planner, round_, outbox):
    login(planner)
    response = client.post(publish_url(round_.topic, "now"), data={"confirm": "y"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "2 hosts will get the results mail" in page and "Unpublish" in page
    assert len(outbox()) == 2
    client.post(publish_url(round_.topic, "now"), data={"confirm": "y"})
    assert len(outbox()) == 2
    client.post(publish_url(round_.topic, "unpublish"))
    db.expire_all()
    assert round_.topic.results_published_at is None


def test_next_steps_are_saved_and_too_long_text_is_refused_next_to_the_field(client, db, login, planner,
                                                                              round_):
    login(planner)
    client.post(publish_url(round_.topic, "next-steps"),
                data={"next_steps_md": "Kommunestyret behandler **mars**."})
    db.expire_all()
    assert round_.topic.next_steps_md == "Kommunestyret behandler **mars**."
    too_long = "x" * (results.MAX_NEXT_STEPS + 1)
    response = client.post(publish_url(round_.topic, "next-steps"), data={"next_steps_md": too_long})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="next_steps_md-error"' in page and 'href="#next_steps_md"' in page and too_long in page
    db.expire_all()
    assert round_.topic.next_steps_md == "Kommunestyret behandler **mars**."


@pytest.mark.parametrize("role, sees_name", [("planner", False), ("organiser", True), ("admin", True)])
def test_staff_preview_a_hosts_results_mail_and_only_organisers_see_name_and_address(
        client, login, make_user, municipality, round_, role, sees_name, outbox):
    login(make_user(role, None if role == "admin" else municipality))
    response = client.get(publish_url(round_.topic, "mail/1"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "What you came up with – and what the municipality will do" in page and 'lang="en"' in page
    assert "Sykkelparkering" in page and "Kafé i sentrum" not in page
    assert ("Hello Kari Nordmann," in page) is sees_name and ("kari@example.org" in page) is sees_name
    assert ("Hello," in page) is not sees_name
    nynorsk = client.get(publish_url(round_.topic, "mail/2")).get_data(as_text=True)
    assert 'lang="nn"' in nynorsk and "Kafé i sentrum" in nynorsk
    assert translated("nn", "What you came up with – and what the municipality will do") in nynorsk
    assert outbox() == []


@pytest.mark.parametrize("number, own", [(3, True), (4, True), (99, True), (2, False)])
def test_no_mail_preview_for_groups_that_did_not_report_or_other_municipalities(
        client, login, make_user, make_municipality, municipality, round_, number, own):
    place = municipality if own else make_municipality("lavangen", "Lavangen kommune")
    login(make_user("organiser", place))
    assert client.get(publish_url(round_.topic, f"mail/{number}")).status_code == 404
