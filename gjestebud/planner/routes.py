from flask import render_template

from ..access import READERS, roles_required, topic_for_staff
from . import bp


@bp.route("/topics/<int:topic_id>/suggestions")
@roles_required(*READERS)
def suggestions(topic_id: int):
    return render_template("error.html", code=501, title=topic_for_staff(topic_id).title)
