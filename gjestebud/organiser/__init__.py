"""Organisers (and admins): topics, their questions and hosts, moderation of lines, and the mail outbox.

Every view loads its topic through `topic_for_staff`, so another municipality's ids answer 404; hosts,
questions and lines are then looked up inside that topic only.
"""

from flask import Blueprint

bp = Blueprint("organiser", __name__, url_prefix="/staff")

from . import (  # noqa: E402  (the views need bp above)
    hosts,  # noqa: E402,F401  (paper hosts, resent kits, reminders and paper reports)
    lines,  # noqa: E402,F401  (moderation of report lines)
    outbox,  # noqa: E402,F401  (the mail outbox)
    questions,  # noqa: E402,F401  (a topic's questions)
    topics,  # noqa: E402,F401  (topics, their translations and overview)
)
