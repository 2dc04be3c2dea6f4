"""`faq-builder init`: a new shop's help-site repository that builds at once and is checked until filled in.

Its GitHub workflows are tested in test_workflows.py, the site it builds in a browser in test_browser_init.py.
"""

from __future__ import annotations

import importlib.resources
import os
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from faq_builder.cli import main
from faq_builder.content import read_entries
from faq_builder.errors import FaqBuilderError
from faq_builder.language import _identifier, detect_language
from faq_builder.models import EntryStatus
from faq_builder.scaffold import init_site
from faq_builder.settings import UNFILLED_HOST, load_settings
from faq_builder.site import build_site

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
FILES = [
    ".gitignore",
    "README.md",
    "mkdocs.yml",
    "content/index.md",
    ".github/workflows/mine.yml",
    ".github/workflows/publish.yml",
    "content/faq/payment/which-payment-methods-do-you-accept.md",
    "content/faq/refunds/when-will-i-get-my-refund.md",
    "content/faq/returns/how-do-i-return-an-item.md",
    "content/faq/shipping/how-long-does-delivery-take.md",
]
STARTERS = [
    "how-do-i-return-an-item",
    "how-long-does-delivery-take",
    "when-will-i-get-my-refund",
    "which-payment-methods-do-you-accept",
]


def test_init_writes_the_repository_and_says_what_next(tmp_path: Path) -> None:
    folder = tmp_path / "help"
    result = CliRunner().invoke(main, ["init", str(folder), "--shop-name", "Northwind Outfitters"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        *(f"wrote  {folder / name}" for name in FILES),
        f"Next: cd {folder}, fill in the lines faq-builder check lists (your-shop.example), review and approve the "
        "starter drafts, then faq-builder build.",
    ]
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert written == sorted(FILES)  # and nothing else: no journal or lock left behind
    assert [p.name for p in tmp_path.iterdir()] == ["help"]  # nor an empty .faq_builder/ where init was run


def test_init_writes_into_an_existing_folder_that_holds_none_of_its_files(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "notes.txt").write_text("ours\n")
    (tmp_path / ".faq_builder").mkdir()
    site = init_site(tmp_path)
    assert sorted(p.as_posix() for p in site.files) == sorted(FILES)
    assert (tmp_path / "notes.txt").read_text() == "ours\n" and (tmp_path / ".git").is_dir()


def test_the_generated_configuration_matches_its_golden_file_and_loads_without_warnings(tmp_path: Path) -> None:
    """FAQ_BUILDER_UPDATE_GOLDEN=1 rewrites the golden file after a deliberate change."""
    init_site(tmp_path, shop_name="Northwind Outfitters")
    config = tmp_path / "mkdocs.yml"
    golden = GOLDEN / "init-mkdocs.yml"
    if os.environ.get("FAQ_BUILDER_UPDATE_GOLDEN"):
        golden.write_text(config.read_text())
    assert config.read_text() == golden.read_text()
    settings = load_settings(config)
    assert settings.warnings == ()
    assert settings.portal.shop["name"] == "Northwind Outfitters"


@pytest.mark.parametrize("name", ["Yes", "#1 Shop: Ltd", "O'Neil & Söhne", "Line\nbreak\u202e"])
def test_any_shop_name_stays_one_yaml_value(tmp_path: Path, name: str) -> None:
    init_site(tmp_path, shop_name=name)
    data = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    shown = " ".join(name.replace("\u202e", "").split())
    assert data["site_name"] == f"{shown} Help Centre"
    assert data["plugins"][1]["faq-builder"]["shop"]["name"] == shown


def test_init_never_overwrites_and_writes_nothing_when_one_file_exists(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("The shop's own readme.\n")
    with pytest.raises(FaqBuilderError) as error:
        init_site(tmp_path)
    assert str(error.value) == (
        f"{tmp_path}: already holds README.md; nothing was written. Choose a new or empty folder"
    )
    result = CliRunner().invoke(main, ["init", str(tmp_path)])
    assert (result.exit_code, result.output) == (1, f"Error: {error.value}\n")
    (tmp_path / "content" / "faq" / "shipping").mkdir(parents=True)
    (tmp_path / "content" / "faq" / "shipping" / "how-long-does-delivery-take.md").write_text("ours\n")
    (tmp_path / ".gitignore").write_text("ours\n")
    with pytest.raises(FaqBuilderError) as error:
        init_site(tmp_path)
    assert str(error.value) == (
        f"{tmp_path}: already holds .gitignore, README.md, content/faq/shipping/how-long-does-delivery-take.md; "
        "nothing was written. Choose a new or empty folder"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [".gitignore", "README.md", "content"]
    assert (tmp_path / "README.md").read_text() == "The shop's own readme.\n"
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == [
        ".gitignore",
        "README.md",
        "how-long-does-delivery-take.md",
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--language", "english"], "--language: 'english' is not a language code; give ISO 639-1, e.g. en, de, zh-TW"),
        (
            ["--language", "xx"],
            "--language: Material for MkDocs has no translation for 'xx'; use its code there, e.g. zh-TW",
        ),
        (["--shop-name", " \u200b "], "--shop-name: give the shop's name, e.g. --shop-name 'Northwind Outfitters'"),
    ],
)
def test_bad_options_are_named(tmp_path: Path, options: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path / "x"), *options])
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")
    assert not (tmp_path / "x").exists()


