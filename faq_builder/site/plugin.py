"""The ``faq-builder`` MkDocs plugin: FAQ entries, category pages, order portal and contact page.

``mkdocs build`` publishes approved entries only; ``mkdocs serve`` shows drafts too, under a banner.
Each entry is its own page (one "Was this helpful?" per answer, stable URLs, small pages), listed on
its category's page; the navigation holds only the sections, so page size does not grow with the
number of entries. Entry variants (customers' wordings) are searchable but never shown: they are not on
the page; they go into Material's search index as a field of their own (see :func:`add_variants_to_search`),
so a search result's excerpt is the answer, not the wordings that matched. Answers may quote shop facts
as ``{{ shop.return_window_days }}``, expanded at build time; an unknown name is a warning with file
and line (an error under ``--strict``).
"""

from __future__ import annotations

import html
import importlib.resources
import json
import logging
import os
import posixpath
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..content import FAQ_DIR, SHOP_PLACEHOLDER, FaqEntry, escape_markdown, fail_on_errors, read_entries
from ..errors import ConfigError, ContentError
from ..models import Category, EntryStatus
from ..settings import ACTIONS, FIELDS, ORDER_NUMBER_EXAMPLE, Endpoint, PortalConfig
from .config import FaqBuilderConfig
from .languages import (
    LanguageSites,
    build_language,
    configure_search,
    patch_search_worker,
    segment_search_index,
)
from .strings import SiteStrings, site_strings

log = logging.getLogger("mkdocs.plugins.faq_builder")

#: The plugin's theme folder (package data): Material overrides (main.html, faq-builder/base.html, the feedback
#: integration) and the static assets below, which MkDocs copies into the site like any theme file.
TEMPLATES = Path(__file__).with_name("templates")
ASSETS = ("assets/faq-builder.css", "assets/faq-builder.js")
#: What a site's own main.html must extend to keep faq-builder's banner and settings.
OUR_BASE = "faq-builder/base.html"
#: Markdown extensions the generated pages use (buttons: ``{ .md-button }``; the draft banner: ``!!!``),
#: added to the site's own list when missing.
EXTENSIONS = ("attr_list", "admonition")
#: Front matter of generated pages: no "Was this helpful?", and (for lists of links) kept out of search.
NO_FEEDBACK = "---\nhide:\n  - feedback\n---\n\n"
NOT_SEARCHED = "---\nsearch:\n  exclude: true\nhide:\n  - feedback\n---\n\n"
#: The search index field holding an entry's variants. Material indexes every field its index lists under
#: ``config.fields`` but shows only ``title``, ``text`` and ``tags`` in results.
VARIANTS_FIELD = "variants"
#: The search index field holding a page's words without diacritics, when they have any: a shopper typing
#: "giao hang" finds "giao hàng" (Vietnamese, French, German... typed on a phone without accents).
FOLDED_FIELD = "folded"
#: Letters with no decomposition that people type plainly: đ (Vietnamese), ø, ł, ß...
_UNDECOMPOSED = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"})
_TAG = re.compile(r"<[^>]+>")
#: How many other questions of the same category an answer page lists, most asked first.
RELATED = 5
#: How many questions a topic card on the home page lists, most asked first.
TOPIC_QUESTIONS = 3
CATEGORY_ICONS = {
    Category.SHIPPING: "truck-delivery-outline",
    Category.RETURNS: "keyboard-return",
    Category.REFUNDS: "cash-refund",
    Category.ORDERS: "package-variant-closed",
    Category.PAYMENT: "credit-card-outline",
    Category.ACCOUNT: "account-circle-outline",
    Category.PRODUCT: "tshirt-crew-outline",
    Category.OTHER: "help-circle-outline",
}
#: The home page's search box: opens Material's search (faq-builder.js), which works the same everywhere.
SEARCH_BOX = '<button type="button" class="faq-search-box" data-faq-open-search>{icon}{text}</button>'


