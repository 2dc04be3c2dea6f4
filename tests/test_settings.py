"""The shop's settings: the faq-builder section of mkdocs.yml found, read (!ENV), checked (all problems at once)."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from faq_builder.errors import ConfigError
from faq_builder.hours import SupportHours
from faq_builder.models import SelfService
from faq_builder.settings import Endpoint, PortalConfig, ReturnsPolicy, find_config_file, load_settings


def write_config(folder: Path, plugin: str, name: str = "mkdocs.yml") -> Path:
    """A site configuration with the search plugin and ``plugin`` (YAML lines at the list's indent) after it."""
    path = folder / name
    path.write_text("site_name: Help\nplugins:\n  - search\n" + plugin)
    return path


def test_from_mapping_names_every_problem_in_one_error() -> None:
    with pytest.raises(ConfigError) as error:
        PortalConfig.from_mapping(
            portal={
                "track_order": "http://shop.example/track?order={order_number}",
                "teleport": "https://shop.example/beam",
                "start_return": {"url": "https://shop.example/return?order={order_nr}", "colour": "red"},
            },
            returns={"window_days": 0},
            hours={"timezone": "Nowhere/City", "days": ["someday"]},
            shop={"Bad Key": "x", "sizes": ["S", "M"]},
            feedback={"endpoint": "ftp://shop.example/feedback"},
            languages=["english"],
            source="site/mkdocs.yml",
        )
    assert str(error.value).split("\n") == [
        "invalid faq-builder settings in site/mkdocs.yml:",
        "  portal.track_order.url: 'http://shop.example/track?order={order_number}' is not https; "
        "shoppers' order data must travel encrypted",
        "  portal.teleport: unknown action; use one of: track_order, start_return, change_order, order_history",
        "  portal.start_return: unknown key(s) colour; use url, label, description",
        "  portal.start_return.url: unknown placeholder(s) order_nr; "
        "known: order_number, email, postcode, phone, last_name",
        "  returns.window_days: give the return window as a whole number of days, e.g. 30",
        "  support_hours.timezone: unknown time zone 'Nowhere/City'; use an IANA name such as Europe/Berlin",
        "  support_hours.days: 'someday' is not a weekday; use mon, tue, wed, thu, fri, sat, sun",
        "  shop.Bad Key: names are lower-case letters, digits and _, e.g. free_shipping_threshold",
        "  shop.sizes: give a text or a number",
        "  feedback.endpoint: 'ftp://shop.example/feedback' is not an https URL; feedback goes to your own endpoint "
        "(faq-builder serve-api behind https; http only to 127.0.0.1 or localhost while testing)",
        "  languages: give a list of language codes (ISO 639-1), e.g. [en, vi, th]",
    ]


def test_from_mapping_of_valid_settings() -> None:
    portal = PortalConfig.from_mapping(
        portal={"track_order": "https://shop.example/track?order={order_number}&email={email}"},
        returns={"window_days": 30, "conditions": ["Unworn"]},
        hours={"timezone": "Europe/Berlin"},
        shop={"name": "Northwind", "free_shipping_threshold": 50},
        feedback={"endpoint": "https://shop.example/feedback"},
        languages=["en", "vi"],
    )
    assert portal == PortalConfig(
        endpoints={
            SelfService.TRACK_ORDER: Endpoint(
                SelfService.TRACK_ORDER,
                "https://shop.example/track?order={order_number}&email={email}",
                "Track my order",
                "See where your parcel is and when it arrives.",
                ("order_number", "email"),
            )
        },
        returns=ReturnsPolicy(30, ("Unworn",)),
        hours=SupportHours(timezone="Europe/Berlin"),
        # The return window is a shop fact answers can quote.
        shop={"name": "Northwind", "free_shipping_threshold": "50", "return_window_days": "30"},
        feedback_endpoint="https://shop.example/feedback",
        languages=("en", "vi"),
    )
    assert PortalConfig.from_mapping() == PortalConfig()


def test_load_settings_reads_the_plugin_section_with_env_tags(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_config(
        tmp_path,
        "  - faq-builder:\n"
        "      shop:\n"
        "        name: !ENV SHOP_NAME\n"
        "        support_email: !ENV [SHOP_EMAIL, help@shop.example]\n"
        "      support_hours:\n"
        "        timezone: Europe/Berlin\n"
        "        days: [mon, tue]\n"
        '        open: "08:00"\n'
        "        holidays: [2026-12-24]\n",
    )
    monkeypatch.setenv("SHOP_NAME", "Northwind Outfitters")
    monkeypatch.delenv("SHOP_EMAIL", raising=False)
    settings = load_settings(path)
    assert settings.source == path and settings.warnings == ()
    assert settings.portal.shop == {"name": "Northwind Outfitters", "support_email": "help@shop.example"}
    assert settings.portal.hours == SupportHours(
        "Europe/Berlin", (0, 1), time(8, 0), time(17, 0), (date(2026, 12, 24),)
    )


def test_load_settings_finds_mkdocs_yml_in_the_working_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_config(tmp_path, "  - faq-builder:\n      languages: [en]\n", name="mkdocs.yaml")
    assert find_config_file() == Path("mkdocs.yaml")
    assert load_settings().portal.languages == ("en",)
    write_config(tmp_path, "  - faq-builder:\n      languages: [vi]\n")  # mkdocs.yml comes first, as in mkdocs
    assert find_config_file() == Path("mkdocs.yml")
    assert load_settings().portal.languages == ("vi",)


def test_no_mkdocs_yml_gives_the_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.source is None and settings.warnings == ()
    assert settings.portal == PortalConfig()
    assert settings.portal.hours == SupportHours("UTC", (0, 1, 2, 3, 4), time(9, 0), time(17, 0), ())


def test_an_explicit_config_path_must_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_config(tmp_path, "  - faq-builder\n")  # not read instead of the missing file
    missing = tmp_path / "site" / "mkdocs.yml"
    with pytest.raises(ConfigError) as error:
        load_settings(missing)
    assert str(error.value) == f"{missing}: no such configuration file; pass --config with the site's mkdocs.yml"


def test_unknown_settings_are_warned_with_a_suggestion(tmp_path: Path) -> None:
    path = write_config(
        tmp_path, "  - faq-builder:\n      suport_hours:\n        timezone: Europe/Berlin\n      colour: blue\n"
    )
    settings = load_settings(path)
    assert settings.warnings == (
        f"{path}: plugins > faq-builder > suport_hours: unknown setting (did you mean 'support_hours'?); ignored",
        f"{path}: plugins > faq-builder > colour: unknown setting; ignored",
    )
    assert settings.portal == PortalConfig()


@pytest.mark.parametrize(
    "plugin",
    [
        "  - faq-builder\n",  # named without settings
        "  - faq-builder:\n",  # a key with no value
        "  - material/search\n",  # not used at all
    ],
)
def test_the_plugin_without_settings_gives_the_defaults(tmp_path: Path, plugin: str) -> None:
    path = write_config(tmp_path, plugin)
    settings = load_settings(path)
    assert settings.source == path and settings.warnings == ()
    assert settings.portal == PortalConfig()


def test_plugins_as_a_mapping_are_read_too(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: Help\nplugins:\n  search: {}\n  faq-builder:\n    languages: [en, th]\n")
    assert load_settings(path).portal.languages == ("en", "th")


def test_settings_that_are_not_a_mapping_are_refused(tmp_path: Path) -> None:
    path = write_config(tmp_path, "  - faq-builder: [languages, en]\n")
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    assert str(error.value) == f"{path}: plugins > faq-builder: expected its settings as a mapping of keys to values"


def test_invalid_settings_name_the_file(tmp_path: Path) -> None:
    path = write_config(tmp_path, "  - faq-builder:\n      returns:\n        window_days: thirty\n")
    with pytest.raises(ConfigError) as error:
        load_settings(path)
    assert str(error.value) == (
        f"invalid faq-builder settings in {path}:\n"
        "  returns.window_days: give the return window as a whole number of days, e.g. 30"
    )


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("https:evil.example/x", "'https:evil.example/x' has no host; write it as https://shop.example/..."),
        ("https:///x", "'https:///x' has no host; write it as https://shop.example/..."),
        (
            "https://shop.example@evil.example/t?o={order_number}",
            "'https://shop.example@evil.example/t?o={order_number}' has a user name in it; the host is what "
            "follows '@', remove the part before it",
        ),
        (
            "https://shop.example\\@evil.example/",
            "'https://shop.example\\\\@evil.example/' holds a backslash, a space or a control character; write the "
            "URL as a browser shows it",
        ),
        (
            "https://shop.example{order_number}",
            "a placeholder is in the host name; the host must be fixed (placeholders go after it)",
        ),
        (
            "https://shop.example/t?o={order_number!r}",
            "placeholders are plain names such as {order_number}, without ! or : after them",
        ),
        ("https://10.0.0.1/track", "'10.0.0.1' is not a host name such as shop.example"),
    ],
)
def test_portal_urls_can_only_reach_the_shop_s_own_host(url: str, problem: str) -> None:
    with pytest.raises(ConfigError) as error:
        PortalConfig.from_mapping(portal={"track_order": url})
    assert str(error.value) == f"invalid faq-builder settings in mkdocs.yml:\n  portal.track_order.url: {problem}"


def test_a_portal_url_with_a_port_and_placeholders_after_the_host_is_fine() -> None:
    config = PortalConfig.from_mapping(portal={"track_order": "https://shop.example:8443/t?o={order_number}&e={email}"})
    assert config.endpoints[SelfService.TRACK_ORDER].placeholders == ("order_number", "email")


def test_the_shop_s_country_reads_national_phone_numbers() -> None:
    spanish = "Llámame al 612 34 56 78, gracias"
    assert PortalConfig.from_mapping(country="es").redactor().redact(spanish) == "Llámame al {phone}, gracias"
    assert PortalConfig.from_mapping().redactor().regions[0] == "GB"
    with pytest.raises(ConfigError, match="'Spain' is not a country code; give two letters"):
        PortalConfig.from_mapping(country="Spain")


def test_the_product_catalogue() -> None:
    """Names as shoppers write them, each once; anything else is named with the fix."""
    assert PortalConfig.from_mapping(products=[" rain jacket ", "boots", "rain jacket"]).products == (
        "rain jacket",
        "boots",
    )
    with pytest.raises(ConfigError) as raised:
        PortalConfig.from_mapping(products=["boots", 3, ""])
    assert raised.value.details == (
        "products: 3 is not a product name; give each as shoppers write it, e.g. boots",
        "products: '' is not a product name; give each as shoppers write it, e.g. boots",
    )
    with pytest.raises(ConfigError) as raised:
        PortalConfig.from_mapping(products="rain jacket, boots")  # type: ignore[arg-type]
    assert raised.value.details == ("products: 'rain jacket, boots' is not a list; write [rain jacket, hiking boots]",)


def test_the_site_accepts_the_catalogue(tmp_path: Path) -> None:
    """``products`` is a setting of the plugin too: a strict build does not stop at it."""
    from mkdocs.config import load_config

    (tmp_path / "docs").mkdir()
    config = load_config(str(write_config(tmp_path, "  - faq-builder:\n      products: [boots]\n")))
    assert config.plugins["faq-builder"].settings.products == ("boots",)  # type: ignore[attr-defined]
    assert load_settings(tmp_path / "mkdocs.yml").warnings == ()


@pytest.mark.parametrize(
    ("endpoint", "valid"),
    [
        ("https://shop.example/api/feedback", True),
        ("http://127.0.0.1:8088/feedback", True),  # serve-api on this machine, while testing
        ("http://localhost:8088/feedback", True),
        ("http://shop.example/feedback", False),
        ("http://127.0.0.1.evil.example/feedback", False),
    ],
)
def test_feedback_endpoint_is_https_or_this_machine(endpoint: str, valid: bool) -> None:
    if valid:
        assert PortalConfig.from_mapping(feedback={"endpoint": endpoint}).feedback_endpoint == endpoint
    else:
        with pytest.raises(ConfigError):
            PortalConfig.from_mapping(feedback={"endpoint": endpoint})
