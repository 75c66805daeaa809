"""Validation of scenario front matter (macros/catalog.py): every rule, every exact message.

Pages are strings here; tests/test_site_build.py checks that a build fails with the same lines.
"""

import json

import jsonschema
import pytest

from macros import catalog

GOOD = {
    "id": "H11",
    "title": "Zombie Kafka Offsets",
    "difficulty": "hard",
    "bucket": "streaming",
    "technologies": ["pyspark", "kafka"],
    "source": "notes.txt#L1-L9",
    "checked": "2026-12",
    "versions": {"kafka": "4.1"},
}
BUCKETS = (
    "batch, streaming, data-quality, schema-evolution, late-data, orchestration, "
    "failure-recovery, performance, cost, monitoring, security"
)


@pytest.fixture(scope="module")
def vocabulary():
    return catalog.load_vocabulary()


def page(name: str, **front) -> catalog.Page:
    """A scenario page whose front matter is GOOD updated with ``front`` (None removes a key)."""
    data = {k: v for k, v in {**GOOD, **front}.items() if v is not None}
    lines = ["---", *(f"{k}: {json.dumps(v)}" for k, v in data.items()), "---", "", "# Title", ""]
    return catalog.Page(f"scenarios/{name}", "\n".join(lines), f"docs/scenarios/{name}")


def errors(vocabulary, *pages: catalog.Page) -> list[str]:
    scenarios, found = catalog.parse_pages(pages, vocabulary)
    assert (scenarios == []) == bool(found)
    return found


def test_a_valid_page_becomes_a_scenario(vocabulary):
    scenarios, found = catalog.parse_pages([page("h11-zombie.md", related=["M31"]), page("m31-x.md", id="M31", difficulty="medium")], vocabulary)
    assert found == []
    assert scenarios[0] == catalog.Scenario(
        id="H11", title="Zombie Kafka Offsets", difficulty="hard", bucket="streaming",
        technologies=("pyspark", "kafka"), source="notes.txt#L1-L9",
        src_uri="scenarios/h11-zombie.md", related=("M31",), also_in=(),
        checked="2026-12", versions=(("kafka", "4.1"),),
    )


def test_the_schema_file_is_valid_and_closed(vocabulary):
    schema = catalog.scenario_schema(vocabulary)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["additionalProperties"] is False
    assert schema["properties"]["bucket"]["enum"][:2] == ["batch", "streaming"]
    assert "kafka" in schema["properties"]["technologies"]["items"]["enum"]


def test_unknown_bucket_lists_every_allowed_value(vocabulary):
    assert errors(vocabulary, page("h11-zombie.md", bucket="streamin")) == [
        f"docs/scenarios/h11-zombie.md: bucket: 'streamin' is not one of {BUCKETS}"
    ]


def test_unknown_technology_lists_the_vocabulary_and_suggests_the_key(vocabulary):
    allowed = ", ".join(t.key for t in vocabulary.technologies)
    assert errors(vocabulary, page("h11-zombie.md", technologies=["kafka", "Spark", "cobol"])) == [
        f"docs/scenarios/h11-zombie.md: technologies: 'Spark' is not one of {allowed} (did you mean 'pyspark'?)",
        f"docs/scenarios/h11-zombie.md: technologies: 'cobol' is not one of {allowed}",
    ]


def test_bad_difficulty_missing_and_unknown_keys(vocabulary):
    assert errors(vocabulary, page("h11-zombie.md", difficulty="Hard", source=None, tags=["x"])) == [
        "docs/scenarios/h11-zombie.md: source: missing (required: id, title, difficulty, bucket, technologies, source, checked, versions)",
        "docs/scenarios/h11-zombie.md: tags: unknown key (allowed: aliases, also_in, bucket, checked, difficulty, id, related, source, technologies, title, versions)",
        "docs/scenarios/h11-zombie.md: difficulty: 'Hard' is not one of easy, medium, hard",
    ]


