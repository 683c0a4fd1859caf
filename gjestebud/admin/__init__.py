from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/staff/admin")

from . import pages, routes  # noqa: E402,F401  (registers the views on bp)
