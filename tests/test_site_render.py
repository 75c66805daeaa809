"""The pure renderers of macros/render.py, on a three-scenario catalog, compared exactly.

No MkDocs here: every page of the site is a function of (catalog, page path) -> Markdown.
"""

import json

import pytest
from deis.vocab import AnswerFramework, Bucket, Technology

from macros import render
from macros.catalog import Catalog, Scenario, Vocabulary

BUCKETS = (
    Bucket("batch", "Batch", "Offline, scheduled", ("Job slow…",), ("Skewed join",), ("Salting",), (), "Think in partitions."),
    Bucket("streaming", "Streaming", "Kafka and friends", ("Lag grew…", "Late events…"), (), (), ()),
    Bucket("late-data", "Late Data", "Event time", (), (), (), ()),
)
TECHNOLOGIES = (
    Technology("kafka", "Apache Kafka", (), "Distributed event log."),
    Technology("pyspark", "PySpark", ("Spark",), "Spark's Python API."),
    Technology("flink", "Apache Flink", (), "Stream processor."),  # named by no scenario
)
FRAMEWORK = AnswerFramework("T", "When asked", "Which bucket?", "Batch? Streaming?", "Then", ("Fix", "Prevent", "Tell"), "Done.")
SCENARIOS = (
    Scenario("SD03", "Exactly-Once Sinks", "hard", "streaming", ("kafka",), "n#L1", "scenarios/sd03-exactly-once-sinks.md"),
    Scenario("E01", "Small Files", "easy", "batch", ("pyspark",), "n#L2", "scenarios/e01-small-files.md"),
    Scenario(
        "M02", "Consumer Lag *Spike*", "medium", "streaming", ("kafka", "pyspark"), "n#L3",
        "scenarios/m02-consumer-lag-spike.md", related=("E01",), also_in=("late-data",),
    ),
)


@pytest.fixture
def catalog():
    return Catalog(Vocabulary(BUCKETS, TECHNOLOGIES, FRAMEWORK), SCENARIOS)


def test_catalog_sorts_by_id_and_indexes_once(catalog):
    assert [s.id for s in catalog.scenarios] == ["E01", "M02", "SD03"]
    assert [s.id for s in catalog.by_bucket["streaming"]] == ["M02", "SD03"]
    assert [s.id for s in catalog.also_in["late-data"]] == ["M02"]
    assert catalog.by_technology["flink"] == ()
    assert dict(catalog.related) == {"E01": ("M02",), "M02": ("E01", "SD03"), "SD03": ("M02",)}


def test_scenario_header_gives_nothing_of_the_answer_away(catalog):
    assert render.render_scenario_header(catalog, catalog.by_id["M02"]) == (
        "**M02** · [Medium](../indexes/difficulty/medium.md){ .difficulty .difficulty-medium }"
        " · Short link: [m02/](../m02/index.html){ .scenario-short-link }\n"
        "{ .scenario-meta }\n"
    )


def test_about_section_below_the_answer_names_bucket_and_technologies(catalog):
    assert render.render_scenario_about(catalog, catalog.by_id["M02"]) == (
        "## About this scenario { #about-this-scenario }\n\n"
        "Bucket: [Streaming](../buckets/streaming.md)"
        " · Also in: [Late Data](../buckets/late-data.md)"
        " · Technologies: [Apache Kafka](../indexes/technologies/kafka.md),"
        " [PySpark](../indexes/technologies/pyspark.md)\n"
        "{ .scenario-about }\n"
    )


def test_pager_gives_position_neighbours_rel_links_and_their_difficulty(catalog):
    # streaming, in the bucket page's order: M02 (medium), SD03 (hard)
    assert render.render_scenario_pager(catalog, catalog.by_id["M02"]) == (
        '**1 of 2** | [SD03 →](sd03-exactly-once-sinks.md "Exactly-Once Sinks"){ rel="next" } · Hard\n'
        "{ .scenario-pager }\n"
    )
    assert render.render_scenario_pager(catalog, catalog.by_id["SD03"], bottom=True) == (
        '[← M02 · Consumer Lag \\*Spike\\*](m02-consumer-lag-spike.md "Consumer Lag \\*Spike\\*"){ rel="prev" } · Medium'
        " | **2 of 2 in [Streaming](../buckets/streaming.md)**\n"
        "{ .scenario-pager }\n"
    )
    assert render.bucket_position(catalog)["SD03"] == (2, 2)


