"""A configured tile server's origin is allowed to serve images, and nothing else changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.unit

_PRINT_IMG_SRC = "import json, creativeports.config.settings as s; print(json.dumps(s.SECURE_CSP['img-src']))"


def _img_src(tiles: str) -> list[str]:
    # Settings are read once at import: a fresh interpreter sees the environment variable.
    env = {**os.environ, "CREATIVEPORTS_MAP_TILES": tiles}
    result = subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [sys.executable, "-c", _PRINT_IMG_SRC], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_settings_without_tiles_allow_only_own_and_data_images():
    assert _img_src("") == ["'self'", "data:"]


def test_settings_with_tiles_allow_the_tile_origin():
    assert _img_src("https://{s}.tile.example.org/{z}/{x}/{y}.png") == ["'self'", "data:", "https://*.tile.example.org"]
