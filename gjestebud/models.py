"""Typed models.

Every row below Municipality belongs to exactly one municipality, directly or through its topic.
"""

from __future__ import annotations

import enum
from datetime import date, datetime, timezone
from typing import Any

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .db import Base


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every engine (SQLite hands back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime")
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value


def _tz() -> UTCDateTime:
    return UTCDateTime()


class Role(str, enum.Enum):
    ADMIN = "admin"
    ORGANISER = "organiser"
    PLANNER = "planner"


class TopicStatus(str, enum.Enum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    ARCHIVED = "archived"


class ReportStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    WITHDRAWN = "withdrawn"


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e],
                validate_strings=True)


class QuestionKind(str, enum.Enum):
    """What a question asks for. Only proposals become measures with status, answer and timeline; the other
    kinds are consolidated the same way and presented as ranked themes."""

    PROPOSALS = "proposals"
    STRENGTHS = "strengths"
    CONTRIBUTIONS = "contributions"
    OPEN = "open"


class MeasureStatus(str, enum.Enum):
    NEW = "new"
    UNDER_REVIEW = "under_review"
    ADOPTED = "adopted"
    PARTLY_ADOPTED = "partly_adopted"
    REJECTED = "rejected"
    OUT_OF_SCOPE = "out_of_scope"


class HideReason(str, enum.Enum):
    """Why a line is hidden; `Suggestion.hidden_reason` stores the value in a plain string column."""
    NOT_A_MEASURE = "not_a_measure"
    PERSONAL_DATA = "personal_data"
    OFF_TOPIC = "off_topic"


class Municipality(Base):
    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    # The municipality's own privacy notice (purpose, legal basis, retention, contact), shown with the site's.
    privacy_md: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow)

    topics: Mapped[list[Topic]] = relationship(back_populates="municipality", order_by="Topic.id")


class User(UserMixin, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(_enum(Role))
    # None only for admins, who span every municipality.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Changes on every password change, log-out and loss of rights, so the account's other sessions end.
    session_nonce: Mapped[str] = mapped_column(String(32))
    # Set when an administrator chose the password: every staff page leads to the change page until done.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    # Base32 TOTP secret once two-factor sign-in is confirmed; None means password only.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    # The last time step whose code was accepted: a code works once, even within its 30 seconds.
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    # Hashes of the unused one-time recovery codes; the codes themselves are shown once and never stored.
    recovery_code_hashes: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow)

    municipality: Mapped[Municipality | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_nonce}"

    def can_see(self, municipality_id: int) -> bool:
        return self.role is Role.ADMIN or self.municipality_id == municipality_id

    @property
    def two_factor_enabled(self) -> bool:
        return self.totp_secret is not None


class LoginThrottle(Base):
    """Failed staff log-ins per account name and client address. Only that pair waits (1, 2, 4 … minutes):
    an attacker elsewhere cannot lock the staff member out, and unknown accounts are counted like known ones
    so the answer never tells which exist."""

    __tablename__ = "login_throttle"
    __table_args__ = (UniqueConstraint("account", "address"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The e-mail address as typed (lower-cased), known or not.
    account: Mapped[str] = mapped_column(String(254))
    address: Mapped[str] = mapped_column(String(64))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow, index=True)
    blocked_until: Mapped[datetime | None] = mapped_column(_tz())


class Topic(Base):
    __tablename__ = "topic"
    __table_args__ = (UniqueConstraint("municipality_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(200))
    intro_md: Mapped[str] = mapped_column(Text, default="")
    guide_md: Mapped[str] = mapped_column(Text, default="")
    areas: Mapped[list[str]] = mapped_column(JSON, default=list)
    status: Mapped[TopicStatus] = mapped_column(_enum(TopicStatus), default=TopicStatus.DRAFT)
    signup_deadline: Mapped[date | None] = mapped_column(Date)
    report_deadline: Mapped[date | None] = mapped_column(Date)
    # Other languages' title, intro and guide: {"nn": {"title": ..., "intro_md": ..., "guide_md": ...}}.
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)
    # Hosts who have not reported get one reminder this many days before the report deadline.
    reminder_days_before: Mapped[int] = mapped_column(Integer, default=3)
    # Hosts' personal data is erased this many days after the report deadline; reports stay anonymous.
    retention_days: Mapped[int] = mapped_column(Integer, default=365)
    # What happens next, shown at the top of the published results.
    next_steps_md: Mapped[str] = mapped_column(Text, default="")
    results_published_at: Mapped[datetime | None] = mapped_column(_tz())
    created_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow, onupdate=utcnow)

    municipality: Mapped[Municipality] = relationship(back_populates="topics")
    questions: Mapped[list[Question]] = relationship(
        back_populates="topic", order_by="Question.position", cascade="all, delete-orphan"
    )
    hosts: Mapped[list[Host]] = relationship(back_populates="topic", order_by="Host.number")


class Question(Base):
    __tablename__ = "question"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(String(500))
    help_text: Mapped[str] = mapped_column(String(1000), default="")
    kind: Mapped[QuestionKind] = mapped_column(_enum(QuestionKind), default=QuestionKind.PROPOSALS)
    # Other languages' wording: {"nn": {"text": ..., "help_text": ...}}.
    translations: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON, default=dict)

    topic: Mapped[Topic] = relationship(back_populates="questions")


