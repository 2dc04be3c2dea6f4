"""The plugin is self-contained: a shop's own mkdocs.yml, no site_templates/, and still a working help site.

Its templates and assets are package data that the plugin adds to Material's theme itself (after the shop's
own ``custom_dir``). Checked with this checkout, and with faq-builder installed from a freshly built wheel into
a new virtual environment (so nothing can come from the repository). The browser checks of that installed
build are in test_browser.py (they use :func:`installed_shop_site`).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from faq_builder.curate import approve
from faq_builder.settings import KEYS
from faq_builder.site import SiteError, build_site
from faq_builder.site.config import FaqBuilderConfig
from faq_builder.site.plugin import ASSETS, TEMPLATES

from .conftest import ROOT, TODAY

#: What a shop writes: no custom_dir, nothing of faq-builder's copied into its folder.
SHOP_CONFIG = """\
site_name: Shop Help
docs_dir: content
theme:
  name: material
plugins:
  - search
  - faq-builder:
      portal:
        track_order: https://shop.example/track?order={order_number}&email={email}
      support_hours: {timezone: Europe/Berlin, days: [mon, tue, wed, thu, fri], open: "09:00", close: "17:00"}
"""
ENTRY = "faq/shipping/where-is-my-order.md"
ENTRY_PAGE = "faq/shipping/where-is-my-order/index.html"


def write_shop(folder: Path, config: str = SHOP_CONFIG) -> Path:
    """A shop's help-site folder: ``mkdocs.yml`` and ``content/`` with one approved entry, nothing else."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(config)
    (folder / "content" / ENTRY).parent.mkdir(parents=True)
    shutil.copy(ROOT / "content" / ENTRY, folder / "content" / ENTRY)
    approve(["where-is-my-order"], content_dir=folder / "content", by="Shop editor", today=TODAY)
    return folder / "mkdocs.yml"


