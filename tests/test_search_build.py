"""The site search's build side (macros/search.py, run by macros/hooks.py): what each scenario page
gives the Pagefind index, the typo vocabulary, and the index of a mini-site.

The index itself is searched with the pagefind.js the build ships, run by node (a ``fetch`` that
reads the site's files stands in for the browser); tests/test_browser_search.py searches it as a
reader does, in Chromium.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import markdown
import pytest
import yaml

from macros import catalog, render, search

REPO_ROOT = Path(__file__).resolve().parent.parent

PAGE = """\
---
id: {id}
title: {title}
difficulty: medium
bucket: streaming
technologies:
- kafka
source: notes.txt#L1-L9
checked: 2026-12
versions:
  kafka: "4.1"
{extra}---

# {title}

## Interview Question

*"{question}"*

## In one minute

The consumer cannot keep up.

1. **Immediate fix:** Add partitions and consumers.
2. **Long-term prevention:** Alert on lag in time.
3. **How to communicate it:** Tell the owners when it catches up.

## What's Happening

{body}

## Answer

### Immediate fix

Scale the consumer group.

### Long-term prevention

Size partitions for the peak.

### How to communicate it

Say when the numbers are right again.

## Trade-offs and pitfalls

More partitions cost more.

## Follow-up questions

??? question "What else?"
    Watch the lag.

## Original notes

??? quote "The author's notes, verbatim"

    ````markdown
    {notes}
    ````

### What was corrected

