"""Shared test setup: the CLIs in scripts/ are importable as top-level modules.

``import import_notes``, ``import vocab`` and ``import fix_mojibake`` work in every test, as they
do for a script run from scripts/ (Python puts a script's own directory on ``sys.path``).
"""

import sys
from pathlib import Path

SCRIPTS_DIR = Path(__file__).resolve().parent.parent / "scripts"
if str(SCRIPTS_DIR) not in sys.path:
    sys.path.insert(0, str(SCRIPTS_DIR))
