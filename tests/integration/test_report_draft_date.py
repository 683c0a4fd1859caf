"""A draft may carry the planned date (the form starts from it); only submitting needs a date not in the
future."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from gjestebud.models import Report, ReportStatus
from tests.integration.test_host_journey import EN, report_data


def test_report_date_starts_as_the_planned_date(client, db, municipality, make_topic, make_host):
    host, token = make_host(make_topic(municipality))
    page = client.get(f"/vert/{token}/rapport", headers=EN, follow_redirects=True).get_data(as_text=True)
    assert f'value="{host.planned_date.isoformat()}"' in page


def test_draft_with_the_planned_future_date_is_saved(client, db, municipality, make_topic, make_host):
    topic = make_topic(municipality)
    host, token = make_host(topic)
    data = report_data(topic, held_on=host.planned_date.isoformat(), save="Save draft")
    del data["send"]
    response = client.post(f"/vert/{token}/rapport", data=data, headers=EN)
    assert response.status_code == 302
    report = db.scalar(select(Report))
    assert (report.status, report.held_on) == (ReportStatus.DRAFT, host.planned_date)
    # The saved date wins over the planned one when the form comes back.
    page = client.get(f"/vert/{token}/rapport", headers=EN, follow_redirects=True).get_data(as_text=True)
    assert f'value="{host.planned_date.isoformat()}"' in page


def test_submitting_with_a_future_date_is_refused_and_keeps_the_text(client, db, municipality, make_topic,
                                                                      make_host):
    topic = make_topic(municipality)
    _host, token = make_host(topic, language="en")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    page = client.post(f"/vert/{token}/rapport", data=report_data(topic, held_on=tomorrow),
                       headers=EN).get_data(as_text=True)
    assert "The date cannot be in the future." in page and "Fin utsikt over fjorden" in page
    assert db.scalar(select(Report)) is None


def test_staff_form_counts_the_host_not_the_typist(client, db, municipality, make_topic, make_host, make_user,
                                                    login):
    topic = make_topic(municipality)
    host, _token = make_host(topic)
    login(make_user("organiser", municipality))
    page = client.get(f"/staff/topics/{topic.id}/hosts/{host.id}/report", headers=EN).get_data(as_text=True)
    assert "Number of participants, including the host" in page
    assert "including you" not in page
    assert f'value="{host.planned_date.isoformat()}"' in page
