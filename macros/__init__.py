"""The site's build-time code: the scenario catalog, its Markdown renderers, and the MkDocs glue.

- ``catalog.py``: read and validate scenario front matter into a :class:`~macros.catalog.Catalog`.
- ``render.py``: pure functions from a catalog to Markdown (indexes, bucket pages, headers).
- ``build_cache.py``: the one catalog of the build in progress, shared by the hook and the macros.
- ``hooks.py`` (``hooks:`` in mkdocs.yml) and ``main.py`` (mkdocs-macros ``module_name``): glue.

The controlled vocabularies are read through ``deis.vocab``, the one module that knows the data
files (the ``deis`` package is the notes pipeline and the vocabulary; both packages are imported
by name: the Makefile puts the repository root on the venv's path).
"""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
