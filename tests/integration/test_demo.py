"""The demo a newcomer gets from `make run`."""

from sqlalchemy import func, select

from gjestebud.models import Measure, MeasureStatus, Report, ReportStatus, Suggestion, Topic, TopicStatus

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
    assert all(measure.status is not MeasureStatus.NEW and measure.answer_md for measure in measures)
    assert max(measure.support_gatherings for measure in measures) >= 5
    assert topic.results_published_at is not None
    response = client.get("/salangen/fritid-og-moteplasser/results")
    assert response.status_code == 200
    assert "Ring Trond" not in response.get_data(as_text=True), "the hidden line with personal data"
