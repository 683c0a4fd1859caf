from flask import Blueprint

bp = Blueprint("hosts", __name__, url_prefix="/vert")

from . import routes  # noqa: E402,F401  (registers the views on bp)
from .link_session import init_blueprint  # noqa: E402

init_blueprint(bp)
