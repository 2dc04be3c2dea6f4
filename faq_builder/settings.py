"""The shop's one configuration: the ``faq-builder`` section of ``mkdocs.yml``, read by every command and the site.

Order-portal endpoints, returns policy, support hours (time zone, holidays), shop facts, languages and the
feedback endpoint are configured once, under the plugin in ``mkdocs.yml``, and validated all at once: every
problem is named with its key and the fix. Endpoint URLs must be https, their host fixed (placeholders only
after it), and their placeholders known, so a shopper's order number or email can only ever go to the shop's
endpoint. Commands find ``mkdocs.yml`` as MkDocs does (``mkdocs.yml``, then ``mkdocs.yaml``, or ``--config``).
"""

from __future__ import annotations

import difflib
import os
import re
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .errors import ConfigError
from .hours import SupportHours
from .models import SelfService

if TYPE_CHECKING:
    from .privacy import Redactor

PLUGIN = "faq-builder"
#: Where commands look for the site's configuration when --config is not given, as ``mkdocs`` does.
CONFIG_FILES = ("mkdocs.yml", "mkdocs.yaml")
#: The plugin's settings (see ``site.config.FaqBuilderConfig``); others are reported as unknown.
KEYS = (
    "drafts",
    "top_questions",
    "languages",
    "country",
    "portal",
    "returns",
    "support_hours",
    "shop",
    "feedback",
    "products",
)

#: Placeholder -> (form label, input type, autocomplete hint, example shown as help).
FIELDS: dict[str, tuple[str, str, str, str]] = {
    "order_number": ("Order number", "text", "off", "As in your confirmation email"),
    "email": ("Email address", "email", "email", "The address you ordered with"),
    "postcode": ("Postcode", "text", "postal-code", "Of the delivery address"),
    "phone": ("Phone number", "tel", "tel", "The number you ordered with"),
    "last_name": ("Last name", "text", "family-name", "As on the order"),
}
#: The shop fact (``shop: order_number_example: NW-102938``) shown as an example under order-number fields.
ORDER_NUMBER_EXAMPLE = "order_number_example"
#: Each self-service action's default button label and description.
ACTIONS: dict[SelfService, tuple[str, str]] = {
    SelfService.TRACK_ORDER: ("Track my order", "See where your parcel is and when it arrives."),
    SelfService.START_RETURN: ("Start a return", "Send items back and get a return label."),
    SelfService.CHANGE_ORDER: ("Change or cancel my order", "Change the address, size or items before it ships."),
    SelfService.ORDER_HISTORY: ("My orders and invoices", "See past orders and download invoices."),
}
#: The host ``faq-builder init`` writes into a new site's URLs and addresses until the shop fills in its own;
#: ``check`` reports every setting that still holds it.
UNFILLED_HOST = "your-shop.example"
#: Hosts a feedback endpoint may be reached on over plain http: this machine (a preview with serve-api).
LOOPBACK = ("127.0.0.1", "localhost", "::1")
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
_SHOP_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One self-service action: a URL template such as ``https://shop.example/track?order={order_number}``."""

    action: SelfService
    url: str
    label: str
    description: str
    placeholders: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        return self.action.replace("_", "-")


