"""The audit trail: who did what to which object, for staff actions and hosts' changes to their own data."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from ..models import AuditEvent, User

log = logging.getLogger("gjestebud.audit")


def record(session: Session, actor: User | str, action: str, obj: Any, *, municipality_id: int | None,
           **detail: Any) -> None:
    """Add an audit event to the caller's transaction. `actor` is a staff user or a label such as "host"."""
    if getattr(obj, "id", 0) is None:
        session.flush()  # a new object gets its id, so the event can point at it
    user_id = actor.id if isinstance(actor, User) else None
    label = f"user:{actor.id}" if isinstance(actor, User) else actor
    object_id = getattr(obj, "id", None)
    session.add(AuditEvent(user_id=user_id, actor=label, municipality_id=municipality_id, action=action,
                           object_type=type(obj).__name__.lower(), object_id=object_id, detail=detail))
    log.info("%s %s %s:%s %s", label, action, type(obj).__name__.lower(), object_id, detail or "")
