"""The GitHub workflows `faq-builder init` writes: valid for GitHub, injection-safe, and doing what they say when
their own ``run:`` steps run here, in order, with bash, as the runner would run them.

``uses:`` steps (checkout, setup-python, Pages, create-pull-request) are GitHub's and are skipped; the install
step installs a wheel of this checkout (``FAQ_BUILDER`` is the wheel instead of ``faq-builder==VERSION``) into a
fresh venv with pip, offline, with this environment's dependencies reachable through a .pth file.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

import faq_builder
from faq_builder.cli import main
from faq_builder.scaffold import init_site
from faq_builder.settings import UNFILLED_HOST

from .test_plugin import _build_wheel

CHECK_JSONSCHEMA = [
    str(Path(sys.executable).parent / "check-jsonschema"),
    "--builtin-schema",
    "vendor.github-workflows",
]
#: The one form of ``if:`` the workflows use: a step output of an earlier step.
STEP_OUTPUT = re.compile(r"^steps\.([a-z_-]+)\.outputs\.([a-z_]+) == 'true'$")


def workflows(folder: Path) -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text()) for p in sorted((folder / ".github" / "workflows").glob("*.yml"))}


def fill_in(folder: Path) -> None:
    """What a shop does first: its own addresses instead of init's examples."""
    config = folder / "mkdocs.yml"
    config.write_text(config.read_text().replace(UNFILLED_HOST, "shop.test"))


def test_the_workflows_pass_the_github_workflow_schema_and_a_broken_one_does_not(tmp_path: Path) -> None:
    init_site(tmp_path)
    files = sorted((tmp_path / ".github" / "workflows").glob("*.yml"))
    assert [f.name for f in files] == ["mine.yml", "publish.yml"]
    good = subprocess.run([*CHECK_JSONSCHEMA, *map(str, files)], capture_output=True, text=True)
    assert good.returncode == 0, good.stdout + good.stderr
    broken = tmp_path / "broken.yml"
    broken.write_text(files[1].read_text().replace("runs-on:", "run-on:"))
    bad = subprocess.run([*CHECK_JSONSCHEMA, str(broken)], capture_output=True, text=True)
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


