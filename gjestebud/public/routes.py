from flask import render_template

from . import bp


@bp.route("/")
def home():
    return render_template("public/home.html")


@bp.route("/personvern")
def privacy():
    return render_template("public/privacy.html")


@bp.route("/tilgjengelighet")
def accessibility():
    return render_template("public/accessibility.html")
