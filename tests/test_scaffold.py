"""`faq-builder init`: a new shop's help-site repository that builds at once, is checked until filled in, and
whose GitHub workflows are valid and do what they say when their own steps run here."""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from faq_builder.cli import main
from faq_builder.content import read_entries
from faq_builder.errors import FaqBuilderError
from faq_builder.models import EntryStatus
from faq_builder.scaffold import init_site
from faq_builder.settings import UNFILLED_HOST, load_settings
from faq_builder.site import build_site

from .test_plugin import _build_wheel

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
    assert [p.name for p in tmp_path.iterdir()] == ["README.md"]
    assert (tmp_path / "README.md").read_text() == "The shop's own readme.\n"


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


# ---- the workflows ----------------------------------------------------------------------------------------


def workflows(folder: Path) -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text()) for p in sorted((folder / ".github" / "workflows").glob("*.yml"))}


def test_the_workflows_pass_the_github_workflow_schema_and_a_broken_one_does_not(tmp_path: Path) -> None:
    init_site(tmp_path)
    files = sorted((tmp_path / ".github" / "workflows").glob("*.yml"))
    broken = tmp_path / "broken.yml"
    broken.write_text((tmp_path / ".github/workflows/publish.yml").read_text().replace("runs-on:", "run-on:"))
    schema = [str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows"]
    good = subprocess.run([*schema, *map(str, files)], capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    bad = subprocess.run([*schema, str(broken)], capture_output=True, text=True)
    assert bad.returncode == 1 and "run-on" in bad.stdout + bad.stderr


def test_the_workflows_pin_this_version_and_keep_expressions_out_of_scripts(tmp_path: Path) -> None:
    init_site(tmp_path)
    version = importlib.metadata.version("faq-builder")
    for name, workflow in workflows(tmp_path).items():
        assert workflow["env"]["FAQ_BUILDER"] == f"faq-builder=={version}", name
        for job in workflow["jobs"].values():
            for step in job.get("steps", []):
                # ${{ }} inside a script is pasted in before the shell runs: an injection risk. Env vars only.
                assert "${{" not in step.get("run", ""), (name, step)
                for value in step.get("env", {}).values():
                    assert not str(value).startswith("${{") or str(value).startswith("${{ secrets."), (name, step)


@pytest.fixture(scope="module")
def workflow_venv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A fresh venv with pip (the runner's Python), and a wheel of this checkout for the install step."""
    root = tmp_path_factory.mktemp("workflow-venv")
    wheel = _build_wheel(root / "wheel")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    found = subprocess.run(
        [venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    )
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(found.stdout.strip()) / "project-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return venv, wheel


def run_steps(workflow: dict, folder: Path, venv: Path, wheel: Path, event: str) -> dict[str, dict[str, str]]:
    """Run the workflow's own ``run:`` steps in order, as the runner would (bash -eo pipefail, the env of the
    workflow, job and step; secrets unset), skipping ``uses:`` steps and jobs whose ``if`` is false.
    The install step gets this checkout's wheel instead of PyPI's release. Returns each job's outputs."""
    outputs: dict[str, dict[str, str]] = {}
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    base |= {"PATH": f"{venv / 'bin'}:{base['PATH']}", "GITHUB_EVENT_NAME": event, "NO_MKDOCS_2_WARNING": "1"}
    base |= {"PIP_NO_INDEX": "1", "PIP_NO_DEPS": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    for name, job in workflow["jobs"].items():
        condition = job.get("if")
        if condition is not None:
            needed, key = condition.split(".outputs.")[0].split(".")[1], condition.split(".outputs.")[1].split()[0]
            assert condition == f"needs.{needed}.outputs.{key} == 'true'", condition  # the one form used
            if outputs[needed].get(key) != "true":
                continue
        step_outputs: dict[str, str] = {}
        for step in job["steps"]:
            if "run" not in step:
                continue
            output_file = folder.parent / f"github-output-{name}"
            output_file.write_text("")
            env = base | workflow.get("env", {}) | job.get("env", {}) | step.get("env", {})
            env = {k: ("" if str(v).startswith("${{ secrets.") else str(v)) for k, v in env.items()}
            env |= {"FAQ_BUILDER": str(wheel), "GITHUB_OUTPUT": str(output_file)}
            done = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=folder,
                env=env,
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, f"{name}: {step.get('name', step['run'])}\n{done.stdout}\n{done.stderr}"
            step_outputs |= dict(line.split("=", 1) for line in output_file.read_text().splitlines() if "=" in line)
        outputs[name] = {
            key: step_outputs.get(value.split(".outputs.")[1].rstrip(" }"), "")
            for key, value in job.get("outputs", {}).items()
        }
    return outputs


def test_the_publish_workflow_checks_and_builds_a_filled_in_site(
    tmp_path: Path, workflow_venv: tuple[Path, Path]
) -> None:
    folder = tmp_path / "help"
    init_site(folder)
    fill_in(folder)
    CliRunner().invoke(
        main, ["approve", "how-do-i-return-an-item", "--by", "Editor", "--content", str(folder / "content")]
    )
    run_steps(workflows(folder)["publish.yml"], folder, *workflow_venv, event="push")
    assert (workflow_venv[0] / "bin" / "faq-builder").is_file()  # the install step installed the wheel
    assert (folder / "site" / "faq" / "returns" / "how-do-i-return-an-item" / "index.html").is_file()


def test_the_mine_workflow_ingests_the_exports_and_leaves_drafts_and_a_report_for_the_pull_request(
    tmp_path: Path, workflow_venv: tuple[Path, Path]
) -> None:
    folder = tmp_path / "help"
    init_site(folder)
    fill_in(folder)
    samples = tmp_path / "samples"
    # The workflow mines the two weeks before now, as CI would: the sample history ends now.
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%MZ")
    result = CliRunner().invoke(main, ["sample-data", str(samples), "--tickets", "600", "--days", "28", "--until", now])
    assert result.exit_code == 0, result.output
    (folder / "exports").mkdir()
    shutil.copy(samples / "tickets.csv", folder / "exports" / "tickets.csv")
    before = {p.name for p in (folder / "content").rglob("*.md")}
    outputs = run_steps(workflows(folder)["mine.yml"], folder, *workflow_venv, event="workflow_dispatch")
    assert outputs["fortnight"] == {"run": "true"}
    assert sorted(p.suffix for p in (folder / "reports").iterdir()) == [".json", ".md"]
    drafted = {p.name for p in (folder / "content").rglob("*.md")} - before
    assert drafted  # new questions became drafts for the editor's pull request


def test_the_mine_workflow_stops_with_a_clear_error_without_exports(
    tmp_path: Path, workflow_venv: tuple[Path, Path]
) -> None:
    folder = tmp_path / "help"
    init_site(folder)
    with pytest.raises(AssertionError, match="::error::no ticket export in exports/: set the TICKET_EXPORT_URL"):
        run_steps(workflows(folder)["mine.yml"], folder, *workflow_venv, event="workflow_dispatch")