def test_the_publish_workflow_has_githubs_pages_permissions_and_deploys_what_it_built(tmp_path: Path) -> None:
    init_site(tmp_path)
    publish = workflows(tmp_path)["publish.yml"]
    assert publish[True] == {"push": {"branches": ["main"]}, "workflow_dispatch": None}  # YAML 1.1 reads on: as True
    assert publish["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert publish["concurrency"]["group"] == "pages"
    build, deploy = publish["jobs"]["build"], publish["jobs"]["deploy"]
    assert [s.get("uses", s.get("run")) for s in build["steps"]] == [
        "actions/checkout@v4",
        "actions/setup-python@v5",
        'python -m pip install "$FAQ_BUILDER"',
        "faq-builder check --format github",
        "faq-builder build --strict",
        "actions/configure-pages@v5",
        "actions/upload-pages-artifact@v3",
    ]
    assert build["steps"][-1]["with"] == {"path": "site"}
    assert deploy["needs"] == "build"
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    assert deploy["steps"] == [{"id": "deployment", "uses": "actions/deploy-pages@v4"}]


def test_the_mine_workflow_runs_mondays_and_every_step_after_the_first_waits_for_its_verdict(tmp_path: Path) -> None:
    init_site(tmp_path)
    mine = workflows(tmp_path)["mine.yml"]
    assert mine[True] == {"schedule": [{"cron": "0 6 * * 1"}], "workflow_dispatch": None}
    (job,) = mine["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    first, *rest = job["steps"]
    assert first["id"] == "fortnight" and "if" not in first
    assert {step.get("if") for step in rest} == {"steps.fortnight.outputs.run == 'true'"}
    assert rest[-1]["uses"] == "peter-evans/create-pull-request@v7"
    assert rest[-1]["with"]["add-paths"].split() == ["content/", "reports/"]


# ---- the steps, run here ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workflow_venv(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A fresh venv with pip (as the runner's Python has), and a wheel of this checkout for the install step."""
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
    # The dependencies (mkdocs, Material, numpy, ...) from this environment: nothing is downloaded.
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(found.stdout.strip()) / "project-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return venv, wheel


def run_steps(
    workflow: dict, folder: Path, venv: Path, wheel: Path, *, event: str, path: str = ""
) -> dict[str, dict[str, str]]:
    """Run each job's ``run:`` steps in order, as the runner would: ``bash -eo pipefail`` in ``folder`` with the
    env of the workflow, job and step (secrets unset), ``GITHUB_EVENT_NAME`` and ``GITHUB_OUTPUT``; a step whose
    ``if:`` is false is skipped, as are ``uses:`` steps. ``path`` goes first on PATH (before the venv's bin).

    Returns the outputs of each step that has an id; a failing step fails the test with its output.
    """
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    base |= {"PATH": ":".join(filter(None, [path, str(venv / "bin"), base["PATH"]])), "GITHUB_EVENT_NAME": event}
    base |= {"PIP_NO_INDEX": "1", "PIP_NO_DEPS": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1", "NO_MKDOCS_2_WARNING": "1"}
    outputs: dict[str, dict[str, str]] = {}
    for name, job in workflow["jobs"].items():
        if "steps" not in job or "needs" in job:
            continue  # deploy: needs GitHub itself
        for number, step in enumerate(job["steps"]):
            condition = step.get("if")
            if condition is not None:
                form = STEP_OUTPUT.match(condition)
                assert form, f"{name}: unexpected if: {condition}"
                if outputs.get(form.group(1), {}).get(form.group(2)) != "true":
                    continue
            if "run" not in step:
                continue
            output_file = folder.parent / f"github-output-{name}-{number}"
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
            if "id" in step:
                lines = output_file.read_text().splitlines()
                outputs[step["id"]] = dict(line.split("=", 1) for line in lines if "=" in line)
    return outputs


def test_the_wheel_the_workflows_install_carries_every_file_init_writes(workflow_venv: tuple[Path, Path]) -> None:
    package = Path(faq_builder.__file__).parent
    templates = [p for p in (package / "scaffold" / "files").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    with zipfile.ZipFile(workflow_venv[1]) as wheel:
        packaged = {name for name in wheel.namelist() if name.startswith("faq_builder/scaffold/files/")}
    assert packaged == {p.relative_to(package.parent).as_posix() for p in templates}
    assert len(packaged) == 10


def test_the_publish_workflow_checks_and_builds_a_filled_in_site(
    tmp_path: Path, workflow_venv: tuple[Path, Path]
) -> None:
    folder = tmp_path / "help"
    init_site(folder, shop_name="Northwind Outfitters")
    fill_in(folder)
    approved = CliRunner().invoke(
        main, ["approve", "how-do-i-return-an-item", "--by", "Test", "--content", str(folder / "content")]
    )
    assert approved.exit_code == 0, approved.output
    run_steps(workflows(folder)["publish.yml"], folder, *workflow_venv, event="push")
    assert (workflow_venv[0] / "bin" / "faq-builder").is_file()  # the install step installed the wheel
    assert (folder / "site" / "index.html").is_file()
    assert (folder / "site" / "faq" / "returns" / "how-do-i-return-an-item" / "index.html").is_file()
    assert not (folder / "site" / "faq" / "shipping" / "how-long-does-delivery-take").exists()  # still a draft


def test_the_publish_workflow_stops_at_check_while_init_s_examples_are_left_in(
    tmp_path: Path, workflow_venv: tuple[Path, Path]
) -> None:
    folder = tmp_path / "help"
    init_site(folder)
    with pytest.raises(AssertionError, match=r"::error file=mkdocs\.yml,line=29") as failed:
        run_steps(workflows(folder)["publish.yml"], folder, *workflow_venv, event="push")
    assert "Check content and settings" in str(failed.value)
    assert not (folder / "site").exists()


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
    shutil.copytree(samples / "zendesk", folder / "exports" / "zendesk")  # a folder of exports is read too
    (folder / "exports" / ".gitkeep").write_text("")
    before = {p.name for p in (folder / "content").rglob("*.md")}
    outputs = run_steps(workflows(folder)["mine.yml"], folder, *workflow_venv, event="workflow_dispatch")
    assert outputs["fortnight"] == {"run": "true"}
    # The mining report and the support report of the same window.
    assert sorted(p.name.split("-")[0] + p.suffix for p in (folder / "reports").iterdir()) == [
        "questions.json",
        "questions.md",
        "support.html",
        "support.json",
        "support.md",
    ]
    drafted = {p.name for p in (folder / "content").rglob("*.md")} - before
    assert drafted  # new questions became drafts for the editor's pull request
    assert (folder / ".faq_builder" / "tickets.sqlite3").is_file()  # the store stays out of the pull request


def fake_date(folder: Path, week: str) -> str:
    """A folder with a ``date`` that says it is ISO week ``week`` (for ``date -u +%V``), to put first on PATH."""
    folder.mkdir()
    (folder / "date").write_text(f'#!/bin/sh\n[ "$*" = "-u +%V" ] && echo {week} || exec /bin/date "$@"\n')
    (folder / "date").chmod(0o755)
    return str(folder)


@pytest.mark.parametrize(
    ("event", "week", "runs"),
    [
        ("schedule", "08", True),  # 08 and 09 are not read as (invalid) octal numbers
        ("schedule", "09", False),
        ("schedule", "48", True),
        ("schedule", "53", False),
        ("workflow_dispatch", "09", True),  # started by hand: whatever the week
    ],
)
def test_the_mine_workflow_runs_on_even_iso_weeks_and_whenever_started_by_hand(
    tmp_path: Path, event: str, week: str, runs: bool
) -> None:
    """The first step decides; every later step follows it. Here the install step fails (there is no wheel), so
    a week that runs stops there, and a week that does not must get through all steps without running it."""
    folder = tmp_path / "help"
    init_site(folder)
    mine = workflows(folder)["mine.yml"]
    nothing, clock = tmp_path / "nothing", fake_date(tmp_path / "bin", week)
    if runs:
        with pytest.raises(AssertionError, match="^mine: Install faq-builder"):
            run_steps(mine, folder, nothing, nothing / "faq_builder.whl", event=event, path=clock)
    else:
        outputs = run_steps(mine, folder, nothing, nothing / "faq_builder.whl", event=event, path=clock)
        assert outputs == {"fortnight": {"run": "false"}}


def test_the_mine_workflow_stops_with_a_clear_error_without_exports(
    tmp_path: Path, workflow_venv: tuple[Path, Path]
) -> None:
    folder = tmp_path / "help"
    init_site(folder)
    (folder / "exports").mkdir()
    (folder / "exports" / ".gitkeep").write_text("")  # a kept empty folder is still no export
    with pytest.raises(AssertionError, match="::error::no ticket export in exports/: set the TICKET_EXPORT_URL"):
        run_steps(workflows(folder)["mine.yml"], folder, *workflow_venv, event="workflow_dispatch")
