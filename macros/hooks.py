"""MkDocs hook (``hooks:`` in mkdocs.yml): the scenario catalog, once per build.

Thin glue over ``macros/catalog.py`` and ``macros/render.py``:

- ``on_config``: read the data files, fill the nav's ``Buckets: []`` with one page per bucket.
- ``on_files``: read and validate every scenario page's front matter, once; fail the build with
  every problem listed; add the generated bucket pages, ``scenarios.json`` and the permanent
  short URL of every scenario (``/h11/``, a redirect to its page).
- ``on_page_markdown``: under a scenario page's title, its ID, difficulty badge, bucket and
  technology links, and the versions its answer was checked against; at its end, related
  scenarios. Scenario pages are never rendered by
  mkdocs-macros (their code samples contain ``{{ ... }}``): this adds plain Markdown instead.
  It also puts the first sentence of the question in the page's ``description`` meta, which
  no author writes by hand: Material's base.html makes it the ``<meta name="description">``
  and overrides/main.html the link preview's ``og:description``.
- ``on_page_content``, ``on_post_build``: the site search (``macros/search.py``): each scenario
  page marked for Pagefind, then the built site indexed.

Bucket pages are virtual files (``File.generated``, MkDocs 1.6) rather than 11 stub files in
docs/buckets/: the bucket list lives in data/buckets.yml only, so adding a bucket there adds its
page and its nav entry, and there are no near-identical files to keep in step. Their Markdown
comes straight from ``render.render_bucket_page``, so they need no macro rendering either.
"""

from __future__ import annotations

import time
from pathlib import Path

from markupsafe import escape
from properdocs.config.defaults import MkDocsConfig
from properdocs.exceptions import PluginError
from properdocs.plugins import get_plugin_logger
from properdocs.structure.files import File, Files, InclusionLevel
from properdocs.structure.pages import Page

# The repository root is on the venv's import path (the Makefile puts it there, as an editable
# install would), so the hook, loaded by file path, imports the site's packages by name.
try:
    from macros import catalog, decks, render, search
    from macros.build_cache import CACHE
except ModuleNotFoundError as exc:  # the build runs outside `make build` / `make serve`
    if exc.name not in ("macros", "deis"):
        raise
    raise PluginError(
        f"{exc}: the repository's packages (macros, deis) are not importable; build with "
        "`make build` or `make serve`, which put the repository on the venv's path"
    ) from exc

ROOT = Path(__file__).resolve().parent.parent