def mkdocs_build(config_file: Path, *, strict: bool = True) -> Path:
    """``mkdocs build`` in this process, as MkDocs' command does it; returns the site folder."""
    config = load_config(str(config_file), strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Path(config.site_dir)


def assert_assets_linked_and_published(site: Path) -> None:
    page = (site / ENTRY_PAGE).read_text(encoding="utf-8")
    for asset in ASSETS:
        assert f'{asset}"' in page, f"{asset} not linked from the entry page"
        assert (site / asset).is_file(), f"{asset} linked but not in the site"
        assert (site / asset).read_bytes() == (TEMPLATES / asset).read_bytes()
    assert "data-faq-hours" in page and 'id="faq-builder-settings"' in page


def test_site_without_custom_dir_gets_the_plugins_templates_and_assets(tmp_path: Path) -> None:
    site = mkdocs_build(write_shop(tmp_path / "shop"))
    assert_assets_linked_and_published(site)
    assert (site / "portal" / "track-order" / "index.html").is_file()
    assert "data-faq-portal" in (site / "portal" / "track-order" / "index.html").read_text(encoding="utf-8")
    assert not (site / "faq-builder").exists() and not (site / "main.html").exists()
    # The portal button's { .md-button } works though the shop's mkdocs.yml lists no markdown extensions.
    assert 'class="md-button md-button--primary"' in (site / ENTRY_PAGE).read_text(encoding="utf-8")


def test_theme_folders_in_order_shop_plugin_material(tmp_path: Path) -> None:
    """The shop's custom_dir first (its overrides win), then the plugin's folder, then Material's."""
    overrides = tmp_path / "shop" / "overrides"
    overrides.mkdir(parents=True)
    write_shop(
        tmp_path / "shop", SHOP_CONFIG.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
    )
    config = load_config(str(tmp_path / "shop" / "mkdocs.yml"))
    config = config.plugins.on_config(config)
    config = config.plugins.on_config(config)  # serve's rebuilds: still once
    dirs = [Path(d) for d in config.theme.dirs]
    assert dirs[:2] == [overrides, TEMPLATES]
    assert (dirs[2] / "base.html").is_file() and dirs[2].parent.name == "material"


def test_shops_own_overrides_win(tmp_path: Path) -> None:
    config = write_shop(
        tmp_path / "shop", SHOP_CONFIG.replace("  name: material\n", "  name: material\n  custom_dir: mine\n")
    )
    mine = tmp_path / "shop" / "mine"
    (mine / "partials").mkdir(parents=True)
    (mine / "partials" / "copyright.html").write_text('<div class="md-copyright">© Our own shop</div>\n')
    (mine / "main.html").write_text(
        '{% extends "faq-builder/base.html" %}\n{% block announce %}Closed for stocktaking{{ super() }}{% endblock %}\n'
    )
    (mine / "assets").mkdir()
    (mine / "assets" / "faq-builder.css").write_text("/* the shop's own */\n")
    site = mkdocs_build(config)
    page = (site / ENTRY_PAGE).read_text(encoding="utf-8")
    assert "© Our own shop" in page and "Closed for stocktaking" in page
    assert "data-faq-hours" in page and 'id="faq-builder-settings"' in page  # the plugin's blocks kept
    assert (site / "assets" / "faq-builder.css").read_text() == "/* the shop's own */\n"
    assert (site / "assets" / "faq-builder.js").read_bytes() == (TEMPLATES / "assets" / "faq-builder.js").read_bytes()


def test_shops_main_html_that_drops_the_plugins_blocks_is_a_warning(tmp_path: Path) -> None:
    config = write_shop(
        tmp_path / "shop", SHOP_CONFIG.replace("  name: material\n", "  name: material\n  custom_dir: mine\n")
    )
    (tmp_path / "shop" / "mine").mkdir()
    (tmp_path / "shop" / "mine" / "main.html").write_text('{% extends "base.html" %}\n')
    with pytest.raises(SiteError, match=r'extends "faq-builder/base.html"'):
        build_site(config_file=config, site_dir=tmp_path / "site", strict=True)


def test_theme_other_than_material_fails_naming_the_fix(tmp_path: Path) -> None:
    config = write_shop(tmp_path / "shop", SHOP_CONFIG.replace("  name: material\n", "  name: mkdocs\n"))
    with pytest.raises(SiteError, match=r"needs the Material for MkDocs theme, not 'mkdocs'.*name: material"):
        build_site(config_file=config, site_dir=tmp_path / "site")


def test_plugin_options_are_the_shop_settings_every_command_reads(tmp_path: Path) -> None:
    assert {name for name, _ in FaqBuilderConfig._schema} == set(KEYS)
    config = write_shop(tmp_path / "shop", SHOP_CONFIG + '      country: "NO"\n      languages: [en, nb]\n')
    assert mkdocs_build(config).is_dir()  # strict: no "unrecognised option" warning


def test_plugin_loads_no_numerical_stack() -> None:
    """``mkdocs build`` stays fast: importing the plugin loads neither numpy/scipy nor mining."""
    code = (
        "import sys, faq_builder.site.plugin\n"
        "heavy = {'numpy', 'scipy', 'sklearn', 'networkx', 'tokenizers',"
        " 'faq_builder.mine', 'faq_builder.clustering'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy or m in heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "[]"


# ---- installed from a wheel -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Installed:
    venv: Path
    python: Path
    shop: Path
    site: Path


def _build_wheel(folder: Path) -> Path:
    """A wheel of this checkout, built from a copy of it (the build writes egg-info and build/ beside its sources).

    Without build isolation where this environment's setuptools can build wheels; else pip fetches setuptools
    into an isolated build environment, as ``make setup`` does.
    """
    source = folder / "faq-builder"
    source.mkdir(parents=True)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "faq_builder", source / "faq_builder", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-w", str(folder)]
    if importlib.util.find_spec("wheel") is not None:
        command.append("--no-build-isolation")
    done = subprocess.run([*command, str(source)], capture_output=True, text=True, cwd=folder)
    wheels = sorted(folder.glob("faq_builder-*.whl"))
    assert done.returncode == 0 and len(wheels) == 1, f"pip wheel failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return wheels[0]


@functools.cache
def _installed(root: Path) -> Installed:
    wheel = _build_wheel(root / "wheel")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--disable-pip-version-check"]
        + ["--no-deps", "--no-index", str(wheel)],
        check=True,
    )
    # Dependencies (mkdocs, Material, ...) from this environment, without downloading them; a plain path in a
    # .pth file does not run the .pth files there, so this checkout's editable install stays out of reach.
    found = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True
    )
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(found.stdout.strip()) / "project-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    shop = root / "shop"
    write_shop(shop)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")} | {"NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(
        [python, "-m", "mkdocs", "build", "--strict"], cwd=shop, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return Installed(venv, python, shop, shop / "site")


def installed_shop_site(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """faq-builder installed from a wheel into a new venv, and a shop's site built there with ``mkdocs build``.

    Built once per test session (whichever module asks first).
    """
    return _installed(tmp_path_factory.getbasetemp() / "installed-wheel")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    return installed_shop_site(tmp_path_factory)


def test_installed_wheel_is_what_mkdocs_runs(installed: Installed) -> None:
    code = textwrap.dedent(
        """
        from importlib.metadata import entry_points
        import faq_builder
        (plugin,) = [ep for ep in entry_points(group="mkdocs.plugins") if ep.name == "faq-builder"]
        print(faq_builder.__file__)
        print(__import__("sys").modules[plugin.load().__module__].__file__)
        """
    )
    done = subprocess.run([installed.python, "-c", code], cwd=installed.shop, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for path in done.stdout.split():
        assert Path(path).is_relative_to(installed.venv), path
        assert not Path(path).is_relative_to(ROOT), path


def test_installed_wheel_builds_a_complete_site(installed: Installed) -> None:
    # Only what a shop writes (and curation's hidden work folder): no theme folder, nothing of faq-builder's.
    names = sorted(p.name for p in installed.shop.iterdir() if not p.name.startswith("."))
    assert names == ["content", "mkdocs.yml", "site"]
    assert_assets_linked_and_published(installed.site)
    assert (installed.site / "portal" / "track-order" / "index.html").is_file()
