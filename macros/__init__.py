"""The site's build-time code: the scenario catalog, its Markdown renderers, and the MkDocs glue.

- ``catalog.py``: read and validate scenario front matter into a :class:`~macros.catalog.Catalog`.
- ``render.py``: pure functions from a catalog to Markdown (indexes, bucket pages, headers).
- ``build_cache.py``: the one catalog of the build in progress, shared by the hook and the macros.
- ``hooks.py`` (``hooks:`` in mkdocs.yml) and ``main.py`` (mkdocs-macros ``module_name``): glue.

The controlled vocabularies are read through ``scripts/vocab.py``, the one module that knows the
data files; its folder is put on ``sys.path`` here, as ``tests/conftest.py`` does for the tests.
"""

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPTS_DIR = REPO_ROOT / "scripts"
if str(SCRIPTS_DIR) not in sys.path:
    sys.path.insert(0, str(SCRIPTS_DIR))