class FaqBuilderPlugin(BasePlugin[FaqBuilderConfig]):
    """See the module docstring; settings are documented in the README ("Help site")."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.settings = PortalConfig()
        self.entries: dict[str, FaqEntry] = {}
        self.urls: dict[str, str] = {}
        self.show_drafts = False
        #: Entries the last build published (approved) and left out (drafts, retired), for its summary.
        self.published = 0
        self.left_out: dict[EntryStatus, int] = {}
        #: This site's language (``theme.language``) and its words; the other languages' sites.
        self.language = "en"
        self.strings = site_strings("en")
        self.sites = LanguageSites()
        #: Set by the build of the first language on the builds of the others (see :mod:`.languages`).
        self.parent: FaqBuilderPlugin | None = None
        #: A site to open from disk (``build --offline``), for every language's build.
        self.offline = False
        self.published_by_language: dict[str, int] = {}

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[list, list]:
        """MkDocs' own validation of the keys, then the portal's (every problem at once)."""
        errors, warnings = super().load_config(options, config_file_path)
        if not errors:
            try:
                self.settings = PortalConfig.from_mapping(
                    portal=self.config.portal,
                    returns=self.config.returns,
                    hours=self.config.support_hours,
                    shop=self.config.shop,
                    feedback=self.config.feedback,
                    languages=self.config.languages,
                    country=self.config.country,
                    products=self.config.products,
                    source=config_file_path or "mkdocs.yml",
                )
            except ConfigError as error:
                errors.append(("faq-builder", c.ValidationError(str(error))))
        return errors, warnings

    def on_startup(self, *, command: str, dirty: bool) -> None:  # noqa: ARG002
        self.command = command

    @event_priority(50)  # before Material's search plugin reads its separator
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        drafts = self.config.drafts
        self.show_drafts = self.command == "serve" if drafts is None else drafts
        self.language = str(config.theme.get("language") or "en")
        self.strings = site_strings(self.language)
        if not self.strings.translated:  # not a warning: a German shop's --strict build must not fail on it
            log.info(
                f"faq-builder has no translation for the site's language {self.language!r}: its own words (menus, "
                "forms, support hours) are in English; add faq_builder/site/locales/<language>.yml"
            )
        add_theme_folder(config)
        if config.theme.name == "material":
            # "Order help" is a section whose first page is its overview: without this feature Material lists it
            # twice (the section, then a page of the same name inside it).
            features = config.theme["features"] = list(config.theme.get("features") or [])
            if "navigation.indexes" not in features:
                features.append("navigation.indexes")
        for extension in EXTENSIONS:
            if not any(str(name).rsplit(".", 1)[-1] == extension for name in config.markdown_extensions):
                config.markdown_extensions.append(extension)
        for asset in ASSETS:
            target = config.extra_css if asset.endswith(".css") else config.extra_javascript
            if asset not in [str(item) for item in target]:
                target.append(asset)
        configure_search(config, self.language, nested=self.parent is not None)
        if self.language == "en":
            _skip_stop_words_in_search(config)
        hours = self.settings.hours
        config.extra["faq_builder"] = {
            "hours": {
                "timezone": hours.timezone,
                "days": list(hours.days),
                "open": f"{hours.start:%H:%M}",
                "close": f"{hours.end:%H:%M}",
                "holidays": [day.isoformat() for day in hours.holidays],
            },
            "feedback_endpoint": self.settings.feedback_endpoint,
            "strings": self.strings.js,
            "banner": self.strings(
                "support_banner", open=f"{hours.start:%H:%M}", close=f"{hours.end:%H:%M}", timezone=hours.timezone
            ),
        }
        if self.settings.feedback_endpoint:
            config.extra["analytics"] = {
                "provider": "custom",
                "feedback": {
                    "title": self.strings("was_this_helpful"),
                    "ratings": [
                        {
                            "icon": "material/thumb-up-outline",
                            "name": self.strings("helpful_yes"),
                            "data": 1,
                            "note": self.strings("helpful_yes_note"),
                        },
                        {
                            "icon": "material/thumb-down-outline",
                            "name": self.strings("helpful_no"),
                            "data": 0,
                            # Relative to the site's root (the script resolves it on each page): the site may
                            # live under a sub-path or be opened from disk.
                            "note": _with_html(
                                self.strings("helpful_no_note"),
                                html.escape,
                                contact_us=f'<a href="{_page_url("contact", config)}" data-faq-site-link>'
                                f"{html.escape(self.strings('contact_us_link'))}</a>",
                            ),
                        },
                    ],
                },
            }
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        docs = Path(config.docs_dir)
        if self.parent is None:
            entries, problems = read_entries(docs)
            for problem in problems:
                if not problem.is_error:
                    log.warning(str(problem))
            try:
                fail_on_errors(problems)
            except ContentError as error:
                raise PluginError(str(error)) from error
            self.sites = LanguageSites.plan(
                entries,
                default=self.language,
                languages=self.settings.languages,
                drafts=self.show_drafts,
                building=self.command == "build",
            )
            for warning in self.sites.warnings:
                log.warning(warning)
        else:
            self.sites = self.parent.sites
            entries = self.sites.entries
        published = {EntryStatus.APPROVED, EntryStatus.DRAFT} if self.show_drafts else {EntryStatus.APPROVED}
        self.entries = {}
        self.urls = {}
        mine = [entry for entry in entries if self.sites.language_of(entry) == self.language]
        self.published = sum(entry.status is EntryStatus.APPROVED for entry in mine)
        self.left_out = {}
        for entry in entries:  # every language's: the build's summary counts them all
            if entry.status is not EntryStatus.APPROVED:
                self.left_out[entry.status] = self.left_out.get(entry.status, 0) + 1
        for entry in entries:
            src_uri = entry.path.relative_to(docs).as_posix()
            if entry.status in published and self.sites.language_of(entry) == self.language:
                self.entries[src_uri] = entry
                if (file := files.get_file_from_path(src_uri)) is not None:
                    self.urls[src_uri] = file.url
            elif (file := files.get_file_from_path(src_uri)) is not None:
                files.remove(file)
        if self.parent is not None:
            self._keep_own_pages(files, config)
        else:
            for code in self.sites.codes:
                if (home := files.get_file_from_path(f"index.{code}.md")) is not None:
                    files.remove(home)  # the home page of that language's site, not a page of this one
        for src_uri, text in self._generated_pages().items():
            if files.get_file_from_path(src_uri) is None:
                files.append(File.generated(config, src_uri, content=text))
        if self.parent is not None or not config.nav:
            config.nav = self._nav(files)
        if len(self.sites.codes) > 1:
            config.extra["alternate"] = self.sites.alternates(self.language)
        return files

    def _keep_own_pages(self, files: Files, config: MkDocsConfig) -> None:
        """A language's site holds its entries and the generated pages; the shop's other pages are written in the
        first language, except ``index.<language>.md``, which becomes this site's home page."""
        home = files.get_file_from_path(f"index.{self.language}.md")
        text = home.content_string if home is not None else f"# {escape_markdown(self.strings('help_centre'))}\n"
        for file in list(files.documentation_pages()):
            if file.src_uri not in self.entries:
                files.remove(file)
        files.append(File.generated(config, "index.md", content=text))

    def _ranked(self) -> list[tuple[str, FaqEntry]]:
        """Published entries with their source path, most asked first."""
        return sorted(self.entries.items(), key=lambda item: (-(item[1].tickets or 0), item[1].title.lower()))

    def _by_category(self) -> dict[Category, list[tuple[str, FaqEntry]]]:
        grouped: dict[Category, list[tuple[str, FaqEntry]]] = {}
        for src_uri, entry in self._ranked():
            grouped.setdefault(entry.category, []).append((src_uri, entry))
        return {category: grouped[category] for category in Category if category in grouped}

    def _nav(self, files: Files) -> list:
        t = self.strings
        nav: list = [{t("home"): "index.md"}] if files.get_file_from_path("index.md") else []
        nav += [{t.category(c): f"{FAQ_DIR}/{c}/index.md"} for c in self._by_category()]
        if self.settings.endpoints:
            # Navigation titles are written into every page as they are: the shop's label must be text, not markup.
            endpoints = self.settings.endpoints.values()
            actions = [{html.escape(self._label(e)[0]): f"portal/{e.slug}.md"} for e in endpoints]
            nav.append({t("order_help"): ["portal/index.md", *actions]})
        nav.append({t("contact_nav"): "contact.md"})
        return nav

    def _label(self, endpoint: Endpoint) -> tuple[str, str]:
        """An action's button label and description: the shop's own wording, else faq-builder's in this language."""
        default_label, default_description = ACTIONS[endpoint.action]
        label, description = self.strings.action(endpoint.action)
        return (
            label if endpoint.label == default_label else endpoint.label,
            description if endpoint.description == default_description else endpoint.description,
        )

    def _generated_pages(self) -> dict[str, str]:
        pages = {}
        for category, entries in self._by_category().items():
            folder = f"{FAQ_DIR}/{category}"
            lines = [f"# {escape_markdown(self.strings.category(category))}", ""]
            for src_uri, entry in entries:
                lines.append(f"- [{escape_markdown(entry.title)}]({posixpath.relpath(src_uri, folder)})")
            pages[f"{folder}/index.md"] = NOT_SEARCHED + "\n".join(lines) + "\n"
        if self.settings.endpoints:
            pages["portal/index.md"] = NOT_SEARCHED + self._portal_index()
            for endpoint in self.settings.endpoints.values():
                pages[f"portal/{endpoint.slug}.md"] = NO_FEEDBACK + _portal_page(
                    endpoint, self.settings.shop, self.strings, self._label(endpoint)
                )
        pages["contact.md"] = NO_FEEDBACK + self._contact()
        return pages

    def _buttons(self) -> str:
        return " ".join(
            f"[{escape_markdown(self._label(e)[0])}](portal/{e.slug}.md){{ .md-button .md-button--primary }}"
            for e in self.settings.endpoints.values()
        )

    def _portal_index(self) -> str:
        t = self.strings
        lines = [f"# {escape_markdown(t('order_help'))}", "", escape_markdown(t("order_help_intro")), ""]
        for endpoint in self.settings.endpoints.values():
            label, description = self._label(endpoint)
            lines.append(f"- **[{escape_markdown(label)}]({endpoint.slug}.md)**: {escape_markdown(description)}")
        returns = self.settings.returns
        if returns is not None:
            lines += ["", f"## {escape_markdown(t('returns_policy'))}", ""]
            lines.append(escape_markdown(t("returns_window", days=returns.window_days)))
            lines += [""] + [f"- {escape_markdown(condition)}" for condition in returns.conditions]
        return "\n".join(lines) + "\n"

    def _contact(self) -> str:
        t = self.strings
        hours = self.settings.hours
        when = t(
            "contact_hours",
            days=t.day_ranges(hours.days) or t("no_days"),
            open=f"{hours.start:%H:%M}",
            close=f"{hours.end:%H:%M}",
            timezone=hours.timezone,
        )
        lines = [
            f"# {escape_markdown(t('contact_title'))}",
            "",
            '<p class="faq-hours-status" data-faq-hours-status aria-live="polite"></p>',
            "",
            escape_markdown(when),
        ]
        if hours.holidays:
            # Month names are English; other languages get dates as 2026-12-24, read the same everywhere.
            style = "%d %B %Y" if self.language == "en" else "%Y-%m-%d"
            lines += ["", escape_markdown(t("closed_on", dates=", ".join(f"{d:{style}}" for d in hours.holidays)))]
        if "support_email" in self.settings.shop:
            lines += ["", _with_html(t("write_to_us"), email=self._mailto())]
        return "\n".join(lines) + "\n"

    def _mailto(self) -> str:
        """The shop's support email as a link (a shop fact from the configuration, never ticket text)."""
        email = self.settings.shop["support_email"]
        return f'<a href="mailto:{html.escape(quote(email, safe="@+"))}">{html.escape(email)}</a>'

    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:  # noqa: ARG002
        markdown = self._expand(markdown, page, config)
        src_uri = page.file.src_uri
        if len(self.sites.codes) > 1:
            page.meta["faq_alternates"] = self.sites.counterparts(self.language, src_uri, config=config)
        entry = self.entries.get(src_uri)
        if entry is not None:
            return self._entry_markdown(entry, markdown, page, files)
        if src_uri == "index.md":
            return self._home_markdown(markdown, page, files)
        for endpoint in self.settings.endpoints.values():
            if src_uri == f"portal/{endpoint.slug}.md":
                page.meta["title"] = html.escape(endpoint.label)  # the shop's label is text in <title> too
        return markdown

    def _entry_markdown(self, entry: FaqEntry, markdown: str, page: Page, files: Files) -> str:
        page.meta["title"] = html.escape(entry.title)
        page.meta.setdefault("search", {"boost": 2})
        # Drawn by faq-builder/base.html above the article: on the page, not in the search index.
        page.meta["faq_breadcrumbs"] = [
            {"title": self.strings("help_centre"), "url": _link("index.md", page, files)},
            {
                "title": self.strings.category(entry.category),
                "url": _link(f"{FAQ_DIR}/{entry.category}/index.md", page, files),
            },
        ]
        parts = [f"# {escape_markdown(entry.title)}", ""]
        if entry.status is EntryStatus.DRAFT:
            parts += [
                '!!! warning "Draft: not published"',
                "    Only editors previewing with `faq-builder serve` see this.",
                "",
            ]
        parts += [markdown.strip(), ""]
        if entry.self_service in self.settings.endpoints:
            endpoint = self.settings.endpoints[entry.self_service]
            target = posixpath.relpath(f"portal/{endpoint.slug}.md", posixpath.dirname(page.file.src_uri))
            label = self._label(endpoint)[0]
            parts += [f"[{escape_markdown(label)}]({target}){{ .md-button .md-button--primary }}", ""]
        related = [
            (uri, other)
            for uri, other in self._by_category().get(entry.category, [])
            if other is not entry and other.status is EntryStatus.APPROVED
        ][:RELATED]
        # Raw HTML with data-search-exclude: other entries' titles here would make this page a search hit for
        # them, so Material's search skips the block (its headings carry no id, so they open no section).
        more = ['<div class="faq-more" data-search-exclude>']
        if related:
            items = "".join(
                f'<li><a href="{html.escape(_link(uri, page, files))}">{html.escape(other.title)}</a></li>'
                for uri, other in related
            )
            more.append(f"<h2>{html.escape(self.strings('related_questions'))}</h2><ul>{items}</ul>")
        reach = html.escape(self.strings("how_to_reach_us"))
        contact = f'<a href="{html.escape(_link("contact.md", page, files))}">{reach}</a>'
        write = (
            _with_html(self.strings("write_or_see"), html.escape, email=self._mailto(), contact=contact)
            if "support_email" in self.settings.shop
            else _with_html(self.strings("see"), html.escape, contact=contact)
        )
        more.append(
            '<div class="admonition question"><p class="admonition-title">'
            f"{html.escape(self.strings('still_need_help'))}</p><p>"
            f'<span class="faq-hours-status" data-faq-hours-status aria-live="polite"></span> {write}</p></div>'
        )
        parts += ["".join([*more, "</div>"]), ""]
        # Names the entry for "Was this helpful?" (faq-builder.js); the variants are not on the page.
        parts.append(f'<div class="faq-entry" hidden data-faq-entry="{html.escape(entry.id)}"></div>')
        return "\n".join(parts) + "\n"

    def _home_markdown(self, markdown: str, page: Page, files: Files) -> str:
        page.meta.setdefault("hide", []).append("feedback")
        # Search first: right under the shop's heading, a large box that opens Material's search.
        heading, _, rest = (
            markdown.strip().partition("\n") if markdown.lstrip().startswith("# ") else ("", "", markdown)
        )
        t = self.strings
        search_box = SEARCH_BOX.format(icon=_icon("magnify"), text=html.escape(t("search_box")))
        parts = [heading, "", search_box, "", rest.strip(), ""]
        topics = self._by_category()
        if topics:
            # Navigation, not answers: kept out of search (else the home page is a hit for every question).
            parts += [f"## {escape_markdown(t('browse_by_topic'))}", "", '<div class="faq-topics" data-search-exclude>']
            for category, entries in topics.items():
                index = html.escape(_link(f"{FAQ_DIR}/{category}/index.md", page, files))
                questions = "".join(
                    f'<li><a href="{html.escape(_link(uri, page, files))}">{html.escape(entry.title)}</a></li>'
                    for uri, entry in entries[:TOPIC_QUESTIONS]
                )
                parts.append(
                    f'<section class="faq-topic"><h3><a href="{index}">{_icon(CATEGORY_ICONS[category])}'
                    f"{html.escape(t.category(category))}</a></h3><ul>{questions}</ul>"
                    f'<a class="faq-topic__all" href="{index}">{html.escape(t.questions(len(entries)))}</a></section>'
                )
            parts += ["</div>", ""]
        if self.settings.endpoints:
            parts += [f"## {escape_markdown(t('do_it_yourself'))}", "", self._buttons(), ""]
        top = self._ranked()
        if top:
            parts += [f"## {escape_markdown(t('top_questions'))}", ""]
            parts += [f"- [{escape_markdown(e.title)}]({uri})" for uri, e in top[: self.config.top_questions]]
        return "\n".join(parts) + "\n"

    def _expand(self, markdown: str, page: Page, config: MkDocsConfig) -> str:
        facts = self.settings.shop

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in facts:
                return escape_markdown(facts[name])
            source = page.file.content_string
            skipped = source[: len(source) - len(markdown)].count("\n") if source.endswith(markdown) else 0
            line = skipped + markdown.count("\n", 0, match.start()) + 1
            known = ", ".join(sorted(facts)) or "none configured"
            log.warning(
                f"{Path(config.docs_dir) / page.file.src_path}:{line}: unknown placeholder "
                f"{{{{ shop.{name} }}}}; add '{name}' under plugins > faq-builder > shop in mkdocs.yml (known: {known})"
            )
            return match.group(0)

        return SHOP_PLACEHOLDER.sub(replace, markdown)

    # After Material's search plugin wrote search/search_index.json (priority 0), before its offline plugin turns
    # that into a script (-100).
    @event_priority(-90)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Variants into the search index; old links of merged entries (aliases) redirect to their entry; then the
        sites of the other languages."""
        site = Path(config.site_dir)
        index = site / "search" / "search_index.json"
        add_variants_to_search(
            index,
            {self.urls[src_uri]: entry.variants for src_uri, entry in self.entries.items() if src_uri in self.urls},
        )
        if self.language.split("-", 1)[0] == "th":
            segment_search_index(index)
            patch_search_worker(site)
        for entry in self.entries.values():
            if entry.status is not EntryStatus.APPROVED:
                continue
            up = "../../../" if config.use_directory_urls else "../../"
            url = html.escape(up + _page_url(f"{src_dir(entry)}{entry.slug}", config))
            link = f'<a href="{url}">{url}</a>'
            for alias in entry.aliases:
                for category in Category:
                    where = f"{alias}/index.html" if config.use_directory_urls else f"{alias}.html"
                    page = site / FAQ_DIR / category / where
                    if page.exists():
                        continue
                    page.parent.mkdir(parents=True, exist_ok=True)
                    page.write_text(
                        f'<!doctype html><meta charset="utf-8"><title>Moved</title>'
                        f'<meta http-equiv="refresh" content="0; url={url}"><link rel="canonical" href="{url}">'
                        f"<p>{_with_html(self.strings('moved'), html.escape, link=link)}</p>\n",
                        encoding="utf-8",
                    )
        if self.parent is None:
            self.published_by_language = {self.language: self.published}
            for language in self.sites.codes[1:]:
                self.published_by_language[language] = build_language(self, config, language)
            self.published = sum(self.published_by_language.values())


def add_theme_folder(config: MkDocsConfig) -> None:
    """Put :data:`TEMPLATES` into Material's template path, after the site's ``custom_dir`` (if any).

    The theme's folders are searched in order for templates (``theme.get_env()``) and for static files
    (``Files.add_files_from_theme``), both called by ``mkdocs build`` after ``on_config``. So the site's own
    overrides win over ours, ours over Material's (our main.html extends Material's base.html), and
    ``assets/faq-builder.*`` are copied into the site: a shop needs no ``custom_dir`` and no copies of ours.
    """
    theme = config.theme
    if theme.name != "material":
        raise PluginError(
            f"faq-builder needs the Material for MkDocs theme, not {theme.name or 'no theme'!r}: set "
            "'theme: {name: material}' in mkdocs.yml (keep your own templates in 'theme: custom_dir:')"
        )
    ours = os.path.normpath(TEMPLATES)
    dirs = [folder for folder in theme.dirs if os.path.normpath(folder) != ours]
    custom = os.path.normpath(theme.custom_dir) if theme.custom_dir else None
    at = next((i + 1 for i, folder in enumerate(dirs) if os.path.normpath(folder) == custom), 0)
    dirs.insert(at, ours)
    theme.dirs[:] = dirs
    if custom is not None:
        main = Path(custom) / "main.html"
        if main.is_file() and OUR_BASE not in main.read_text(encoding="utf-8", errors="replace"):
            log.warning(
                f"{main} replaces faq-builder's main.html: the support-hours banner and the settings of "
                f'faq-builder.js are gone; start it with {{% extends "{OUR_BASE}" %}} instead of "base.html"'
            )


#: lunr's English stop words. The index drops them, but Material turns every query word into a prefix
#: ("i" -> "i*"), so a shopper's "I" or "in" matched every word starting with them ("invoice", "item")
#: and buried the answer. As separators they leave both the index and the query.
STOP_WORDS = (
    "a able about across after all almost also am among an and any are as at be because been but by can cannot "
    "could dear did do does either else ever every for from get got had has have he her hers him his how however "
    "i if in into is it its just least let like likely may me might most must my neither no nor not of off often "
    "on only or other our own rather said say says she should since so some than that the their them then there "
    "these they this tis to too twas us wants was we were what when where which while who whom why will with "
    "would yet you your"
).split()


def _skip_stop_words_in_search(config: MkDocsConfig) -> None:
    """Add English stop words to Material's default search separator, unless the site set its own."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or search.config.separator is not None or "en" not in (search.config.lang or []):
        return
    words = "|".join("".join(f"[{ch}{ch.upper()}]" for ch in word) for word in STOP_WORDS)
    search.config.separator = rf"[\s\-]+|\b(?:{words})(?:'\w+)?\b"


