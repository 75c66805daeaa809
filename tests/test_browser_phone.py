"""The site on a phone (375 × 667, touch): the navigation drawer opens, a bucket and a scenario
are reached by tapping, no page is wider than the screen, and the dark palette, once chosen,
stays chosen from page to page.
"""

from __future__ import annotations

import json

import pytest
from scripts import screenshots as browser_helpers
from test_browser_a11y import sample_pages

WIDTH = browser_helpers.PHONE["viewport"]["width"]
# The elements that reach past the right edge of the screen. Material clips the page sideways
# (html { overflow-x: hidden }), so the document's scrollWidth never shows this: whatever pokes
# out is cut off instead. An element inside a box that scrolls or clips within the screen (a code
# block, a table, an ellipsis) is fine; so is an element that is not shown.
WIDER_THAN_SCREEN = """() => {
    const width = document.documentElement.clientWidth;
    const heldInside = element => {
        for (let box = element.parentElement; box && box !== document.body; box = box.parentElement)
            if (getComputedStyle(box).overflowX !== "visible" && box.getBoundingClientRect().right <= width + 1)
                return true;
        return false;
    };
    const wide = [];
    for (const element of document.body.querySelectorAll("*")) {
        const rect = element.getBoundingClientRect();
        const spills = getComputedStyle(element).overflowX === "visible";
        const right = Math.max(rect.right, spills ? rect.left + element.scrollWidth : 0);
        if (!rect.width || !rect.height || right <= width + 1) continue;
        if (!element.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue;
        if (heldInside(element)) continue;
        const name = element.tagName.toLowerCase() + [...element.classList].map(c => "." + c).join("");
        wide.push(`${name} ends at ${Math.round(right)}px`);
    }
    return wide;
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(color_scheme="light", **browser_helpers.PHONE)
    yield context.new_page()
    context.close()


def drawer_is_open(page) -> bool:
    """The drawer's toggle is on and its navigation is on screen."""
    if not page.evaluate("() => document.getElementById('__drawer').checked"):
        return False
    box = page.locator("nav.md-nav--primary").bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH


def test_drawer_opens_and_a_bucket_and_a_scenario_are_reached_by_tapping(phone, site_server):
    page = phone
    page.goto(site_server.url)
    browser_helpers.settle(page)
    assert not drawer_is_open(page)
    assert page.evaluate(WIDER_THAN_SCREEN) == []

    browser_helpers.open_drawer(page)
    assert drawer_is_open(page)
    # With navigation.prune, "Buckets" leads to the first bucket, whose page lists them all.
    top_level = page.locator("nav.md-nav--primary > ul > li > a.md-nav__link")
    top_level.filter(has_text="Buckets").tap()
    page.wait_for_url(f"{site_server.url}buckets/batch/")

    browser_helpers.open_drawer(page)
    page.locator("nav.md-nav--primary").get_by_role("link", name="Streaming / Real-Time").tap()
    page.wait_for_url(f"{site_server.url}buckets/streaming/")
    assert page.title().startswith("Streaming / Real-Time")
    assert page.evaluate(WIDER_THAN_SCREEN) == []

    page.locator("article").get_by_role("link", name="M101 · Kafka lag explosion").tap()
    page.wait_for_url(f"{site_server.url}scenarios/m101-kafka-lag-explosion/")
    assert page.locator("article .scenario-meta strong").first.inner_text() == "M101"
    assert page.evaluate(WIDER_THAN_SCREEN) == []


def test_no_page_is_wider_than_a_phone(phone, site_server, real_site, request):
    """Every kind of page (all pages with --a11y-all; else the accessibility sweep's seeded
    sample), scrolled sideways by nobody: code blocks and tables scroll inside themselves, long
    words wrap."""
    urls = [""] + [f"{path.parent.relative_to(real_site.dir).as_posix()}/" for path in sorted(real_site.dir.glob("*/**/index.html"))]
    urls = [url for url in urls if 'http-equiv="refresh"' not in real_site.html(url)]
    assert len(urls) >= 70
    if not request.config.getoption("--a11y-all"):
        urls = [url for url, _ in sample_pages([(url, False) for url in urls], request.config.getoption("--a11y-seed"))]
        assert {"", "indexes/technologies/", "indexes/matrix/"} <= set(urls)
    # The search index plays no part in the layout; not building it on every load saves a third.
    phone.context.route("**/search/search_index.json", lambda route: route.abort())
    wide = {}
    for url in urls:
        phone.goto(site_server.url + url)
        browser_helpers.settle(phone)
        if found := phone.evaluate(WIDER_THAN_SCREEN):
            wide[url] = found
    assert wide == {}

    # The check sees what it should: a box wider than the screen in the article.
    phone.evaluate("() => document.querySelector('article').insertAdjacentHTML('beforeend', '<div style=\"width: 600px\">x</div>')")
    assert phone.evaluate(WIDER_THAN_SCREEN)


def test_dark_palette_is_chosen_with_the_toggle_and_kept_across_pages(phone, site_server):
    page = phone
    page.goto(site_server.url)
    browser_helpers.settle(page)
    scheme = "() => document.body.dataset.mdColorScheme"
    assert page.evaluate(scheme) == "default"  # the system says light (color_scheme above)

    # The toggle goes system -> light -> dark; tap until it shows the dark palette.
    toggle = page.locator("form[data-md-component=palette] label:visible")
    for _ in range(3):
        if page.evaluate(scheme) == "slate":
            break
        toggle.tap()
    assert page.evaluate(scheme) == "slate"
    stored = page.evaluate(
        "() => Object.entries(localStorage).filter(([key]) => key.endsWith('__palette'))"
    )
    assert len(stored) == 1 and json.loads(stored[0][1])["color"]["scheme"] == "slate"

    # A tapped link (Material's instant navigation) and a fresh page load both keep it.
    browser_helpers.open_drawer(page)
    page.locator("nav.md-nav--primary").get_by_role("link", name="How to answer").tap()
    page.wait_for_url(f"{site_server.url}answer-framework/")
    assert page.evaluate(scheme) == "slate"
    page.goto(site_server.url + "scenarios/h11-zombie-kafka-offsets/")
    browser_helpers.settle(page)
    assert page.evaluate(scheme) == "slate"
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)", "the page says slate but is still painted white"
