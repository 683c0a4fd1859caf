"""The build compiles the translation catalogues into the package, so a plain `pip install` serves every
language. Everything else is declared in setup.cfg."""

import importlib.util
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithCatalogues(build_py):
    """build_py, plus translations/<lang>/LC_MESSAGES/messages.po compiled to .mo inside the built package."""

    def run(self) -> None:
        super().run()
        spec = importlib.util.spec_from_file_location("_catalogues", ROOT / "gjestebud" / "catalogues.py")
        catalogues = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(catalogues)
        # An editable install reads the checkout, where `flask translate compile` writes them.
        built = Path(self.build_lib) / "gjestebud" / "translations"
        target = catalogues.CATALOGUE_DIR if self.editable_mode else built
        catalogues.compile_catalogues(ROOT / "translations", target)


setup(cmdclass={"build_py": BuildWithCatalogues})
