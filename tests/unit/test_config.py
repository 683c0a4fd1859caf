"""Every setting the code reads is declared, with its default, in config.py (the one place to look)."""

import re
from pathlib import Path

from flask import Flask

from gjestebud import config

PACKAGE = Path(config.__file__).resolve().parent
READ = re.compile(r"""config(?:\.get\(|\[)["']([A-Z][A-Z0-9_]+)["']""")
# Set by create_app from other settings, not by a deployment.
DERIVED = {"SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE"}


def test_every_setting_read_is_declared():
    read = {name for path in PACKAGE.rglob("*.py") for name in READ.findall(path.read_text(encoding="utf-8"))}
    assert {"TIMEZONE", "MAIL_DEFER", "BASE_URL"} <= read, "the pattern finds what the code reads"
    undeclared = read - set(dir(config)) - set(Flask.default_config) - DERIVED
    assert not undeclared, f"read but not declared in config.py: {sorted(undeclared)}"
