"""Where the translation catalogues live, and compiling them.

The sources (.po) are kept in the checkout's top-level `translations/`; the app reads compiled catalogues
(.mo) from the package's own `translations/`, so an installed site serves every language without the
checkout. This module imports nothing but Babel: the build (setup.py) loads it before the app's
dependencies are installed.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
# Compiled catalogues, shipped inside the package: <lang>/LC_MESSAGES/messages.mo.
CATALOGUE_DIR = PACKAGE_DIR / "translations"
# The sources; present in a checkout only.
SOURCE_DIR = PACKAGE_DIR.parent / "translations"
DOMAIN = "messages"


def sources(source_dir: Path = SOURCE_DIR) -> list[Path]:
    """Every language's .po file, sorted by language; none unless the folder is this project's catalogues
    (an installed site's neighbour folder named `translations` belongs to someone else)."""
    if not (source_dir / "babel.cfg").is_file():
        return []
    return sorted(source_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compile_catalogues(source_dir: Path = SOURCE_DIR, target_dir: Path = CATALOGUE_DIR) -> list[Path]:
    """Compile each source catalogue into target_dir/<lang>/LC_MESSAGES/messages.mo; returns those written."""
    written = []
    for source in sources(source_dir):
        target = target_dir / source.parent.parent.name / "LC_MESSAGES" / f"{DOMAIN}.mo"
        _compile(source, target)
        written.append(target)
    return written


def _compile(source: Path, target: Path) -> None:
    """Fuzzy entries are kept (as `pybabel compile --use-fuzzy` does): a rough translation beats English.
    Written to a temporary file and renamed, so processes compiling at once never read half a catalogue."""
    import os
    import tempfile

    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with source.open("rb") as file:
        catalogue = read_po(file, locale=source.parent.parent.name, domain=DOMAIN)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            write_mo(file, catalogue, use_fuzzy=True)
        os.replace(temporary, target)
    except BaseException:
        os.unlink(temporary)
        raise
