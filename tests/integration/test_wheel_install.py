"""The deployment path: a wheel built from a clean checkout, installed (not editable) into a new virtualenv
outside the checkout, serves every language from the catalogues the build compiled into the package."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The build's inputs, as a clean clone has them: no compiled catalogues, no build leftovers.
SOURCES = ("setup.py", "setup.cfg", "pyproject.toml", "MANIFEST.in", "README.md", "gjestebud", "translations")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "build", "*.egg-info")

# The skip link of every page, in each language's catalogue.
SKIP_LINK = {"nb": "Gå til hovedinnholdet", "nn": "Gå til hovudinnhaldet", "en": "Skip to content",
             "se": "Njuike sisdollui"}

PAGES = """
import json, sys
from gjestebud import create_app
client = create_app().test_client()
pages = {}
for language in sys.argv[1:]:
    response = client.get("/salangen/sjovegan-sentrum/", headers={"Accept-Language": language})
    pages[language] = [response.status_code, response.get_data(as_text=True)]
print(json.dumps(pages))
"""


def _run(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result


@pytest.mark.slow
def test_installed_wheel_serves_every_language(tmp_path):
    source = tmp_path / "checkout"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=IGNORED)
        else:
            shutil.copy(ROOT / name, source / name)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("GJESTEBUD_", "PYTHON", "FLASK_"))}
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "--wheel-dir", str(tmp_path / "dist"), str(source), cwd=tmp_path, env=env)
    (wheel,) = (tmp_path / "dist").glob("gjestebud-*.whl")

    # A fresh virtualenv that sees this one's dependencies (a .pth file), so nothing is downloaded.
    venv = tmp_path / "venv"
    _run(sys.executable, "-m", "venv", "--without-pip", str(venv), cwd=tmp_path, env=env)
    python = venv / "bin" / "python"
    site = Path(_run(str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])",
                     cwd=tmp_path, env=env).stdout.strip())
    paths = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "dependencies.pth").write_text("\n".join(sorted(paths)) + "\n")
    _run(sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
         "--no-index", str(wheel), cwd=tmp_path, env=env)

    site_dir = tmp_path / "site"
    site_dir.mkdir()
    env |= {"GJESTEBUD_DATABASE_URL": f"sqlite:///{site_dir / 'scratch.sqlite'}",
            "GJESTEBUD_SECRET_KEY": secrets.token_urlsafe(48)}
    flask = (str(python), "-m", "flask", "--app", "gjestebud")
    where = _run(str(python), "-c", "import gjestebud; print(gjestebud.__file__)", cwd=site_dir, env=env)
    assert Path(where.stdout.strip()).is_relative_to(site), "the installed package, not the checkout"
    compiled = _run(*flask, "translate", "compile", cwd=site_dir, env=env)
    assert "No catalogue sources here" in compiled.stdout
    _run(*flask, "migrate", cwd=site_dir, env=env)
    _run(*flask, "load-demo", cwd=site_dir, env=env)

    pages = json.loads(_run(str(python), "-c", PAGES, *SKIP_LINK, cwd=site_dir, env=env).stdout)
    for language, skip_link in SKIP_LINK.items():
        status, html = pages[language]
        assert status == 200
        assert f'<html lang="{language}"' in html
        assert skip_link in html, f"{language} page is not translated"
    assert "Utvikling av Sjøvegan sentrum" in pages["nb"][1]
