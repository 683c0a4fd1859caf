from flask import Blueprint

bp = Blueprint("organiser", __name__, url_prefix="/staff")

from . import routes  # noqa: E402,F401  (registers the views on bp)
