"""`make run` on another port writes links (mails, .ics files, the invitation text) for that port."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _base_url_seen_by_make_run(port: str, environment: dict[str, str]) -> list[str]:
    """Each command of `make run` that starts the app, run with the app replaced by printing its BASE_URL."""
    plan = subprocess.run(["make", "--dry-run", "--always-make", "-C", str(ROOT), "run", f"PORT={port}",
                           "FLASK=printenv GJESTEBUD_BASE_URL; true"],
                          capture_output=True, text=True, check=True).stdout.replace("\\\n", " ")
    commands = [line for line in plan.splitlines()
                if "printenv GJESTEBUD_BASE_URL" in line and line.endswith(("migrate", "load-demo", port))]
    env = {key: value for key, value in os.environ.items() if not key.startswith("GJESTEBUD_")} | environment
    return [subprocess.run(["sh", "-c", command], capture_output=True, text=True, env=env, check=True)
            .stdout.strip() for command in commands]


def test_make_run_derives_the_base_url_from_its_port():
    seen = _base_url_seen_by_make_run("5123", {})
    # migrate, load-demo (its published results mail hosts) and the server itself
    assert len(seen) == 3
    assert set(seen) == {"http://127.0.0.1:5123"}


def test_make_run_keeps_a_base_url_that_is_set():
    seen = _base_url_seen_by_make_run("5123", {"GJESTEBUD_BASE_URL": "https://gjestebud.example.no"})
    assert set(seen) == {"https://gjestebud.example.no"}


def test_make_lint_runs_ruff_on_code_tests_and_benchmarks_then_mypy_on_the_package():
    plan = subprocess.run(["make", "--dry-run", "--always-make", "-C", str(ROOT), "lint", "VENV=lint-venv"],
                          capture_output=True, text=True, check=True).stdout.splitlines()
    checks = [line for line in plan if line.startswith(("lint-venv/bin/ruff", "lint-venv/bin/mypy"))]
    assert checks == ["lint-venv/bin/ruff check gjestebud tests bench", "lint-venv/bin/mypy"]
