"""Who may see what: staff roles, and the municipality every staff query is scoped to."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from .db import get_session
from .models import Host, Measure, Question, Role, Suggestion, Topic, User

F = TypeVar("F", bound=Callable[..., Any])

ORGANISERS = (Role.ADMIN, Role.ORGANISER)
READERS = (Role.ADMIN, Role.ORGANISER, Role.PLANNER)


def roles_required(*roles: Role) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def staff_user() -> User:
    return current_user._get_current_object()


def topic_for_staff(topic_id: int) -> Topic:
    """Another municipality's topic answers 404, exactly like a missing one."""
    topic = get_session().get(Topic, topic_id)
    if topic is None or not staff_user().can_see(topic.municipality_id):
        abort(404)
    return topic


Scoped = TypeVar("Scoped", Host, Measure, Question, Suggestion)


def get_or_404(model: type[Scoped], object_id: int, scope: Topic) -> Scoped:
    """The URL's object, loaded the same way by every view: one outside `scope` answers 404 like a missing
    one, so ids of other topics (and so other municipalities) reveal nothing."""
    found = get_session().get(model, object_id)
    if found is None:
        abort(404)
    topic_id = found.report.topic_id if isinstance(found, Suggestion) else found.topic_id
    if topic_id != scope.id:
        abort(404)
    return found
