"""The catalog of the build in progress: computed once per build, shared by hook and macros.

MkDocs loads ``macros/hooks.py`` and mkdocs-macros loads ``macros/main.py`` as two separate
modules, each under its own name; both import this module the ordinary way (``macros.build_cache``)
so they see the same :data:`CACHE`. The hook resets it in ``on_config`` (so ``mkdocs serve``
starts every rebuild from the files as they are now) and fills it in ``on_files``; every page and
macro of that build then reads the same catalog, so no page ever re-reads the scenario pages.
"""

from __future__ import annotations

from macros.catalog import Catalog, Vocabulary


class BuildCache:
    """What one build computes once: the vocabulary (``on_config``), the catalog (``on_files``)."""

    def __init__(self) -> None:
        self.builds = 0
        self._vocabulary: Vocabulary | None = None
        self._catalog: Catalog | None = None
        # src_uri -> (link-preview title, description), computed with the catalog
        self.previews: dict[str, tuple[str, str]] = {}
        self.files = None  # the build's Files, for the hook's later events

    def start(self, vocabulary: Vocabulary) -> None:
        """A new build begins: forget the previous build's catalog."""
        self.builds += 1
        self._vocabulary = vocabulary
        self._catalog = None
        self.previews = {}
        self.files = None

    @property
    def vocabulary(self) -> Vocabulary:
        if self._vocabulary is None:
            raise RuntimeError(_NOT_LOADED)
        return self._vocabulary

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            raise RuntimeError(_NOT_LOADED)
        return self._catalog

    @catalog.setter
    def catalog(self, catalog: Catalog) -> None:
        self._catalog = catalog


_NOT_LOADED = (
    "the scenario catalog is not loaded for this build: mkdocs.yml must list "
    "'macros/hooks.py' under 'hooks:'"
)

CACHE = BuildCache()
