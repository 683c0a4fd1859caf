"""Topic content in the reader's language, falling back to the original."""

from gjestebud.content import localized
from gjestebud.i18n import force_locale


def test_translated_field_is_used_and_marked_with_its_language(app, db, municipality, make_topic):
    topic = make_topic(municipality)
    topic.translations = {"nn": {"title": "Utvikling av Sjøvegan sentrum (nynorsk)"},
                          "se": {"title": "   "}}
    with app.test_request_context():
        with force_locale("nn"):
            title = localized(topic, "title")
            assert title == "Utvikling av Sjøvegan sentrum (nynorsk)" and title.lang == "nn"
        with force_locale("se"):
            title = localized(topic, "title")
            assert title == "Utvikling av Sjøvegan sentrum" and title.lang == "nb", \
                "blank means not translated"
        with force_locale("en"):
            assert localized(topic, "intro_md").lang == "nb"


def test_questions_fall_back_per_question(app, db, municipality, make_topic):
    topic = make_topic(municipality)
    first, second = topic.questions[:2]
    first.translations = {"en": {"text": "What is good about the centre today?"}}
    with app.test_request_context(), force_locale("en"):
        assert localized(first, "text") == "What is good about the centre today?"
        assert localized(second, "text") == second.text
