"""Search as a reader uses it: queries typed key by key into the header's search box in Chromium,
and the box itself (keyboard, shareable address, highlights, phone, nothing loaded before use).

Two sets of queries:

- tests/data/search_queries.yml, written independently of the pages' wording, the way people
  ask (questions, symptoms and error messages, short keywords with typos). A query is found
  when one of its expected scenarios is among the first three results (top 3), and first
  (top 1). The test prints both rates and fails under QUALITY.
- QUERIES below: the regression table kept from Material's search (exact error names, API and
  configuration names, concepts, technologies, IDs, typos), each of which must find its
  scenario in the first three.

When a query fails, improve the search, not the query: an alias in the scenario's front matter
for words readers use that the page does not (``aliases:``), the weights in macros/search.py,
the ranking in docs/javascripts/search.js.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from scripts import screenshots as browser_helpers
import yaml

QUERY_SET = Path(__file__).resolve().parent / "data" / "search_queries.yml"
# The share of the query set whose expected scenario must be first / among the first three.
QUALITY = {"top 1": 0.80, "top 3": 0.95}

ERROR, API, CONCEPT, TECHNOLOGY, ID, TYPO = "error", "api", "concept", "technology", "id", "typo"

# (kind, query as typed, the scenario the reader wants)
QUERIES = [
    (ERROR, "OffsetOutOfRangeException", "H11"),
    (ERROR, "ConcurrentAppendException", "H01"),
    (ERROR, "KAFKA_DATA_LOSS", "H11"),
    (API, "mapGroupsWithState", "M33"),
    (API, "transformWithState", "M33"),
    (API, "failOnDataLoss", "H11"),
    (API, "retention.ms", "H11"),
    (API, "availableNow", "SD05"),
    (API, "linger.ms", "SD03"),
    (API, "replaceWhere", "SD08"),
    (CONCEPT, "write audit publish", "H15"),
    (CONCEPT, "late arriving data", "SD07"),
    (CONCEPT, "exactly once", "SD12"),
    (CONCEPT, "right to be forgotten", "H04"),
    (CONCEPT, "rerun failed job", "E101"),
    (CONCEPT, "stale dashboard", "M104"),
    (CONCEPT, "alert fatigue", "H102"),
    (CONCEPT, "double counting", "SD20"),
    (CONCEPT, "out of order events", "SD14"),
    (CONCEPT, "consumer lag", "M101"),
    (CONCEPT, "slowly changing dimension", "M39"),
    (CONCEPT, "data skew", "H17"),
    (CONCEPT, "python udf slow", "M32"),
    (CONCEPT, "row level security", "H02"),
    (TECHNOLOGY, "Snowflake", "H05"),
    (TECHNOLOGY, "Kinesis", "SD11"),
    (TECHNOLOGY, "MLflow", "M40"),
    (TECHNOLOGY, "RocksDB", "M33"),
    (TECHNOLOGY, "dbt snapshot", "M39"),
    (ID, "H11", "H11"),
    (ID, "sd12", "SD12"),
    (TYPO, "zombie kafak offsets", "H11"),
    (TYPO, "exactly once semantcs", "SD12"),
    (TYPO, "idempotant api writes", "H08"),
]


@pytest.fixture(scope="module")
def scenario_urls(real_site) -> dict[str, str]:
    return {entry["id"]: entry["url"] for entry in real_site.json("scenarios.json")}


@pytest.fixture(scope="module")
def search_page(browser, site_server):
    """The home page on a desktop with the search box focused."""
    context = browser.new_context(**browser_helpers.DESKTOP)
    page = context.new_page()
    page.goto(site_server.url)
    browser_helpers.open_search(page)
    yield page
    context.close()


def rank_of(found: list[str], urls: list[str]) -> int | None:
    ranks = [found.index(url) + 1 for url in urls if url in found]
    return min(ranks) if ranks else None


# --- quality ------------------------------------------------------------------------------------


def test_the_tables_cover_what_readers_type(scenario_urls):
    assert len(QUERIES) >= 25
    assert {kind for kind, _, _ in QUERIES} == {ERROR, API, CONCEPT, TECHNOLOGY, ID, TYPO}
    assert {expected for _, _, expected in QUERIES} <= set(scenario_urls)
    queries = yaml.safe_load(QUERY_SET.read_text(encoding="utf-8"))["queries"]
    assert len(queries) >= 150
    assert {q["kind"] for q in queries} == {"question", "symptom", "keyword"}
    assert {i for q in queries for i in q["expected"]} <= set(scenario_urls)


def test_the_query_set_finds_its_scenarios(search_page, site_server, scenario_urls, capsys):
    """Every query of tests/data/search_queries.yml, typed; top 1 and top 3 printed, by kind."""
    queries = yaml.safe_load(QUERY_SET.read_text(encoding="utf-8"))["queries"]
    counts: dict[str, list[int]] = {}
    missed = []
    for item in queries:
        found = browser_helpers.search(search_page, item["query"], site_server.url)
        rank = rank_of(found, [scenario_urls[i] for i in item["expected"]])
        for kind in (item["kind"], "all"):
            row = counts.setdefault(kind, [0, 0, 0])
            row[0] += rank == 1
            row[1] += rank is not None and rank <= 3
            row[2] += 1
        if rank is None or rank > 3:
            missed.append(f"  {item['query']!r}: {item['expected']} is {f'number {rank}' if rank else 'not listed'}")
    report = [f"{kind:>9}: top 1 {one / n:.1%}, top 3 {three / n:.1%} of {n}" for kind, (one, three, n) in counts.items()]
    with capsys.disabled():
        print("\nsearch quality, " + QUERY_SET.name + ":\n" + "\n".join(report))
    one, three, n = counts["all"]
    assert one / n >= QUALITY["top 1"] and three / n >= QUALITY["top 3"], (
        "\n".join(report) + f"\nnot in the top 3 ({len(missed)}):\n" + "\n".join(missed)
    )


@pytest.mark.parametrize(("kind", "query", "expected"), QUERIES, ids=[f"{kind}-{query}" for kind, query, _ in QUERIES])
def test_query_finds_its_scenario_in_the_top_three(search_page, site_server, scenario_urls, kind, query, expected):
    found = browser_helpers.search(search_page, query, site_server.url)
    rank = rank_of(found, [scenario_urls[expected]])
    assert rank is not None and rank <= 3, (
        f"{query!r} ({kind}): {expected} is {f'number {rank}' if rank else 'not'} in the results; "
        f"the first five are {found[:5]}"
    )


# --- the box --------------------------------------------------------------------------------------


@pytest.fixture
def desktop(browser):
    context = browser.new_context(**browser_helpers.DESKTOP)
    yield context.new_page()
    context.close()


def test_nothing_is_downloaded_for_search_before_the_reader_starts(browser, site_server):
    context = browser.new_context(**browser_helpers.DESKTOP)
    paths: list[str] = []
    context.on("request", lambda request: paths.append(urlsplit(request.url).path))
    page = context.new_page()
    try:
        page.goto(site_server.url + "scenarios/h11-zombie-kafka-offsets/", wait_until="networkidle")
        page.mouse.wheel(0, 800)
        page.wait_for_timeout(300)
        loaded = [p for p in paths if "/pagefind/" in p or "search-highlight" in p]
        assert loaded == [], f"loaded before any search: {loaded}"
        browser_helpers.open_search(page)
        page.wait_for_function("() => performance.getEntriesByType('resource').some(e => e.name.includes('/pagefind/pagefind.js'))")
        assert browser_helpers.search(page, "zombie", site_server.url)[0] == "scenarios/h11-zombie-kafka-offsets/"
        assert any(p.endswith(".pf_index") for p in paths) and any(p.endswith(".pf_fragment") for p in paths)
    finally:
        context.close()


def test_slash_focuses_the_box_but_not_while_typing(desktop, site_server):
    desktop.goto(site_server.url + "practice/")
    box = desktop.locator(browser_helpers.SEARCH_INPUT)
    assert box.get_attribute("type") == "search"
    label = desktop.evaluate("id => document.querySelector(`label[for=${id}]`).textContent", box.get_attribute("id"))
    assert "Search" in label
    desktop.keyboard.press("/")
    assert desktop.evaluate("() => document.activeElement.matches('[data-search-input]')")
    assert box.input_value() == ""
    # In another field "/" is a character, not the shortcut.
    desktop.evaluate("""() => {
        const field = document.createElement("textarea");
        field.id = "notes";
        document.querySelector("article").prepend(field);
        field.focus();
    }""")
    desktop.keyboard.type("a/b")
    assert desktop.locator("#notes").input_value() == "a/b"
    assert desktop.evaluate("() => document.activeElement.id") == "notes"


def test_results_show_id_title_difficulty_and_question_with_marks(desktop, site_server):
    desktop.goto(site_server.url)
    browser_helpers.open_search(desktop)
    browser_helpers.search(desktop, "zombie offsets", site_server.url)
    first = desktop.locator(f"{browser_helpers.SEARCH_RESULTS} a").first
    assert first.locator(".site-search__id").inner_text() == "H11"
    assert "Zombie Kafka Offsets" in first.locator(".site-search__title").inner_text()
    assert first.locator(".site-search__difficulty").inner_text() == "Hard"
    question = first.locator(".site-search__question")
    assert "Checkpoint says offset 500" in question.inner_text()
    assert "offset" in question.locator("mark").first.inner_text().lower()
    assert "match" in desktop.locator(browser_helpers.SEARCH_STATUS).inner_text()


def test_keyboard_moves_through_results_opens_and_closes(desktop, site_server):
    desktop.goto(site_server.url)
    box = browser_helpers.open_search(desktop)
    browser_helpers.search(desktop, "kafka", site_server.url)
    links = desktop.locator(f"{browser_helpers.SEARCH_RESULTS} a")
    assert links.count() >= 3
    desktop.keyboard.press("ArrowDown")
    assert desktop.evaluate("() => document.activeElement === document.querySelector('[data-search-results] a')")
    desktop.keyboard.press("ArrowDown")
    second = links.nth(1).get_attribute("href")
    assert desktop.evaluate("() => document.activeElement.getAttribute('href')") == second
    desktop.keyboard.press("ArrowUp")
    desktop.keyboard.press("ArrowUp")
    assert desktop.evaluate("() => document.activeElement.matches('[data-search-input]')")
    desktop.keyboard.press("Escape")
    assert desktop.locator("[data-search-panel]").is_hidden()
    assert "q=" not in desktop.url
    # Enter in the box opens the first result.
    browser_helpers.search(desktop, "zombie", site_server.url)
    box.press("Enter")
    desktop.wait_for_url("**/scenarios/h11-zombie-kafka-offsets/**")


def test_the_address_carries_the_query_and_opens_its_results(desktop, site_server):
    desktop.goto(site_server.url)
    browser_helpers.open_search(desktop)
    browser_helpers.search(desktop, "alert fatigue", site_server.url)
    assert parse_qs(urlsplit(desktop.url).query)["q"] == ["alert fatigue"]
    shared = desktop.url
    other = desktop.context.new_page()
    other.goto(shared)
    browser_helpers.wait_for_results(other, "alert fatigue")
    assert other.locator(browser_helpers.SEARCH_INPUT).input_value() == "alert fatigue"
    found = other.locator(f"{browser_helpers.SEARCH_RESULTS} a").first.get_attribute("href")
    assert "h102-alerting-on-2000-tables-without-alert-fatigue" in found


def test_a_result_opens_with_the_words_highlighted(desktop, site_server):
    desktop.goto(site_server.url)
    browser_helpers.open_search(desktop)
    browser_helpers.search(desktop, "zombie kafak offsets", site_server.url)  # "kafak": corrected
    link = desktop.locator(f"{browser_helpers.SEARCH_RESULTS} a").first
    assert parse_qs(urlsplit(link.get_attribute("href")).query)["highlight"] == ["zombie kafka offsets"]
    link.click()
    desktop.wait_for_url("**/scenarios/h11-zombie-kafka-offsets/**")
    desktop.locator("article mark.search-hit").first.wait_for()
    words = {m.lower() for m in desktop.locator("article mark.search-hit").all_inner_texts()}
    assert {"zombie", "kafka", "offsets"} <= words
    assert desktop.locator("[data-search-panel]").is_hidden()


def test_the_404_page_button_opens_the_search(desktop, site_server):
    desktop.goto(site_server.url + "no-such-page/")
    button = desktop.locator("button[data-open-search]")
    button.focus()
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("() => document.activeElement.matches('[data-search-input]')")


def test_on_a_phone_the_header_button_opens_the_box_and_results_fit(browser, site_server):
    context = browser.new_context(**browser_helpers.PHONE)
    page = context.new_page()
    try:
        page.goto(site_server.url + "scenarios/m33-stateful-streaming/")
        box = page.locator(browser_helpers.SEARCH_INPUT)
        assert box.is_hidden()
        toggle = page.locator(browser_helpers.SEARCH_TOGGLE)
        assert toggle.get_attribute("aria-expanded") == "false"
        browser_helpers.open_search(page)
        assert toggle.get_attribute("aria-expanded") == "true"
        found = browser_helpers.search(page, "exactly once", site_server.url)
        assert found[0] == "scenarios/sd12-how-do-you-guarantee-exactly-once-semantics/"
        width = page.evaluate("() => document.documentElement.clientWidth")
        for box_ in page.locator(f"{browser_helpers.SEARCH_RESULTS} a, [data-search-form]").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect().toJSON())"
        ):
            assert box_["left"] >= 0 and box_["right"] <= width + 0.5, box_
        assert page.evaluate("() => document.documentElement.scrollWidth") <= width
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
        assert box.is_hidden() and toggle.get_attribute("aria-expanded") == "false"
    finally:
        context.close()
