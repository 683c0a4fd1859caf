"""The digest: after publishing, changes to a measure's status or answer reach the hosts whose groups it
came from, in one mail per host, once."""

import pytest
from sqlalchemy import select

from gjestebud.models import AuditEvent, Measure, MeasureStatus
from gjestebud.services import measures as measure_service
from gjestebud.services import results

from .test_results_publish import build_round, translated


@pytest.fixture
def planner(make_user, municipality):
    return make_user("planner", municipality)


@pytest.fixture
def round_(db, municipality, make_topic, make_host):
    return build_round(db, municipality, make_topic, make_host)


@pytest.fixture
def published(db, round_, planner, outbox):
    results.publish_results(db, round_.topic, planner)
    return len(outbox())


def change(db, measure, status=None, answer=None):
    if status is not None:
        measure.status = status
    if answer is not None:
        measure.answer_md = answer
    results.note_measure_changed(db, measure)
    db.commit()


def digests_in(outbox):
    return {m.recipient: m for m in outbox() if m.kind == "digest"}


def test_changes_before_publishing_are_not_pending_and_send_nothing(db, round_, outbox):
    change(db, round_.measures["benches"], status=MeasureStatus.REJECTED)
    assert round_.measures["benches"].digest_pending is False
    assert results.send_digests(db) == []
    assert outbox() == []


def test_each_affected_host_gets_one_digest_listing_all_their_changed_measures(db, round_, published, outbox):
    change(db, round_.measures["benches"], status=MeasureStatus.PARTLY_ADOPTED)
    change(db, round_.measures["cafe"], answer="Vi spør **næringsforeningen**.")
    change(db, round_.measures["cafe"], status=MeasureStatus.UNDER_REVIEW)
    sent = results.send_digests(db)
    assert sorted(d.recipient.host.email for d in sent) == ["kari@example.org", "ola@example.org"]
    digests = digests_in(outbox)
    assert set(digests) == {"kari@example.org", "ola@example.org"}
    kari, ola = digests["kari@example.org"].body, digests["ola@example.org"].body
    assert "Flere benker ved havna" in kari and "Status: Partly adopted" in kari
    # Kari's line in the café measure is hidden: the café is not hers.
    assert "Kafé" not in kari and "Bedre lys" not in kari
    assert "Flere benker ved havna" in ola and "Kafé i sentrum" in ola
    under_review = translated("nn", "Status: %(status)s", status=translated("nn", "Under review"))
    assert under_review in ola
    assert "Vi spør næringsforeningen." in ola and "Bedre lys" not in ola
    assert "http://localhost/salangen/sjovegan-sentrum/results" in ola
    db.expire_all()
    assert not db.scalars(select(Measure).where(Measure.digest_pending.is_(True))).all()
    assert db.scalar(select(AuditEvent.detail).where(AuditEvent.action == "results.digest"))["mails"] == 2


def test_hosts_whose_groups_are_not_behind_a_change_get_nothing(db, round_, published, outbox):
    change(db, round_.measures["bikes"], answer="Fylket har svart ja.")
    assert [d.recipient.host.email for d in results.send_digests(db)] == ["kari@example.org"]
    assert list(digests_in(outbox)) == ["kari@example.org"]


def test_changes_while_unpublished_reach_the_hosts_told_before_once_the_page_is_back(db, round_, published,
                                                                                     planner, outbox):
    results.unpublish_results(db, round_.topic, planner)
    change(db, round_.measures["bikes"], status=MeasureStatus.ADOPTED)
    assert results.send_digests(db) == []
    results.publish_results(db, round_.topic, planner)
    assert [d.recipient.host.email for d in results.send_digests(db)] == ["kari@example.org"]
    assert "Status: Adopted" in digests_in(outbox)["kari@example.org"].body


def test_a_digest_is_sent_once(db, round_, published, outbox):
    change(db, round_.measures["light"], status=MeasureStatus.ADOPTED)
    assert len(results.send_digests(db)) == 2
    assert results.send_digests(db) == []
    assert len(digests_in(outbox)) == 2 and len(outbox()) == published + 2


def test_a_change_to_a_measure_of_hidden_lines_only_is_cleared_without_mail(db, round_, published, outbox):
    change(db, round_.measures["contact"], answer="Ikke et tiltak.")
    assert results.send_digests(db) == []
    db.expire_all()
    assert round_.measures["contact"].digest_pending is False and digests_in(outbox) == {}


def test_a_dry_run_tells_who_would_get_what_and_queues_nothing(db, round_, published, outbox):
    change(db, round_.measures["cafe"], status=MeasureStatus.REJECTED)
    planned = results.send_digests(db, dry_run=True)
    assert [(d.recipient.host.number, [m.measure.title for m in d.measures]) for d in planned] == [
        (2, ["Kafé i sentrum"])]
    assert len(outbox()) == published
    db.expire_all()
    assert round_.measures["cafe"].digest_pending is True


def test_the_planners_decision_marks_the_measure_for_the_digest_only_when_it_changes(db, round_, published,
                                                                                   planner):
    benches = round_.measures["benches"]
    measure_service.set_decision(db, round_.topic, benches, benches.status, benches.answer_md, planner)
    assert benches.digest_pending is False
    measure_service.set_decision(db, round_.topic, benches, MeasureStatus.REJECTED, benches.answer_md,
                                 planner)
    db.expire_all()
    assert benches.digest_pending is True


def test_the_send_digests_command_prints_the_count_and_has_a_dry_run(db, round_, published, runner, outbox):
    change(db, round_.measures["light"], status=MeasureStatus.ADOPTED)
    dry = runner.invoke(args=["send-digests", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Gjestebud 1" in dry.output and "Would queue 2 digest mails." in dry.output
    assert digests_in(outbox) == {}
    real = runner.invoke(args=["send-digests"])
    assert real.exit_code == 0 and "Queued 2 digest mails." in real.output
    assert set(digests_in(outbox)) == {"kari@example.org", "ola@example.org"}
    assert "Queued 0 digest mails." in runner.invoke(args=["send-digests"]).output
