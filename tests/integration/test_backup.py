"""The backup script as an operator runs it: back up a filled database, restore it, and every table's row
count matches. SQLite always; PostgreSQL where a test server is configured and pg_dump is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import make_url

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "backup_restore.py"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), "--hosts", "6", *args], capture_output=True,
                          text=True, timeout=600)


def _assert_restored_intact(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert "  row counts: OK" in lines and "  write after restore: OK" in lines
    assert lines[-1] == "OK"
    host_row = next(line.split() for line in lines if line.split()[:1] == ["host"])
    assert host_row[1] == host_row[2] and int(host_row[1]) >= 6


def test_sqlite_online_backup_restores_every_row():
    result = _run("--database", "sqlite")
    _assert_restored_intact(result)
    assert "integrity_check: ok" in result.stdout


@pytest.mark.skipif(not os.environ.get("GJESTEBUD_TEST_DATABASE_URL") or shutil.which("pg_dump") is None,
                    reason="needs GJESTEBUD_TEST_DATABASE_URL and pg_dump")
def test_postgresql_dump_restores_every_row_into_an_empty_database():
    server = make_url(os.environ["GJESTEBUD_TEST_DATABASE_URL"]).set(database="postgres")
    result = _run("--database", "postgresql",
                  "--postgresql-url", server.render_as_string(hide_password=False))
    _assert_restored_intact(result)
    assert "pg_dump -Fc" in result.stdout
