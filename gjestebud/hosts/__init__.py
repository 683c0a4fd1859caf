from flask import Blueprint

bp = Blueprint("hosts", __name__, url_prefix="/vert")

from . import routes  # noqa: E402,F401  (registers the views on bp)