- **"{notes}"**: wrong.
"""

PAGES = {
    "m01-lagging-consumers.md": PAGE.format(
        id="M01", title="Lagging consumers", extra="aliases:\n- quokka backlog\n- RBAC\n",
        question="Why does the orders consumer fall behind at noon?",
        body="The `mapGroupsWithState` step and `retention.ms` explain the gap.\n\n```python\nplatypus = 1\n```",
        notes="zebrafish claim",
    ),
    "m02-tenant-filters.md": PAGE.format(
        id="M02", title="Tenant filters", extra="related:\n- M01\n",
        question="How do you keep each tenant in its own rows?",
        body="Unity Catalog row filters keep tenants apart.", notes="walrus claim",
    ),
    "m03-late-partners.md": PAGE.format(
        id="M03", title="Late partner files", extra="",
        question="A partner re-sends yesterday's file. What now?",
        body="Replace the day's slice.", notes="narwhal claim",
    ),
}
URLS = {"M01": "scenarios/m01-lagging-consumers/", "M02": "scenarios/m02-tenant-filters/", "M03": "scenarios/m03-late-partners/"}

# pagefind.js under node: a fetch that reads the built site stands in for the browser's, the
# search runs without a worker; prints {query: [ID of each result, best first]}.
PAGEFIND_PROBE = r"""
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
const [site, ...queries] = process.argv.slice(2);
const bundle = pathToFileURL(path.join(path.resolve(site), "pagefind") + "/");
globalThis.fetch = async (url) => {
  const file = new URL(url, bundle);
  file.search = "";
  try { return new Response(await readFile(fileURLToPath(file)), { status: 200 }); }
  catch { return new Response("", { status: 404 }); }
};
const pagefind = await import(new URL("pagefind.js", bundle).href);
await pagefind.options({ basePath: bundle.href, noWorker: true, ranking: { metaWeights: { id: 40 } } });
await pagefind.init();
const found = {};
for (const query of queries) {
  const result = await pagefind.search(query);
  found[query] = await Promise.all(result.results.map(async (r) => (await r.data()).meta.id || (await r.data()).url));
}
console.log(JSON.stringify(found));
"""

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run pagefind.js")


def pagefind_search(site_dir: Path, queries: list[str], workdir: Path) -> dict[str, list[str]]:
    """The scenario IDs that the built site's Pagefind index returns for each query, in order."""
    probe = workdir / "pagefind_probe.mjs"
    probe.write_text(PAGEFIND_PROBE, encoding="utf-8")
    done = subprocess.run(["node", str(probe), str(site_dir), *queries], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def site(mini_site_builder, tmp_path_factory):
    built = mini_site_builder(tmp_path_factory.mktemp("search"), PAGES)
    assert built.returncode == 0, built.output
    return built


# --- what a page gives the index -------------------------------------------------------------------

FRAGMENT = """\
<h1 id="t">Title<a class="headerlink" href="#t" title="Permanent link">&para;</a></h1>
<p class="scenario-meta"><strong>M02</strong> · <a class="difficulty difficulty-medium" href="x">Medium</a></p>
<h2 id="interview-question">Interview Question<a class="headerlink" href="#interview-question">&para;</a></h2>
<p><em>"Why is the <code>orders</code> consumer behind?"</em></p>
<h2 id="in-one-minute">In one minute</h2>
<ol>
<li><strong>Immediate fix:</strong> add consumers</li>
</ol>
<h2 id="whats-happening">What's Happening</h2>
<p>Lag grows.</p>
<div class="highlight"><pre><span></span><code><span class="n">df</span> <span class="o">=</span> <span class="n">spark</span>
</code></pre></div>
<h3 id="how-to-communicate-it">How to communicate it</h3>
<ul>
<li>Tell them.</li>
</ul>
<h2 id="original-notes">Original notes</h2>
<details class="quote"><summary>The author's notes</summary><p>zebrafish</p></details>
<h3 id="what-was-corrected">What was corrected</h3>
<ul>
<li>wrong claim</li>
</ul>
<h2 id="related-scenarios" data-search-exclude>Related scenarios</h2>
<ul>
<li><a href="../m01/">M01 · Other</a></li>
</ul>
"""


def test_annotation_only_adds_attributes_and_keeps_what_others_read():
    annotated = search.annotate_scenario_html(FRAGMENT, ["RBAC", "a & b"])
    # Removing what was added gives the page back: nothing else changed.
    restored = annotated.replace('<span data-pagefind-weight="8" data-pagefind-meta="question">', "", 1)
    restored = restored.replace("</em></span></p>", "</em></p>", 1)
    restored = re.sub(r' data-pagefind-[a-z]+(?:="[^"]*")?', "", restored).replace("<p hidden>RBAC · a &amp; b</p>\n", "")
    assert restored == FRAGMENT
    # Read by practice mode, the link-preview test and the scenario header tests, as they were.
    assert '<p class="scenario-meta"><strong>M02</strong>' in annotated
    assert re.search(r'<h2 id="interview-question">.*?</h2>\s*<p>(.*?)</p>', annotated, re.DOTALL)


def test_annotation_weighs_the_question_and_leaves_out_notes_and_related():
    annotated = search.annotate_scenario_html(FRAGMENT)
    assert '<p><span data-pagefind-weight="8" data-pagefind-meta="question"><em>"Why is the' in annotated
    assert '<ol data-pagefind-weight="2">' in annotated  # the one-minute answer
    assert '<strong data-pagefind-ignore>Immediate fix:</strong>' in annotated
    assert '<ul data-pagefind-weight="0.5">\n<li>Tell them.' in annotated  # how to communicate it
    assert '<details data-pagefind-ignore="all" class="quote">' in annotated
    assert annotated.count('<ul data-pagefind-ignore="all">') == 2  # corrections, related links
    assert "hidden" not in annotated  # no aliases: no alias line


def test_aliases_are_a_hidden_weighted_line_under_the_title():
    annotated = search.annotate_scenario_html(FRAGMENT, ["RBAC", "<access> control"])
    line = '<p hidden data-pagefind-weight="10" data-pagefind-meta="aliases">RBAC · &lt;access&gt; control</p>'
    assert f"</h1>\n{line}\n<p class=\"scenario-meta\">" in annotated


def test_indexed_text_is_what_pagefind_reads():
    """Neither the template's headings, the generated blocks, the notes nor the code blocks."""
    text = search.indexed_text(search.annotate_scenario_html(FRAGMENT, ["RBAC"]))
    assert text == 'Title ¶ RBAC "Why is the orders consumer behind?" add consumers Lag grows. Tell them.'


# --- one parse of a page instead of two (macros/hooks.py's on_page_content) ----------------------


def site_markdown() -> markdown.Markdown:
    """A converter with mkdocs.yml's extensions (and MkDocs' own), for pages like the build's."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader)
    extensions, configs = ["toc", "tables", "fenced_code"], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        extensions.append(name)
        configs[name] = options or {}
    return markdown.Markdown(extensions=extensions, extension_configs=configs)


@pytest.fixture(scope="module")
def real_pages() -> list[tuple[str, str, tuple[str, ...]]]:
    """(ID, HTML as on_page_content receives it, aliases) of every real scenario page: its
    Markdown with the build's header and footer, converted with the site's extensions."""
    cat = catalog.load_catalog()
    texts = {page.src_uri: page.text for page in catalog.read_pages(REPO_ROOT / "docs")}
    converter = site_markdown()
    pages = []
    for scenario in cat.scenarios:
        body = texts[scenario.src_uri].split("---\n", 2)[2]
        header = f"{render.render_scenario_header(cat, scenario)}\n{render.render_scenario_pager(cat, scenario)}"
        footer = [render.render_scenario_about(cat, scenario), render.render_related(cat, scenario),
                  render.render_bucket_neighbours(cat, scenario)]
        page = render.decorate_scenario_page(body, header, "\n\n".join(f.strip() for f in footer if f))
        pages.append((scenario.id, converter.reset().convert(page), scenario.aliases))
    return pages


def two_passes(content: str, aliases=()) -> tuple[str, str]:
    """What the hook did before: annotate, then parse the result again for the indexed text."""
    annotated = search.annotate_scenario_html(content, aliases)
    return annotated, search.indexed_text(annotated)


def test_one_parse_gives_what_two_gave_on_every_real_page(real_pages):
    assert len(real_pages) > 50 and sum('class="highlight"' in html for _, html, _ in real_pages) > 20
    for scenario_id, html, aliases in real_pages:
        assert search.annotate_for_index(html, aliases) == two_passes(html, aliases), scenario_id
        assert search.annotate_for_index(html) == two_passes(html), scenario_id


def test_the_shortcuts_change_nothing(real_pages, monkeypatch):
    """Code blocks left unparsed, and tags read by a regular expression instead of html.parser,
    give the same annotation and text as html.parser on the whole page."""
    fast = [search.annotate_for_index(html, aliases) for _, html, aliases in real_pages]
    monkeypatch.setattr(search, "CODE_BLOCK_RE", re.compile("(?!)"))  # never matches: every tag parsed
    assert [search.annotate_for_index(html, aliases) for _, html, aliases in real_pages] == fast
    monkeypatch.setattr(search, "_plain_events", lambda text: None)  # html.parser for every page
    assert [search.annotate_for_index(html, aliases) for _, html, aliases in real_pages] == fast


def test_markdown_tags_are_read_as_html_parser_reads_them(real_pages):
    """Every real page takes the quick reading, and it gives html.parser's events exactly."""
    for scenario_id, html, _ in real_pages:
        for text in (html, search.without_code_inside(html)[0]):
            assert search._plain_events(text) == search._Events(text).events, scenario_id


@pytest.mark.parametrize("text", [
    "<!-- a comment -->", "<script>x</script>", "<p class='single'>", "<p title=\"a>b\">",
    "a < b", "<p\xa0class=\"x\">", "<my-element>", "</p >", "<p class=bare>",
])
def test_other_markup_is_left_to_html_parser(text):
    assert search._plain_events(f"<p>{text}</p>") is None


def test_plain_events_exactly():
    text = '<h2 id="a" data-search-exclude>T &amp; U</h2>\n<P CLASS="">x<br/></P>'
    assert search._plain_events(text) == [
        (search.START, "h2", [("id", "a"), ("data-search-exclude", None)], 0, 31),
        (search.DATA, "T & U", None, -1, 0),
        (search.END, "h2", None, 40, 0),
        (search.DATA, "\n", None, -1, 0),
        (search.START, "p", [("class", "")], 46, 12),
        (search.DATA, "x", None, -1, 0),
        (search.STARTEND, "br", [], 59, 5),
        (search.END, "p", None, 64, 0),
    ]
    assert search._plain_events(text) == search._Events(text).events


ODD_PAGES = {
    "the fragment above": FRAGMENT,
    "no title": "<p>no title</p><h2 id='original-notes'>Original notes</h2><p>secret <b>w</b></p>",
    "a title end in a comment first": "<!-- </h1> --><h1>T</h1><p>a</p>",
    "a title end in a comment after": "<h1>T</h1><!-- </h1> --><p>x <strong>Immediate fix:</strong> y</p>",
    "a title inside an ignored block": "<h2 id='x'>Related scenarios</h2><div><h1>T</h1></div><p>z</p>",
    "top-level step labels": (
        "<h1>T</h1><h2>In one minute</h2><strong>Immediate fix:</strong><p>z</p>"
        "<h2>Interview Question</h2><strong>Long-term prevention:</strong><p>q&amp;a <br/> x</p><div/>t"
    ),
    "a code block in a comment": '<!-- <div class="highlight"> --> <p>text</p> </div><p>after</p>',
    "a code block with a void element": '<div class="highlight"><pre>a<br>b</pre></div><h1>T</h1><p>c</p>',
    "a code block among other classes": '<h1>T</h1><div class="language-sql highlight"><pre><span>x</span></pre></div>',
}


@pytest.mark.parametrize("name", ODD_PAGES)
def test_one_parse_gives_what_two_gave_on_odd_markup(name):
    for aliases in ((), ("a & <b>", "x y")):
        assert search.annotate_for_index(ODD_PAGES[name], aliases) == two_passes(ODD_PAGES[name], aliases)


def test_only_the_inside_of_plain_code_blocks_is_left_unparsed():
    block = '<div class="highlight"><pre><span></span><code><span class="n">df</span>\n</code></pre></div>'
    inside = '<pre><span></span><code><span class="n">df</span>\n</code></pre>'
    text = f"<p>a</p>\n{block}\n<p>b</p>{block}"
    cut = len('<p>a</p>\n<div class="highlight">')
    second = cut + len('</div>\n<p>b</p><div class="highlight">')
    assert search.without_code_inside(text) == (
        '<p>a</p>\n<div class="highlight"></div>\n<p>b</p><div class="highlight"></div>',
        [cut, second],
        [0, len(inside), 2 * len(inside)],
    )
    for kept in (
        '<!-- <div class="highlight"> --> <p>text</p> </div>',  # not a block: inside a comment
        '<div class="highlight"><table><tr><td><div class="linenodiv">1</div></td></tr></table></div>',
        '<div class="highlight"><pre>a<br>b</pre></div>',  # a void element: no end tag to count
        '<div class="highlighted"><pre>a</pre></div>',
    ):
        assert search.without_code_inside(kept) == (kept, [], [0])


def test_token_words_are_the_parts_a_reader_types():
    assert search.token_words("mapGroupsWithState") == {"mapgroupswithstate", "map", "groups", "with", "state"}
    assert search.token_words("spark.sql.shuffle.partitions") == {
        "sparksqlshufflepartitions", "spark", "sql", "shuffle", "partitions"}
    assert search.token_words("KAFKA_DATA_LOSS") == {"kafka", "data", "loss"}
    assert search.token_words("it's") == {"its", "it"}
    assert search.token_words("3.5.0") == frozenset()


def test_exclude_selectors_name_every_template_heading_and_generated_block():
    selectors = search.exclude_selectors().split(", ")
    assert {"h2#interview-question", "h3#immediate-fix", "h2#related-scenarios", ".scenario-meta", ".scenario-pager",
            "div.highlight"} <= set(selectors)


def test_page_words_split_names_as_readers_type_them():
    words = search.page_words("mapGroupsWithState, spark.sql.shuffle.partitions and KAFKA_DATA_LOSS; it's 3.5.0 x")
    assert {"mapgroupswithstate", "map", "groups", "with", "state", "sparksqlshufflepartitions", "shuffle",
            "partitions", "kafka", "data", "loss", "its"} <= words
    assert not {w for w in words if not w.isalpha() or len(w) < 2}


def test_vocabulary_is_one_file_per_letter_most_common_first():
    files = search.vocabulary_files([{"kafka", "lag"}, {"kafka", "key"}, {"lag"}])
    assert files == {"k.txt": "kafka\nkey\n", "l.txt": "lag\n"}


def test_a_pagefind_failure_says_what_failed(tmp_path):
    with pytest.raises(search.SearchIndexError) as raised:
        search.run_pagefind(tmp_path, {})
    assert str(raised.value).startswith(f"pagefind failed (exit 1) on {tmp_path}:\n")
    assert "did not contain any html files" in str(raised.value)


# --- the index of a mini-site ---------------------------------------------------------------------


def test_the_build_indexes_every_scenario_page_and_nothing_else(site):
    entry = site.json("pagefind/pagefind-entry.json")
    assert entry["languages"]["en"]["page_count"] == 3
    assert "search index of 3 scenario pages" in site.output
    bodies = sorted(
        path.relative_to(site.dir).as_posix()
        for path in site.dir.rglob("*.html")
        if "data-pagefind-body" in path.read_text(encoding="utf-8")
    )
    assert bodies == [f"{url}index.html" for url in URLS.values()]
    article = site.article(URLS["M01"])
    assert '<article class="md-content__inner md-typeset" data-pagefind-body data-pagefind-meta="id:M01">' in site.html(URLS["M01"])
    assert '<span hidden data-pagefind-meta="difficulty:Medium"></span>' in article


def test_nothing_for_search_is_in_a_page_before_the_reader_searches(site):
    """No page links the index or pagefind.js: search.js imports it on the first focus."""
    for path in site.dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r'(?:src|href)="[^"]*pagefind', text), path
    assert "pagefind/pagefind.js" in (site.dir / "javascripts" / "search.js").read_text(encoding="utf-8")