def add_variants_to_search(index_file: Path, variants: dict[str, tuple[str, ...]]) -> None:
    """Give each entry's search document its customers' wordings as the separate ``variants`` field.

    ``variants`` maps page URLs to wordings. Material's search shows, as a result's excerpt, the blocks of
    the ``text`` field that matched (the whole text if none did): wordings kept in the text, even after the
    answer, became the excerpt whenever the query matched only them. In a field of their own they still
    find the entry (same weight as the answer text) and the excerpt is the answer. They are HTML-escaped
    like Material escapes page text (ticket wordings are untrusted), though results never display them.
    No index (search plugin off) is fine; an index of another shape fails the build, because otherwise a
    Material upgrade would silently stop search finding entries by their customers' wordings.
    """
    if not index_file.exists():
        return
    try:
        index = json.loads(index_file.read_text(encoding="utf-8"))
        fields, docs = index["config"]["fields"], index["docs"]
        if not isinstance(fields, dict) or not isinstance(docs, list):
            raise TypeError("config.fields is not a mapping or docs is not a list")
    except (ValueError, KeyError, TypeError) as error:
        raise PluginError(
            f"{index_file}: not the search index layout faq-builder knows ({error}); entries could not be "
            "made searchable by their customers' wordings (did mkdocs-material change its search index?)"
        ) from error
    fields.setdefault(VARIANTS_FIELD, {"boost": 1.0})
    fields.setdefault(FOLDED_FIELD, {"boost": 1.0})
    seen: set[str] = set()
    for doc in docs:
        # The first document of a page is its article (title and answer); later ones are its sections.
        url = str(doc.get("location", "")).split("#", 1)[0]
        first = url not in seen
        seen.add(url)
        if first and variants.get(url):
            doc[VARIANTS_FIELD] = [html.escape(wording, quote=False) for wording in variants[url]]
        html_parts = [str(doc.get("title", "")), str(doc.get("text", "")), *doc.get(VARIANTS_FIELD, [])]
        plain = html.unescape(_TAG.sub(" ", " ".join(html_parts)))
        folded = fold_accents(plain)
        if folded != plain:
            doc[FOLDED_FIELD] = html.escape(" ".join(folded.split()), quote=False)
    index_file.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")