@dataclass(frozen=True, slots=True)
class ReturnsPolicy:
    window_days: int
    conditions: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PortalConfig:
    """Everything shoppers can do themselves, and the shop facts answers may quote."""

    endpoints: dict[SelfService, Endpoint] = field(default_factory=dict)
    returns: ReturnsPolicy | None = None
    hours: SupportHours = SupportHours()
    shop: dict[str, str] = field(default_factory=dict)
    feedback_endpoint: str | None = None
    #: The languages customers write in (ISO 639-1 codes), first the site's own; empty: detect any.
    languages: tuple[str, ...] = ()
    #: The shop's country (ISO 3166 alpha-2): phone numbers written without a country code are read as its.
    country: str | None = None
    #: The shop's catalogue names (``products: [rain jacket, ...]``) the support report counts in tickets' text.
    products: tuple[str, ...] = ()

    @classmethod
    def from_mapping(
        cls,
        *,
        portal: dict[str, Any] | None = None,
        returns: dict[str, Any] | None = None,
        hours: dict[str, Any] | None = None,
        shop: dict[str, Any] | None = None,
        feedback: dict[str, Any] | None = None,
        languages: list[Any] | None = None,
        country: object = None,
        products: list[Any] | None = None,
        source: str = "mkdocs.yml",
    ) -> PortalConfig:
        """Validate every section, then fail once with all problems (key, what is wrong, the fix)."""
        problems: list[str] = []
        endpoints = _endpoints(portal or {}, problems)
        policy = _returns(returns, problems)
        support = SupportHours.from_mapping(_dict(hours or {}, "support_hours", problems), problems)
        facts = _shop(shop or {}, problems)
        endpoint = _feedback(feedback or {}, problems)
        codes = _languages(languages or [], problems)
        catalogue = _products(products or [], problems)
        if country is not None and not (isinstance(country, str) and re.fullmatch(r"[A-Za-z]{2}", country)):
            problems.append(f"country: {country!r} is not a country code; give two letters (ISO 3166), e.g. DE")
        if problems:
            raise ConfigError(
                f"invalid faq-builder settings in {source}:\n  " + "\n  ".join(problems), details=problems
            )
        if policy is not None:
            facts.setdefault("return_window_days", str(policy.window_days))
        return cls(
            endpoints, policy, support, facts, endpoint, codes, str(country).upper() if country else None, catalogue
        )

    def redactor(self) -> Redactor:
        """The redactor for this shop's customers (phone numbers read as the shop's country's first)."""
        from .privacy import Redactor  # here, not above: building the site needs no redaction

        return Redactor(regions=(self.country,)) if self.country else Redactor()


def _dict(value: object, key: str, problems: list[str]) -> dict:
    if isinstance(value, dict):
        return value
    problems.append(f"{key}: expected a mapping of keys to values, got {type(value).__name__}")
    return {}


def _endpoints(portal: dict[str, Any], problems: list[str]) -> dict[SelfService, Endpoint]:
    endpoints: dict[SelfService, Endpoint] = {}
    for action, raw in _dict(portal, "portal", problems).items():
        key = f"portal.{action}"
        if action not in tuple(SelfService):
            problems.append(f"{key}: unknown action; use one of: {', '.join(SelfService)}")
            continue
        action = SelfService(action)
        settings = {"url": raw} if isinstance(raw, str) else _dict(raw, key, problems)
        unknown = sorted(set(settings) - {"url", "label", "description"})
        if unknown:
            problems.append(f"{key}: unknown key(s) {', '.join(unknown)}; use url, label, description")
        url = settings.get("url")
        if not isinstance(url, str) or not url:
            problems.append(f"{key}.url: missing; give the https URL template, e.g. https://shop.example/track")
            continue
        placeholders = _check_url(url, f"{key}.url", problems)
        label, description = ACTIONS[action]
        endpoints[action] = Endpoint(
            action,
            url,
            str(settings.get("label") or label),
            str(settings.get("description") or description),
            placeholders,
        )
    return endpoints


def _check_url(url: str, key: str, problems: list[str]) -> tuple[str, ...]:
    """The URL's placeholders, after checking it can only ever reach the shop's own https host."""
    try:
        fields = [(name, spec, conversion) for _, name, spec, conversion in string.Formatter().parse(url)]
    except ValueError as error:
        problems.append(f"{key}: {error}; write placeholders as {{order_number}}, braces as {{{{ }}}}")
        return ()
    names = [name for name, _, _ in fields if name is not None]
    if any(spec or conversion for name, spec, conversion in fields if name is not None):
        problems.append(f"{key}: placeholders are plain names such as {{order_number}}, without ! or : after them")
    unknown = sorted({name for name in names if name not in FIELDS})
    if unknown:
        problems.append(f"{key}: unknown placeholder(s) {', '.join(unknown) or '{}'}; known: {', '.join(FIELDS)}")
    problems.extend(f"{key}: {problem}" for problem in _host_problems(url))
    return tuple(dict.fromkeys(name for name in names if name in FIELDS))


