"""Search as a reader uses it: queries typed key by key into Material's search box in Chromium.

Each row is a query a reader would type and the scenario they are looking for, which must be
among the first three pages listed. The table covers exact error names, API and configuration
names, concepts in the reader's own words, technology names, scenario IDs and typos.

When a query fails, improve the site, not the query: the search separator (mkdocs.yml), or
the scenario's title, which Material's search weighs a thousand times more than body text.
(H11's title names its data loss: "failOnDataLoss" is searched as "fail on data loss", and
before, pages with "failed" or "data" in their titles ranked above it, 21st.)
"""

from __future__ import annotations

import pytest
import screenshots as browser_helpers

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
    """The home page on a desktop with the search box open and its index loaded."""
    context = browser.new_context(**browser_helpers.DESKTOP)
    page = context.new_page()
    page.goto(site_server.url)
    browser_helpers.open_search(page)
    yield page
    context.close()


def test_the_table_covers_what_readers_type(scenario_urls):
    assert len(QUERIES) >= 25
    assert {kind for kind, _, _ in QUERIES} == {ERROR, API, CONCEPT, TECHNOLOGY, ID, TYPO}
    assert {expected for _, _, expected in QUERIES} <= set(scenario_urls)


@pytest.mark.parametrize(("kind", "query", "expected"), QUERIES, ids=[f"{kind}-{query}" for kind, query, _ in QUERIES])
def test_query_finds_its_scenario_in_the_top_three(search_page, site_server, scenario_urls, kind, query, expected):
    found = browser_helpers.search(search_page, query, site_server.url)
    wanted = scenario_urls[expected]
    rank = found.index(wanted) + 1 if wanted in found else None
    assert rank is not None and rank <= 3, (
        f"{query!r} ({kind}): {expected} is {f'number {rank}' if rank else 'not'} in the results; "
        f"the first five are {found[:5]}"
    )
