"""Link previews: what a chat app shows for a pasted scenario link, read from the built HTML.

Every scenario page has a canonical URL, ``og:title`` ("M33 · Medium · Streaming: Stateful
Streaming"), ``og:description``, ``og:url``, ``og:type`` and ``twitter:card`` (overrides/main.html).
The description is the first sentence of the page's own question (and the next one while it is
shorter than eight words), or of its "In one minute" when the question only repeats the title,
computed at build time (macros/render.py ``preview_description``, called by macros/hooks.py), so a
page added tomorrow gets one too; it is HTML-escaped exactly once.
"""

from __future__ import annotations

import html
import re

import pytest

from macros import REPO_ROOT, render

SITE_URL = "https://de-interview-scenarios.github.io/"  # site_url's default in mkdocs.yml
META = re.compile(r'<meta (?:property|name)="(og:[a-z_]+|twitter:[a-z_]+|description)" content="([^"]*)">')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')
SITE_DESCRIPTION = re.search(
    r"^site_description: (.*)$", (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE
).group(1)
QUESTION = re.compile(r'<h2 id="interview-question">.*?</h2>\s*<p>(.*?)</p>', re.DOTALL)


def head_tags(page: str) -> dict[str, list[str]]:
    """Every preview-related tag of a page's <head>, as written (still escaped)."""
    head = page[: page.index("</head>")]
    tags: dict[str, list[str]] = {}
    for name, content in META.findall(head):
        tags.setdefault(name, []).append(content)
    tags["canonical"] = CANONICAL.findall(head)
    return tags


@pytest.fixture(scope="module")
def site(real_site):
    assert real_site.returncode == 0, real_site.output
    return real_site


@pytest.fixture(scope="module")
def scenarios(site) -> list[dict]:
    return site.json("scenarios.json")


def test_every_scenario_page_has_the_preview_tags_once(site, scenarios):
    site_description = html.escape(SITE_DESCRIPTION, quote=True)
    for entry in scenarios:
        tags = head_tags(site.html(entry["url"]))
        url = SITE_URL + entry["url"]
        where = entry["id"]
        assert tags["canonical"] == [url], where
        assert tags["og:url"] == [url], where
        assert tags["og:type"] == ["article"], where
        assert tags["twitter:card"] == ["summary"], where
        [title] = [html.unescape(title) for title in tags["og:title"]]
        assert title.startswith(f"{entry['id']} · ") and title.endswith(f": {entry['title']}"), where
        [description] = tags["og:description"]
        assert description and description != site_description, f"{where}: boilerplate description"
        assert tags["description"] == [description], f"{where}: <meta name=description> says something else"


def same_words(a: str, b: str) -> bool:
    return re.findall(r"[a-z0-9]+", a.casefold()) == re.findall(r"[a-z0-9]+", b.casefold())


def test_the_description_is_the_start_of_the_question_unless_that_is_the_title(site, scenarios):
    for entry in scenarios:
        page = site.html(entry["url"])
        [description] = head_tags(page)["og:description"]
        text = html.unescape(description)
        question = html.unescape(re.sub(r"<[^>]+>", "", QUESTION.search(page).group(1)))
        question = " ".join(question.split()).lstrip('"“').rstrip('"”')
        assert not same_words(text, entry["title"]), f"{entry['id']}: the description repeats the title"
        if not question.startswith(text.rstrip("…")):
            # the question only repeats the title, or is a fragment: the answer's first sentence
            assert same_words(question, entry["title"]) or len(question.split()) < render.SUMMARY_MIN_WORDS + 6, entry["id"]
            minute = page[page.index('id="in-one-minute"') :]
            minute = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", minute[: minute.index("<h2")])).split())
            assert text.rstrip("…")[:40] in minute, f"{entry['id']}: {text!r} is not from 'In one minute'"
        assert len(text.split()) >= render.SUMMARY_MIN_WORDS or text.rstrip("…") in question, entry["id"]
        assert re.search(r"[.?!…]$", text), f"{entry['id']}: {text!r} is not a whole sentence"
        assert len(text) <= render.SUMMARY_LIMIT


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        # a first sentence of four words takes the next one too
        ("scenarios/h11-zombie-kafka-offsets/", "Your Spark Streaming job crashes. When you restart, it fails with OffsetOutOfRangeException."),
        # the question is the title: the description comes from "In one minute"
        ("scenarios/sd12-how-do-you-guarantee-exactly-once-semantics/",
         "Exactly-once means each record&#39;s effect is visible once, even though failures make the engine process it more than once."),
        # Markup in the question comes out as text, escaped once: <, ' and " in the HTML.
        ("scenarios/h06-lambda-architecture/", "Real-time fraud detection &lt;1sec latency + daily model retraining?"),
        # a fragment of a question ("1PB table, fast user_id='abc' lookup?"): the answer's first sentence
        ("scenarios/h09-bloom-filters/",
         "A point lookup is fast only if the engine skips almost every file, and that depends on the data layout, not on an index."),
        ("scenarios/h14-semantic-layer/", "&#39;Revenue&#39; defined differently in Tableau vs ML models."),
    ],
)
def test_descriptions_as_written_in_the_html(site, scenario, expected):
    assert head_tags(site.html(scenario))["og:description"] == [expected]


