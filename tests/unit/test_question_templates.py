"""Question-set templates: complete, distinct, and each guide explains the method."""

import re

import pytest

from gjestebud.markdown import render_markdown
from gjestebud.models import Question, Topic
from gjestebud.question_templates import TEMPLATES, get_template

TITLE_MAX = Topic.__table__.c.title.type.length
QUESTION_MAX = Question.__table__.c.text.type.length


def test_keys_are_unique_and_url_safe():
    keys = [template.key for template in TEMPLATES]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[a-z0-9-]+", key) for key in keys)


def test_the_themes_municipalities_ask_for_are_covered():
    assert {"sentrumsutvikling", "samfunnsdel", "naeringsplan", "boligplan", "levekar-folkehelse"} <= {
        template.key for template in TEMPLATES}


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda template: template.key)
def test_every_template_has_five_or_six_distinct_open_questions_that_fit_the_columns(template):
    assert 5 <= len(template.questions) <= 6
    assert len(set(template.questions)) == len(template.questions)
    assert all("?" in question and len(question) <= QUESTION_MAX for question in template.questions)
    assert template.title and len(template.title) <= TITLE_MAX
    assert template.description and template.intro_md


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda template: template.key)
def test_every_guide_explains_the_method(template):
    guide = template.guide_md
    assert "inntil 8 gjester" in guide
    assert "2 timer" in guide
    assert "ett forslag per linje" in guide
    assert "Ikke skriv navn" in guide and "offentlige" in guide
    assert "før fristen" in guide
    assert "ikke til stede" in guide and "hva som ble gjort med" in guide
    rendered = str(render_markdown(guide))
    assert rendered.count("<li>") == 6 and "<h2>" in rendered


def test_get_template_finds_by_key_and_answers_none_for_unknown_keys():
    assert get_template("boligplan").title == "Boligplan"
    assert get_template("no-such-template") is None