def fold_accents(text: str) -> str:
    """``text`` without diacritics ("giao hàng nhanh" -> "giao hang nhanh", "đơn" -> "don"), for shoppers who
    type without them: the search index gets the folded wording as a field of its own (see ``FOLDED_FIELD``)."""
    kept: list[str] = []
    base = ""
    for ch in unicodedata.normalize("NFD", text.translate(_UNDECOMPOSED)):
        if unicodedata.combining(ch) and base.isascii() and base.isalpha():
            continue  # an accent on a Latin letter; Thai vowels, Cyrillic й and the like are letters there
        base = ch if not unicodedata.combining(ch) else base
        kept.append(ch)
    return unicodedata.normalize("NFC", "".join(kept))


def _page_url(path: str, config: MkDocsConfig) -> str:
    """The URL of the page ``path`` (no extension) relative to the site's root, as MkDocs will write it."""
    return f"{path}/" if config.use_directory_urls else f"{path}.html"


def _link(target: str, page: Page, files: Files) -> str:
    """The URL of the source page ``target`` relative to ``page``, as MkDocs writes links (directory URLs or not)."""
    file = files.get_file_from_path(target)
    return get_relative_url(file.url, page.url) if file is not None else ""


def _icon(name: str) -> str:
    """One of Material's bundled icons as inline SVG (decorative: hidden from screen readers)."""
    path = importlib.resources.files("material") / "templates" / ".icons" / "material" / f"{name}.svg"
    svg = path.read_text(encoding="utf-8") if path.is_file() else ""
    return f'<span class="faq-icon" aria-hidden="true">{svg}</span>'


