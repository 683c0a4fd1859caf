"""Back up a database the app filled, restore it into an empty one, and compare every table's row count.

    python bench/backup_restore.py                        # SQLite and PostgreSQL
    python bench/backup_restore.py --database sqlite --hosts 50
    python bench/backup_restore.py --database postgresql \
        --postgresql-url postgresql+psycopg://postgres@127.0.0.1:5432/postgres

The source is what `flask migrate` and `flask load-demo` make, plus hosts who signed up, confirmed and
reported through the service layer. PostgreSQL: `pg_dump -Fc`, then `pg_restore` into a new empty database.
SQLite: the online backup API (what `sqlite3 DB ".backup FILE"` uses) while the app holds the database open,
then the backup file copied into place as the restored database. Afterwards the restored database must take
new writes (sequences restored), and the script prints the counts and OK or MISMATCH (exit status 1).
Scratch databases live on 127.0.0.1 only and are dropped at the end.
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import (
    DEFAULT_POSTGRESQL_URL,
    add_confirmed_hosts,
    bench_app,
    libpq_url,
    migrate_and_load_demo,
    scratch_database,
    table_counts,
)
from sqlalchemy import make_url, text

from gjestebud.db import make_engine


def fill(database_url: str, secret_key: str, hosts: int) -> float:
    started = time.perf_counter()
    app = bench_app(database_url, secret_key)
    migrate_and_load_demo(app)
    add_confirmed_hosts(app, hosts, reports=hosts // 2)
    app.extensions["gjestebud.engine"].dispose()
    return time.perf_counter() - started


def takes_writes(database_url: str, secret_key: str) -> bool:
    """A restored database must go on working: a new host gets the next id without a clash."""
    app = bench_app(database_url, secret_key)
    try:
        add_confirmed_hosts(app, 1, reports=1)
        return True
    except Exception as exc:  # noqa: BLE001 (the figure to print is whether it worked, and why not)
        print(f"  write after restore failed: {type(exc).__name__}: {exc}")
        return False
    finally:
        app.extensions["gjestebud.engine"].dispose()


def backup_sqlite(hosts: int) -> bool:
    secret_key = secrets.token_hex(32)
    with scratch_database("sqlite", label="backup-source") as source_url, \
            tempfile.TemporaryDirectory(prefix="gjestebud-backup-") as folder:
        filled = fill(source_url, secret_key, hosts)
        source_path = make_url(source_url).database
        backup_path = Path(folder) / "backup.sqlite"
        restored_path = Path(folder) / "restored.sqlite"

        live = make_engine(source_url)  # the app holds the database open meanwhile, as in production
        with live.connect() as connection:
            connection.execute(text("SELECT count(*) FROM host"))
            started = time.perf_counter()
            source, backup = sqlite3.connect(source_path), sqlite3.connect(backup_path)
            source.backup(backup)
            backup.close()
            source.close()
            backup_seconds = time.perf_counter() - started
        live.dispose()

        started = time.perf_counter()
        shutil.copyfile(backup_path, restored_path)
        restore_seconds = time.perf_counter() - started
        restored = sqlite3.connect(restored_path)
        integrity = restored.execute("PRAGMA integrity_check").fetchone()[0]
        restored.close()

        print(f"SQLite: filled in {filled:.1f} s ({hosts} hosts, {hosts // 2} reports, plus the demo)")
        size = backup_path.stat().st_size / 1024
        print(f"  backup (online backup API): {backup_seconds:.2f} s, {size:.0f} kB")
        print(f"  restore (copy the backup into place): {restore_seconds:.2f} s; "
              f"integrity_check: {integrity}")
        restored_url = f"sqlite:///{restored_path}"
        same = compare(table_counts(source_url), table_counts(restored_url))
        return same and integrity == "ok" and report_writes(takes_writes(restored_url, secret_key))


def backup_postgresql(hosts: int, server_url: str) -> bool:
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed (Debian: apt-get install postgresql-client).")
    secret_key = secrets.token_hex(32)
    with scratch_database("postgresql", server_url, label="backup_source") as source_url, \
            scratch_database("postgresql", server_url, label="backup_restored") as restored_url, \
            tempfile.TemporaryDirectory(prefix="gjestebud-backup-") as folder:
        filled = fill(source_url, secret_key, hosts)
        dump = Path(folder) / "gjestebud.dump"

        started = time.perf_counter()
        subprocess.run(["pg_dump", "-Fc", "--no-owner", "-f", str(dump), libpq_url(source_url)], check=True)
        dump_seconds = time.perf_counter() - started
        started = time.perf_counter()
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error", "-d", libpq_url(restored_url),
                        str(dump)], check=True)
        restore_seconds = time.perf_counter() - started

        print(f"PostgreSQL: filled in {filled:.1f} s ({hosts} hosts, {hosts // 2} reports, plus the demo)")
        print(f"  pg_dump -Fc: {dump_seconds:.2f} s, {dump.stat().st_size / 1024:.0f} kB")
        print(f"  pg_restore into an empty database: {restore_seconds:.2f} s")
        same = compare(table_counts(source_url), table_counts(restored_url))
        return same and report_writes(takes_writes(restored_url, secret_key))


def compare(original: dict[str, int], restored: dict[str, int]) -> bool:
    print(f"  {'table':<20} {'original':>9} {'restored':>9}")
    for table, count in original.items():
        mark = "" if restored.get(table) == count else "  <- differs"
        print(f"  {table:<20} {count:>9} {restored.get(table, 0):>9}{mark}")
    same = original == restored
    print(f"  row counts: {'OK' if same else 'MISMATCH'}")
    return same


def report_writes(ok: bool) -> bool:
    print(f"  write after restore: {'OK' if ok else 'FAILED'}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--hosts", type=int, default=200,
                        help="hosts to add to the demo (half of them report)")
    parser.add_argument("--postgresql-url", default=DEFAULT_POSTGRESQL_URL,
                        help="a server on 127.0.0.1 where scratch databases may be created and dropped")
    args = parser.parse_args()

    results = []
    if args.database in ("sqlite", "both"):
        results.append(backup_sqlite(args.hosts))
    if args.database in ("postgresql", "both"):
        results.append(backup_postgresql(args.hosts, args.postgresql_url))
    print("OK" if all(results) else "MISMATCH")
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
