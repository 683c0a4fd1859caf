"""Engine, one session per request, and the declarative base with a naming convention Alembic can rely on."""

from __future__ import annotations

import logging

from flask import Flask, g
from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.pool import ConnectionPoolEntry

log = logging.getLogger(__name__)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def make_engine(url: str) -> Engine:
    """SQLite gets WAL and foreign keys; every engine pings before use.

    The ping lets a restarted PostgreSQL heal itself.
    """
    if url.startswith("sqlite"):
        engine = create_engine(url, pool_pre_ping=True, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def init_app(app: Flask) -> None:
    engine = make_engine(app.config["DATABASE_URL"])
    app.extensions["gjestebud.engine"] = engine
    app.extensions["gjestebud.sessionmaker"] = sessionmaker(bind=engine, expire_on_commit=False)
    app.teardown_appcontext(_close_session)


def get_engine() -> Engine:
    from flask import current_app

    return current_app.extensions["gjestebud.engine"]


def get_session() -> Session:
    """The session of the current request (or app context), opened on first use."""
    from flask import current_app

    if "db_session" not in g:
        g.db_session = current_app.extensions["gjestebud.sessionmaker"]()
    return g.db_session


def _close_session(_exc: BaseException | None) -> None:
    """After the response is made. Closing rolls back what was not committed; if the database dropped the
    connection meanwhile (a restart), that rollback fails, but nothing is left to undo and SQLAlchemy has
    discarded the connection: the answer already made must not turn into a 500."""
    session = g.pop("db_session", None)
    if session is not None:
        try:
            session.close()
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
            log.info("The database dropped the connection before the session closed")