DATA_DIR = ROOT / "data"
log = get_plugin_logger("catalog")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        CACHE.start(catalog.load_vocabulary(DATA_DIR))
        config.nav = render.fill_bucket_nav(config.nav or [], CACHE.vocabulary.buckets)
    except (catalog.CatalogError, ValueError) as exc:
        raise PluginError(str(exc)) from exc
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    started = time.monotonic()
    # Messages name files as the contributor sees them: "docs/scenarios/h11-....md".
    docs_dir = Path(config.docs_dir).resolve()
    root = Path(config.config_file_path).resolve().parent
    inside = docs_dir.is_relative_to(root)
    prefix = docs_dir.relative_to(root).as_posix() if inside else str(docs_dir)
    pages = [
        catalog.Page(f.src_uri, f.content_string, f"{prefix}/{f.src_uri}")
        for f in files.documentation_pages()
        if catalog.is_scenario_uri(f.src_uri)
    ]
    try:
        CACHE.catalog = catalog.build_catalog(pages, CACHE.vocabulary)
    except catalog.CatalogError as exc:
        count = len(exc.lines)
        heading = f"{count} problem{'s' if count != 1 else ''} in scenario front matter:"
        raise PluginError("\n".join([heading, *exc.lines])) from None
    cat = CACHE.catalog

    for bucket in cat.buckets:
        uri = render.bucket_uri(bucket.key)
        if files.get_file_from_path(uri) is not None:
            raise PluginError(
                f"{prefix}/{uri}: bucket pages are generated from data/buckets.yml; "
                "delete this file"
            )
        page = render.render_bucket_page(cat, bucket.key)
        files.append(File.generated(config, uri, content=page))
    # Technology, difficulty and long bucket-cell lists: linked from the indexes, not in the nav.
    for uri, page in render.listing_pages(cat):
        if files.get_file_from_path(uri) is not None:
            raise PluginError(f"{prefix}/{uri}: listing pages are generated from the catalog; delete this file")
        files.append(File.generated(config, uri, content=page, inclusion=InclusionLevel.NOT_IN_NAV))
    urls = {f.src_uri: f.url for f in files.documentation_pages() if f.src_uri in cat.by_uri}
    listing = render.render_catalog_json(cat, urls)
    files.append(File.generated(config, render.CATALOG_JSON_URI, content=listing))
    # Link previews: the page and its short URL show the same title and description.
    CACHE.previews = {
        page.src_uri: (
            render.preview_title(cat, cat.by_uri[page.src_uri]),
            render.preview_description(page.text, cat.by_uri[page.src_uri].title),
        )
        for page in pages
    }
    # Flash cards of every scenario, linked from the home page.
    texts = {page.src_uri: page.text for page in pages}
    site = (config.site_url or "/").rstrip("/") + "/"
    absolute = {uri: site + url for uri, url in urls.items()}
    files.append(File.generated(config, decks.APKG_URI, content=decks.anki_package(cat, texts, absolute)))
    files.append(File.generated(config, decks.CSV_URI, content=decks.csv_deck(cat, texts, absolute)))
    # Permanent short URLs for study-group chats: /h11/ and /H11/ -> the scenario page. Plain
    # HTML files, copied as they are (never rendered through the theme).
    for scenario in cat.scenarios:
        title, description = CACHE.previews[scenario.src_uri]
        stub = render.render_id_redirect(
            scenario, urls[scenario.src_uri], site_url=config.site_url or "", title=title,
            description=description, site_name=config.site_name,
        )
        for uri in render.id_redirect_uris(scenario):
            files.append(File.generated(config, uri, content=stub))
    CACHE.files = files
    log.info(
        f"{len(cat)} scenarios in {len(cat.buckets)} buckets, "
        f"read once for this build in {time.monotonic() - started:.2f} s"
    )
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    scenario = CACHE.catalog.by_uri.get(page.file.src_uri)
    if scenario is None:
        return markdown
    cat = CACHE.catalog
    title, description = CACHE.previews[scenario.src_uri]
    if description:
        # Escaped once, here: MkDocs renders templates without autoescaping, base.html prints
        # the description as it is, and Markup is not escaped a second time by `| e`.
        page.meta["description"] = escape(description)
    page.meta["preview_title"] = escape(title)
    # The scenario's own pager (top and bottom) replaces the theme's footer links.
    page.meta["hide"] = [*page.meta.get("hide", []), "footer"]
    header = f"{render.render_scenario_header(cat, scenario)}\n{render.render_scenario_pager(cat, scenario)}"
    footer = [
        render.render_scenario_about(cat, scenario),
        render.render_related(cat, scenario),
        render.render_bucket_neighbours(cat, scenario),
    ]
    return render.decorate_scenario_page(markdown, header, "\n\n".join(f.strip() for f in footer if f))


def on_page_context(context, page: Page, config: MkDocsConfig, nav):
    """``<link rel="prev">``/``<link rel="next">`` on a scenario page, for Material's ``p``/``n``
    keys: its neighbours in the bucket's reading order (scenario pages are not in the nav)."""
    scenario = CACHE.catalog.by_uri.get(page.file.src_uri)
    if scenario is None:
        return context
    previous, following = render.bucket_reading_order(CACHE.catalog)[scenario.id]
    files = CACHE.files
    page.previous_page = files.get_file_from_path(previous.src_uri).page if previous else None
    page.next_page = files.get_file_from_path(following.src_uri).page if following else None
    return context


# Site search (macros/search.py): the words each scenario page gives the index, by page.
SEARCH_WORDS: dict[str, set[str]] = {}


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A scenario page's HTML marked for Pagefind; overrides/main.html reads ``page.meta.search``
    to put ``data-pagefind-body`` and the result's ID and difficulty on its article."""
    scenario = CACHE.catalog.by_uri.get(page.file.src_uri)
    if scenario is None:
        return html
    page.meta["search"] = {"id": scenario.id, "difficulty": render.DIFFICULTY_LABELS[scenario.difficulty]}
    # One parse of the page gives both the marked-up HTML and the text Pagefind will index.
    annotated, text = search.annotate_for_index(html, scenario.aliases)
    SEARCH_WORDS[scenario.src_uri] = search.page_words(text)
    return annotated


def on_post_build(config: MkDocsConfig) -> None:
    """Index the built site with Pagefind (also on every rebuild of ``mkdocs serve``)."""
    started = time.monotonic()
    words = [SEARCH_WORDS[uri] for uri in CACHE.catalog.by_uri if uri in SEARCH_WORDS]
    if not words:
        return  # no scenario page: nothing to index (Pagefind fails on a site without pages)
    try:
        search.run_pagefind(Path(config.site_dir), search.vocabulary_files(words))
    except search.SearchIndexError as exc:
        raise PluginError(str(exc)) from None
    log.info(f"search index of {len(words)} scenario pages in {time.monotonic() - started:.2f} s")
