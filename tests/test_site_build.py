"""Mini-sites: the site's code and hand-written pages with three synthetic scenarios, built with
``mkdocs build --strict`` in ``tmp_path``. What the index pages show, what scenario pages show,
and the exact message of every way a build must fail.
"""

import html
import re
import shutil

import pytest

E01 = """\
---
id: E01
title: Small Files Everywhere
difficulty: easy
bucket: batch
technologies:
- pyspark
source: notes.txt#L1-L9
checked: 2026-12
versions:
  pyspark: "4.1"
---

# Small Files Everywhere

## Interview Question
*"Your job writes 200,000 tiny files. Why is that slow?"*

## Answer
Lower `spark.sql.shuffle.partitions`, then `coalesce` before writing.
"""

M02 = """\
---
id: M02
title: Late dbt Models
difficulty: medium
bucket: streaming
technologies:
- kafka
- pyspark
source: notes.txt#L10-L20
checked: 2026-11
versions:
  kafka: "4.1"
  pyspark: "4.1"
related:
- E01
also_in:
- late-data
---

# Late dbt Models

## Interview Question
A `mapGroupsWithState` job fails with `OffsetOutOfRangeException` unless `failOnDataLoss` is off.
Airflow renders {{ ds }} in templates.

## Answer
```sql
select * from {{ ref('orders') }} where ds = '{{ ds }}'
{% if is_incremental() %} and ts > (select max(ts) from {{ this }}) {% endif %}
```
"""

SD03 = """\
---
id: SD03
title: Exactly-Once Sinks
difficulty: hard
bucket: streaming
technologies:
- kafka
source: notes.txt#L21-L30
checked: 2026-12
versions:
  kafka: "4.1"
---

# Exactly-Once Sinks

How do you write to a sink exactly once?
"""

PAGES = {
    "e01-small-files-everywhere.md": E01,
    "m02-late-dbt-models.md": M02,
    "sd03-exactly-once-sinks.md": SD03,
}
URLS = {
    "E01": "scenarios/e01-small-files-everywhere/",
    "M02": "scenarios/m02-late-dbt-models/",
    "SD03": "scenarios/sd03-exactly-once-sinks/",
}


@pytest.fixture(scope="module")
def site(mini_site_builder, tmp_path_factory):
    """One build of the three pages, shared by the tests that only read it."""
    built = mini_site_builder(tmp_path_factory.mktemp("mini"), PAGES)
    assert built.returncode == 0, built.output
    return built


def test_builds_strictly_without_warnings(site):
    assert "WARNING" not in site.output
    assert site.output.count("read once for this build") == 1


def test_bucket_pages_link_their_scenarios_by_difficulty(site):
    assert site.links("buckets/batch/", "easy") == {URLS["E01"]}
    assert site.links("buckets/streaming/", "medium") == {URLS["M02"]}
    assert site.links("buckets/streaming/", "hard") == {URLS["SD03"]}
    assert set(site.sections("buckets/streaming/")) == {"medium", "hard"}
    assert site.links("buckets/late-data/", "also-relevant") == {URLS["M02"], "buckets/streaming/"}
    assert "No scenario in this bucket yet." in site.text("buckets/monitoring/")


def test_indexes_link_every_scenario(site):
    assert site.links("indexes/difficulty/", "easy") == {"indexes/difficulty/easy/", "buckets/batch/#easy"}
    assert site.links("indexes/difficulty/easy/") >= {URLS["E01"], "buckets/batch/"}
    assert site.links("indexes/difficulty/medium/", "medium") == {URLS["M02"], "buckets/streaming/"}
    assert site.links("indexes/difficulty/hard/", "hard") == {URLS["SD03"], "buckets/streaming/"}
    assert set(site.sections("indexes/technologies/")) == {"kafka", "pyspark"}
    assert site.links("indexes/technologies/", "kafka") == {"indexes/technologies/kafka/"}
    assert site.links("indexes/technologies/kafka/") == {
        URLS["M02"], URLS["SD03"], "buckets/streaming/", "indexes/technologies/#kafka"
    }
    assert site.links("indexes/technologies/pyspark/") == {
        URLS["E01"], URLS["M02"], "buckets/batch/", "buckets/streaming/", "indexes/technologies/#pyspark"
    }
    assert {
        "buckets/batch/#easy", "buckets/streaming/#medium", "buckets/streaming/#hard",
        "indexes/difficulty/easy/", "indexes/difficulty/medium/", "indexes/difficulty/hard/",
    } <= site.links("indexes/matrix/")


