"""The published results of a topic, as a page and as open data (JSON and CSV under NLOD 2.0).

Before publishing only the municipality's own staff may look, as a marked preview; everyone else, and the
open data, get 404 exactly as for a topic that does not exist.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Response, abort, current_app, render_template, request
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from ..content import localized
from ..db import get_session
from ..i18n import get_locale
from ..markdown import render_markdown
from ..models import Municipality, Topic
from ..services import results as service
from ..services import results_page as page
from ..services.exports import CSV_MIMETYPE
from . import bp

LICENCE_LINK = f'<{service.LICENCE["url"]}>; rel="license"'


def _topic(municipality: str, topic: str) -> Topic:
    found = get_session().scalar(select(Topic).join(Municipality)
                                 .where(Municipality.slug == municipality, Topic.slug == topic))
    if found is None:
        abort(404)
    return found


def _staff_of(topic: Topic) -> bool:
    return bool(current_user.is_authenticated and current_user.can_see(topic.municipality_id))


def _published(municipality: str, topic: str) -> Topic:
    found = _topic(municipality, topic)
    if not service.is_public(found):
        abort(404)
    return found


@bp.route("/<municipality>/<topic>/results")
def results(municipality: str, topic: str) -> Any:
    """What came of the gatherings: the decisions in numbers, then the measures most supported first, filtered
    and searched by GET parameters, and the themes. The body is cached per publication, language and query."""
    subject = _topic(municipality, topic)
    preview = not service.is_public(subject)
    if preview and not _staff_of(subject):
        abort(404)
    session = get_session()
    if preview:
        key, state = None, page.build_state(session, subject)
    else:
        key, state = page.published_state(session, subject)
    filters = page.Filters.parse(request.args, state)

    def body() -> str:
        next_steps = localized(subject, "next_steps_md")
        return render_template(
            "public/_results_body.html", topic=subject, state=state, view=page.view(state, filters, subject),
            next_steps=render_markdown(next_steps), next_steps_lang=next_steps.lang,
            content_lang=current_app.config["DEFAULT_LANGUAGE"], licence=service.LICENCE,
            page_size=page.PAGE_SIZE,
            page_args=lambda **changes: {"municipality": subject.municipality.slug, "topic": subject.slug}
            | filters.args(**changes))

    html = body() if key is None else page.cached(("page", key, get_locale(), filters.key()), body)
    response = current_app.make_response(render_template(
        "public/results.html", topic=subject, preview=preview, body=Markup(html)))
    if preview:
        response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<municipality>/<topic>/results.json")
def results_json(municipality: str, topic: str) -> Any:
    """Built once per publication and language (status labels are translated), like the page."""
    subject = _published(municipality, topic)
    session = get_session()
    body = page.cached(("json", page.fingerprint(session, subject), get_locale()), lambda: json.dumps(
        service.open_data(service.topic_results(session, subject)), ensure_ascii=False))
    return Response(body, content_type="application/json", headers={"Link": LICENCE_LINK})


@bp.route("/<municipality>/<topic>/results.csv")
def results_csv(municipality: str, topic: str) -> Any:
    """The licence travels in the Link header (and is named next to the link on the results page)."""
    subject = _published(municipality, topic)
    session = get_session()
    body = page.cached(("csv", page.fingerprint(session, subject), get_locale()), lambda: "".join(
        service.open_data_csv(service.topic_results(session, subject))))
    return Response(body, content_type=CSV_MIMETYPE, headers={
        "Content-Disposition": f'attachment; filename="{subject.slug}-results.csv"', "Link": LICENCE_LINK})


@bp.route("/<municipality>/<topic>/results.atom")
def results_feed(municipality: str, topic: str) -> Any:
    """The topic's follow-up as an Atom feed: new milestones and changed decisions since publication."""
    subject = _published(municipality, topic)
    key, state = page.published_state(get_session(), subject)
    published_at = subject.results_published_at
    assert published_at is not None  # _published() guarantees it

    def build() -> str:
        entries = page.feed_entries(state, published_at)
        return render_template("public/results_feed.xml", topic=subject, entries=entries,
                               page_url=service.results_url(subject),
                               updated=max([published_at] + [entry.updated for entry in entries]),
                               content_lang=current_app.config["DEFAULT_LANGUAGE"])

    body = page.cached(("feed", key, get_locale()), build)
    return Response(body, content_type="application/atom+xml; charset=utf-8")
