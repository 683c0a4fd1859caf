"""The confirmation page shared by the organiser's actions that cannot be taken back."""

from __future__ import annotations

from flask import render_template, request

from ..forms import EmptyForm


def confirm(heading: str, explanation: list[str], button: str, cancel: str, *, danger: bool = False) -> str:
    """The GET of an action that cannot be taken back: what will happen, and a button that POSTs it."""
    return render_template("organiser/confirm.html", heading=heading, explanation=explanation, button=button,
                           button_class="danger" if danger else "", action=request.path, cancel=cancel,
                           button_form=EmptyForm())
