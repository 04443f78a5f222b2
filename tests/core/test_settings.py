"""Configuration: refuses an unsafe production start; day-first dates."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

from django import forms
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]


def _run_settings(env):
    clean = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = _run_settings({})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_starts_with_a_secret_key_or_in_debug():
    assert _run_settings({"SECRET_KEY": "x" * 50}).returncode == 0
    assert _run_settings({"DEBUG": "1"}).returncode == 0


def test_dates_are_day_first_in_vietnamese_and_english():
    for language in ("vi", "en"):
        with translation.override(language):
            field = forms.DateField()
            assert field.clean("05/03/2026") == datetime.date(2026, 3, 5)
            try:
                field.clean("31/02/2026")
            except forms.ValidationError:
                pass
            else:  # pragma: no cover
                raise AssertionError("31/02 accepted")
