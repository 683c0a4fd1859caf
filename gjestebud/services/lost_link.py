"""A host who lost the mail asks for the link again ("Har du mistet lenken?").

The answer on the page is the same whether the address is known or not, so the form cannot be used to learn
who hosts. A known host (confirmed, not erased) of the topic is mailed a new link, stored as a further
`HostLink`: the old link keeps working, so someone else typing the host's address cannot lock them out. Only
if the host asks for it are the older links stopped. One mail per host per `RESEND_GAP`, so the form cannot
flood a host's inbox; the route is rate-limited per address as well.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .. import mail
from ..models import Host, HostLink, Topic
from ..security import new_token
from . import audit
from .hosts import personal_link

RESEND_GAP = timedelta(minutes=10)


def request_link(session: Session, topic: Topic, email: str, *, stop_old_links: bool = False) -> bool:
    """Mail a new link to the host of this topic with this address, if there is one; returns whether a mail
    was queued (for tests and logs only: the visitor is told the same either way)."""
    address = (email or "").strip().lower()
    host = session.scalar(select(Host).where(
        Host.topic_id == topic.id, func.lower(Host.email) == address, Host.confirmed_at.is_not(None),
        Host.erased_at.is_(None)).order_by(Host.id).limit(1)) if address else None
    if host is None:
        return False
    now = datetime.now(timezone.utc)
    if session.scalar(select(HostLink.id).where(HostLink.host_id == host.id,
                                                HostLink.created_at > now - RESEND_GAP).limit(1)):
        return False
    if stop_old_links:
        session.execute(delete(HostLink).where(HostLink.host_id == host.id))
        host.token_hash = new_token()[1]  # the first link dies; nobody holds this token
    token, token_hash = new_token()
    session.add(HostLink(host_id=host.id, token_hash=token_hash, created_at=now))
    mail.queue_mail(session, recipient=host.email or "", template="lost_link", language=host.language,
                    kind="lost_link", municipality_id=topic.municipality_id, host=host, topic=topic,
                    link=personal_link(token), stopped=stop_old_links)
    audit.record(session, "host", "host.link_resent", host, municipality_id=topic.municipality_id,
                 stopped_old=stop_old_links)
    session.commit()
    return True