def test_home_shows_counts_and_entry_points(site):
    text = site.text("")
    assert (
        "3 scenarios in 11 buckets, naming 2 technologies: 1 easy · 1 medium · 1 hard."
        " For tools, the list is also in scenarios.json." in text
    )
    assert {"buckets/batch/", "buckets/security/", "answer-framework/", "indexes/technologies/", "scenarios.json"} <= site.links("")
    assert "Immediate technical fix" in site.text("answer-framework/")


def test_scenario_page_shows_id_badge_links_and_related(site):
    article = site.article(URLS["M02"])
    assert re.search(
        r'<p class="scenario-meta"><strong>M02</strong> · '
        r'<a class="difficulty difficulty-medium" href="../../indexes/difficulty/medium/">Medium</a>',
        article,
    )
    assert {
        "indexes/difficulty/medium/", "buckets/streaming/", "buckets/late-data/",
        "indexes/technologies/kafka/", "indexes/technologies/pyspark/",
    } <= site.links(URLS["M02"])
    assert site.links(URLS["M02"], "related-scenarios") == {URLS["E01"], URLS["SD03"]}


def test_jinja_in_scenario_pages_prints_literally(site):
    text = site.text(URLS["M02"])
    assert "Airflow renders {{ ds }} in templates." in text
    assert "select * from {{ ref('orders') }} where ds = '{{ ds }}'" in text
    assert "{% if is_incremental() %}" in text


def test_scenarios_json_lists_every_scenario_sorted(site):
    assert site.json("scenarios.json") == [
        {"id": "E01", "title": "Small Files Everywhere", "url": URLS["E01"], "difficulty": "easy",
         "bucket": "batch", "technologies": ["pyspark"], "short_url": "e01/"},
        {"id": "M02", "title": "Late dbt Models", "url": URLS["M02"], "difficulty": "medium",
         "bucket": "streaming", "technologies": ["kafka", "pyspark"], "short_url": "m02/"},
        {"id": "SD03", "title": "Exactly-Once Sinks", "url": URLS["SD03"], "difficulty": "hard",
         "bucket": "streaming", "technologies": ["kafka"], "short_url": "sd03/"},
    ]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run pagefind.js")
def test_search_finds_camel_case_and_dotted_names_whole_and_by_parts(site, tmp_path):
    """The site's Pagefind index (macros/search.py) finds a name as typed and by its parts, a
    scenario by its ID, and nothing through another page's related links."""
    from test_search_build import pagefind_search

    found = pagefind_search(site.dir, [
        "mapGroupsWithState", "OffsetOutOfRangeException", "Exception", "failOnDataLoss",
        "spark.sql.shuffle.partitions", "shuffle", "m02", "Everywhere",
    ], tmp_path)
    for query in ("mapGroupsWithState", "OffsetOutOfRangeException", "Exception", "failOnDataLoss"):
        assert found[query] == ["M02"], query
    assert found["spark.sql.shuffle.partitions"] == ["E01"] and found["shuffle"] == ["E01"]
    assert found["m02"][0] == "M02"
    # M02's related links name E01's title: only E01 has it.
    assert found["Everywhere"] == ["E01"]
    assert 'data-pagefind-meta="id:M02"' in site.html(URLS["M02"])


def scenario(name_id: str, **front) -> str:
    """E01 with some front matter replaced (``None`` removes the key)."""
    text = E01
    for key, value in front.items():
        pattern = rf"^{key}:.*\n(?:(?:- |  ).*\n)*"
        replacement = "" if value is None else f"{key}: {value}\n"
        text, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
        if not count:
            text = text.replace("source:", f"{key}: {value}\nsource:", 1)
    return text.replace("id: E01", f"id: {name_id}")


