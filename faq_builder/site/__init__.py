"""Build and preview the help site: MkDocs with the ``faq-builder`` plugin (see :mod:`.plugin`).

``mkdocs build`` / ``mkdocs serve`` work on their own; these functions wrap them so that problems come back
as one :class:`SiteError` listing every warning MkDocs logged (file and line included), rather than a log
scrolled past in CI.
"""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, SiteError
from ..settings import find_config_file
from .languages import run_build

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

__all__ = ["SiteBuild", "SiteError", "build_site", "serve_site"]


@dataclass(slots=True)
class SiteBuild:
    """Where the site went, what it holds, and the warnings MkDocs logged."""

    site_dir: Path
    pages: int
    bytes: int
    seconds: float
    warnings: list[str] = field(default_factory=list)
    #: FAQ entries published (approved), and those left out by status (draft, retired).
    entries: int = 0
    left_out: dict[str, int] = field(default_factory=dict)
    #: Entries published per language site, the first language first (one language: one item).
    languages: dict[str, int] = field(default_factory=dict)
    #: Configured languages without a site: none of their entries is approved yet.
    waiting_languages: tuple[str, ...] = ()

    @property
    def index(self) -> Path:
        return self.site_dir / "index.html"


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _require(config_file: str | os.PathLike[str] | None) -> Path:
    """The configuration file to build with: the one given, else mkdocs.yml (or .yaml) here."""
    try:
        found = find_config_file(config_file)
    except ConfigError as error:
        raise SiteError(str(error)) from error
    if found is None:
        raise SiteError("no mkdocs.yml here; run faq-builder in the help site's folder, or pass --config")
    return found


def _load(config_file: str | os.PathLike[str] | None, **overrides: Any) -> MkDocsConfig:
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError

    config_file = _require(config_file)
    try:
        return load_config(str(config_file), **{k: v for k, v in overrides.items() if v is not None})
    except ConfigurationError as error:
        raise SiteError(f"{config_file}: {error}") from error


#: Left in a site folder by a build: the folder is the build's to empty next time.
MARKER = ".faq-builder-site"


def _check_site_dir(site_dir: Path, docs_dir: Path, *, clean: bool) -> None:
    resolved, docs = site_dir.resolve(), docs_dir.resolve()
    if resolved == docs or resolved in docs.parents or docs in resolved.parents and resolved != docs:
        raise SiteError(f"{site_dir}: the site folder and the content folder ({docs_dir}) must be apart")
    if clean or not site_dir.is_dir() or (site_dir / MARKER).exists():
        return
    if not any(not entry.name.startswith(".") for entry in site_dir.iterdir()):
        return  # empty but for hidden files (a .git checkout, say), which MkDocs never deletes
    raise SiteError(
        f"{site_dir}: not empty and not built by faq-builder; building would delete what is in it. "
        "Choose an empty or new folder, or pass --clean to empty it"
    )


def build_site(
    *,
    config_file: str | os.PathLike[str] | None = None,
    site_dir: str | os.PathLike[str] | None = None,
    content_dir: str | os.PathLike[str] | None = None,
    strict: bool | None = None,
    drafts: bool = False,
    clean: bool = False,
    offline: bool = False,
) -> SiteBuild:
    """Build the site (approved entries only unless ``drafts``); strict turns every warning into a failure.

    ``offline``: a site to open from disk (``file://``, no web server): page links end in ``.html`` instead of
    folders (a browser shows a folder listing for ``faq/``), and Material's offline plugin puts the search
    index in a script, with the worker shim shipped here instead of fetched from a CDN.

    MkDocs empties the site folder first, so a folder that holds files and was not built by faq-builder (no
    :data:`MARKER` in it) is refused unless ``clean``: pointing ``--site-dir`` at the wrong folder loses nothing.
    """
    from mkdocs.exceptions import Abort, BuildError

    collector = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    started = time.perf_counter()
    try:
        config = _load(
            config_file,
            site_dir=str(Path(site_dir).resolve()) if site_dir else None,
            docs_dir=str(Path(content_dir).resolve()) if content_dir else None,
            strict=strict,
        )
        plugin = config.plugins.get("faq-builder")
        if plugin is None:
            raise SiteError(f"{config_file}: add '- faq-builder' under 'plugins:' (the help site needs it)")
        _check_site_dir(Path(config.site_dir), Path(config.docs_dir), clean=clean)
        Path(config.site_dir).mkdir(parents=True, exist_ok=True)
        # Ours from now on, even if this build fails (MkDocs' cleaning keeps hidden files such as this one).
        (Path(config.site_dir) / MARKER).write_text(
            "Built by faq-builder; the next build replaces everything in this folder.\n"
        )
        if drafts:
            plugin.config.drafts = True
        run_build(config, offline=offline)
    except (Abort, BuildError) as error:
        details = "\n  ".join(collector.messages) or str(error)
        raise SiteError(f"the help site was not built ({error}):\n  {details}") from error
    finally:
        logger.removeHandler(collector)
    out = Path(config.site_dir)
    pages = sum(1 for _ in out.rglob("*.html"))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    left_out = {str(status): count for status, count in sorted(plugin.left_out.items())}
    if plugin.published == 0 and not drafts:
        waiting = left_out.get("draft", 0)
        message = (
            f"no approved entry to publish ({waiting} draft(s) in {config.docs_dir}): the site has no answers; "
            "review the drafts and approve them with faq-builder approve SLUG"
        )
        if config.strict:
            raise SiteError(message)
        collector.messages.append(message)
    return SiteBuild(
        out,
        pages,
        size,
        time.perf_counter() - started,
        collector.messages,
        plugin.published,
        left_out,
        dict(plugin.published_by_language),
        plugin.sites.skipped,
    )


def serve_site(
    *,
    config_file: str | os.PathLike[str] | None = None,
    content_dir: str | os.PathLike[str] | None = None,
    address: str = "127.0.0.1:8000",
) -> None:
    """Preview with live reload; drafts are shown with a banner (the plugin knows it is serving)."""
    from mkdocs.commands.serve import serve

    config_file = _require(config_file)
    overrides: dict[str, Any] = {"docs_dir": str(Path(content_dir).resolve())} if content_dir else {}
    serve(str(config_file), dev_addr=address, livereload=True, **overrides)
