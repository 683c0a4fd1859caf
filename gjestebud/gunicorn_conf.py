"""gunicorn settings that deployments load with
`gunicorn -c python:gjestebud.gunicorn_conf 'gjestebud:create_app()'`.

- The access log never holds a personal link's secret: every field of a request line (path, query, referrer,
  headers) goes through the same redaction as the app's own log lines.
- The master tells the app how many workers it forks, so `create_app` can refuse per-process rate-limit
  counters (`memory://`) under several workers.

Command-line options still apply (`--workers`, `--bind`, `--access-logfile -`).
"""

from __future__ import annotations

import os
from typing import Any

from gunicorn.glogging import Logger

from gjestebud.security import WORKERS_VARIABLE, redact_secrets

logger_class = "gjestebud.gunicorn_conf.RedactingLogger"


class RedactingLogger(Logger):
    """gunicorn's logger whose access-log fields have secrets replaced."""

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        return {key: redact_secrets(value) if isinstance(value, str) else value
                for key, value in super().atoms(resp, req, environ, request_time).items()}


def on_starting(server: Any) -> None:
    """In the master, before any worker forks (the workers inherit the environment)."""
    os.environ[WORKERS_VARIABLE] = str(server.cfg.workers)