def test_related_lists_explicit_first_then_by_shared_bucket_and_technology(catalog):
    assert render.render_related(catalog, catalog.by_id["M02"]) == (
        "## Related scenarios { #related-scenarios data-search-exclude }\n"
        "\n"
        "- [E01 · Small Files](e01-small-files.md) · Easy · Batch\n"
        "- [SD03 · Exactly-Once Sinks](sd03-exactly-once-sinks.md) · Hard · Streaming\n"
    )


def test_related_is_capped_and_deterministic():
    scenarios = [
        Scenario(f"H{n:02d}", f"T{n}", "hard", "batch", ("pyspark",), "s", f"scenarios/h{n:02d}-t.md")
        for n in range(1, 12)
    ]
    scenarios.append(Scenario("M01", "Kafka", "medium", "batch", ("kafka", "pyspark"), "s", "scenarios/m01-k.md"))
    catalog = Catalog(Vocabulary(BUCKETS, TECHNOLOGIES), reversed(scenarios))
    # equal scores: the nearest in ID order first, the lower ID first at equal distance
    assert catalog.related["H05"] == ("H04", "H06", "H03", "H07", "H02", "H08")
    assert catalog.related["M01"] == ("H11", "H10", "H09", "H08", "H07", "H06")


def test_decorate_puts_header_under_the_title_and_related_at_the_end():
    page = "# Title\n\n## Question\nWhy?\n"
    assert render.decorate_scenario_page(page, "HEADER\n", "## Related\n") == (
        "# Title\n\nHEADER\n\n## Question\nWhy?\n\n## Related\n"
    )
    assert render.decorate_scenario_page("No title\n", "HEADER\n", "") == "HEADER\n\nNo title\n"


def test_bucket_page_with_description_and_difficulty_sections(catalog):
    assert render.render_bucket_page(catalog, "batch") == (
        "# Batch\n\nOffline, scheduled\n\n"
        '<div class="progress-summary" data-progress-summary data-bucket="batch"></div>\n\n'
        "**You will hear:** “Job slow…”\n\n"
        "**1 scenario:** [1 easy](#easy)\n\n"
        '??? abstract "Typical scenarios"\n\n    - Skewed join\n\n'
        '??? info "Concepts the interviewer expects"\n\n    - Salting\n\n'
        "!!! tip\n\n    Think in partitions.\n\n"
        "## Easy { #easy }\n\n"
        "- [E01 · Small Files](../scenarios/e01-small-files.md) · PySpark\n"
    )
    assert render.render_bucket_page(catalog, "streaming") == (
        "# Streaming\n\nKafka and friends\n\n"
        '<div class="progress-summary" data-progress-summary data-bucket="streaming"></div>\n\n'
        "**You will hear:** “Lag grew…” · “Late events…”\n\n"
        "**2 scenarios:** [1 medium](#medium) · [1 hard](#hard)\n\n"
        "## Medium { #medium }\n\n"
        "- [M02 · Consumer Lag \\*Spike\\*](../scenarios/m02-consumer-lag-spike.md) · Apache Kafka, PySpark\n\n"
        "## Hard { #hard }\n\n"
        "- [SD03 · Exactly-Once Sinks](../scenarios/sd03-exactly-once-sinks.md) · Apache Kafka\n"
    )


def test_bucket_page_lists_secondary_scenarios_as_also_relevant(catalog):
    assert render.render_bucket_page(catalog, "late-data") == (
        "# Late Data\n\nEvent time\n\n"
        '<div class="progress-summary" data-progress-summary data-bucket="late-data"></div>\n\n'
        "No scenario in this bucket yet.\n\n"
        "## Also relevant { #also-relevant }\n\n"
        "Scenarios whose main bucket is another one, but that test this one too.\n\n"
        "- [M02 · Consumer Lag \\*Spike\\*](../scenarios/m02-consumer-lag-spike.md) · Medium · [Streaming](streaming.md)\n"
    )


def test_technology_index_has_one_anchored_section_per_technology_in_use(catalog):
    assert render.render_technology_index(catalog) == (
        "[Apache Kafka](#kafka) (2) · [PySpark](#pyspark) (2)\n\n"
        "## Apache Kafka { #kafka }\n\nDistributed event log. [2 scenarios →](technologies/kafka.md)\n\n"
        "## PySpark { #pyspark }\n\nSpark's Python API. [2 scenarios →](technologies/pyspark.md)\n"
    )


