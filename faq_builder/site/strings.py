"""The help site's own words in the site's language: one YAML file per language in ``locales/``.

Translators edit one file (``locales/vi.yml``); a key it lacks falls back to English, so a new string never
breaks a site in another language, and ``tests/test_site_strings.py`` lists what each language still lacks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

__all__ = ["SiteStrings", "available_languages", "site_strings"]

DEFAULT = "en"


def _locales() -> Any:  # noqa: ANN401 - a Traversable
    return resources.files(__package__) / "locales"


def available_languages() -> tuple[str, ...]:
    """The languages faq-builder's site strings are translated into (``en``, ``vi``, ``zh-TW``...)."""
    return tuple(sorted(p.name[: -len(".yml")] for p in _locales().iterdir() if p.name.endswith(".yml")))


def _read(code: str) -> dict[str, Any]:
    path = _locales() / f"{code}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _locale_for(language: str) -> str | None:
    """The translation file for ``language``: its own, else its base language's (``pt-BR`` -> ``pt``)."""
    known = available_languages()
    for code in (language, language.split("-", 1)[0]):
        if code in known:
            return code
    return None


@dataclass(frozen=True, slots=True)
class SiteStrings:
    """The words of one language, English filling the gaps; ``translated`` is False when none was found."""

    language: str
    values: dict[str, Any]
    translated: bool = True

    def __call__(self, key: str, **fill: object) -> str:
        """The string ``key`` with its ``{names}`` filled in (the names of another language's text stay)."""
        text = str(self.values[key])
        return re.sub(r"\{(\w+)\}", lambda m: str(fill[m.group(1)]) if m.group(1) in fill else m.group(0), text)

    def category(self, category: str) -> str:
        return str(self.values["categories"][str(category)])

    def action(self, action: str) -> tuple[str, str]:
        label, description = self.values["actions"][str(action)]
        return str(label), str(description)

    def field(self, name: str) -> tuple[str, str]:
        label, help_text = self.values["fields"][name]
        return str(label), str(help_text)

    def questions(self, count: int) -> str:
        return self("questions_one") if count == 1 else self("questions_other", count=count)

    def day_ranges(self, days: Iterable[int]) -> str:
        """Weekdays (0 = Monday) as people write them: "Monday–Friday", "Monday–Wednesday, Saturday"."""
        names = list(self.values["day_names"])
        runs: list[list[int]] = []
        for day in sorted(set(days)):
            if runs and day == runs[-1][-1] + 1:
                runs[-1].append(day)
            else:
                runs.append([day])

        def span(run: list[int]) -> str:
            return f"{names[run[0]]}–{names[run[-1]]}" if len(run) > 2 else ", ".join(names[day] for day in run)

        return ", ".join(span(run) for run in runs)

    @property
    def js(self) -> dict[str, Any]:
        """What ``assets/faq-builder.js`` says (form errors, the live support hours), and the day names."""
        return {**self.values["js"], "day_names": list(self.values["day_names"])}


@lru_cache(maxsize=16)
def site_strings(language: str) -> SiteStrings:
    """The site's words in ``language`` (a theme.language code); English where there is no translation."""
    english = _read(DEFAULT)
    code = _locale_for(language)
    own = _read(code) if code else {}
    merged = {**english, **own}
    for nested in ("categories", "actions", "fields", "js"):
        merged[nested] = {**english[nested], **(own.get(nested) or {})}
    return SiteStrings(language, merged, translated=code is not None)
