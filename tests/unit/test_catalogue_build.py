"""Compiling the catalogue sources into the package: what the build and `translate compile` share."""


from babel.support import Translations

from gjestebud.catalogues import compile_catalogues, sources

PO = '''msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"

msgid "Skip to content"
msgstr "Gå til hovedinnholdet"

#, fuzzy
msgid "Reminder"
msgstr "Påminnelse"
'''


def _sources(tmp_path, with_config=True):
    folder = tmp_path / "translations"
    (folder / "nb" / "LC_MESSAGES").mkdir(parents=True)
    (folder / "nb" / "LC_MESSAGES" / "messages.po").write_text(PO, encoding="utf-8")
    if with_config:
        (folder / "babel.cfg").write_text("[python: **.py]\n")
    return folder


def test_compiled_catalogue_lands_where_the_app_reads_it_and_keeps_fuzzy_entries(tmp_path):
    target = tmp_path / "package" / "translations"
    written = compile_catalogues(_sources(tmp_path), target)
    assert written == [target / "nb" / "LC_MESSAGES" / "messages.mo"]
    catalogue = Translations.load(str(target), ["nb"], domain="messages")
    assert catalogue.gettext("Skip to content") == "Gå til hovedinnholdet"
    assert catalogue.gettext("Reminder") == "Påminnelse", "a rough translation beats English"


def test_a_folder_that_is_not_this_projects_catalogues_has_nothing_to_compile(tmp_path):
    folder = _sources(tmp_path, with_config=False)
    assert sources(folder) == []
    assert compile_catalogues(folder, tmp_path / "out") == []
    assert not (tmp_path / "out").exists()

