from flask import render_template

from ..access import roles_required
from ..models import Role
from . import bp


@bp.route("/users")
@roles_required(Role.ADMIN)
def users():
    return render_template("error.html", code=501, title="TODO")
