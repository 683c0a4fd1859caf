"""Entry point for a WSGI server: `gunicorn wsgi:app`."""

from gjestebud import create_app

app = create_app()