def test_technology_page_lists_its_scenarios_by_difficulty(catalog):
    assert render.render_technology_pages(catalog, "kafka") == [(
        "indexes/technologies/kafka.md",
        "# Apache Kafka\n\nDistributed event log.\n\n**2 scenarios** name Apache Kafka. [All technologies](../technologies.md#kafka)\n\n"
        "## Medium { #medium }\n\n"
        "- [M02 · Consumer Lag \\*Spike\\*](../../scenarios/m02-consumer-lag-spike.md) · [Streaming](../../buckets/streaming.md)\n\n"
        "## Hard { #hard }\n\n"
        "- [SD03 · Exactly-Once Sinks](../../scenarios/sd03-exactly-once-sinks.md) · [Streaming](../../buckets/streaming.md)\n",
    )]


def test_long_lists_are_split_into_numbered_pages_that_link_each_other(catalog):
    pages = render.render_technology_pages(catalog, "pyspark", size=1)
    assert [uri for uri, _ in pages] == ["indexes/technologies/pyspark.md", "indexes/technologies/pyspark/2.md"]
    first, second = (markdown for _, markdown in pages)
    assert "Page 1 of 2 · [Next →](pyspark/2.md)\n{ .listing-pager }" in first
    assert "E01 · Small Files" in first and "M02" not in first
    assert second.startswith("# PySpark (page 2)\n")
    assert "Page 2 of 2 · [← Previous](../pyspark.md)\n{ .listing-pager }" in second
    assert "[All technologies](../../technologies.md#pyspark)" in second
    assert "](../../../scenarios/m02-consumer-lag-spike.md)" in second


def test_bucket_page_cuts_a_long_section_and_links_the_full_list(catalog, monkeypatch):
    monkeypatch.setattr(render, "BUCKET_SECTION_LIMIT", 1)
    assert render.listing_pages(catalog)[-1][0] != "buckets/streaming/medium.md"  # 1 is not over 1
    many = Catalog(
        Vocabulary(BUCKETS, TECHNOLOGIES),
        [Scenario(f"M{n:02}", f"T{n}", "medium", "batch", (), "s", f"scenarios/m{n:02}-t.md") for n in (5, 6)],
    )
    page = render.render_bucket_page(many, "batch")
    assert "M05 · T5" in page and "M06 · T6" not in page
    assert "[All 2 medium scenarios of this bucket →](batch/medium.md)" in page
    cell = dict(render.listing_pages(many))["buckets/batch/medium.md"]
    assert "M05 · T5" in cell and "M06 · T6" in cell and "[Back to the bucket](../batch.md#medium)" in cell


def test_difficulty_index_always_has_the_three_sections(catalog):
    assert render.render_difficulty_index(catalog) == (
        "[Easy](#easy) (1) · [Medium](#medium) (1) · [Hard](#hard) (1)\n\n"
        "## Easy { #easy }\n\n[1 easy scenario →](difficulty/easy.md): [Batch](../buckets/batch.md#easy) (1)\n\n"
        "## Medium { #medium }\n\n[1 medium scenario →](difficulty/medium.md): [Streaming](../buckets/streaming.md#medium) (1)\n\n"
        "## Hard { #hard }\n\n[1 hard scenario →](difficulty/hard.md): [Streaming](../buckets/streaming.md#hard) (1)\n"
    )
    empty = Catalog(Vocabulary(BUCKETS, TECHNOLOGIES), [])
    assert "## Easy { #easy }\n\nNo easy scenario yet.\n" in render.render_difficulty_index(empty)
    assert render.render_difficulty_pages(catalog, "hard") == [(
        "indexes/difficulty/hard.md",
        "# Hard scenarios\n\n**1 scenario** of hard difficulty. [All difficulties](../difficulty.md#hard)\n\n"
        "## Hard { #hard }\n\n- [SD03 · Exactly-Once Sinks](../../scenarios/sd03-exactly-once-sinks.md) · [Streaming](../../buckets/streaming.md) · Apache Kafka\n",
    )]


def test_matrix_links_every_non_empty_cell(catalog):
    assert render.render_matrix(catalog) == (
        "| Bucket | Easy | Medium | Hard | All |\n"
        "| :--- | ---: | ---: | ---: | ---: |\n"
        "| [Batch](../buckets/batch.md) | [1](../buckets/batch.md#easy) | – | – | 1 |\n"
        "| [Streaming](../buckets/streaming.md) | – | [1](../buckets/streaming.md#medium) | [1](../buckets/streaming.md#hard) | 2 |\n"
        "| [Late Data](../buckets/late-data.md) | – | – | – | – |\n"
        "| **All buckets** | [1](difficulty/easy.md) | [1](difficulty/medium.md) | [1](difficulty/hard.md) | **3** |\n"
    )


