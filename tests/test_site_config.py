"""The repository's mkdocs.yml is valid and builds a real site offline."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).parents[1]


def test_mkdocs_config_builds(tmp_path: Path) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "How can we help?" in index
    assert "fonts.googleapis.com" not in index
    assert (tmp_path / "site" / "search" / "search_index.json").exists()
