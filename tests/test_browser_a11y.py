"""Accessibility in a real browser: axe-core's WCAG 2 A and AA rules on the built site, in the
light and the dark palette, with 0 violations.

Every kind of page is checked: each page that is one of a kind (home, answer framework, each
index, 404) and a seeded sample of the kinds that grow with the collection (scenario pages,
bucket pages, technology pages, short-URL redirect stubs), so the sweep's time does not grow with
the number of scenarios. ``make a11y-all`` (``pytest --a11y-all``) checks every HTML file instead;
``--a11y-seed N`` draws another sample. Pages in both palettes; the short-URL redirect pages
(/h11/) have no stylesheet and so no palette: once. The palette is Material's own, chosen the way a reader's
system chooses it (``prefers-color-scheme``), and the test checks that Material applied it
before axe runs. What a page shows only after a tap (search results, the phone's navigation
drawer) is checked too, and a scenario page opened from a search result, its words highlighted. Contrast that fell short in Material's palettes is fixed in
docs/stylesheets/extra.css; no rule is switched off and no page is skipped.

This is the slowest part of the suite (axe's colour-contrast rule takes most of a second on a
long page): the pages are shared among a few worker threads, each with its own Chromium
(Playwright's sync API is one browser per thread), and axe is injected once per context.
"""

from __future__ import annotations

import os
import queue
import random
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from scripts import screenshots as browser_helpers

# WCAG 2.0, 2.1 and 2.2, levels A and AA: every rule axe-core tags with one of these.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
AXE_RUN = "options => axe.run(document, options).then(results => results.violations)"
WORKERS = max(1, min(4, os.cpu_count() or 1))
# How many pages of each kind that grows with the collection the default sweep checks.
SAMPLE_SIZES = {"scenario": 8, "bucket": 2, "technology": 2, "redirect": 2}


@dataclass(frozen=True)
class Job:
    scheme: str  # "light" or "dark"
    url: str  # site-relative
    redirect: bool  # a short-URL stub that sends the reader on with <meta http-equiv="refresh">


def site_pages(site_dir: Path) -> list[tuple[str, bool]]:
    """(site-relative URL, is a redirect stub) for every HTML file of the build."""
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        relative = path.relative_to(site_dir).as_posix()
        url = relative.removesuffix("index.html") if path.name == "index.html" else relative
        pages.append((url, 'http-equiv="refresh"' in path.read_text(encoding="utf-8")))
    return pages


def page_kind(url: str, redirect: bool) -> str:
    """The template a page is made from: pages of one kind share their structure and styles."""
    if redirect:
        return "redirect"
    parts = url.strip("/").split("/")
    if parts[0] == "scenarios":
        return "scenario"
    if parts[0] == "buckets":
        return "bucket"
    if parts[:2] == ["indexes", "technologies"] and len(parts) > 2:
        return "technology"
    return url or "home"


def sample_pages(pages: list[tuple[str, bool]], seed: int, sizes: dict[str, int] = SAMPLE_SIZES) -> list[tuple[str, bool]]:
    """Every page whose kind has no sample size, and ``sizes[kind]`` pages drawn (with ``seed``)
    from each kind that has one."""
    by_kind: dict[str, list[tuple[str, bool]]] = {}
    for page in pages:
        by_kind.setdefault(page_kind(*page), []).append(page)
    rng = random.Random(seed)
    chosen = []
    for kind, members in sorted(by_kind.items()):
        size = sizes.get(kind)
        chosen += members if size is None or size >= len(members) else rng.sample(members, size)
    return sorted(chosen)


def describe(violation: dict) -> list[str]:
    """One line per offending element: rule, impact, selector and axe's own explanation."""
    lines = []
    for node in violation["nodes"]:
        checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
        why = checks[0]["message"] if checks else violation["help"]
        target = " ".join(str(part) for part in node["target"])
        lines.append(f"{violation['id']} ({violation['impact']}) {target}: {why}")
    return lines


