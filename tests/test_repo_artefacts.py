"""The repository's artefacts for people stay in step with the data they mirror.

Issue forms, workflows, README and CONTRIBUTING are not built by MkDocs, so nothing else would
notice when they drift: a bucket added to ``data/buckets.yml`` but missing from the issue form, a
Pages workflow that deploys from any branch, a third command creeping into the README's set-up.
These tests only read files.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

import vocab

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
    assert [step["uses"] for step in deploy["steps"]] == ["actions/deploy-pages@v4"]


def test_pages_builds_with_make_build_and_uploads_site() -> None:
    build = load_yaml(GITHUB / "workflows" / "pages.yml")["jobs"]["build"]
    steps = build["steps"]
    assert any(step.get("run") == "make build" and {"SITE_URL", "REPO_URL"} <= set(step.get("env", {})) for step in steps)
    uploads = [step for step in steps if step.get("uses") == "actions/upload-pages-artifact@v3"]
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