def test_types_ids_and_repeats(vocabulary):
    assert errors(vocabulary, page("x11-zombie.md", id="X11", title="", technologies="kafka")) == [
        "docs/scenarios/x11-zombie.md: id: 'X11' is not a scenario ID (expected E, M, H or SD followed by 2 to 4 digits, e.g. H11)",
        "docs/scenarios/x11-zombie.md: technologies: expected a list, got 'kafka'",
        "docs/scenarios/x11-zombie.md: title: must not be empty",
    ]
    assert errors(vocabulary, page("h11-zombie.md", technologies=["kafka", "kafka"])) == [
        "docs/scenarios/h11-zombie.md: technologies: 'kafka' listed more than once"
    ]


def test_duplicate_id_names_the_first_owner(vocabulary):
    assert errors(vocabulary, page("h11-a.md"), page("h11-b.md")) == [
        "docs/scenarios/h11-b.md: id: 'H11' is already the ID of docs/scenarios/h11-a.md"
    ]


def test_id_prefix_must_agree_with_difficulty_except_for_system_design(vocabulary):
    assert errors(vocabulary, page("e05-x.md", id="E05")) == [
        "docs/scenarios/e05-x.md: id: 'E05' starts with E (easy) but difficulty is 'hard' "
        "(E = easy, M = medium, H = hard; SD may be any difficulty)"
    ]
    assert errors(vocabulary, page("sd05-x.md", id="SD05", difficulty="easy")) == []


def test_file_name_must_start_with_the_lowercased_id(vocabulary):
    assert errors(vocabulary, page("zombie.md")) == [
        "docs/scenarios/zombie.md: id: 'H11' does not match the file name (expected a name starting with 'h11-')"
    ]


def test_related_must_name_other_existing_scenarios(vocabulary):
    assert errors(vocabulary, page("h11-x.md", related=["H99", "H11", "nope"])) == [
        "docs/scenarios/h11-x.md: related: 'nope' is not a scenario ID (expected E, M, H or SD followed by 2 to 4 digits, e.g. H11)",
        "docs/scenarios/h11-x.md: related: 'H99' is not the ID of any scenario",
        "docs/scenarios/h11-x.md: related: 'H11' is this scenario's own ID",
    ]
    seven = [f"H{n:02d}" for n in range(20, 27)]
    assert errors(vocabulary, page("h11-x.md", related=seven))[0] == (
        "docs/scenarios/h11-x.md: related: at most 6 entries, got 7"
    )


def test_also_in_must_be_other_bucket_keys(vocabulary):
    assert errors(vocabulary, page("h11-x.md", also_in=["streaming", "lateness"])) == [
        f"docs/scenarios/h11-x.md: also_in: 'lateness' is not one of {BUCKETS}",
        "docs/scenarios/h11-x.md: also_in: 'streaming' is already the primary bucket",
    ]


def test_front_matter_problems_are_reported_not_swallowed(vocabulary):
    broken = catalog.Page("scenarios/h11-x.md", "---\nid: [H11\n---\n# T\n", "docs/scenarios/h11-x.md")
    missing = catalog.Page("scenarios/h12-x.md", "# T\n", "docs/scenarios/h12-x.md")
    found = errors(vocabulary, broken, missing)
    assert found[0].startswith("docs/scenarios/h11-x.md: front matter: not valid YAML: ")
    assert found[1] == "docs/scenarios/h12-x.md: front matter: missing (the page must start with a '---' YAML block)"


def test_all_errors_of_all_pages_are_collected_in_file_order(vocabulary):
    with pytest.raises(catalog.CatalogError) as raised:
        catalog.build_catalog([page("h12-b.md", id="H12", bucket="nope"), page("h11-a.md", also_in=["streaming"])], vocabulary)
    assert [line.split(":")[0] for line in raised.value.lines] == ["docs/scenarios/h11-a.md", "docs/scenarios/h12-b.md"]
    assert str(raised.value) == "\n".join(raised.value.lines)


def test_the_real_scenario_pages_are_valid():
    real = catalog.load_catalog()
    assert len(real) == len(list((catalog.REPO_ROOT / "docs" / "scenarios").glob("*.md"))) >= 50
    assert real.by_id["H11"].src_uri == "scenarios/h11-zombie-kafka-offsets.md"


