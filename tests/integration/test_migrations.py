"""The migrations build exactly the schema the models describe, and run both ways on every engine."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from gjestebud.db import Base, make_engine
from gjestebud.migrate import downgrade, upgrade


def test_migrated_schema_matches_the_models(database_url):
    engine = make_engine(database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert differences == []


def test_migrations_go_down_to_nothing_and_back_up(database_url):
    engine = make_engine(database_url)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert {table.name for table in Base.metadata.sorted_tables} <= set(inspect(engine).get_table_names())
    engine.dispose()
