"""The repository's real site, built once per session with ``mkdocs build --strict``.

Every scenario must be reachable from its bucket page, its difficulty section and each of its
technology sections, show its ID, badge and links, and be listed in scenarios.json.
"""

import re
import shutil

import pytest
import yaml

from macros import REPO_ROOT
from macros import catalog as catalog_module

EXTERNAL_RESOURCE = re.compile(r'<(?:script|img|iframe|source)\b[^>]*\bsrc="(?:https?:)?//|<link\b(?=[^>]*\brel="(?:stylesheet|preload|modulepreload|preconnect|dns-prefetch|icon)")[^>]*\bhref="(?:https?:)?//')


@pytest.fixture(scope="module")
def site(real_site):
    assert real_site.returncode == 0, real_site.output
    return real_site


@pytest.fixture(scope="module")
def catalog():
    return catalog_module.load_catalog()


@pytest.fixture(scope="module")
def urls(site):
    return {entry["id"]: entry["url"] for entry in site.json("scenarios.json")}


def test_strict_build_has_no_warning_and_reads_the_catalog_once(site, catalog):
    assert "WARNING" not in site.output
    assert site.output.count("read once for this build") == 1
    assert f"catalog: {len(catalog)} scenarios in 11 buckets" in site.output


def test_scenarios_json_lists_every_scenario_sorted_by_id(site, catalog):
    entries = site.json("scenarios.json")
    assert [e["id"] for e in entries] == [s.id for s in catalog.scenarios]
    assert len(entries) == len(list((REPO_ROOT / "docs" / "scenarios").glob("*.md"))) >= 50
    # The entry is the page's own front matter: compare with the file, not with today's content.
    front = yaml.safe_load((REPO_ROOT / "docs/scenarios/h11-zombie-kafka-offsets.md").read_text(encoding="utf-8").split("---\n")[1])
    assert entries[[e["id"] for e in entries].index("H11")] == {
        "id": "H11", "title": front["title"], "url": "scenarios/h11-zombie-kafka-offsets/",
        "difficulty": front["difficulty"], "bucket": front["bucket"], "technologies": front["technologies"],
        "short_url": "h11/",
    }
    for entry in entries:
        assert (site.dir / entry["url"] / "index.html").is_file(), entry


def test_every_scenario_is_linked_from_its_bucket_difficulty_and_technology_entries(site, catalog, urls):
    bucket_links = {b.key: site.links(f"buckets/{b.key}/") for b in catalog.buckets}
    difficulty = {d: site.links(f"indexes/difficulty/{d}/") for d in catalog_module.DIFFICULTIES}
    technology_sections = site.sections("indexes/technologies/")
    technology_pages = {key: site.links(f"indexes/technologies/{key}/") for key in technology_sections}
    missing = []
    for scenario in catalog.scenarios:
        url = urls[scenario.id]
        if url not in site.links(f"buckets/{scenario.bucket}/", scenario.difficulty):
            missing.append(f"{scenario.id}: bucket page {scenario.bucket}#{scenario.difficulty}")
        for key in scenario.also_in:
            if url not in bucket_links[key]:
                missing.append(f"{scenario.id}: also_in bucket page {key}")
        if url not in difficulty[scenario.difficulty]:
            missing.append(f"{scenario.id}: difficulty index #{scenario.difficulty}")
        for key in scenario.technologies:
            if key not in technology_sections or url not in technology_pages[key]:
                missing.append(f"{scenario.id}: technology index #{key}")
    assert missing == []


def test_every_scenario_page_shows_its_id_badge_and_links(site, catalog, urls):
    for scenario in catalog.scenarios:
        url = urls[scenario.id]
        article = site.article(url)
        assert f'<p class="scenario-meta"><strong>{scenario.id}</strong> · ' in article, scenario.id
        assert f'class="difficulty difficulty-{scenario.difficulty}"' in article, scenario.id
        links = site.links(url)
        expected = {f"indexes/difficulty/{scenario.difficulty}/", f"buckets/{scenario.bucket}/"}
        expected |= {f"indexes/technologies/{key}/" for key in scenario.technologies}
        assert expected <= links, scenario.id
        related = {urls[i] for i in catalog.related[scenario.id]}
        assert site.links(url, "related-scenarios") == related, scenario.id


def test_nav_lists_index_pages_not_scenarios_so_pages_stay_small(site, urls):
    page = site.html(urls["H11"])
    nav = page[page.index('<nav class="md-nav md-nav--primary') : page.index('<nav class="md-nav md-nav--secondary')]
    assert "indexes/technologies/" in nav and "answer-framework/" in nav
    assert not re.search(r'href="(?:\.\./)*scenarios/', nav)
    # What the theme adds around the content stays small, however many scenarios there are.
    assert len(page.encode()) - len(site.article(urls["H11"]).encode()) < 25_000


def test_matrix_cells_link_to_bucket_difficulty_sections(site, catalog):
    links = site.links("indexes/matrix/")
    for bucket in catalog.buckets:
        for difficulty in catalog_module.DIFFICULTIES:
            target = f"buckets/{bucket.key}/#{difficulty}"
            assert (target in links) == bool(catalog.in_cell(bucket.key, difficulty)), target


def test_every_scenario_page_is_in_the_search_index_with_its_id(site, catalog, urls):
    """Pagefind indexes the scenario pages and no other (macros/search.py, overrides/main.html)."""
    assert site.json("pagefind/pagefind-entry.json")["languages"]["en"]["page_count"] == len(catalog)
    for scenario in catalog.scenarios:
        assert f'data-pagefind-body data-pagefind-meta="id:{scenario.id}"' in site.html(urls[scenario.id]), scenario.id
    indexed = {p.parent.relative_to(site.dir).as_posix() + "/" for p in site.dir.rglob("*.html")
               if "data-pagefind-body" in p.read_text(encoding="utf-8")}
    assert indexed == set(urls.values())


def test_no_page_loads_anything_from_another_host(site):
    offenders = []
    for path in sorted(site.dir.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if EXTERNAL_RESOURCE.search(text) or 'data-md-component="source"' in text:
            offenders.append(str(path.relative_to(site.dir)))
    assert offenders == []
    assert "fonts.googleapis.com" not in site.html("")


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run pagefind.js")
def test_search_finds_identifiers_whole_and_by_parts(site, tmp_path):
    """The site's Pagefind index finds camelCase names whole and by their parts, and IDs."""
    from test_search_build import pagefind_search

    queries = ["mapGroupsWithState", "OffsetOutOfRangeException", "Exception", "failOnDataLoss", "H11"]
    found = pagefind_search(site.dir, queries, tmp_path)
    assert {"H12", "M33"} <= set(found["mapGroupsWithState"])
    assert found["OffsetOutOfRangeException"][0] == "H11"
    assert "H11" in found["Exception"]
    assert "H11" in found["failOnDataLoss"]
    assert found["H11"][0] == "H11"


def test_every_scenario_page_says_what_it_was_checked_against(site, catalog, urls):
    for scenario in catalog.scenarios:
        text = site.text(urls[scenario.id])
        assert re.search(r"Checked against .+? \((January|February|March|April|May|June|July|August|"
                         r"September|October|November|December) 20\d\d\)\.", text), scenario.id
