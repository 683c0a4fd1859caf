"""gjestebud: residents host small gatherings, send in their group's suggestions, and the municipality turns
them into one consolidated list of measures and tells everyone what was done with their input."""

from __future__ import annotations

import logging.config
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import config as default_config

if TYPE_CHECKING:  # Flask is imported only when an app is made: the consolidation CLI needs none of it
    from flask import Flask

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # Every line that reaches the console (the app's, and the development server's request lines) is redacted.
    "filters": {"redact": {"()": "gjestebud.security.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}},
    "loggers": {"gjestebud": {"level": "INFO"}, "gjestebud.audit": {"level": "INFO"}},
    "root": {"level": "WARNING", "handlers": ["console"]},
}


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Defaults, then instance/config.py, then GJESTEBUD_* environment, then test overrides."""
    from flask import Flask

    logging.config.dictConfig(LOGGING)
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(default_config)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("GJESTEBUD")
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'gjestebud.sqlite'}"
    if app.config["SECRET_KEY"] == default_config.SECRET_KEY:
        app.config["SECRET_KEY"] = _instance_secret_key(Path(app.instance_path))
    _refuse_weak_secret_key(app)
    app.config["SESSION_COOKIE_SECURE"] = app.config["BASE_URL"].startswith("https://")
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    _trust_proxies(app)

    from . import content, db, i18n, labels, mail, outage, views
    from .security import check_limit_storage, csrf, gunicorn_workers, limiter, login_manager

    check_limit_storage(app.config, gunicorn_workers())

    db.init_app(app)
    i18n.init_app(app)
    labels.init_app(app)
    content.init_app(app)
    mail.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    views.init_app(app)
    outage.init_app(app)

    from .admin import bp as admin_bp
    from .auth import bp as auth_bp
    from .hosts import bp as hosts_bp
    from .organiser import bp as organiser_bp
    from .planner import bp as planner_bp
    from .public import bp as public_bp

    app.register_blueprint(auth_bp)
    app.register_blueprint(admin_bp)
    app.register_blueprint(organiser_bp)
    app.register_blueprint(planner_bp)
    app.register_blueprint(hosts_bp)
    # Last: its /<municipality>/ rules must not shadow the others.
    app.register_blueprint(public_bp)

    from .cli import register

    register(app)
    return app


class WeakSecretKey(RuntimeError):
    """The configured SECRET_KEY would let anyone forge staff sessions: the app does not start with it."""


def _refuse_weak_secret_key(app: Flask) -> None:
    """Debug and testing may use any key; a deployment must not run on a short or published one."""
    from .security import MIN_SECRET_KEY_LENGTH, weak_secret_key

    reason = weak_secret_key(app.config["SECRET_KEY"])
    if reason is None or app.debug or app.testing:
        return
    raise WeakSecretKey(
        f"SECRET_KEY is not fit for use: {reason}. Set GJESTEBUD_SECRET_KEY (or SECRET_KEY in "
        f"instance/config.py) to a random string of at least {MIN_SECRET_KEY_LENGTH} characters, the same on "
        "every app server, e.g. the output of: python -c \"import secrets; print(secrets.token_hex(32))\" "
        "(or remove it to use a random key kept in instance/secret_key on a single server)")


def _trust_proxies(app: Flask) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address, scheme and host from the
    X-Forwarded-* headers they add; with 0 (the default) those headers are ignored: anyone can send them."""
    hops = int(app.config["TRUSTED_PROXIES"])
    if hops < 0:
        raise ValueError("TRUSTED_PROXIES must be 0 or more")
    if hops:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _instance_secret_key(instance: Path) -> str:
    """A newcomer's machine gets a random key that survives restarts; deployments set GJESTEBUD_SECRET_KEY."""
    path = instance / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as file:
        file.write(secrets.token_hex(32))
    return path.read_text().strip()
