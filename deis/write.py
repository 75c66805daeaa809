"""Write: scenario pages with their front matter, planned against the pages already on disk, and
written all or nothing.

A page whose ID already has a file keeps that file's name; an identical page is left alone; an
edited one is kept unless ``--force``. :func:`write_files` stages every file first and renames
them into place only when all are staged (atomic per file, and nothing is written on a failure).
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import yaml

from deis.model import PlannedPage, Scenario

SLUG_MAX = 50
PAGE_NAME_RE = re.compile(r"^(?P<id>[a-z]+\d+)(?:-[^/]*)?\.md$")
def slugify(title: str, limit: int = SLUG_MAX) -> str:
    """ASCII, lowercase, hyphenated, cut at a word boundary to at most ``limit`` characters."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", re.sub(r"['`]", "", ascii_text.lower()))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or (words[0][:limit] if words else "scenario")


# --- pages ------------------------------------------------------------------------------------


def render_page(scenario: Scenario) -> str:
    """The page: front matter in a fixed key order, the title as H1, then the body."""
    front = {
        "id": scenario.id,
        "title": scenario.title,
        "difficulty": scenario.difficulty,
        "bucket": scenario.bucket,
        "technologies": list(scenario.technologies),
        "source": scenario.source,
    }
    matter = yaml.safe_dump(
        front, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False
    )
    body = "\n".join(scenario.body)
    return f"---\n{matter}---\n\n# {scenario.title}\n" + (f"\n{body}\n" if body else "")


def existing_pages(out: Path) -> dict[str, list[Path]]:
    """Pages already in ``out``, by lowercase ID (``h11-zombie-kafka-offsets.md`` -> ``h11``)."""
    pages: dict[str, list[Path]] = {}
    if out.is_dir():
        for path in sorted(out.iterdir()):
            match = PAGE_NAME_RE.match(path.name)
            if match and path.is_file():
                pages.setdefault(match.group("id"), []).append(path)
    return pages


def page_bucket(path: Path, allowed: Sequence[str]) -> str | None:
    """The bucket in an existing page's front matter, when it has a valid one."""
    text = path.read_text(encoding="utf-8", errors="replace")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        return None
    try:
        front = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    bucket = front.get("bucket") if isinstance(front, dict) else None
    return bucket if bucket in allowed else None


def plan_pages(scenarios: Sequence[Scenario], out: Path, force: bool) -> list[PlannedPage]:
    """Decide per page: create, overwrite (``force``), unchanged, or kept (edited)."""
    existing = existing_pages(out)
    planned: list[PlannedPage] = []
    for scenario in scenarios:
        text = render_page(scenario)
        paths = existing.get(scenario.id.lower())
        if not paths:
            path = out / f"{scenario.id.lower()}-{slugify(scenario.title)}.md"
            planned.append(PlannedPage(scenario, path, text, "create"))
            continue
        path = paths[0]
        if path.read_bytes() == text.encode("utf-8"):
            action = "unchanged"
        else:
            action = "overwrite" if force else "kept"
        planned.append(PlannedPage(scenario, path, text, action))
    return planned


# --- writing: every file or none --------------------------------------------------------------


def _stage(path: Path, data: bytes, mode: int) -> Path:
    """A temporary file beside ``path`` holding ``data``, flushed to disk."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_files(changes: Sequence[tuple[Path, str]]) -> None:
    """Write every file or none: each new text is staged beside its target, then all are moved
    into place (``os.replace``, atomic per file); if a move fails, the files already moved are
    put back as they were and the error is raised."""
    staged: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path | None]] = []
    try:
        for path, text in changes:
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
            staged.append((path, _stage(path, text.encode("utf-8"), mode)))
            backups.append((path, _stage(path, path.read_bytes(), mode) if path.exists() else None))
        moved: list[int] = []
        try:
            for index, (path, temporary) in enumerate(staged):
                os.replace(temporary, path)
                moved.append(index)
        except BaseException:
            for index in reversed(moved):
                path, backup = backups[index]
                if backup is None:
                    path.unlink(missing_ok=True)
                else:
                    os.replace(backup, path)
            raise
    finally:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)
        for _, backup in backups:
            if backup is not None:
                backup.unlink(missing_ok=True)
