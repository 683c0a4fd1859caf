from flask import render_template

from ..access import READERS, roles_required, topic_for_staff
from ..db import get_session
from ..services.suggestions import lines_by_question, topic_counts
from . import bp


@bp.route("/topics/<int:topic_id>/suggestions")
@roles_required(*READERS)
def suggestions(topic_id: int):
    """Every submitted line, grouped by question; the group is shown as its number, never the host."""
    topic = topic_for_staff(topic_id)
    session = get_session()
    return render_template("planner/suggestions.html", topic=topic, counts=topic_counts(session, topic),
                           groups=lines_by_question(session, topic))
