"""What anyone can read: topics, how a gjestebud works, sign-up, privacy and accessibility."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import abort, redirect, render_template, url_for
from markupsafe import Markup
from sqlalchemy import select

from ..content import localized
from ..db import get_session
from ..i18n import get_locale
from ..ics import deadline_response
from ..markdown import render_markdown
from ..models import Municipality, Topic, TopicStatus
from ..security import limit_from, limiter
from ..services import hosts as host_service
from ..services import lost_link as lost_link_service
from ..services import pages as page_service
from ..services.results import is_public
from . import bp
from .forms import LostLinkForm, signup_form_for

# When the built-in accessibility statement was last checked against the tests that back it.
ACCESSIBILITY_STATEMENT_DATE = date(2026, 11, 27)


def _municipality(slug: str) -> Municipality:
    municipality = get_session().scalar(select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        abort(404)
    return municipality


def _public_topic(municipality_slug: str, topic_slug: str) -> Topic:
    """Drafts do not exist for the public."""
    topic = get_session().scalar(
        select(Topic).join(Municipality)
        .where(Municipality.slug == municipality_slug, Topic.slug == topic_slug,
               Topic.status != TopicStatus.DRAFT))
    if topic is None:
        abort(404)
    return topic


@bp.route("/")
def home() -> Any:
    topics = get_session().scalars(
        select(Topic).join(Municipality).where(Topic.status == TopicStatus.OPEN)
        .order_by(Topic.signup_deadline.is_(None), Topic.signup_deadline, Municipality.name, Topic.title)
    ).all()
    return render_template("public/home.html", topics=topics)


@bp.route("/personvern")
def privacy() -> Any:
    """The contact is the municipality that runs the topic; one deployment may serve several."""
    municipalities = get_session().scalars(select(Municipality).order_by(Municipality.name)).all()
    return render_template("public/privacy.html", municipalities=municipalities,
                           site_page=_site_page("privacy"))


@bp.route("/<municipality>/personvern")
def municipality_privacy(municipality: str) -> Any:
    """The site-wide notice, then what the municipality itself adds (its data protection officer, say)."""
    place = _municipality(municipality)
    return render_template("public/municipality_privacy.html", municipality=place,
                           municipalities=[place], notice=render_markdown(place.privacy_md or ""),
                           site_page=_site_page("privacy"))


@bp.route("/tilgjengelighet")
def accessibility() -> Any:
    municipalities = get_session().scalars(select(Municipality).order_by(Municipality.name)).all()
    return render_template("public/accessibility.html", municipalities=municipalities,
                           site_page=_site_page("accessibility"), statement_date=ACCESSIBILITY_STATEMENT_DATE)


def _site_page(key: str) -> Markup | None:
    """The text the deployment wrote for the visitor's language; None shows the built-in text."""
    page = page_service.get_page(get_session(), key, get_locale())
    return render_markdown(page.body_md) if page else None


@bp.route("/<municipality>/")
def municipality(municipality: str) -> Any:
    place = _municipality(municipality)
    topics = get_session().scalars(
        select(Topic).where(Topic.municipality_id == place.id,
                            Topic.status.in_([TopicStatus.OPEN, TopicStatus.CLOSED]))
        .order_by(Topic.created_at.desc())
    ).all()
    return render_template("public/municipality.html", municipality=place,
                           open_topics=[t for t in topics if t.status is TopicStatus.OPEN],
                           closed_topics=[t for t in topics if t.status is TopicStatus.CLOSED])


@bp.route("/<municipality>/<topic>/")
def topic(municipality: str, topic: str) -> Any:
    subject = _public_topic(municipality, topic)
    intro = localized(subject, "intro_md")
    return render_template("public/topic.html", topic=subject, intro=render_markdown(intro),
                           intro_lang=intro.lang, signup_open=host_service.signup_open(subject),
                           results_published=is_public(subject), lost_link_form=LostLinkForm(formdata=None))


@bp.route("/<municipality>/<topic>/mistet-lenken", methods=["GET", "POST"])
@limiter.limit(limit_from("RATELIMIT_LOST_LINK"), methods=["POST"])
def lost_link(municipality: str, topic: str) -> Any:
    """"Lost your link?": the same answer whether the address is known or not."""
    subject = _public_topic(municipality, topic)
    form = LostLinkForm()
    if form.validate_on_submit():
        lost_link_service.request_link(get_session(), subject, form.email.data or "",
                                       stop_old_links=bool(form.stop_old_links.data))
        return render_template("public/lost_link_sent.html", topic=subject)
    status = 400 if form.is_submitted() else 200
    return render_template("public/lost_link.html", topic=subject, form=form), status


@bp.route("/<municipality>/<topic>/frist.ics")
def deadline_ics(municipality: str, topic: str) -> Any:
    """The report deadline as a calendar file, for hosts to import."""
    return deadline_response(_public_topic(municipality, topic))


@bp.route("/<municipality>/<topic>/bli-vert", methods=["GET", "POST"])
@limiter.limit(limit_from("RATELIMIT_SIGNUP"), methods=["POST"])
def signup(municipality: str, topic: str) -> Any:
    subject = _public_topic(municipality, topic)
    if not host_service.signup_open(subject):
        return render_template("public/signup_closed.html", topic=subject)
    form = signup_form_for(subject)
    if form.validate_on_submit():
        if not form.is_robot:
            host_service.sign_up(get_session(), subject, name=form.name.data, email=form.email.data,
                                 phone=form.phone.data, area=form.area.data or None,
                                 planned_date=form.planned_date.data,
                                 expected_guests=form.expected_guests.data,
                                 language=form.language.data)
        return redirect(url_for("public.signup_done", municipality=municipality, topic=topic))
    return render_template("public/signup.html", topic=subject, form=form)


@bp.route("/<municipality>/<topic>/bli-vert/takk")
def signup_done(municipality: str, topic: str) -> Any:
    return render_template("public/signup_done.html", topic=_public_topic(municipality, topic))
