from flask import Blueprint

bp = Blueprint("public", __name__)

from . import routes  # noqa: E402,F401  (registers the views on bp)
from . import results  # noqa: E402,F401  (the published results and their open data)