class Host(Base):
    """A resident who hosts one gathering. Only this row holds personal data; guests are never named."""

    __tablename__ = "host"
    __table_args__ = (UniqueConstraint("topic_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    # "Gjestebud 7": how planners and the public refer to the group, never by the host's name.
    number: Mapped[int] = mapped_column(Integer)
    name: Mapped[str | None] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    area: Mapped[str | None] = mapped_column(String(120))
    planned_date: Mapped[date | None] = mapped_column(Date)
    expected_guests: Mapped[int | None] = mapped_column(Integer)
    language: Mapped[str] = mapped_column(String(5), default="nb")
    consent_at: Mapped[datetime | None] = mapped_column(_tz())
    # SHA-256 of the personal secret link; the link itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(_tz())
    kit_sent_at: Mapped[datetime | None] = mapped_column(_tz())
    reminder_sent_at: Mapped[datetime | None] = mapped_column(_tz())
    # When the host was told what came of the group's input (the results mail).
    feedback_sent_at: Mapped[datetime | None] = mapped_column(_tz())
    withdrawn_at: Mapped[datetime | None] = mapped_column(_tz())
    erased_at: Mapped[datetime | None] = mapped_column(_tz())

    topic: Mapped[Topic] = relationship(back_populates="hosts")
    report: Mapped[Report | None] = relationship(back_populates="host", uselist=False)

    @property
    def status(self) -> str:
        if self.withdrawn_at:
            return "withdrawn"
        if self.report is not None and self.report.status is ReportStatus.SUBMITTED:
            return "reported"
        if self.report is not None and self.report.status is ReportStatus.DRAFT:
            return "drafting"
        if self.confirmed_at:
            return "confirmed"
        return "signed_up"


class Report(Base):
    """What one gathering sends in. Counts only: no guest is named."""

    __tablename__ = "report"

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("host.id"), unique=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    status: Mapped[ReportStatus] = mapped_column(_enum(ReportStatus), default=ReportStatus.DRAFT)
    held_on: Mapped[date | None] = mapped_column(Date)
    participants: Mapped[int | None] = mapped_column(Integer)
    age_under_18: Mapped[int | None] = mapped_column(Integer)
    age_18_34: Mapped[int | None] = mapped_column(Integer)
    age_35_66: Mapped[int | None] = mapped_column(Integer)
    age_67_plus: Mapped[int | None] = mapped_column(Integer)
    # Set when an organiser typed in a paper report on the host's behalf.
    transcribed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(_tz())

    host: Mapped[Host] = relationship(back_populates="report")
    topic: Mapped[Topic] = relationship()
    suggestions: Mapped[list[Suggestion]] = relationship(
        back_populates="report", order_by="(Suggestion.question_id, Suggestion.position)",
        cascade="all, delete-orphan",
    )

    AGE_BANDS = ("age_under_18", "age_18_34", "age_35_66", "age_67_plus")


class Suggestion(Base):
    """One line of a report: one suggestion in the group's own words."""

    __tablename__ = "suggestion"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("report.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("question.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # Hidden lines (personal data, off topic) never reach planners' lists or the public.
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_reason: Mapped[str | None] = mapped_column(String(40))
    # The host changed a hidden line: it stays hidden until an organiser looks at it again.
    review_pending: Mapped[bool] = mapped_column(Boolean, default=False)

    report: Mapped[Report] = relationship(back_populates="suggestions")
    question: Mapped[Question] = relationship()


class Measure(Base):
    """One consolidated measure (tiltak): lines from many groups that propose the same thing."""

    __tablename__ = "measure"
    # AUTOINCREMENT on SQLite too: a measure's number is never handed to a later measure once it is gone.
    __table_args__ = (UniqueConstraint("topic_id", "key"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    # The engine's stable identity, so a re-run recognises the measure the planner already worked on.
    key: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300))
    title_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    # A planner confirmed the title (or wrote it); until then the workspace shows it as proposed.
    title_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    # The kind of the question most of its lines answer: only proposals get a status and an answer.
    kind: Mapped[QuestionKind] = mapped_column(_enum(QuestionKind), default=QuestionKind.PROPOSALS)
    status: Mapped[MeasureStatus] = mapped_column(_enum(MeasureStatus), default=MeasureStatus.NEW)
    answer_md: Mapped[str] = mapped_column(Text, default="")
    # Kept up to date by the service on every change of members, so lists sort and page in the database.
    support_gatherings: Mapped[int] = mapped_column(Integer, default=0, index=True)
    support_participants: Mapped[int] = mapped_column(Integer, default=0)
    line_count: Mapped[int] = mapped_column(Integer, default=0)
    # Status or answer changed after the results were published: hosts get it in the next digest.
    digest_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow, onupdate=utcnow)

    topic: Mapped[Topic] = relationship()
    lines: Mapped[list[MeasureLine]] = relationship(back_populates="measure", cascade="all, delete-orphan")
    milestones: Mapped[list[MeasureMilestone]] = relationship(
        back_populates="measure", order_by="(MeasureMilestone.on, MeasureMilestone.id)",
        cascade="all, delete-orphan")


class MeasureLine(Base):
    """A line's place in a measure. `locked` marks a placement the planner made by hand."""

    __tablename__ = "measure_line"

    suggestion_id: Mapped[int] = mapped_column(ForeignKey("suggestion.id", ondelete="CASCADE"),
                                               primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    locked: Mapped[bool] = mapped_column(Boolean, default=False)

    measure: Mapped[Measure] = relationship(back_populates="lines")
    suggestion: Mapped[Suggestion] = relationship()


class MeasureMilestone(Base):
    """One dated step in following up a measure ("Anbud sendt ut"), shown on the results page and in the
    open data; adding or changing one puts the measure in the hosts' next digest."""

    __tablename__ = "measure_milestone"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(ForeignKey("measure.id", ondelete="CASCADE"), index=True)
    on: Mapped[date] = mapped_column(Date)
    text: Mapped[str] = mapped_column(String(300))
    # How far the measure has come, as the planner judges it; None when a percentage would mean nothing.
    percent: Mapped[int | None] = mapped_column(Integer)
    # The unit responsible ("Teknisk drift"), in the municipality's own words.
    unit: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow, onupdate=utcnow)

    measure: Mapped[Measure] = relationship(back_populates="milestones")


class AnswerTemplate(Base):
    """A municipality's reusable public answer ("Sendt til fylkeskommunen"), copied into the answer field and
    edited there before it is used; changing a template later changes no answer already given."""

    __tablename__ = "answer_template"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"), index=True)
    title: Mapped[str] = mapped_column(String(120))
    answer_md: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow, onupdate=utcnow)


class HostLink(Base):
    """A further valid secret link for a host, sent when the host asked for their link again: the original
    link (`Host.token_hash`) keeps working, so a lost-link request by someone else never locks the host
    out."""

    __tablename__ = "host_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    host_id: Mapped[int] = mapped_column(ForeignKey("host.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow)


