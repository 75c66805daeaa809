"""Privacy and offline use: reading the site and searching it requests nothing from any host but
the one serving it (no fonts, no CDN, no analytics, no GitHub API).

Every request the pages make, the search worker's included, is recorded while the test loads
each kind of page on a desktop and on a phone, follows a short URL, hits a missing page, and
searches; anything addressed elsewhere is blocked, so the test never depends on a network.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest
from scripts import screenshots as browser_helpers

# One of each kind of page: Markdown with macros, generated bucket and index pages, a scenario,
# a permanent short URL (a redirect stub), the machine-readable list, a missing page (404).
PAGE_KINDS = [
    "",
    "answer-framework/",
    "buckets/streaming/",
    "indexes/technologies/",
    "indexes/difficulty/",
    "indexes/matrix/",
    "scenarios/h11-zombie-kafka-offsets/",
    "h12/",
    "scenarios.json",
    "no-such-page/",
]


# A phone loads the same files; it is checked on the pages whose layout differs most.
PAGES_BY_DEVICE = {"desktop": PAGE_KINDS, "phone": ["", "scenarios/h11-zombie-kafka-offsets/"]}


@pytest.mark.parametrize("device", list(PAGES_BY_DEVICE))
def test_no_request_leaves_the_test_server(browser, site_server, device):
    context = browser.new_context(**browser_helpers.DEVICES[device])
    requests: list[tuple[str, str]] = []
    context.on("request", lambda request: requests.append((request.url, request.resource_type)))
    context.route(lambda url: urlsplit(url).netloc != site_server.host, lambda route: route.abort())
    page = context.new_page()
    try:
        for url in PAGES_BY_DEVICE[device]:
            page.goto(site_server.url + url, wait_until="networkidle")
            if url == "no-such-page/":
                assert page.locator("h1").inner_text() == "Page not found"
            if url == "h12/":  # the short URL's refresh has led to the scenario
                assert page.url == site_server.url + "scenarios/h12-backfilling-stateful-streaming/"

        page.goto(site_server.url, wait_until="networkidle")
        browser_helpers.open_search(page)
        found = browser_helpers.search(page, "failOnDataLoss kafak", site_server.url)  # a typo: the vocabulary too
        assert found[0] == "scenarios/h11-zombie-kafka-offsets/"
        page.locator(f"{browser_helpers.SEARCH_RESULTS} a").first.click()
        page.wait_for_url("**/scenarios/h11-zombie-kafka-offsets/**")
        page.locator("article mark.search-hit").first.wait_for()  # the highlighter's module
        page.wait_for_load_state("networkidle")
    finally:
        context.close()

    network = [(url, kind) for url, kind in requests if urlsplit(url).scheme in ("http", "https", "ws", "wss")]
    elsewhere = sorted({url for url, _ in network if urlsplit(url).netloc != site_server.host})
    assert elsewhere == [], f"requests to other hosts: {elsewhere}"
    paths = {urlsplit(url).path for url, _ in network}
    # The log sees everything, the search worker's fetches of the index included.
    assert {"/pagefind/pagefind.js", "/pagefind/pagefind-worker.js", "/javascripts/search-highlight.js"} <= paths
    assert any(path.startswith("/pagefind/index/") for path in paths)
    assert any(path.startswith("/pagefind/vocabulary/") for path in paths)
    kinds = Counter(kind for _, kind in network)
    print(f"\n{device}: {len(network)} requests, all to {site_server.host}: {dict(sorted(kinds.items()))}")