def test_other_pages_describe_the_site(site):
    tags = head_tags(site.html(""))
    assert tags["og:type"] == ["website"]
    assert tags["og:url"] == tags["canonical"] == [SITE_URL]
    assert tags["og:title"] == ["Data Engineering Interview Scenarios"]
    assert tags["og:description"] == tags["description"]
    assert head_tags(site.html("buckets/streaming/"))["og:title"] == ["Streaming / Real-Time"]


def test_a_page_added_later_gets_its_description_at_build_time(mini_site):
    page = """\
---
id: E01
title: Quotes & Ampersands
difficulty: easy
bucket: batch
technologies: [pyspark]
source: notes.txt#L1-L9
checked: 2026-12
versions: {pyspark: "4.1"}
---

# Quotes & Ampersands

## Interview Question

*"A job says "done" & writes < 5 rows, e.g. on Mondays. Why? It ran."*

## What's Happening

Something.
"""
    built = mini_site({"e01-quotes.md": page})
    assert built.returncode == 0, built.output
    tags = head_tags(built.html("scenarios/e01-quotes/"))
    assert tags["og:description"] == ["A job says &#34;done&#34; &amp; writes &lt; 5 rows, e.g. on Mondays."]
    assert tags["og:title"] == ["E01 · Easy · Batch: Quotes &amp; Ampersands"]


# --- the pure function behind it ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ('# T\n\n## Interview Question\n\n*"First one. Second one?"*\n', "First one."),
        ('# T\n\n## Interview Question\n\n*"Why do many “real-time” systems use micro-batch?"*\n', "Why do many “real-time” systems use micro-batch?"),
        ("# T\n\n## Interview Question\n\n*\"Use `a.b` vs. [docs](x.md), e.g. 3.5 now. Then.\"*\n", "Use a.b vs. docs, e.g. 3.5 now."),
        ('# T\n\n## Interview Question\n\n*"A **bold** start.\n**Constraint:** more."*\n', "A bold start."),
        ('# T\n\n## Interview Question\n\n*"\'Revenue\' differs."*\n', "'Revenue' differs."),
        ('# T\n\n## Interview Question\n\n*"He said "hi" to me. Bye."*\n', 'He said "hi" to me.'),
        ("# T\n\nNo question section: the first paragraph. More.\n\n## Later\n\nText.\n", "No question section: the first paragraph."),
        ("# T\n\n## Interview Question\n\n```text\n# not a heading\n```\n\n*\"After code.\"*\n", "After code."),
        ("# T\n\n## Interview Question\n\n## What's Happening\n\nNot the question.\n", ""),
        ("# T\n", ""),
    ],
    ids=["two-sentences", "curly-quotes-inside", "abbreviations-code-links", "bold-and-second-line",
         "single-quotes-kept", "balanced-quotes-kept", "no-question-section", "code-block-first",
         "empty-question", "empty-page"],
)
def test_question_summary(markdown, expected):
    assert render.question_summary(markdown) == expected


def test_question_summary_cuts_a_long_sentence_at_a_word():
    summary = render.question_summary("# T\n\n## Interview Question\n\n" + "word " * 100 + "\n")
    assert summary.endswith("word…") and len(summary) <= render.SUMMARY_LIMIT