class Correction(Base):
    """A planner's change to the measures, with the state before and after so it can be undone."""

    __tablename__ = "correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(_tz(), default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))
    summary: Mapped[str] = mapped_column(String(500), default="")
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    undone_at: Mapped[datetime | None] = mapped_column(_tz())
    undone_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class ReviewAnswer(Base):
    """A planner's answer to a guided-review question: do the lines on the left ask for the same measure as
    the lines on the right? Re-runs replay every answer, so it holds like any other correction."""

    __tablename__ = "review_answer"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    left_ids: Mapped[list[int]] = mapped_column(JSON)
    right_ids: Mapped[list[int]] = mapped_column(JSON)
    same: Mapped[bool] = mapped_column(Boolean)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    at: Mapped[datetime] = mapped_column(_tz(), default=utcnow)
    # The correction that applied it; undoing that correction deletes the answer.
    correction_id: Mapped[int | None] = mapped_column(ForeignKey("correction.id", ondelete="SET NULL"),
                                                      index=True)


class ConsolidationRun(Base):
    """One run of the engine over a topic: when, by whom, how far it got, what it found."""

    __tablename__ = "consolidation_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    started_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(_tz())
    status: Mapped[str] = mapped_column(String(20), default="running")
    lines: Mapped[int] = mapped_column(Integer, default=0)
    measures: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(500))


class SitePage(Base):
    """Pages the deployment edits: the accessibility statement and the site-wide privacy notice."""

    __tablename__ = "site_page"
    __table_args__ = (UniqueConstraint("key", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(5))
    body_md: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow, onupdate=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))


class OutboxMail(Base):
    """Every mail is written here first, in the same transaction as the change that causes it."""

    __tablename__ = "outbox_mail"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    # Cleared once delivered over SMTP: bodies may hold a host's secret link.
    body: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(_tz(), default=utcnow, index=True)
    sent_at: Mapped[datetime | None] = mapped_column(_tz(), index=True)
    # A worker that claims a mail holds it until then; lets several workers run without sending twice.
    claimed_until: Mapped[datetime | None] = mapped_column(_tz())
    last_error: Mapped[str | None] = mapped_column(String(500))


class AuditEvent(Base):
    """Who did what: staff actions and hosts' own changes to their data."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(_tz(), default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    actor: Mapped[str] = mapped_column(String(80))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str] = mapped_column(String(40))
    object_id: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