def test_the_vocabulary_has_the_indexed_words_and_aliases_but_not_the_notes(site):
    folder = site.dir / "pagefind" / "vocabulary"
    words = {w for path in folder.glob("*.txt") for w in path.read_text(encoding="utf-8").split()}
    assert {"quokka", "backlog", "rbac", "consumer", "mapgroupswithstate", "tenants"} <= words
    assert not {"zebrafish", "walrus", "narwhal", "pitfalls", "happening", "platypus"} & words
    assert (folder / "q.txt").read_text(encoding="utf-8").startswith("quokka")


@needs_node
def test_pagefind_finds_aliases_ids_and_names_but_not_boilerplate_or_notes(site, tmp_path):
    found = pagefind_search(site.dir, [
        "quokka", "rbac", "m02", "mapGroupsWithState", "retention.ms", "tenants", "zebrafish", "walrus",
        "pitfalls", "happening", "bucket", "noon", "platypus",
    ], tmp_path)
    assert found["quokka"] == ["M01"] and found["rbac"] == ["M01"]  # aliases
    assert found["m02"][0] == "M02"  # the ID, from the metadata
    assert found["mapGroupsWithState"] == ["M01"] and found["retention.ms"] == ["M01"]
    assert found["tenants"] == ["M02"]
    assert found["noon"] == ["M01"]  # the question
    # The notes, the template's headings and the generated blocks are not in the index.
    for query in ("zebrafish", "walrus", "pitfalls", "happening", "bucket", "platypus"):
        assert found[query] == [], (query, found[query])
