"""Every message the code uses is translated: Bokmål, Nynorsk and English everywhere, Northern Sámi on every
page and mail a resident or host sees."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from gjestebud.catalogues import SOURCE_DIR as TRANSLATIONS_DIR
from gjestebud.cli import extract_messages

COMPLETE = ["nb", "nn", "en"]
# What residents and hosts see: their blueprints, templates and mails, and what every page shares.
RESIDENT_PATHS = ("public/", "hosts/", "templates/public/", "templates/hosts/", "templates/mail/",
                  "templates/base.html", "templates/_forms.html", "templates/error.html", "forms.py",
                  "i18n.py", "labels.py", "views.py", "content.py", "charts.py", "templates/_charts.html")


def _message_id(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


@pytest.fixture(scope="module")
def used_messages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """Each message with the files that use it."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    extract_messages(pot, locations=True)
    with pot.open("rb") as file:
        return {_message_id(m): [location for location, _line in m.locations] for m in read_po(file) if m.id}


def _translated(language: str) -> set[str]:
    with Path(TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po").open("rb") as file:
        catalogue = read_po(file)
    return {_message_id(m) for m in catalogue
            if m.id and not m.fuzzy and all(m.string if isinstance(m.string, tuple) else [m.string])}


@pytest.mark.parametrize("language", COMPLETE)
def test_catalogue_translates_every_message_the_code_uses(language, used_messages):
    missing = sorted(set(used_messages) - _translated(language))
    assert not missing, f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"


def test_sami_catalogue_covers_every_resident_page(used_messages):
    resident = {message for message, files in used_messages.items()
                if any(path in file for file in files for path in RESIDENT_PATHS)}
    assert len(resident) > 100, "the resident part of the interface was not found"
    missing = sorted(resident - _translated("se"))
    assert not missing, f"se: {len(missing)} untranslated, e.g. {missing[:5]}"


def test_every_template_that_translates_is_read_by_the_extractor(used_messages):
    """Babel skips a template it cannot parse without a word; its messages would then never be translated."""
    templates = Path(TRANSLATIONS_DIR).parent / "gjestebud" / "templates"
    located = {file for files in used_messages.values() for file in files}
    skipped = [str(path.relative_to(templates)) for path in sorted(templates.rglob("*"))
               if path.suffix in (".html", ".txt") and '_("' in path.read_text(encoding="utf-8")
               and not any(file.endswith(str(path.relative_to(templates.parent))) for file in located)]
    assert not skipped, f"templates the extractor could not read: {skipped}"