BUCKET_KEYS = (
    "batch, streaming, data-quality, schema-evolution, late-data, orchestration, "
    "failure-recovery, performance, cost, monitoring, security"
)


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        pytest.param(
            {"e01-x.md": scenario("E01", bucket="streamin")},
            [f"docs/scenarios/e01-x.md: bucket: 'streamin' is not one of {BUCKET_KEYS}"],
            id="unknown-bucket",
        ),
        pytest.param(
            {"e01-x.md": scenario("E01", technologies="[pyspark, hadoopp]")},
            ["docs/scenarios/e01-x.md: technologies: 'hadoopp' is not one of airbyte, airflow, "],
            id="unknown-technology",
        ),
        pytest.param(
            {"e01-a.md": E01, "e01-b.md": E01},
            ["docs/scenarios/e01-b.md: id: 'E01' is already the ID of docs/scenarios/e01-a.md"],
            id="duplicate-id",
        ),
        pytest.param(
            {"e01-x.md": scenario("E01", difficulty="hard")},
            ["docs/scenarios/e01-x.md: id: 'E01' starts with E (easy) but difficulty is 'hard' "
             "(E = easy, M = medium, H = hard; SD may be any difficulty)"],
            id="id-prefix-vs-difficulty",
        ),
        pytest.param(
            {"e01-x.md": scenario("E01", tags="[spark]")},
            ["docs/scenarios/e01-x.md: tags: unknown key (allowed: aliases, also_in, bucket, checked, difficulty, id, "
             "related, source, technologies, title, versions)"],
            id="unknown-key",
        ),
        pytest.param(
            {"e01-x.md": scenario("E01", checked="2026-13", versions="{pyspark: 4.1, kafka: '4.1'}")},
            [
                "docs/scenarios/e01-x.md: checked: '2026-13' is not a month (expected YYYY-MM, e.g. 2026-12)",
                "docs/scenarios/e01-x.md: versions: pyspark: expected a string (quote it: \"4.1\"), got 4.1",
                "docs/scenarios/e01-x.md: versions: 'kafka' is not one of the page's technologies (pyspark)",
            ],
            id="checked-and-versions",
        ),
        pytest.param(
            {"e01-x.md": scenario("E01", related="[H99]")},
            ["docs/scenarios/e01-x.md: related: 'H99' is not the ID of any scenario"],
            id="related-to-missing-id",
        ),
        pytest.param(
            {"e01-a.md": scenario("E01", bucket="streamin"), "e02-b.md": scenario("E02", title=None)},
            [
                "problems in scenario front matter:",
                f"docs/scenarios/e01-a.md: bucket: 'streamin' is not one of {BUCKET_KEYS}",
                "docs/scenarios/e02-b.md: title: missing (required: id, title, difficulty, bucket, technologies, source, checked, versions)",
            ],
            id="all-problems-at-once",
        ),
    ],
)
def test_invalid_front_matter_fails_the_build_with_every_problem(mini_site, pages, expected):
    built = mini_site(pages)
    assert built.returncode != 0
    assert "Aborted with a BuildError!" in built.output
    for line in expected:
        assert line in built.output, built.output
    assert not (built.dir / "index.html").exists()


def test_undefined_macro_variable_fails_the_build(mini_site):
    built = mini_site(PAGES, edit={"docs/indexes/matrix.md": lambda text: text + "\n{{ no_such_variable }}\n"})
    assert built.returncode != 0
    assert "'no_such_variable' is undefined" in built.output


def test_a_hand_written_bucket_page_is_refused(mini_site, tmp_path):
    def add_page(text: str) -> str:
        (tmp_path / "project" / "docs" / "buckets").mkdir()
        (tmp_path / "project" / "docs" / "buckets" / "batch.md").write_text("# Batch\n")
        return text

    built = mini_site(PAGES, edit={"docs/index.md": add_page})
    assert built.returncode != 0
    assert "docs/buckets/batch.md: bucket pages are generated from data/buckets.yml; delete this file" in built.output


def test_scenario_page_shows_the_versions_it_was_checked_against(site):
    assert "Checked against Apache Spark 4.1 (December 2026)." in site.text(URLS["E01"])
    # kafka and pyspark, in the page's order; PySpark's version is Apache Spark's
    assert "Checked against Apache Kafka 4.1 and Apache Spark 4.1 (November 2026)." in site.text(URLS["M02"])
