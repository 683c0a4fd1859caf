"""The demo a newcomer gets from `make run`."""

from sqlalchemy import func, select

from gjestebud.demo import read
from gjestebud.models import Measure, MeasureStatus, Report, ReportStatus, Suggestion, Topic, TopicStatus
from gjestebud.services.results import topic_results

DEMO_PASSWORD = "nordlys over fjorden i kveld"


def test_load_demo_creates_the_open_topic_and_accounts_that_log_in(app, db, runner, client):
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    result = runner.invoke(args=["load-demo"])
    assert result.exit_code == 0, result.output
    for email in ("admin@example.org", "organiser@example.org", "planner@example.org"):
        assert email in result.output
        response = client.post("/staff/login", data={"email": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, email
        client.post("/staff/logout")

    page = client.get("/salangen/sjovegan-sentrum/").get_data(as_text=True)
    assert "Utvikling av Sjøvegan sentrum" in page
    topic = db.scalar(select(Topic).where(Topic.slug == "sjovegan-sentrum"))
    assert topic.status is TopicStatus.OPEN and len(topic.questions) == 5


def test_load_demo_includes_a_finished_round_and_runs_twice_without_duplicates(app, db, runner, client):
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    assert runner.invoke(args=["load-demo"]).exit_code == 0

    topic = db.scalar(select(Topic).where(Topic.slug == "fritid-og-moteplasser"))
    assert topic.status is TopicStatus.CLOSED
    reports = db.scalar(select(func.count(Report.id)).where(Report.topic_id == topic.id,
                                                            Report.status == ReportStatus.SUBMITTED))
    assert reports >= 25
    assert db.scalar(select(func.count(Topic.id))) == 2
    hidden = db.scalars(select(Suggestion).join(Report).where(Report.topic_id == topic.id,
                                                              Suggestion.hidden.is_(True))).all()
    assert [line.hidden_reason for line in hidden] == ["personal_data"]
    measures = db.scalars(select(Measure).where(Measure.topic_id == topic.id)).all()
    assert len(measures) >= 20
    results = topic_results(db, topic)
    assert all(item.measure.status is not MeasureStatus.NEW and item.measure.answer_md
               for item in results.proposals())
    themes = [item for _kind, items in results.themes() for item in items]
    assert themes and all(item.measure.status is MeasureStatus.NEW and not item.measure.answer_md
                          for item in themes)
    assert max(measure.support_gatherings for measure in measures) >= 5
    assert topic.results_published_at is not None
    response = client.get("/salangen/fritid-og-moteplasser/results")
    assert response.status_code == 200
    assert "Ring Trond" not in response.get_data(as_text=True), "the hidden line with personal data"


def test_every_published_demo_answer_sits_on_the_measure_holding_the_lines_it_was_written_for(app, db, runner,
                                                                                             outbox):
    app.config["DEMO_PASSWORD"] = DEMO_PASSWORD
    assert runner.invoke(args=["load-demo"]).exit_code == 0
    topic = db.scalar(select(Topic).where(Topic.slug == "fritid-og-moteplasser"))
    decisions = read("decisions.toml")
    by_line = {line.text: item for item in topic_results(db, topic).measures for line in item.lines}
    answered = set()
    for entry in decisions["measures"]:
        holders = {by_line[text].measure.id for text in entry["lines"]}
        assert len(holders) == 1, entry["lines"]
        measure = by_line[entry["lines"][0]].measure
        assert measure.answer_md == entry["answer_md"].strip(), (measure.title, entry["lines"])
        assert measure.status.value == entry["status"]
        planned = sorted(entry.get("milestones", []), key=lambda m: -m["days_ago"])
        assert [(m.text, m.percent) for m in measure.milestones] == [
            (m["text"], m["percent"]) for m in planned]
        answered.add(measure.id)
    unanswered = decisions["unanswered"]["answer_md"].strip()
    for item in topic_results(db, topic).proposals():
        if item.measure.id not in answered:
            assert item.measure.answer_md == unanswered, item.measure.title
    assert sum(1 for item in topic_results(db, topic).proposals() if item.measure.milestones) >= 3
    mails = [m for m in outbox() if m.kind == "results"]
    assert mails and all("/salangen/fritid-og-moteplasser/results?group=" in m.body for m in mails)