def test_home_counts_and_bucket_table(catalog):
    assert render.render_overview(catalog) == (
        "**3 scenarios** in 3 buckets, naming 2 technologies: [1 easy](indexes/difficulty/easy.md)"
        " · [1 medium](indexes/difficulty/medium.md) · [1 hard](indexes/difficulty/hard.md)."
        " For tools, the list is also in [scenarios.json](scenarios.json).\n"
    )
    assert render.render_bucket_table(catalog) == (
        "| Bucket | What it covers | Scenarios |\n| :--- | :--- | ---: |\n"
        "| [Batch](buckets/batch.md) | Offline, scheduled | 1 |\n"
        "| [Streaming](buckets/streaming.md) | Kafka and friends | 2 |\n"
        "| [Late Data](buckets/late-data.md) | Event time | 0 |\n"
    )


def test_answer_framework_and_bucket_triggers(catalog):
    assert render.render_answer_framework(catalog) == (
        "When asked: **Which bucket?** Batch? Streaming?\n\nThen:\n\n"
        "1. **Fix**\n2. **Prevent**\n3. **Tell**\n\nDone.\n"
    )
    assert render.render_bucket_triggers(catalog) == (
        "| Bucket | You will hear | What it covers |\n| :--- | :--- | :--- |\n"
        "| [Batch](buckets/batch.md) | “Job slow…” | Offline, scheduled |\n"
        "| [Streaming](buckets/streaming.md) | “Lag grew…” · “Late events…” | Kafka and friends |\n"
        "| [Late Data](buckets/late-data.md) | – | Event time |\n"
    )


def test_catalog_json_is_sorted_by_id_with_site_relative_urls(catalog):
    entries = json.loads(render.render_catalog_json(catalog))
    assert entries[0] == {
        "id": "E01", "title": "Small Files", "url": "scenarios/e01-small-files/",
        "difficulty": "easy", "bucket": "batch", "technologies": ["pyspark"], "short_url": "e01/",
    }
    assert [e["id"] for e in entries] == ["E01", "M02", "SD03"]
    custom = json.loads(render.render_catalog_json(catalog, {s.src_uri: s.id for s in SCENARIOS}))
    assert [e["url"] for e in custom] == ["E01", "M02", "SD03"]


def test_links_are_relative_md_links():
    assert render.link("index.md", "buckets/batch.md") == "buckets/batch.md"
    assert render.link("buckets/batch.md", "scenarios/e01-x.md") == "../scenarios/e01-x.md"
    assert render.link("indexes/matrix.md", "indexes/difficulty.md", "hard") == "difficulty.md#hard"
    assert render.link("indexes/difficulty.md", "indexes/difficulty.md", "hard") == "#hard"


def test_escape_keeps_data_text_literal():
    assert render.escape("a_b *c* [d] {e} `f` g|h <i>") == "a\\_b \\*c\\* \\[d\\] \\{e\\} \\`f\\` g\\|h &lt;i>"


def test_fill_bucket_nav_replaces_the_placeholder_only():
    nav = [{"Home": "index.md"}, {"Buckets": []}, {"Indexes": [{"A": "a.md"}]}]
    assert render.fill_bucket_nav(nav, BUCKETS) == [
        {"Home": "index.md"},
        {"Buckets": [{"Batch": "buckets/batch.md"}, {"Streaming": "buckets/streaming.md"}, {"Late Data": "buckets/late-data.md"}]},
        {"Indexes": [{"A": "a.md"}]},
    ]
    with pytest.raises(ValueError, match="nav: expected a top-level 'Buckets: \\[\\]' entry"):
        render.fill_bucket_nav([{"Home": "index.md"}], BUCKETS)


def test_a_scenario_without_technologies_shows_none(catalog):
    bare = Scenario("M05", "Stateful Streaming", "medium", "batch", (), "s", "scenarios/m05-stateful.md")
    small = Catalog(Vocabulary(BUCKETS, TECHNOLOGIES), [bare])
    assert render.render_scenario_about(small, bare) == (
        "## About this scenario { #about-this-scenario }\n\nBucket: [Batch](../buckets/batch.md)\n{ .scenario-about }\n"
    )
    assert render.render_bucket_page(small, "batch").endswith(
        "## Medium { #medium }\n\n- [M05 · Stateful Streaming](../scenarios/m05-stateful.md)\n"
    )
    assert render.render_related(small, bare) == ""


