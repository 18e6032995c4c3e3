"""docs/architecture.md lists every module of the package, as its docstring describes it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_module_map_is_current() -> None:
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "module_map.py"),
                             "--check"], capture_output=True, text=True, check=False,
                            timeout=60)
    assert result.returncode == 0, result.stderr