def test_related_links_stay_linear_for_thousands_of_scenarios(vocabulary):
    """5,000 scenarios in one bucket with one technology: the window keeps this quick."""
    scenarios = [
        catalog.Scenario(f"H{n:04d}", f"T{n}", "hard", "batch", ("pyspark",), "s", f"scenarios/h{n:04d}-t.md")
        for n in range(1, 5001)
    ]
    big = catalog.Catalog(vocabulary, scenarios)
    assert big.related["H2500"] == ("H2499", "H2501", "H2498", "H2502", "H2497", "H2503")
    assert all(len(r) == 6 for r in big.related.values())


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        pytest.param({"checked": "2026-13"}, ["checked: '2026-13' is not a month (expected YYYY-MM, e.g. 2026-12)"], id="month-13"),
        pytest.param({"checked": "Dec 2026"}, ["checked: 'Dec 2026' is not a month (expected YYYY-MM, e.g. 2026-12)"], id="words"),
        pytest.param({"checked": 202612}, ["checked: 202612 is not a month (expected YYYY-MM, e.g. 2026-12)"], id="number"),
        pytest.param({"versions": {}}, ["versions: must name at least one technology and its version"], id="empty"),
        pytest.param({"versions": ["pyspark"]}, ["versions: expected a mapping, got ['pyspark']"], id="list"),
        pytest.param(
            {"versions": {"pyspark": 4.1}},
            ['versions: pyspark: expected a string (quote it: "4.1"), got 4.1'],
            id="unquoted-number",
        ),
        pytest.param(
            {"versions": {"pyspark": "latest"}},
            ["versions: pyspark: 'latest' is not a version (expected a version such as \"4.1\", "
             "or a product line and version such as \"Runtime 17.3 LTS\")"],
            id="no-number",
        ),
        pytest.param(
            {"versions": {"kafka": "4.1", "airflow": "3.1"}},
            ["versions: 'airflow' is not one of the page's technologies (pyspark, kafka)"],
            id="not-a-page-technology",
        ),
    ],
)
def test_checked_and_versions_are_validated(vocabulary, front, expected):
    assert errors(vocabulary, page("h11-zombie.md", **front)) == [f"docs/scenarios/h11-zombie.md: {line}" for line in expected]


def test_an_unknown_versions_key_suggests_the_technology_key(vocabulary):
    allowed = ", ".join(t.key for t in vocabulary.technologies)
    assert errors(vocabulary, page("h11-zombie.md", versions={"Spark": "4.1"})) == [
        f"docs/scenarios/h11-zombie.md: versions: 'Spark' is not one of {allowed} (did you mean 'pyspark'?)",
        "docs/scenarios/h11-zombie.md: versions: 'Spark' is not one of the page's technologies (pyspark, kafka)",
    ]


def test_aliases_become_part_of_the_scenario(vocabulary):
    scenarios, found = catalog.parse_pages([page("h11-zombie.md", aliases=["RBAC", "access control"])], vocabulary)
    assert found == []
    assert scenarios[0].aliases == ("RBAC", "access control")
    assert catalog.parse_pages([page("h11-zombie.md")], vocabulary)[0][0].aliases == ()


@pytest.mark.parametrize(
    ("aliases", "expected"),
    [
        pytest.param("RBAC", ["aliases: expected a list, got 'RBAC'"], id="not-a-list"),
        pytest.param(["RBAC", 5], ["aliases: expected a string, got 5"], id="not-a-string"),
        pytest.param(["RBAC", ""], ["aliases: must not be empty"], id="empty"),
        pytest.param(["RBAC", "RBAC"], ["aliases: 'RBAC' listed more than once"], id="twice"),
        pytest.param(
            ["x" * 61],
            [f"aliases: {'x' * 61!r} is longer than 60 characters (a word or a short phrase)"],
            id="too-long",
        ),
        pytest.param([f"alias {n}" for n in range(13)], ["aliases: at most 12 entries, got 13"], id="too-many"),
    ],
)
def test_aliases_are_validated(vocabulary, aliases, expected):
    assert errors(vocabulary, page("h11-zombie.md", aliases=aliases)) == [f"docs/scenarios/h11-zombie.md: {line}" for line in expected]
