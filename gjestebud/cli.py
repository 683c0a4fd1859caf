"""Commands: migrate, load-demo, send-mail, send-reminders, send-digests, erase-expired, consolidate
and translate."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import click
from flask import Flask, current_app

from .catalogues import CATALOGUE_DIR, compile_catalogues, sources
from .catalogues import SOURCE_DIR as TRANSLATIONS_DIR
from .db import get_engine, get_session

# Messages in the code are written in English.
SOURCE_LANGUAGE = "en"


@click.command("migrate")
@click.option("--revision", default="head", show_default=True)
def migrate_command(revision: str) -> None:
    """Bring the database schema up to date (run on every upgrade)."""
    from .migrate import upgrade

    upgrade(get_engine(), revision)
    click.echo(f"Database at {revision}.")


@click.command("send-mail")
@click.option("--limit", default=500, show_default=True, help="Most mails to send in this run.")
def send_mail_command(limit: int) -> None:
    """Deliver due mails from the outbox (run from cron or a timer every minute)."""
    from .mail import deliver_due

    sent, failed = deliver_due(get_session(), limit=limit)
    click.echo(f"Sent {sent}, failed {failed}.")
    if failed:
        sys.exit(1)


@click.command("erase-expired")
def erase_expired_command() -> None:
    """Erase hosts' personal data once their topic's retention period is over (run daily from cron)."""
    from .services.retention import erase_expired_personal_data

    erased = erase_expired_personal_data(get_session())
    click.echo(f"Erased the personal data of {erased} hosts.")


@click.command("send-reminders")
def send_reminders_command() -> None:
    """Queue one reminder for each host who has not reported as the deadline nears (run daily from cron)."""
    from .services.reminders import send_due_reminders

    click.echo(f"Queued {send_due_reminders(get_session())} reminders.")


@click.command("load-demo")
def load_demo_command() -> None:
    """Load the demo municipality, topic and staff accounts (idempotent)."""
    from .demo import load_demo

    password = current_app.config["DEMO_PASSWORD"] or _instance_demo_password()
    accounts = load_demo(get_session(), password)
    click.echo(f"Demo ready at {current_app.config['BASE_URL']}. Staff log in at /staff/login:")
    for email, role in accounts:
        click.echo(f"  {role:<10} {email:<26} password: {password}")


def _instance_demo_password() -> str:
    """Random on first run, then the same on every run, so the printed password stays true."""
    path = Path(current_app.instance_path) / "demo-password"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(12))
        path.chmod(0o600)
    return path.read_text().strip()


@click.command("consolidate")
@click.argument("topic_id", type=int)
def consolidate_command(topic_id: int) -> None:
    """Consolidate a topic's submitted lines into measures, keeping the planners' corrections."""
    from .models import Topic
    from .services.measures import MeasureError, run_consolidation

    session = get_session()
    topic = session.get(Topic, topic_id)
    if topic is None:
        raise click.ClickException(f"There is no topic {topic_id}.")
    with click.progressbar(length=1, label=f"Consolidating {topic.title}") as bar:
        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        try:
            run = run_consolidation(session, topic, "cli", progress=progress)
        except MeasureError as exc:
            raise click.ClickException(str(exc)) from exc
    if run.status != "done":
        raise click.ClickException(f"Consolidation failed, nothing was changed: {run.error}")
    click.echo(f"{run.lines} lines in {run.measures} measures.")


@click.command("send-digests")
@click.option("--dry-run", is_flag=True, help="List who would get which changed measures; queue nothing.")
def send_digests_command(dry_run: bool) -> None:
    """Tell hosts about measures whose status or answer changed since the results went out (run from cron)."""
    from .services.results import send_digests

    digests = send_digests(get_session(), dry_run=dry_run)
    for digest in digests:
        host = digest.recipient.host
        titles = "; ".join(item.measure.title for item in digest.measures)
        click.echo(f"{host.topic.title} / Gjestebud {host.number} ({host.language}): {titles}")
    click.echo(f"{'Would queue' if dry_run else 'Queued'} {len(digests)} digest mails.")


@click.group("translate")
def translate_group() -> None:
    """Translation workflow: extract, init, update, compile (Babel, run in-process)."""


def _pybabel(*args: str) -> None:
    from babel.messages.frontend import CommandLineInterface

    CommandLineInterface().run(["pybabel", "-q", *args])


@translate_group.command("extract")
def translate_extract() -> None:
    """Collect the messages in the code and templates into messages.pot."""
    extract_messages(TRANSLATIONS_DIR / "messages.pot")


def extract_messages(output: Path, *, locations: bool = False) -> None:
    """Every message the code and templates use, as a .pot file (with file locations when asked)."""
    _pybabel("extract", "-F", str(TRANSLATIONS_DIR / "babel.cfg"), "-k", "_l", "-k", "lazy_gettext",
             "--project", "gjestebud", "--sort-output", *([] if locations else ["--no-location"]),
             "-o", str(output), str(Path(__file__).resolve().parent))


@translate_group.command("init")
@click.argument("language")
def translate_init(language: str) -> None:
    """Start a catalogue for a new language."""
    _pybabel("init", "-i", str(TRANSLATIONS_DIR / "messages.pot"), "-d", str(TRANSLATIONS_DIR),
             "-l", language)


@translate_group.command("update")
def translate_update() -> None:
    """Extract, then merge new messages into every catalogue; English, the source language, mirrors them."""
    translate_extract.callback()  # type: ignore[misc]
    _pybabel("update", "-i", str(TRANSLATIONS_DIR / "messages.pot"), "-d", str(TRANSLATIONS_DIR),
             "--no-fuzzy-matching", "--ignore-obsolete")
    _mirror_source_language(TRANSLATIONS_DIR / SOURCE_LANGUAGE / "LC_MESSAGES" / "messages.po")


def _mirror_source_language(path: Path) -> None:
    from babel.messages.pofile import read_po, write_po

    with path.open("rb") as file:
        catalogue = read_po(file, locale=SOURCE_LANGUAGE)
    for message in catalogue:
        if message.id:
            message.string = message.id[:2] if isinstance(message.id, tuple) else message.id
            message.flags.discard("fuzzy")
    with path.open("wb") as file:
        write_po(file, catalogue, width=100)


@translate_group.command("compile")
def translate_compile() -> None:
    """Compile every catalogue into the package (the app reads those); an installed site has them already."""
    if not sources():
        click.echo(f"No catalogue sources here; the installed package carries compiled ones in "
                   f"{CATALOGUE_DIR}.")
        return
    for written in compile_catalogues():
        click.echo(f"Compiled {written.relative_to(CATALOGUE_DIR.parent.parent)}")


def register(app: Flask) -> None:
    for command in (migrate_command, send_mail_command, load_demo_command, consolidate_command,
                    erase_expired_command, send_reminders_command, send_digests_command,
                    translate_group):
        app.cli.add_command(command)
