"""``faq-builder init``: a new shop's help-site repository, ready to build, check and publish from CI.

The files are package data (``files/``): a commented ``mkdocs.yml`` whose shop addresses are on
:data:`~faq_builder.settings.UNFILLED_HOST` (``check`` names each line until the shop fills them in), starter
entries as drafts, a ``.gitignore``, a README for the shop's editors, and two GitHub Actions workflows
(publish on push; mine every other Monday and open a pull request), pinned to this version of faq-builder.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.resources
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..atomic import FileBatch
from ..characters import strip_invisible
from ..errors import ConfigError, FaqBuilderError
from ..settings import LANGUAGE_CODE
from ..workdir import state_of

__all__ = ["NewSite", "init_site"]

#: Package file -> path in the new repository (dot files and folders are not package data).
RENAMED = {"gitignore": ".gitignore", "github": ".github"}
_FIELD = re.compile(r"\$\{([a-z_]+)\}")
#: Site languages whose customers' messages the language detector (py3langid) knows by other codes.
_DETECTED_AS = {"nb": ("no",), "sh": ("hr", "sr", "bs")}
_SEARCH_LANGUAGE = re.compile(r'"search\.config\.lang":\s*"([a-z]{2,3})"')


@dataclass(frozen=True, slots=True)
class NewSite:
    """What ``init`` wrote: the folder and each file in it (relative), in the order of the listing."""

    folder: Path
    files: tuple[Path, ...]


def init_site(folder: str | Path, *, shop_name: str = "Our shop", language: str = "en") -> NewSite:
    """Write a new help-site repository into ``folder`` (new or empty of these files), all files or none.

    Refuses to overwrite anything: an existing file of the same name is the shop's, not ours.
    """
    folder = Path(folder)
    name = " ".join(strip_invisible(shop_name).split())
    if not name:
        raise ConfigError("--shop-name: give the shop's name, e.g. --shop-name 'Northwind Outfitters'")
    if not LANGUAGE_CODE.match(language):
        raise ConfigError(f"--language: {language!r} is not a language code; give ISO 639-1, e.g. en, de, zh-TW")
    translation = _material_translation(language)
    if translation is None:
        raise ConfigError(
            f"--language: Material for MkDocs has no translation for {language!r}; use its code there, e.g. zh-TW"
        )
    base = language.split("-")[0]
    found = _SEARCH_LANGUAGE.search(translation)
    fields = {
        "shop_name": name,
        "shop_name_yaml": _yaml_scalar(name),
        "site_name": _yaml_scalar(f"{name} Help Centre"),
        "language": language,
        # Entries and customers' messages carry the language alone (ISO 639-1: zh, not zh-TW), as ingest detects it.
        "entry_language": base,
        "customer_languages": ", ".join(map(_yaml_scalar, _DETECTED_AS.get(base, (base,)))),
        # Material's own choice where it has one (nb: "no", quoted: YAML reads a bare no as false)
        "search_language": _yaml_scalar(found.group(1) if found else base),
        "version": importlib.metadata.version("faq-builder"),
    }
    texts = {target: _fill(source.read_text(encoding="utf-8"), fields) for source, target in _templates()}
    existing = sorted(str(target) for target in texts if (folder / target).exists())
    if existing:
        raise FaqBuilderError(
            f"{folder}: already holds {', '.join(existing)}; nothing was written. Choose a new or empty folder"
        )
    folder.mkdir(parents=True, exist_ok=True)
    batch = FileBatch(folder)
    for target, text in texts.items():
        batch.write(folder / target, text)
    # The batch's journal lives beside the folder (in the working folder of wherever init was run): leave no
    # empty .faq_builder/ there. A journal a crash left stays, for the recovery it is for.
    journals = state_of(folder, "journal.json").parent
    had_journals = journals.exists()
    try:
        batch.commit()
    finally:
        if not had_journals:
            with contextlib.suppress(OSError):
                journals.rmdir()
    return NewSite(folder, tuple(sorted(texts, key=lambda path: (len(path.parts), str(path)))))


def _templates() -> list[tuple[importlib.resources.abc.Traversable, Path]]:
    root = importlib.resources.files(__package__) / "files"
    found = []
    pending = [(root, Path())]
    while pending:
        node, relative = pending.pop()
        for child in node.iterdir():
            target = relative / RENAMED.get(child.name, child.name)
            if child.is_dir():
                pending.append((child, target))
            elif not child.name.startswith((".", "__")):
                found.append((child, target))
    return found


def _fill(text: str, fields: dict[str, str]) -> str:
    """``${name}`` replaced by its field (GitHub's ``${{ ... }}`` expressions are not fields)."""

    def value(match: re.Match[str]) -> str:
        return fields[match.group(1)]

    return _FIELD.sub(value, text)


def _yaml_scalar(text: str) -> str:
    """``text`` as one YAML scalar, quoted where YAML would read it otherwise (``Yes``, ``#1 Shop: Ltd``)."""
    return yaml.safe_dump(text, default_style=None, width=10_000, allow_unicode=True).removesuffix("\n...\n").strip()


def _material_translation(language: str) -> str | None:
    """Material for MkDocs' interface texts in this language, or None if it has none (the site build would fail)."""
    try:
        languages = importlib.resources.files("material") / "templates" / "partials" / "languages"
    except ModuleNotFoundError:
        return ""  # not installed here: the build will say so
    translation = languages / f"{language}.html"
    return translation.read_text(encoding="utf-8") if translation.is_file() else None
