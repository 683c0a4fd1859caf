from flask import render_template

from ..access import ORGANISERS, roles_required, topic_for_staff
from . import bp


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*ORGANISERS)
def new_topic():
    return render_template("error.html", code=501, title="TODO")


@bp.route("/<int:topic_id>/")
@roles_required(*ORGANISERS)
def topic(topic_id: int):
    return render_template("error.html", code=501, title=topic_for_staff(topic_id).title)


@bp.route("/outbox")
@roles_required(*ORGANISERS)
def outbox():
    return render_template("error.html", code=501, title="TODO")