_HOST_NAME = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$")


def _host_problems(url: str) -> list[str]:
    """What lets ``url`` reach anything but a fixed https host: no host, userinfo, backslashes, a placeholder
    in the host, an IP or malformed host name."""
    if "\\" in url or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return [f"{url!r} holds a backslash, a space or a control character; write the URL as a browser shows it"]
    fixed = url.split("{", 1)[0]
    try:
        whole, before = urlsplit(re.sub(r"\{[^{}]*\}", "x", url)), urlsplit(fixed)
        port = whole.port
    except ValueError as error:
        return [f"{url!r} is not a URL ({error})"]
    if whole.scheme != "https":
        return [f"{url!r} is not https; shoppers' order data must travel encrypted"]
    if not whole.netloc or not whole.hostname:
        return [f"{url!r} has no host; write it as https://shop.example/..."]
    if "@" in whole.netloc:
        return [f"{url!r} has a user name in it; the host is what follows '@', remove the part before it"]
    if before.netloc != whole.netloc or not re.match(r"^https://[^/?#]+([/?#]|$)", fixed) and "{" in url:
        return ["a placeholder is in the host name; the host must be fixed (placeholders go after it)"]
    if not _HOST_NAME.match(whole.hostname) or port == 0:
        return [f"{whole.hostname!r} is not a host name such as shop.example"]
    return []


def _returns(value: dict[str, Any] | None, problems: list[str]) -> ReturnsPolicy | None:
    if value is None:
        return None
    settings = _dict(value, "returns", problems)
    days = settings.get("window_days")
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        problems.append("returns.window_days: give the return window as a whole number of days, e.g. 30")
        days = 1
    conditions = settings.get("conditions") or []
    if not isinstance(conditions, list) or not all(isinstance(c, str) for c in conditions):
        problems.append("returns.conditions: give a list of texts, one condition per line starting with '- '")
        conditions = []
    return ReturnsPolicy(days, tuple(conditions))


def _shop(value: dict[str, Any], problems: list[str]) -> dict[str, str]:
    facts = {}
    for key, fact in _dict(value, "shop", problems).items():
        if not _SHOP_KEY.match(str(key)):
            problems.append(f"shop.{key}: names are lower-case letters, digits and _, e.g. free_shipping_threshold")
        elif not isinstance(fact, str | int | float) or isinstance(fact, bool):
            problems.append(f"shop.{key}: give a text or a number")
        else:
            facts[str(key)] = str(fact)
    return facts


def _feedback(value: dict[str, Any], problems: list[str]) -> str | None:
    settings = _dict(value, "feedback", problems)
    endpoint = settings.get("endpoint")
    if endpoint is None:
        return None
    parts = urlsplit(endpoint) if isinstance(endpoint, str) else None
    local = parts is not None and parts.scheme == "http" and parts.hostname in LOOPBACK  # serve-api on this machine
    if parts is None or not parts.netloc or (parts.scheme != "https" and not local):
        problems.append(
            f"feedback.endpoint: {endpoint!r} is not an https URL; feedback goes to your own endpoint "
            "(faq-builder serve-api behind https; http only to 127.0.0.1 or localhost while testing)"
        )
        return None
    return endpoint


def _languages(value: object, problems: list[str]) -> tuple[str, ...]:
    codes = value if isinstance(value, list) else [value]
    valid = tuple(str(code) for code in codes if isinstance(code, str) and LANGUAGE_CODE.match(code))
    if len(valid) != len(codes):
        problems.append("languages: give a list of language codes (ISO 639-1), e.g. [en, vi, th]")
    return valid


def _products(value: object, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list):
        problems.append(f"products: {value!r} is not a list; write [rain jacket, hiking boots]")
        return ()
    for name in value:
        if not isinstance(name, str) or not name.strip():
            problems.append(f"products: {name!r} is not a product name; give each as shoppers write it, e.g. boots")
    return tuple(dict.fromkeys(name.strip() for name in value if isinstance(name, str) and name.strip()))