def _with_html(template: str, escape: Callable[[str], str] = escape_markdown, **markup: str) -> str:
    """A translated sentence with its words escaped (Markdown or HTML) and its ``{names}`` replaced by ``markup``
    (a link): translators move the link within the sentence, and cannot inject any."""
    parts = re.split(r"(\{\w+\})", template)
    return "".join(markup[p[1:-1]] if p[1:-1] in markup else escape(p) for p in parts)


def src_dir(entry: FaqEntry) -> str:
    """``faq/<category>/``: the folder of an entry's page relative to the docs folder."""
    return f"{FAQ_DIR}/{entry.path.parent.name}/"


def _portal_page(endpoint: Endpoint, shop: dict[str, str], strings: SiteStrings, wording: tuple[str, str]) -> str:
    label_text, description = wording
    title = escape_markdown(label_text)
    if not endpoint.placeholders:
        return (
            f"# {title}\n\n{escape_markdown(description)}\n\n"
            f'<a class="md-button md-button--primary" href="{html.escape(endpoint.url)}">'
            f"{html.escape(label_text)}</a>\n"
        )
    fields = []
    for name in endpoint.placeholders:
        _label, kind, autocomplete, _help = FIELDS[name]
        label, helptext = strings.field(name)
        if name == "order_number" and shop.get(ORDER_NUMBER_EXAMPLE):
            helptext += ", " + strings("example", example=shop[ORDER_NUMBER_EXAMPLE])
        fid = f"faq-{endpoint.slug}-{name.replace('_', '-')}"
        mode = ' inputmode="email"' if kind == "email" else ""
        fields.append(
            f'<div class="faq-field">'
            f'<label for="{fid}">{html.escape(label)}</label>'
            f'<input id="{fid}" name="{name}" type="{kind}" autocomplete="{autocomplete}" required '
            f'aria-required="true" aria-describedby="{fid}-help {fid}-error"{mode}>'
            f'<p class="faq-help" id="{fid}-help">{html.escape(helptext)}</p>'
            f'<p class="faq-error" id="{fid}-error" hidden></p>'
            f"</div>"
        )
    return (
        f"# {title}\n\n{escape_markdown(description)}\n\n"
        f'<form class="faq-portal" data-faq-portal data-url="{html.escape(endpoint.url)}" '
        f'data-label="{html.escape(strings.field(endpoint.placeholders[0])[0])}" novalidate '
        f'aria-label="{html.escape(label_text)}">'
        + "".join(fields)
        + f'<p class="faq-form-status" role="alert" aria-live="assertive"></p>'
        f'<button type="submit" class="md-button md-button--primary">{html.escape(label_text)}</button>'
        f"</form>\n\n"
        + _with_html(
            strings("details_go_only"),
            url=f"<code>{html.escape(endpoint.url.split('?', 1)[0].split('{', 1)[0])}</code>",
        )
        + "\n"
    )
