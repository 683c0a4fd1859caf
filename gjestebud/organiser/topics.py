"""Organisers (and admins): creating, editing and translating topics, and a topic's overview page.

Every view loads its topic through `topic_for_staff`, so another municipality's ids answer 404.
"""

from __future__ import annotations

from typing import Any

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms import SelectChoice

from ..access import ORGANISERS, roles_required, staff_user, topic_for_staff
from ..db import get_session
from ..i18n import _
from ..markdown import render_markdown
from ..models import Role, Topic
from ..question_templates import TEMPLATES, get_template
from ..services import hosts as host_service
from ..services import topics as topic_service
from ..services.municipalities import all_municipalities
from ..services.suggestions import topic_counts
from . import bp
from .forms import TopicForm, translation_form_for


def _topic_form(topic: Topic | None) -> TopicForm:
    """An admin creating a topic picks the municipality; everyone else works in the topic's or their own."""
    user = staff_user()
    form = TopicForm(obj=topic, topic_id=topic.id if topic else None)
    if topic is None and user.role is Role.ADMIN:
        form.municipality_id.choices = [SelectChoice(m.id, m.name) for m in all_municipalities(get_session())]
    else:
        del form.municipality_id
        form.fixed_municipality_id = topic.municipality_id if topic else user.municipality_id
    return form


def _render_topic_form(form: TopicForm, topic: Topic | None, preview: bool = False) -> str:
    previews = None
    if preview:
        previews = {"intro": render_markdown(form.intro_md.data),
                    "guide": render_markdown(form.guide_md.data)}
    return render_template("organiser/topic_form.html", form=form, topic=topic, previews=previews,
                           templates=TEMPLATES, chosen=get_template(form.template.data or ""))


def _topic_fields(form: TopicForm) -> dict[str, Any]:
    return dict(title=form.title.data, slug=form.slug.data, intro_md=form.intro_md.data or "",
                guide_md=form.guide_md.data or "", areas=form.area_list(),
                signup_deadline=form.signup_deadline.data, report_deadline=form.report_deadline.data,
                status=form.status_value(), reminder_days_before=form.reminder_days_before.data,
                retention_days=form.retention_days.data)


@bp.route("/topics/new", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def new_topic() -> ResponseReturnValue:
    form = _topic_form(None)
    if request.method == "GET":
        template = get_template(request.args.get("template", ""))
        if template is None:
            form.guide_md.data = topic_service.default_guide()
        else:
            form.template.data, form.title.data = template.key, template.title
            form.intro_md.data, form.guide_md.data = template.intro_md, template.guide_md
        return _render_topic_form(form, None)
    form.fill_slug()
    if not form.validate_on_submit() or form.preview.data:
        return _render_topic_form(form, None, preview=bool(form.preview.data))
    try:
        topic = topic_service.create_topic(get_session(), municipality_id=form.municipality(),
                                           actor=staff_user(), questions=form.template_questions(),
                                           kinds=form.template_kinds(),
                                           **_topic_fields(form))
    except topic_service.SlugTaken:
        form.slug.errors = [_("Another topic in this municipality already uses this web address.")]
        return _render_topic_form(form, None)
    flash(_("The topic was created. Adapt the questions from the template to the topic.") if topic.questions
          else _("The topic was created. Now add its questions."), "success")
    return redirect(url_for("organiser.questions", topic_id=topic.id))


@bp.route("/topics/<int:topic_id>/edit", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def edit_topic(topic_id: int) -> ResponseReturnValue:
    topic = topic_for_staff(topic_id)
    form = _topic_form(topic)
    if request.method == "GET":
        return _render_topic_form(form, topic)
    form.fill_slug()
    if not form.validate_on_submit() or form.preview.data:
        return _render_topic_form(form, topic, preview=bool(form.preview.data))
    try:
        topic_service.update_topic(get_session(), topic, actor=staff_user(), **_topic_fields(form))
    except topic_service.SlugTaken:
        form.slug.errors = [_("Another topic in this municipality already uses this web address.")]
        return _render_topic_form(form, topic_for_staff(topic_id))
    flash(_("The topic was saved."), "success")
    return redirect(url_for("organiser.topic", topic_id=topic.id))


@bp.route("/topics/<int:topic_id>/")
@roles_required(*ORGANISERS)
def topic(topic_id: int) -> ResponseReturnValue:
    session = get_session()
    topic = topic_for_staff(topic_id)
    hosts, transcribers = topic_service.hosts_overview(session, topic)
    return render_template("organiser/topic.html", topic=topic, hosts=hosts, transcribers=transcribers,
                           host_counts=topic_service.host_counts(session, topic),
                           report_counts=topic_counts(session, topic),
                           public_link=host_service.topic_url(topic),
                           translation_languages=translation_languages())


@bp.route("/topics/<int:topic_id>/translations/<language>", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def translate_topic(topic_id: int, language: str) -> ResponseReturnValue:
    """The topic in another language (Sámi, Nynorsk, English); what is left empty shows the original."""
    topic = topic_for_staff(topic_id)
    if language not in translation_languages():
        abort(404)
    form = translation_form_for(topic, language)
    if form.validate_on_submit():
        topic_service.save_translation(get_session(), topic, language, title=form.title.data or "",
                                       intro_md=form.intro_md.data or "", guide_md=form.guide_md.data or "",
                                       questions=form.questions(), actor=staff_user())
        flash(_("The translation was saved."), "success")
        return redirect(url_for("organiser.topic", topic_id=topic.id))
    return render_template("organiser/translate.html", topic=topic, form=form, language=language)


def translation_languages() -> list[str]:
    config = current_app.config
    return [code for code in config["LANGUAGES"] if code != config["DEFAULT_LANGUAGE"]]
