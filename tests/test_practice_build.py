"""Practice mode, the build's side (issue 10), on the real site built once per session: what a
page gives away before the answer, the pagers and their rel links, the short URLs in both cases
with the page's link preview, the 404 page, and the Anki and CSV decks.

What the reader does in a browser (Show answer, progress, the practice list, the mock interview)
is tested in tests/test_browser_practice.py.
"""

from __future__ import annotations

import csv
import html
import io
import re
import sqlite3
import zipfile

import markdown

from macros import catalog as catalog_module
from macros import decks, render
from test_site_real import catalog, site, urls  # noqa: F401  (the real site's fixtures)


def meta(page_html: str, name: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(name)}" content="([^"]*)"', page_html)
    assert match, name
    return html.unescape(match.group(1))


def test_nothing_above_the_question_names_the_bucket_or_a_technology(site, catalog, urls):
    for scenario in catalog.scenarios:
        article = site.article(urls[scenario.id])
        before = article[: article.index('id="interview-question"')]
        assert "buckets/" not in before and "indexes/technologies/" not in before, scenario.id
        assert f"<strong>{scenario.id}</strong>" in before, scenario.id
        after = article[article.index('id="about-this-scenario"') :]
        assert f"buckets/{scenario.bucket}/" in after, scenario.id


def test_pagers_link_neighbours_with_rel_and_say_the_position(site, catalog, urls):
    order = render.bucket_reading_order(catalog)
    for scenario in catalog.scenarios:
        page = site.html(urls[scenario.id])
        previous, following = order[scenario.id]
        position, total = render.bucket_position(catalog)[scenario.id]
        pagers = re.findall(r'<p class="scenario-pager">(.*?)</p>', page, re.DOTALL)
        assert len(pagers) == 2, scenario.id
        assert f"<strong>{position} of {total}</strong>" in pagers[0], scenario.id
        assert f"<strong>{position} of {total} in " in pagers[1], scenario.id
        for neighbour, rel in ((previous, "prev"), (following, "next")):
            slug = urls[neighbour.id].split("/")[1] if neighbour else None
            links = re.findall(rf'<a href="\.\./([^"/]+)/" rel="{rel}"', page)
            head = re.findall(rf'<link rel="{rel}" href="\.\./([^"/]+)/">', page)
            assert links == ([slug, slug] if neighbour else []), (scenario.id, rel)
            assert head == ([slug] if neighbour else []), (scenario.id, rel)
            if neighbour:
                label = render.DIFFICULTY_LABELS[neighbour.difficulty]
                assert re.search(rf'rel="{rel}"[^>]*>[^<]*</a> · {label}', pagers[0]), (scenario.id, rel)
        # the theme's own footer links are hidden: the pagers replace them
        assert re.search(r'<nav class="md-footer__inner md-grid" aria-label="[^"]*"\s+hidden', page) or "md-footer__link" not in page


def test_short_urls_work_in_both_cases_and_preview_like_the_page(site, catalog, urls):
    for scenario in catalog.scenarios:
        page = site.html(urls[scenario.id])
        for spelling in (scenario.id.lower(), scenario.id.upper()):
            stub = site.html(f"{spelling}/")
            assert f'content="0; url=../{urls[scenario.id]}"' in stub, spelling
            for name in ("og:title", "og:description", "og:url", "description"):
                assert meta(stub, name) == meta(page, name), (spelling, name)


def test_link_preview_title_and_a_description_that_is_not_the_title(site, catalog, urls):
    for scenario in catalog.scenarios:
        page = site.html(urls[scenario.id])
        bucket = catalog.bucket_by_key[scenario.bucket].name.split(" / ")[0]
        expected = f"{scenario.id} · {render.DIFFICULTY_LABELS[scenario.difficulty]} · {bucket}: {scenario.title}"
        assert meta(page, "og:title") == expected
        description = meta(page, "og:description")
        words = lambda text: re.findall(r"[a-z0-9]+", text.casefold())  # noqa: E731
        assert len(words(description)) >= 5 and words(description) != words(scenario.title), scenario.id
    assert meta(site.html(urls["M33"]), "og:title") == "M33 · Medium · Streaming: Stateful Streaming"


def test_the_404_page_explains_short_links_and_offers_search(site):
    page = site.html("404.html")
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "Page not found" in text
    assert "/m33/" in text and "/M33/" in text and "either case works" in text
    assert '<button type="button" class="not-found-search" data-open-search>search the site</button>' in page
    assert "data-not-found-suggestion" in page


def test_home_links_the_practice_page_and_the_decks(site):
    links = site.links("")
    assert {"practice/", decks.APKG_URI, decks.CSV_URI} <= links
    assert 'data-progress-summary' in site.article("")
    assert 'data-practice-filters' in site.article("practice/")


def test_the_anki_deck_has_one_tagged_card_per_scenario(site, catalog, tmp_path):
    archive = zipfile.ZipFile(site.dir / decks.APKG_URI)
    archive.extract("collection.anki2", tmp_path)
    database = sqlite3.connect(tmp_path / "collection.anki2")
    notes = database.execute("SELECT flds, tags FROM notes").fetchall()
    cards = database.execute("SELECT count(*) FROM cards").fetchone()[0]
    assert len(notes) == cards == len(catalog)
    by_id = {fields.split("\x1f")[0]: (fields.split("\x1f"), tags.split()) for fields, tags in notes}
    assert set(by_id) == {s.id for s in catalog.scenarios}
    fields, tags = by_id["M33"]
    scenario = catalog.by_id["M33"]
    assert f"bucket::{scenario.bucket}" in tags and "difficulty::medium" in tags
    assert {f"technology::{key}" for key in scenario.technologies} <= set(tags)
    question, answer, url = fields[3], fields[4], fields[5]
    assert "temperature" in question  # the question on the front
    assert "Immediate fix:" in answer and "Long-term prevention:" in answer  # its minute on the back
    assert url.endswith("/scenarios/m33-stateful-streaming/")


def test_the_csv_deck_has_one_row_per_scenario(site, catalog):
    rows = list(csv.DictReader(io.StringIO((site.dir / decks.CSV_URI).read_text(encoding="utf-8"))))
    assert [row["id"] for row in rows] == [s.id for s in catalog.scenarios]
    assert tuple(rows[0]) == decks.CSV_COLUMNS
    for row in rows:
        assert row["question"] and "**Immediate fix:**" in row["answer"], row["id"]


def test_one_converter_for_the_deck_gives_the_cards_a_new_one_per_card_gave(catalog):
    """anki_package converts every card with one Markdown instance, reset in between."""
    converter = decks.card_converter()
    texts = [page.text for page in catalog_module.read_pages(catalog_module.REPO_ROOT / "docs")]
    parts = [part for text in texts for part in decks.card_text(text)]
    assert len(parts) == 2 * len(catalog) and all(parts)
    for part in parts:
        alone = markdown.markdown(part, extensions=["fenced_code"], output_format="html")
        assert decks._html(part, converter) == alone == decks._html(part)
