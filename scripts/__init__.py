"""Command-line tools, benchmarks and checks; each runs as ``python scripts/NAME.py`` and is
importable as ``scripts.NAME`` (the tests import the link checker, the URL list and the browser
helpers). Library code lives in the packages ``deis`` (the notes pipeline) and ``macros`` (the
site build)."""
