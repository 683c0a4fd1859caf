"""The mail outbox as staff page through it: a municipality's mails, an admin's all of them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import OutboxMail, Role, User

OUTBOX_PAGE_SIZE = 50


@dataclass(frozen=True)
class OutboxPage:
    mails: Sequence[OutboxMail]
    page: int
    pages: int
    total: int


def outbox_page(session: Session, user: User, page: int) -> OutboxPage:
    """One page of the mails the user may see, newest first; a page out of range shows the nearest one."""
    scope = [] if user.role is Role.ADMIN else [OutboxMail.municipality_id == user.municipality_id]
    total = session.scalar(select(func.count(OutboxMail.id)).where(*scope)) or 0
    pages = max(1, -(-total // OUTBOX_PAGE_SIZE))
    page = min(max(page, 1), pages)
    mails = session.scalars(select(OutboxMail).where(*scope)
                            .order_by(OutboxMail.created_at.desc(), OutboxMail.id.desc())
                            .offset((page - 1) * OUTBOX_PAGE_SIZE).limit(OUTBOX_PAGE_SIZE)).all()
    return OutboxPage(mails=mails, page=page, pages=pages, total=total)
