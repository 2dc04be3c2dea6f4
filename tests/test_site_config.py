"""The repository's mkdocs.yml is valid and builds a real site offline, with the demo shop's own theme override."""

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


def test_site_templates_holds_only_the_shops_overrides(tmp_path: Path) -> None:
    """site_templates/ (theme.custom_dir) is the demo shop's footer; faq-builder's own files come with the plugin."""
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"), strict=True)
    assert Path(config.theme.custom_dir) == ROOT / "site_templates"
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    site = tmp_path / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "© Northwind Outfitters · Help centre built with faq-builder" in index
    assert "data-faq-hours" in index and (site / "assets" / "faq-builder.js").is_file()
    overrides = [p.relative_to(ROOT / "site_templates") for p in (ROOT / "site_templates").rglob("*") if p.is_file()]
    assert overrides and not any(name.startswith("faq-builder") for p in overrides for name in p.parts)
    for path in overrides:  # theme overrides, never published as files of the site
        assert not (site / path).exists(), path