def test_checked_line_names_each_product_once_in_page_order():
    technologies = (
        Technology("pyspark", "Apache Spark (PySpark)", (), "d", versioned_as="Apache Spark"),
        Technology("spark-structured-streaming", "Spark Structured Streaming", (), "d", versioned_as="Apache Spark"),
        Technology("databricks", "Databricks", (), "d"),
        Technology("kafka", "Apache Kafka", (), "d"),
    )
    scenario = Scenario(
        "M05", "T", "medium", "batch", ("pyspark", "spark-structured-streaming", "databricks", "kafka"), "s",
        "scenarios/m05-t.md", checked="2026-03",
        versions=(("pyspark", "4.1"), ("spark-structured-streaming", "4.1"), ("databricks", "Runtime 17.3 LTS"), ("kafka", "4.1")),
    )
    cat = Catalog(Vocabulary(BUCKETS, technologies), [scenario])
    assert render.render_checked(cat, scenario) == (
        "Checked against Apache Spark 4.1, Databricks Runtime 17.3 LTS and Apache Kafka 4.1 (March 2026).\n"
        "{ .scenario-checked }\n"
    )
    bare = Scenario("M06", "T", "medium", "batch", (), "s", "scenarios/m06-t.md")
    assert render.render_checked(Catalog(Vocabulary(BUCKETS, technologies), [bare]), bare) == ""


def test_short_urls_in_both_cases_carry_the_page_preview(catalog):
    scenario = catalog.by_id["SD03"]
    assert render.id_redirect_uris(scenario) == ("sd03/index.html", "SD03/index.html")
    assert render.preview_title(catalog, scenario) == "SD03 · Hard · Streaming: Exactly-Once Sinks"
    stub = render.render_id_redirect(
        scenario, "scenarios/sd03-exactly-once-sinks/", site_url="https://x.example/site/",
        title="SD03 · Hard · Streaming: Exactly-Once Sinks", description='Write "once" & only once.',
        site_name="DE",
    )
    assert '<link rel="canonical" href="https://x.example/site/scenarios/sd03-exactly-once-sinks/">' in stub
    assert '<meta http-equiv="refresh" content="0; url=../scenarios/sd03-exactly-once-sinks/">' in stub
    assert '<meta property="og:title" content="SD03 · Hard · Streaming: Exactly-Once Sinks">' in stub
    assert '<meta property="og:description" content="Write &quot;once&quot; &amp; only once.">' in stub
    assert '<meta property="og:url" content="https://x.example/site/scenarios/sd03-exactly-once-sinks/">' in stub


@pytest.mark.parametrize(
    ("markdown", "title", "expected"),
    [
        pytest.param("# T\n\n## Interview Question\n*\"Why is the job slow? It was fast.\"*\n", "T",
                     "Why is the job slow? It was fast.", id="short-question-takes-the-next-sentence"),
        pytest.param("# T\n\n## Interview Question\n*\"Why is the nightly job three times slower since Monday? It was fast.\"*\n", "T",
                     "Why is the nightly job three times slower since Monday?", id="the-question"),
        pytest.param("# How do you X?\n\n## Interview Question\n*\"How do you X?\"*\n\n## In one minute\n\n"
                     "X needs Y first, because Z waits on it. Then Z.\n\n1. **Immediate fix:** Do Y.\n", "How do you X?",
                     "X needs Y first, because Z waits on it.", id="question-is-the-title"),
        pytest.param("# How do you X?\n\n## Interview Question\n*\"How do you X?\"*\n\n## In one minute\n\n"
                     "1. **Immediate fix:** Do Y now, before the morning reports run. Then Z.\n", "How do you X?",
                     "Do Y now, before the morning reports run.", id="list-only"),
    ],
)
def test_preview_description_is_a_summary_never_the_title(markdown, title, expected):
    assert render.preview_description(markdown, title) == expected


def test_links_are_relative_paths_as_posixpath_computes_them():
    """render.link caches and roots its paths at "/": the same answers as plain relpath."""
    import itertools
    import posixpath

    uris = ["index.md", "practice.md", "scenarios/h11-x.md", "buckets/streaming.md", "buckets/streaming/hard.md",
            "buckets/streaming/hard/2.md", "indexes/technologies.md", "indexes/technologies/kafka/3.md",
            "h11/index.html", "scenarios.json"]
    for here, there in itertools.product(uris, repeat=2):
        expected = posixpath.relpath(there, posixpath.dirname(here) or ".")
        assert render.link(here, there) == expected, (here, there)
        assert render.link(here, there, "hard") == ("#hard" if here == there else f"{expected}#hard")
    assert render.link("buckets/streaming/hard/2.md", "buckets/streaming.md") == "../../streaming.md"
