"""`flask consolidate TOPIC_ID`: the same run as the planner's button, with a progress bar."""

from sqlalchemy import select

from gjestebud.models import ConsolidationRun, Measure, MeasureLine

from .test_measures_service import submit_groups


def test_consolidate_command_runs_the_engine_and_reports_counts(runner, db, municipality, make_topic,
                                                                 make_host):
    topic = make_topic(municipality)
    submit_groups(db, topic, make_host)

    result = runner.invoke(args=["consolidate", str(topic.id)])

    assert result.exit_code == 0, result.output
    db.expire_all()
    run = db.scalars(select(ConsolidationRun)).one()
    assert (run.status, run.lines, run.user_id) == ("done", 19, None)
    assert f"19 lines in {run.measures} measures." in result.output
    assert "Consolidating Utvikling av Sjøvegan sentrum" in result.output
    assert len(db.scalars(select(MeasureLine)).all()) == 19
    assert len(db.scalars(select(Measure)).all()) == run.measures


def test_consolidate_command_refuses_an_unknown_topic(runner, db):
    result = runner.invoke(args=["consolidate", "4711"])
    assert result.exit_code != 0 and "There is no topic 4711." in result.output
    assert db.scalar(select(ConsolidationRun.id)) is None


def test_consolidate_command_fails_loudly_when_the_run_fails(runner, db, municipality, make_topic, make_host,
                                                             monkeypatch):
    from gjestebud.services import measures

    topic = make_topic(municipality)
    submit_groups(db, topic, make_host)

    def broken(*args, **kwargs):
        raise RuntimeError("engine crashed")

    monkeypatch.setattr(measures.engine, "consolidate", broken)
    result = runner.invoke(args=["consolidate", str(topic.id)])

    assert result.exit_code == 1 and "engine crashed" in result.output
    assert db.scalar(select(Measure.id)) is None