def find_config_file(config_file: str | os.PathLike[str] | None = None) -> Path | None:
    """The site configuration: ``config_file`` (which must exist), else mkdocs.yml or mkdocs.yaml here, else None."""
    if config_file is not None:
        if not Path(config_file).is_file():
            raise ConfigError(f"{config_file}: no such configuration file; pass --config with the site's mkdocs.yml")
        return Path(config_file)
    return next((Path(name) for name in CONFIG_FILES if Path(name).is_file()), None)


@dataclass(frozen=True, slots=True)
class Settings:
    """The shop's configuration as commands read it, where it came from, and keys that were not understood."""

    portal: PortalConfig
    source: Path | None
    warnings: tuple[str, ...] = ()
    #: The settings named in ``warnings``, for callers that point at their line.
    unknown_keys: tuple[str, ...] = ()
    #: Where the help site is published (``site_url``): links to it, and the origin its browsers post from.
    site_url: str = ""
    #: The site's own language (``theme: language:``), None when not set.
    language: str | None = None


def load_settings(config_file: str | os.PathLike[str] | None = None) -> Settings:
    """The ``faq-builder`` plugin's settings in the site configuration (defaults where there is none).

    Read with MkDocs' own YAML loader (``!ENV`` tags and ``INHERIT`` work as in ``mkdocs build``) but without
    loading the theme or plugins, so any command can afford it.
    """
    path = find_config_file(config_file)
    if path is None:
        return Settings(PortalConfig(), None)
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.utils.yaml import yaml_load

    try:
        with path.open("rb") as handle:
            config = yaml_load(handle)
    except (ConfigurationError, OSError) as error:
        raise ConfigError(f"{path}: cannot be read ({error})") from error
    site_url, language = _site(config, path)
    options = _plugin_options(config.get("plugins") if isinstance(config, dict) else None)
    if options is None:
        return Settings(PortalConfig(), path, site_url=site_url, language=language)
    if not isinstance(options, dict):
        raise ConfigError(f"{path}: plugins > {PLUGIN}: expected its settings as a mapping of keys to values")
    warnings, unknown = [], []
    for name in options:
        if name not in KEYS:
            unknown.append(str(name))
            close = difflib.get_close_matches(str(name), KEYS, n=1, cutoff=0.75)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            warnings.append(f"{path}: plugins > {PLUGIN} > {name}: unknown setting{hint}; ignored")
    portal = PortalConfig.from_mapping(
        portal=options.get("portal"),
        returns=options.get("returns"),
        hours=options.get("support_hours"),
        shop=options.get("shop"),
        feedback=options.get("feedback"),
        languages=options.get("languages"),
        country=options.get("country"),
        products=options.get("products"),
        source=str(path),
    )
    return Settings(portal, path, tuple(warnings), tuple(unknown), site_url, language)


def _site(config: object, path: Path) -> tuple[str, str | None]:
    """``site_url`` and the theme's language of a loaded configuration, checked."""
    if not isinstance(config, dict):
        return "", None
    url = config.get("site_url") or ""
    if not isinstance(url, str) or (url and urlsplit(url).scheme not in ("http", "https")):
        raise ConfigError(f"{path}: site_url: {url!r} is not an http(s) address; e.g. https://shop.example/help/")
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, dict) else None
    return url, str(language) if language else None


def _plugin_options(plugins: object) -> object:
    """The settings given to the faq-builder plugin (``{}`` when named without any), or None if it is not used."""
    items = plugins.items() if isinstance(plugins, dict) else (plugins if isinstance(plugins, list) else [])
    for item in items:
        if isinstance(item, tuple):
            name, options = item
        elif isinstance(item, dict) and len(item) == 1:
            name, options = next(iter(item.items()))
        else:
            name, options = item, {}
        if name == PLUGIN:
            return options if options is not None else {}
    return None