def sweep(base_url: str, jobs: list[Job], axe_script: str, workers: int = WORKERS) -> dict[Job, list[str]]:
    """Run axe on every job; return the problems found, by job (an empty list when clean)."""
    from playwright.sync_api import sync_playwright

    todo: queue.Queue[Job] = queue.Queue()
    for job in jobs:
        todo.put(job)
    results: dict[Job, list[str]] = {}
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            with sync_playwright() as playwright:
                chromium = browser_helpers.launch_chromium(playwright)
                tabs = {}  # one page per (palette, redirect stub or not), reused job after job
                try:
                    while True:
                        try:
                            job = todo.get_nowait()
                        except queue.Empty:
                            return
                        key = (job.scheme, job.redirect)
                        if key not in tabs:
                            context = chromium.new_context(color_scheme=job.scheme, **browser_helpers.DESKTOP)
                            context.add_init_script(axe_script)
                            if job.redirect:
                                # A 204 answer to the refresh keeps the stub in the tab for axe.
                                context.route("**/scenarios/**", lambda route: route.fulfill(status=204))
                            tabs[key] = context.new_page()
                        found = check(tabs[key], base_url, job)
                        with lock:
                            results[job] = found
                finally:
                    chromium.close()
        except BaseException as error:  # noqa: BLE001 - re-raised in the test's thread below
            with lock:
                errors.append(error)

    threads = [threading.Thread(target=work, name=f"axe-{n}") for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def check(page, base_url: str, job: Job) -> list[str]:
    page.goto(base_url + job.url)
    browser_helpers.settle(page)
    if not job.redirect:
        scheme = page.evaluate("() => document.body.dataset.mdColorScheme")
        expected = browser_helpers.SCHEMES[job.scheme]
        if scheme != expected:
            return [f"Material shows the {scheme!r} scheme, expected {expected!r}: the palette was not applied"]
    violations = page.evaluate(AXE_RUN, AXE_OPTIONS)
    return [line for violation in violations for line in describe(violation)]


@pytest.fixture(scope="module")
def axe_script(chromium) -> str:
    """axe-core as axe-playwright-python bundles it (4.12.1), injected into every page."""
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


@pytest.fixture(scope="module")
def all_pages(real_site) -> list[tuple[str, bool]]:
    assert real_site.returncode == 0, real_site.output
    return site_pages(real_site.dir)


@pytest.fixture(scope="module")
def pages(all_pages, request) -> list[tuple[str, bool]]:
    """The pages the sweep checks: all of them with --a11y-all, else a seeded sample per kind."""
    if request.config.getoption("--a11y-all"):
        return all_pages
    return sample_pages(all_pages, request.config.getoption("--a11y-seed"))


@pytest.fixture(scope="module")
def axe_report(axe_script, site_server, pages) -> dict[Job, list[str]]:
    """Both palettes in one sweep, so that the workers share all the pages."""
    jobs = [
        Job(scheme, url, redirect)
        for url, redirect in pages
        # A redirect stub has no stylesheet, hence no palette: one check is all it needs.
        for scheme in (["light"] if redirect else browser_helpers.SCHEMES)
    ]
    return sweep(site_server.url, jobs, axe_script)


def test_the_sweep_covers_every_kind_of_page(all_pages, pages, request):
    urls = {url for url, _ in pages}
    assert {"", "404.html", "answer-framework/", "indexes/technologies/", "indexes/difficulty/"} <= urls
    kinds = {page_kind(*page) for page in all_pages}
    assert {page_kind(*page) for page in pages} == kinds, "every kind of page is checked"
    if not request.config.getoption("--a11y-all"):
        scenarios = [url for url, _ in pages if page_kind(url, False) == "scenario"]
        assert len(scenarios) == SAMPLE_SIZES["scenario"]


def test_the_sample_is_seeded_and_covers_each_kind():
    pages = [("", False), ("404.html", False), ("h11/", True), ("h12/", True), ("h13/", True)]
    pages += [(f"scenarios/s{n}/", False) for n in range(20)] + [(f"buckets/b{n}/", False) for n in range(5)]
    sizes = {"scenario": 3, "bucket": 2, "redirect": 1}
    first = sample_pages(pages, seed=1, sizes=sizes)
    assert first == sample_pages(pages, seed=1, sizes=sizes)
    assert first != sample_pages(pages, seed=2, sizes=sizes)
    kinds = [page_kind(*page) for page in first]
    assert sorted(kinds) == sorted(["home", "404.html", "redirect", "scenario", "scenario", "scenario", "bucket", "bucket"])


@pytest.mark.parametrize("scheme", list(browser_helpers.SCHEMES))
def test_every_page_has_no_wcag_a_or_aa_violation(axe_report, pages, scheme):
    checked = {job.url: found for job, found in axe_report.items() if job.scheme == scheme or job.redirect}
    assert set(checked) == {url for url, _ in pages}
    problems = [f"/{url}: {line}" for url, found in sorted(checked.items()) for line in found]
    assert not problems, f"{len(problems)} axe violations in the {scheme} palette:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", list(browser_helpers.SCHEMES))
@pytest.mark.parametrize("device", list(browser_helpers.DEVICES))
def test_open_search_results_and_drawer_have_no_violation(browser, axe_script, site_server, scheme, device):
    """What a page shows only after a tap: the search results, and on a phone the navigation."""
    context = browser.new_context(color_scheme=scheme, **browser_helpers.DEVICES[device])
    context.add_init_script(axe_script)
    page = context.new_page()
    try:
        page.goto(site_server.url)
        browser_helpers.settle(page)
        problems = []
        if device == "phone":
            browser_helpers.open_drawer(page)
            problems += [f"drawer: {line}" for v in page.evaluate(AXE_RUN, AXE_OPTIONS) for line in describe(v)]
            page.locator(".md-overlay").tap(position={"x": 360, "y": 300})  # close the drawer
            browser_helpers.finish_transitions(page)
        browser_helpers.open_search(page)
        assert browser_helpers.search(page, "exactly once", site_server.url)
        assert page.locator(f"{browser_helpers.SEARCH_RESULTS} mark.search-hit").count() > 0
        browser_helpers.finish_transitions(page)
        problems += [f"search: {line}" for v in page.evaluate(AXE_RUN, AXE_OPTIONS) for line in describe(v)]
        assert not problems, "\n".join(problems)
    finally:
        context.close()


@pytest.mark.parametrize("scheme", list(browser_helpers.SCHEMES))
def test_a_result_page_with_highlighted_words_has_no_violation(browser, axe_script, site_server, scheme):
    """The page a search result opens marks the searched words (?highlight=): the marks keep
    their contrast on any text (body, links, code) in both palettes."""
    context = browser.new_context(color_scheme=scheme, **browser_helpers.DESKTOP)
    context.add_init_script(axe_script)
    page = context.new_page()
    try:
        page.goto(site_server.url + "scenarios/h11-zombie-kafka-offsets/?highlight=kafka%20offsets%20failOnDataLoss")
        page.locator("article mark.search-hit").first.wait_for()
        browser_helpers.settle(page)
        assert page.locator("article a mark.search-hit, article code mark.search-hit").count() > 0
        problems = [line for v in page.evaluate(AXE_RUN, AXE_OPTIONS) for line in describe(v)]
        assert not problems, "\n".join(problems)
    finally:
        context.close()