def test_a_new_site_builds_at_once_with_its_starters_as_unpublished_drafts(tmp_path: Path) -> None:
    init_site(tmp_path, language="de")
    entries, problems = read_entries(tmp_path / "content")
    assert problems == []
    assert sorted(e.slug for e in entries) == STARTERS
    assert {e.status for e in entries} == {EntryStatus.DRAFT}
    built = build_site(config_file=tmp_path / "mkdocs.yml", site_dir=tmp_path / "site")
    assert (built.entries, built.left_out) == (0, {"draft": 4})
    assert '<html lang="de"' in built.index.read_text()


def material_languages() -> list[str]:
    folder = importlib.resources.files("material") / "templates" / "partials" / "languages"
    return sorted(p.name.removesuffix(".html") for p in folder.iterdir() if p.name.endswith(".html"))


@pytest.mark.parametrize(
    ("language", "search", "customers"),
    [("de", ["de"], ["de"]), ("zh-TW", ["zh"], ["zh"]), ("pt-BR", ["pt"], ["pt"]), ("nb", ["no"], ["no"])],
)
def test_the_language_sets_the_theme_search_and_customers_languages(
    tmp_path: Path, language: str, search: list[str], customers: list[str]
) -> None:
    """The theme takes Material's code (zh-TW); search and language detection their own (zh; nb is no to both)."""
    init_site(tmp_path, language=language)
    config = yaml.safe_load((tmp_path / "mkdocs.yml").read_text())
    assert config["theme"]["language"] == language
    assert config["plugins"][0]["search"]["lang"] == search
    assert config["plugins"][1]["faq-builder"]["languages"] == customers
    assert load_settings(tmp_path / "mkdocs.yml").portal.languages == tuple(customers)
    entries, _ = read_entries(tmp_path / "content")
    assert {e.language for e in entries} == {language.split("-")[0]}


def test_every_language_init_accepts_is_one_ingest_can_detect(tmp_path: Path) -> None:
    """Whatever --language Material speaks, the customers' languages init writes are codes the detector knows
    (zh-TW, say, would stop every ingest)."""
    written = set()
    for number, language in enumerate(material_languages()):
        init_site(tmp_path / str(number), language=language)
        written |= set(load_settings(tmp_path / str(number) / "mkdocs.yml").portal.languages)
    assert len(written) > 60
    detector = _identifier(())
    assert written <= set(detector.nb_classes)
    assert detect_language("Where is my order? It has not arrived yet.", languages=written) == "en"


def test_check_fails_on_a_fresh_site_until_its_addresses_are_filled_in(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    init_site(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    example = "is still the example from faq-builder init"
    assert (result.exit_code, result.output.splitlines()) == (
        1,
        [
            f"mkdocs.yml:29: plugins > faq-builder > shop > support_email {example} (support@your-shop.example); "
            "put your shop's own there",
            f"mkdocs.yml:40: plugins > faq-builder > portal > track_order > url {example} "
            "(https://your-shop.example/track?order={order_number}&email={email}); put your shop's own there",
            f"mkdocs.yml:42: plugins > faq-builder > portal > start_return > url {example} "
            "(https://your-shop.example/returns/start?order={order_number}&email={email}); put your shop's own there",
            f"mkdocs.yml:44: plugins > faq-builder > portal > change_order > url {example} "
            "(https://your-shop.example/orders/{order_number}/change?email={email}); put your shop's own there",
            f"mkdocs.yml:46: plugins > faq-builder > portal > order_history > url {example} "
            "(https://your-shop.example/account/orders); put your shop's own there",
            "5 error(s), 0 warning(s) in content",
        ],
    )
    fill_in(tmp_path)
    assert CliRunner().invoke(main, ["check"]).output == "0 error(s), 0 warning(s) in content\n"


def fill_in(folder: Path) -> None:
    """What a shop does first: its own addresses instead of init's examples."""
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace(UNFILLED_HOST, "shop.test"))
