"""Shared test setup: the CLIs in scripts/ are importable as top-level modules.

``import import_notes``, ``import vocab`` and ``import fix_mojibake`` work in every test, as they
do for a script run from scripts/ (Python puts a script's own directory on ``sys.path``).
"""

import sys
from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parent.parent / "scripts"
if str(SCRIPTS_DIR) not in sys.path:
    sys.path.insert(0, str(SCRIPTS_DIR))

from hypothesis import HealthCheck, settings  # noqa: E402

# `pytest --hypothesis-profile=thorough` for a long search; the default keeps `make test` quick.
settings.register_profile("default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")
