from flask import Blueprint

bp = Blueprint("planner", __name__, url_prefix="/staff/planner")

from . import (  # noqa: E402  (the views need bp above)
    bulk,  # noqa: E402,F401  (one answer for many measures, answer templates)
    dashboard,  # noqa: E402,F401  (dashboard, exports and the printable report)
    follow_up,  # noqa: E402,F401  (progress timelines of measures)
    publish,  # noqa: E402,F401  (publishing the results)
    routes,  # noqa: E402,F401  (registers the views on bp)
)
