"""Shared test setup: hypothesis profiles, the accessibility options, mini-sites and the real site.

Tests import the project's packages by name (``from deis import parse``, ``from macros import
render``, ``from scripts import screenshots``): the Makefile puts the repository on the venv's path.
"""

import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# `pytest --hypothesis-profile=thorough` for a long search; the default keeps `make test` quick.
settings.register_profile("default", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("default")


def pytest_addoption(parser):
    """`make a11y-all` runs the accessibility sweep on every page instead of a sample."""
    group = parser.getgroup("accessibility")
    group.addoption("--a11y-all", action="store_true", help="axe on every HTML page of the site (slow)")
    group.addoption("--a11y-seed", type=int, default=2026, help="seed of the sample of scenario pages (default 2026)")


# --- the site: mini-sites and the real site, built with `mkdocs build --strict` -----------------
# (added for tests/test_site_*.py; everything above is the scripts' setup)

import html as _html  # noqa: E402
import json as _json  # noqa: E402
import os as _os  # noqa: E402
import re as _re  # noqa: E402
import shutil as _shutil  # noqa: E402
import subprocess as _subprocess  # noqa: E402
from urllib.parse import urljoin as _urljoin, urlsplit as _urlsplit  # noqa: E402

import pytest  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parent.parent

# What a mini-site copies from the repository: the build code, the data, the hand-written pages.
SITE_SOURCES = (
    "mkdocs.yml",
    "macros",
    "data",
    "schemas",
    "overrides",
    "docs/index.md",
    "docs/answer-framework.md",
    "docs/practice.md",
    "docs/javascripts",
    "docs/indexes",
    "docs/stylesheets",
)


class BuiltSite:
    """A site built into ``site_dir``, with the build's output, read as a person's browser would."""

    def __init__(self, site_dir: Path, result: "_subprocess.CompletedProcess[str]") -> None:
        self.dir = site_dir
        self.returncode = result.returncode
        self.output = result.stdout + result.stderr

    def html(self, url: str) -> str:
        """The HTML of a site-relative URL such as ``buckets/batch/``."""
        path = self.dir / url
        return (path / "index.html" if url == "" or url.endswith("/") else path).read_text(encoding="utf-8")

    def article(self, url: str) -> str:
        """The page's content (what Markdown produced), without the theme's header and nav."""
        page = self.html(url)
        return page[page.index("<article") : page.index("</article>")]

    def text(self, url: str) -> str:
        """The article as plain text, entities decoded."""
        return _html.unescape(_re.sub(r"<[^>]+>", "", self.article(url)))

    def sections(self, url: str) -> dict[str, str]:
        """The article's ``<h2 id=...>`` sections, by anchor."""
        parts = _re.split(r'(<h2[^>]*\bid="[^"]+")', self.article(url))
        found = {}
        for head, body in zip(parts[1::2], parts[2::2]):
            found[_re.search(r'\bid="([^"]+)"', head).group(1)] = body
        return found

    def links(self, url: str, fragment: str | None = None) -> set[str]:
        """Site-relative targets of the links in a page's article (or in one of its sections)."""
        chunk = self.sections(url)[fragment] if fragment else self.article(url)
        base = "http://site.invalid/" + url
        targets = set()
        for tag in _re.findall(r"<a\b[^>]*>", chunk):
            if 'class="headerlink"' in tag or "href=" not in tag:
                continue  # the heading's own permalink
            href = _re.search(r'\bhref="([^"]*)"', tag).group(1)
            parts = _urlsplit(_urljoin(base, _html.unescape(href)))
            if parts.netloc == "site.invalid":
                targets.add(parts.path.lstrip("/") + (f"#{parts.fragment}" if parts.fragment else ""))
        return targets

    def json(self, name: str):
        return _json.loads((self.dir / name).read_text(encoding="utf-8"))


def run_mkdocs_build(project: Path, site_dir: Path) -> BuiltSite:
    """``mkdocs build --strict`` of ``project`` in a fresh interpreter (never ``-v``: in MkDocs
    1.6.1 it switches off the anchor check)."""
    env = dict(_os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "--config-file",
               str(project / "mkdocs.yml"), "--site-dir", str(site_dir)]
    result = _subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    return BuiltSite(site_dir, result)


def copy_site_sources(project: Path) -> Path:
    """Copy what a build needs (not the scenario pages) from the repository into ``project``."""
    ignore = _shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in SITE_SOURCES:
        source, target = REPO_ROOT / name, project / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            _shutil.copytree(source, target, ignore=ignore)
        else:
            _shutil.copy2(source, target)
    (project / "docs" / "scenarios").mkdir(parents=True, exist_ok=True)
    return project


def build_mini_site(root: Path, pages: dict[str, str], edit: dict | None = None) -> BuiltSite:
    """Copy the site's code and hand-written pages into ``root/project`` with only the given
    scenario pages, apply ``edit`` (file -> function of its text), build strictly into ``root/site``."""
    project = copy_site_sources(root / "project")
    for name, text in pages.items():
        (project / "docs" / "scenarios" / name).write_text(text, encoding="utf-8")
    for name, change in (edit or {}).items():
        path = project / name
        path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    return run_mkdocs_build(project, root / "site")


@pytest.fixture(scope="session")
def mini_site_builder():
    """:func:`build_mini_site`, for fixtures with a wider scope than ``tmp_path``."""
    return build_mini_site


@pytest.fixture
def mini_site(tmp_path):
    """``mini_site({"e01-x.md": text, ...})`` -> BuiltSite, built in ``tmp_path``; ``edit`` changes
    a copied file first: ``mini_site(pages, edit={"docs/indexes/matrix.md": lambda t: t + "{{ x }}"})``."""

    def build(pages: dict[str, str], edit: dict | None = None) -> BuiltSite:
        return build_mini_site(tmp_path, pages, edit)

    return build


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> BuiltSite:
    """The repository's own site, built strictly once per test session into a temporary folder."""
    return run_mkdocs_build(REPO_ROOT, tmp_path_factory.mktemp("real-site") / "site")


# --- the browser: the built site in Chromium, for tests/test_browser_*.py -------------------------
# (added for the browser tests; everything above is unchanged)
#
# Debian's Chromium at /usr/bin/chromium, driven by Playwright (never `playwright install`: nothing
# is downloaded). Without it the browser tests skip and say how to install it; under CI=true a
# missing browser is an error, so CI cannot pass without having run them.

from scripts import screenshots as _browser  # noqa: E402  (server, launch flags, search)


def _browser_unavailable(reason: str) -> None:
    message = f"{reason}: {_browser.INSTALL_HINT}"
    if _os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and the browser tests cannot run. {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium() -> Path:
    """The Chromium the browser tests drive (skips the test, or fails it under CI, without one)."""
    if not (_browser.CHROMIUM.is_file() and _os.access(_browser.CHROMIUM, _os.X_OK)):
        _browser_unavailable(f"no Chromium at {_browser.CHROMIUM}")
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as error:
        _browser_unavailable(f"{error.name} is not installed (pip install -r requirements.txt)")
    return _browser.CHROMIUM


@pytest.fixture(scope="session")
def site_server(real_site):
    """The real site served on 127.0.0.1 on a free port, stopped when the session ends."""
    assert real_site.returncode == 0, real_site.output
    with _browser.serve_site(real_site.dir) as server:
        yield server


@pytest.fixture(scope="session")
def browser(chromium):
    """One Chromium for the whole session; each test opens its own context (cookies, storage,
    viewport and colour scheme are per context)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = _browser.launch_chromium(playwright)
        yield launched
        launched.close()
