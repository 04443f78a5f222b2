"""The production settings as another process reads them under a given environment — the way to
test what `config/settings.py` makes of an environment variable (it is read once, at start)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_in_subprocess(script: str, *, unset=(), **env):
    """Run `script` (which prints JSON) in a new Python with `config.settings`, DEBUG on, the
    variables `unset` removed from this environment and `env` added; return what it printed."""
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)
