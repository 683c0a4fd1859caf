from flask import Blueprint

bp = Blueprint("public", __name__)

# Importing the views registers them on bp: the pages, and the published results with their open data.
from . import results, routes  # noqa: E402,F401
