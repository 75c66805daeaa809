"""Tests for issue 13's unknown technologies (deis/technologies.py, deis/decide.py): a name the
vocabulary lacks never blocks an import; it gets a proposal (an existing key and why, or a new
entry), a person confirms it on a terminal or ``--accept`` takes it, and the new entries and
aliases are written into ``data/technologies.yml`` in the same all-or-nothing run as the pages,
its order and comments kept.

The golden case tests/data/import_notes/new_notes pins one whole run byte for byte; these tests
say, one behaviour at a time, what the proposals, the file's text and the runs must be. Every run
reads and writes a copy of ``data/`` in ``tmp_path`` (the autouse ``data_copy`` fixture of
tests/test_import_notes.py), never the real vocabulary.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

import deis.write
from deis import importer, vocab
from deis.model import NotesErrors, Scenario
from deis.technologies import (
    new_key,
    NewTechnology,
    propose_technology,
    TechnologyProposal,
    updated_technologies_text,
)
from test_import_notes import (  # noqa: F401 (data_copy: the autouse fixture, active here too)
    data_copy,
    FakeTerminal,
    NOTHING_WRITTEN,
    run,
    snapshot,
    split_page,
    vocabulary_diff,
    write,
)

DOCKER = "Builds and runs applications in containers from versioned images."
PYTHON = "General-purpose programming language, the usual language of pipelines and PySpark jobs."
MONGODB = "Document database that stores JSON-like documents."
SCENARIO = Scenario(
    id="M07",
    number=7,
    title="Slow Lookups",
    difficulty="medium",
    mentions=(),
    technologies_inferred=False,
    source="notes.md#L3-L9",
    body=(),
    scoring_text="",
    notes="notes.md",
    line=3,
)

# What the runs of the small notes add to the vocabulary, as the plan prints it.
VOCABULARY_PLAN = (
    "  add       cloud-spanner (Cloud Spanner; aliases: none): Cloud Spanner, as used in "
    "scenario M22 (Slow Lookups).\n"
    f"  add       docker (Docker; aliases: none): {DOCKER}\n"
    "  add       tarantool (Tarantool; aliases: none): Tarantool, as used in scenario M22 "
    "(Slow Lookups).\n"
    "  alias     pyspark: Spark-SQL\n"
    "  alias     kafka-connect: Kafka connectors\n"
    "  alias     kubernetes: Kubernets\n"
)


@pytest.fixture(scope="module")
def technologies() -> tuple[vocab.Technology, ...]:
    """The site's vocabulary, read only."""
    return vocab.load_technologies()


def proposal(name: str, technologies: tuple[vocab.Technology, ...]) -> TechnologyProposal:
    with pytest.raises(vocab.VocabError):  # really unknown: else there is nothing to propose
        vocab.resolve_technology(name, technologies)
    return propose_technology(name, technologies, SCENARIO)


# --- proposals, one per reason ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "key", "reason"),
    [
        # the same spelling apart from case, spaces and punctuation
        ("Spark-SQL", "pyspark", "written like 'Spark SQL' apart from case, spaces and punctuation"),
        ("dynamo db", "dynamodb", "written like 'DynamoDB' apart from case, spaces and punctuation"),
        # a vendor's name before a product the vocabulary knows without it, and the other way
        ("Apache Trino", "trino", "the same product as 'Trino' without the vendor's name"),
        ("AWS Redshift", "redshift", "the same product as 'Amazon Redshift' without the vendor's name"),
        ("HashiCorp Terraform", "terraform", "the same product as 'Terraform' without the vendor's name"),
        ("Lambda", "aws-lambda", "the same product as 'AWS Lambda' without the vendor's name"),
        # a known name followed by generic words
        ("Kafka topics", "kafka", "'Kafka' followed by the generic word(s) 'topics'"),
        ("Airflow DAGs", "airflow", "'Airflow' followed by the generic word(s) 'DAGs'"),
        ("Postgres DB", "postgresql", "'Postgres' followed by the generic word(s) 'DB'"),
        # a known name with its words inflected, alone or before generic words: the longest first
        ("Kafka connectors", "kafka-connect", "'Kafka Connect' with its words inflected"),
        ("Kafka Connectors API", "kafka-connect",
         "'Kafka Connect' with its words inflected, followed by the generic word(s) 'API'"),
        # a close spelling, with its similarity
        ("Kubernets", "kubernetes", "spelled like 'Kubernetes' (similarity 0.95)"),
        ("Snowflak", "snowflake", "spelled like 'Snowflake' (similarity 0.94)"),
        ("Parquets", "parquet", "spelled like 'Parquet' (similarity 0.93)"),
        # a key that would be made for it exists (accents dropped), too far for a close spelling
        ("Trinö", "trino", "its key would be trino, which exists"),
    ],
)
def test_an_alias_is_proposed_with_its_reason(
    name: str, key: str, reason: str, technologies: tuple[vocab.Technology, ...]
) -> None:
    got = proposal(name, technologies)
    assert got == TechnologyProposal(name, "alias", key, reason)
    assert got.describe() == f"alias of {key}: {reason}"


@pytest.mark.parametrize(
    ("name", "key", "label", "aliases", "description"),
    [
        ("Docker", "docker", "Docker", (), DOCKER),
        ("python", "python", "Python", (), PYTHON),
        ("MongoDB", "mongodb", "MongoDB", ("Mongo",), MONGODB),
        # an alias of the built-in entry gives the whole entry
        ("Mongo", "mongodb", "MongoDB", ("Mongo",), MONGODB),
    ],
)
def test_a_built_in_technology_is_proposed_as_a_described_entry(
    name: str,
    key: str,
    label: str,
    aliases: tuple[str, ...],
    description: str,
    technologies: tuple[vocab.Technology, ...],
) -> None:
    entry = NewTechnology(key, label, aliases, description)
    got = proposal(name, technologies)
    assert got == TechnologyProposal(name, "new", key, "a known technology", entry, described=True)
    shown = ", ".join(aliases) or "none"
    assert got.describe() == f"new technology {key} ({label}; aliases: {shown}): {description}"


def test_a_built_in_entry_loses_the_aliases_the_vocabulary_already_has(
    technologies: tuple[vocab.Technology, ...],
) -> None:
    """Hive's built-in aliases are Hive and Hive Metastore; a vocabulary in which Hive Metastore
    already names another technology gets the entry without it (else it would not load)."""
    metastore = vocab.Technology("metastore", "Metastore", ("Hive Metastore",), "A catalog.")
    got = propose_technology("Apache Hive", (*technologies, metastore), SCENARIO)
    hive = "SQL on Hadoop; its metastore still catalogs tables for Spark and Trino."
    assert (got.kind, got.entry) == ("new", NewTechnology("hive", "Apache Hive", ("Hive",), hive))


def test_a_built_in_technology_already_in_the_vocabulary_is_an_alias(
    technologies: tuple[vocab.Technology, ...],
) -> None:
    """MongoDB added earlier in the run, without its alias Mongo: a later Mongo is its alias."""
    mongodb = vocab.Technology("mongodb", "MongoDB", (), "Document database.")
    got = propose_technology("Mongo", (*technologies, mongodb), SCENARIO)
    assert got == TechnologyProposal(
        "Mongo", "alias", "mongodb", "the built-in table of technologies gives it the key mongodb"
    )


def test_a_wholly_unknown_name_is_a_new_entry_that_names_its_scenario(
    technologies: tuple[vocab.Technology, ...],
) -> None:
    """Its key made from its name, and a description that says only where the notes use it (a
    person on a terminal is asked for a better one: ``described`` is False)."""
    got = proposal("SAP HANA", technologies)
    description = "SAP HANA, as used in scenario M07 (Slow Lookups)."
    entry = NewTechnology("sap-hana", "SAP HANA", (), description)
    assert got == TechnologyProposal(
        "SAP HANA", "new", "sap-hana", "not in the vocabulary", entry, described=False
    )
    assert got.describe() == f"new technology sap-hana (SAP HANA; aliases: none): {description}"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("SAP HANA", "sap-hana"),
        ("IBM Db2 for z/OS", "ibm-db2-for-z-os"),
        ("Qlik Sense (Café edition)", "qlik-sense-cafe-edition"),
        ("  Apache_Pinot  ", "apache-pinot"),
        ("数据库", "technology"),
    ],
)
def test_new_key_is_lowercase_hyphenated_ascii(name: str, key: str) -> None:
    assert new_key(name) == key
    assert vocab.KEY_PATTERN.match(new_key(name))


def test_a_conditional_spelling_alone_is_left_out(technologies: tuple[vocab.Technology, ...]) -> None:
    reason = "'Streaming' means spark-structured-streaming only beside pyspark"
    assert propose_technology("Streaming", technologies, SCENARIO, beside=["kafka"]) == (
        TechnologyProposal("Streaming", "leave out", "", reason)
    )
    assert TechnologyProposal("Streaming", "leave out", "", reason).describe() == f"leave it out: {reason}"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        # another product whose name extends a known one is no misspelling of it (these were
        # proposed as aliases of postgresql (0.94) and terraform (0.90): issue 13's bug)
        ("PostgREST", "postgrest"),
        ("Terraformer", "terraformer"),
        # a vendor's name before a generic word is that vendor's product, not the generic thing
        # (these were proposed as aliases of sql, the query language)
        ("Google Cloud SQL", "google-cloud-sql"),
        ("Azure SQL", "azure-sql"),
        # short names a letter or two from a known one (Flink, Redis, Trino) are other products
        ("Flint", "flint"),
        ("Redash", "redash"),
        ("Triton", "triton"),
    ],
)
def test_a_near_miss_is_not_aliased_to_a_wrong_key(
    name: str, key: str, technologies: tuple[vocab.Technology, ...]
) -> None:
    got = proposal(name, technologies)
    assert (got.kind, got.key, got.reason) == ("new", key, "not in the vocabulary")


# --- the vocabulary file's text ---------------------------------------------------------------

SMALL_VOCABULARY = """\
# A small vocabulary: a header comment.
# Keep entries in alphabetical order of key.

- key: airflow
  name: Apache Airflow
  aliases: [Airflow]
  description: Workflow orchestrator.

# Kafka is the broker; Kafka Connect has its own entry.
- key: kafka
  name: Apache Kafka
  aliases: [Kafka, "Kafka: the broker"]
  description: Distributed log.

- key: redis
  name: Redis
  aliases: []
  description: In-memory store.
"""
VOCABULARY_PATH = Path("data/technologies.yml")


def test_new_entries_and_aliases_go_into_the_text_in_key_order() -> None:
    """New entries before the first key that sorts after theirs (above that entry's own comment)
    or at the end; aliases appended to the right entry, quoted only when they must be; every
    other line byte-identical; the result loads."""
    entries = [
        NewTechnology("zookeeper", "Apache ZooKeeper", ("ZooKeeper",), "Coordination: leader election."),
        NewTechnology("docker", "Docker", (), "Containers."),
        NewTechnology("aaa-first", "AAA", ("A3",), "Sorts first."),
    ]
    aliases = [("kafka", "Kafka topics"), ("redis", "Redis: cache"), ("kafka", "Kafka-UI")]
    text = updated_technologies_text(SMALL_VOCABULARY, entries, aliases, VOCABULARY_PATH)
    assert text == """\
# A small vocabulary: a header comment.
# Keep entries in alphabetical order of key.

- key: aaa-first
  name: AAA
  aliases: [A3]
  description: Sorts first.

- key: airflow
  name: Apache Airflow
  aliases: [Airflow]
  description: Workflow orchestrator.

- key: docker
  name: Docker
  aliases: []
  description: Containers.

# Kafka is the broker; Kafka Connect has its own entry.
- key: kafka
  name: Apache Kafka
  aliases: [Kafka, 'Kafka: the broker', Kafka topics, Kafka-UI]
  description: Distributed log.

- key: redis
  name: Redis
  aliases: ['Redis: cache']
  description: In-memory store.

- key: zookeeper
  name: Apache ZooKeeper
  aliases: [ZooKeeper]
  description: 'Coordination: leader election.'
"""
    loaded = {t.key: t for t in vocab.load_technologies(VOCABULARY_PATH, text=text)}
    assert list(loaded) == ["aaa-first", "airflow", "docker", "kafka", "redis", "zookeeper"]
    assert loaded["kafka"].aliases == ("Kafka", "Kafka: the broker", "Kafka topics", "Kafka-UI")
    assert loaded["redis"].aliases == ("Redis: cache",)
    assert loaded["zookeeper"].description == "Coordination: leader election."


def test_nothing_to_add_keeps_the_text() -> None:
    assert updated_technologies_text(SMALL_VOCABULARY, [], [], VOCABULARY_PATH) == SMALL_VOCABULARY


def test_an_entry_at_the_end_of_a_file_without_a_final_newline() -> None:
    text = updated_technologies_text(
        SMALL_VOCABULARY.rstrip("\n"), [NewTechnology("trino", "Trino", (), "SQL engine.")], [], VOCABULARY_PATH
    )
    assert text == SMALL_VOCABULARY + (
        "\n- key: trino\n  name: Trino\n  aliases: []\n  description: SQL engine.\n"
    )


def test_a_header_comment_right_above_the_first_entry_stays_the_header() -> None:
    text = "# Header.\n- key: kafka\n  name: Kafka\n  aliases: []\n  description: Log.\n"
    new = updated_technologies_text(text, [NewTechnology("docker", "Docker", (), "Containers.")], [], VOCABULARY_PATH)
    assert new == (
        "# Header.\n- key: docker\n  name: Docker\n  aliases: []\n  description: Containers.\n\n"
        "- key: kafka\n  name: Kafka\n  aliases: []\n  description: Log.\n"
    )


BLOCK_ALIASES = SMALL_VOCABULARY.replace(
    "  aliases: []\n  description: In-memory store.",
    "  aliases:\n    - Redis OSS\n  description: In-memory store.",
)


def test_an_alias_goes_at_the_end_of_a_block_list_in_its_layout() -> None:
    """A list of ``- alias`` lines gets one more line like its last, before the comments and
    keys after it; an empty block list gets its first item."""
    assert yaml.safe_load(BLOCK_ALIASES)[2]["aliases"] == ["Redis OSS"]
    text = updated_technologies_text(BLOCK_ALIASES, [], [("redis", "Redis: cache")], VOCABULARY_PATH)
    assert text == BLOCK_ALIASES.replace("    - Redis OSS\n", "    - Redis OSS\n    - 'Redis: cache'\n")
    assert yaml.safe_load(text)[2]["aliases"] == ["Redis OSS", "Redis: cache"]
    commented = BLOCK_ALIASES.replace("    - Redis OSS\n", "    -   Redis OSS  # the fork\n    # more to come\n")
    text = updated_technologies_text(commented, [], [("redis", "Redis cache")], VOCABULARY_PATH)
    assert text == commented.replace("# the fork\n", "# the fork\n    -   Redis cache\n")
    empty = BLOCK_ALIASES.replace("  aliases:\n    - Redis OSS\n", "  aliases:\n")
    text = updated_technologies_text(empty, [], [("redis", "Redis cache")], VOCABULARY_PATH)
    assert text == empty.replace("  aliases:\n", "  aliases:\n    - Redis cache\n")


def test_aliases_laid_out_otherwise_are_an_error_not_a_rewrite() -> None:
    """A flow list over two lines is neither layout: an error naming the entry's line; the other
    entries' aliases are still added."""
    split = BLOCK_ALIASES.replace("  aliases:\n    - Redis OSS\n", "  aliases: [Redis OSS,\n    Valkey]\n")
    assert yaml.safe_load(split)[2]["aliases"] == ["Redis OSS", "Valkey"]
    with pytest.raises(NotesErrors) as raised:
        updated_technologies_text(split, [], [("redis", "Redis cache")], VOCABULARY_PATH)
    assert [str(e) for e in raised.value.errors] == [
        "data/technologies.yml:15: redis: expected 'aliases: [...]' on one line or a list of "
        "'- alias' lines to add the alias 'Redis cache'"
    ]
    text = updated_technologies_text(split, [], [("airflow", "Airflow DAGs")], VOCABULARY_PATH)
    assert text == split.replace("[Airflow]", "[Airflow, Airflow DAGs]")


def test_an_alias_of_a_missing_entry_is_an_error() -> None:
    with pytest.raises(NotesErrors) as raised:
        updated_technologies_text(SMALL_VOCABULARY, [], [("kafka-connect", "Connect")], VOCABULARY_PATH)
    assert [str(e) for e in raised.value.errors] == [
        "data/technologies.yml: no entry 'kafka-connect' to add the alias 'Connect' to"
    ]


def test_a_new_entry_that_spells_an_existing_name_does_not_load() -> None:
    """The text is written as asked; loading it (which the importer does before writing) names
    the entry and the spelling taken."""
    text = updated_technologies_text(
        SMALL_VOCABULARY, [NewTechnology("apache-kafka", "Kafka", (), "Again.")], [], VOCABULARY_PATH
    )
    with pytest.raises(vocab.VocabError) as raised:
        vocab.load_technologies(VOCABULARY_PATH, text=text)
    assert str(raised.value) == (
        "data/technologies.yml: entry 3 (kafka): alias 'kafka' already names 'apache-kafka'"
    )


# --- importer runs ----------------------------------------------------------------------------

NOTES = """\
# 🟡 Medium Scenarios 21-22

## Scenario 21: Containerised Spark Job

**🏷️ Technologies:** `PySpark` `Spark-SQL` `Docker` `Kafka connectors`

### Interview Question
A Spark job in a Docker image cannot find its packages. What do you check first?

---

## Scenario 22: Slow Lookups

**🏷️ Technologies:** `Docker` `Kubernets` `Cloud Spanner` `Tarantool`

### Interview Question
Point lookups against the store are slow. What do you check first?
"""
PAGES = ["m21-containerised-spark-job.md", "m22-slow-lookups.md"]
DEFAULT_SPANNER = "Cloud Spanner, as used in scenario M22 (Slow Lookups)."
DEFAULT_TARANTOOL = "Tarantool, as used in scenario M22 (Slow Lookups)."


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    return write(tmp_path / "notes" / "medium.md", NOTES)


def proposals(notes: Path) -> list[str]:
    """What the importer proposes for the six names of NOTES, as it prints them."""
    return [
        f"'Spark-SQL' ({notes}:5, M21): alias of pyspark: written like 'Spark SQL' apart from "
        "case, spaces and punctuation",
        f"'Docker' ({notes}:5, M21; also M22): new technology docker (Docker; aliases: none): {DOCKER}",
        f"'Kafka connectors' ({notes}:5, M21): alias of kafka-connect: 'Kafka Connect' with its "
        "words inflected",
        f"'Kubernets' ({notes}:14, M22): alias of kubernetes: spelled like 'Kubernetes' "
        "(similarity 0.95)",
        f"'Cloud Spanner' ({notes}:14, M22): new technology cloud-spanner (Cloud Spanner; aliases: "
        "none): Cloud Spanner, as used in scenario M22 (Slow Lookups).",
        f"'Tarantool' ({notes}:14, M22): new technology tarantool (Tarantool; aliases: none): "
        "Tarantool, as used in scenario M22 (Slow Lookups).",
    ]


ACCEPTED_DIFF = f"""\
+- key: cloud-spanner
+  name: Cloud Spanner
+  aliases: []
+  description: Cloud Spanner, as used in scenario M22 (Slow Lookups).
+
+
+- key: docker
+  name: Docker
+  aliases: []
+  description: {DOCKER}
-  aliases: []
+  aliases: [Kafka connectors]
-  aliases: [k8s, kubectl, EKS]
+  aliases: [k8s, kubectl, EKS, Kubernets]
-  aliases: [Spark, PySpark, Apache Spark, Spark SQL]
+  aliases: [Spark, PySpark, Apache Spark, Spark SQL, Spark-SQL]
+- key: tarantool
+  name: Tarantool
+  aliases: []
+  description: Tarantool, as used in scenario M22 (Slow Lookups).
+
"""


def entry_text(key: str, name: str, description: str) -> str:
    return f"- key: {key}\n  name: {name}\n  aliases: []\n  description: {description}\n\n"


def before_entry(key: str, text: str) -> tuple[str, str]:
    """The change that puts ``text`` right before the entry ``key``."""
    return f"- key: {key}\n", f"{text}- key: {key}\n"


def replace_once(text: str, *changes: tuple[str, str]) -> str:
    """``text`` with each old string, found exactly once, replaced by the new one."""
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def page_technologies(out: Path) -> dict[str, list[str]]:
    return {p.name: split_page(p.read_text(encoding="utf-8"))[0]["technologies"] for p in sorted(out.iterdir())}


def test_accept_writes_the_pages_and_the_vocabulary_in_one_run(
    notes: Path, tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vocabulary = data_copy / "technologies.yml"
    before = vocabulary.read_text(encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = run([notes, "--out", out, "--accept"], capsys)
    assert (code, stderr) == (0, "")
    after = vocabulary.read_text(encoding="utf-8")
    assert vocabulary_diff(before, after) == ACCEPTED_DIFF
    # byte for byte: each entry before the first key that sorts after it, each alias at the end
    # of its entry's list, every other line as it was
    assert after == replace_once(
        before,
        before_entry("confluent-schema-registry", entry_text("cloud-spanner", "Cloud Spanner", DEFAULT_SPANNER)),
        before_entry("duckdb", entry_text("docker", "Docker", DOCKER)),
        before_entry("terraform", entry_text("tarantool", "Tarantool", DEFAULT_TARANTOOL)),
        ("name: Kafka Connect\n  aliases: []\n", "name: Kafka Connect\n  aliases: [Kafka connectors]\n"),
        ("  aliases: [k8s, kubectl, EKS]\n", "  aliases: [k8s, kubectl, EKS, Kubernets]\n"),
        ("Spark SQL]\n", "Spark SQL, Spark-SQL]\n"),
    )
    assert page_technologies(out) == {
        PAGES[0]: ["pyspark", "docker", "kafka-connect"],
        PAGES[1]: ["docker", "kubernetes", "cloud-spanner", "tarantool"],
    }
    plan = stdout[stdout.index("technologies not in") : stdout.index("pages in")]
    assert plan == (
        f"technologies not in {vocabulary}:\n"
        + "".join(f"  {line} [accepted (--accept)]\n" for line in proposals(notes))
        + f"vocabulary {vocabulary}:\n"
        + VOCABULARY_PLAN
    )
    # every spelling of the notes now resolves through the written vocabulary
    written = vocab.load_technologies(vocabulary)
    assert vocab.resolve_technologies(
        ["PySpark", "Spark-SQL", "Docker", "Kafka connectors", "Kubernets", "Cloud Spanner", "Tarantool"],
        written,
    ) == ["pyspark", "docker", "kafka-connect", "kubernetes", "cloud-spanner", "tarantool"]


def test_a_second_run_proposes_nothing_and_writes_nothing(
    notes: Path, tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run([notes, "--out", out, "--accept"], capsys)[0] == 0
    before = snapshot(out), snapshot(data_copy)
    # without --accept and without a terminal: nothing is left to decide
    code, stdout, stderr = run([notes, "--out", out], capsys)
    assert (code, stderr) == (0, "")
    assert (snapshot(out), snapshot(data_copy)) == before
    assert "technologies not in" not in stdout
    assert "vocabulary " not in stdout
    assert "      technologies (from the notes): docker, kubernetes, cloud-spanner, tarantool\n" in stdout
    assert stdout.endswith("summary: 0 created, 0 overwritten, 2 unchanged, 0 kept\n")


@pytest.mark.parametrize("failing_call", [2, 3], ids=["second-page", "vocabulary"])
def test_pages_and_vocabulary_are_written_all_or_nothing(
    failing_call: int,
    notes: Path,
    tmp_path: Path,
    data_copy: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pages and technologies.yml are moved into place one by one (the vocabulary last);
    when a move fails, the files already moved are taken back: no page, the old vocabulary."""
    out = tmp_path / "out"
    before = snapshot(data_copy)
    real_replace = os.replace
    calls: list[str] = []

    def failing_replace(source: str, target: str) -> None:
        calls.append(Path(target).name)
        if len(calls) == failing_call:
            raise OSError("disk full")
        real_replace(source, target)

    monkeypatch.setattr(deis.write.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        importer.main([str(notes), "--out", str(out), "--accept"], stdin=FakeTerminal(""))
    assert calls[:failing_call] == [*PAGES, "technologies.yml"][:failing_call]
    assert list(out.iterdir()) == []  # no page, and no staged file left behind
    assert snapshot(data_copy) == before


def test_without_a_terminal_unknown_technologies_are_an_error(
    notes: Path, tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    before = snapshot(data_copy)
    code, stdout, stderr = run([notes, "--out", out], capsys)
    assert (code, stdout) == (1, "")
    assert stderr == (
        "6 technology proposal(s) need a person; confirm them on a terminal, or pass --accept:\n"
        + "".join(f"  {line}\n" for line in proposals(notes))
        + NOTHING_WRITTEN
    )
    assert not out.exists()
    assert snapshot(data_copy) == before


TERMINAL_ANSWERS = [
    "sparky",  # Spark-SQL: not a key, asked again
    "y",  # Spark-SQL: alias of pyspark
    "",  # Docker: the built-in entry
    "kafka",  # Kafka connectors: another existing key than the proposal
    "Y",  # Kubernets: alias of kubernetes
    "edit",  # Cloud Spanner: a new entry of its own
    "Spanner",  # key: not lowercase-hyphenated
    "kafka",  # key: exists
    "google-cloud-spanner",
    "Cloud SQL",  # name: fine (unknown)
    "Kafka",  # aliases: one names kafka
    "Cloud Spanner, Spanner",
    "",  # description: keep the default
    "maybe",  # Tarantool: not an answer
    "n",  # Tarantool: not a new entry
    "tarantula",  # not a key
    "-",  # left out
]


def test_a_person_decides_each_technology_on_a_terminal(
    notes: Path, tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vocabulary = data_copy / "technologies.yml"
    before = vocabulary.read_text(encoding="utf-8")
    out = tmp_path / "out"
    answers = FakeTerminal("".join(f"{a}\n" for a in TERMINAL_ANSWERS))
    code = importer.main(
        [str(notes), "--out", str(out), "--bucket", "M21=batch", "--bucket", "M22=performance"],
        stdin=answers,
    )
    captured = capsys.readouterr()
    assert code == 0
    assert answers.read() == ""  # every answer was read, none was left over
    spark, docker, kafka, kubernets, spanner, tarantool = (
        line.split(": ", 1) for line in proposals(notes)
    )
    default = "Cloud Spanner, as used in scenario M22 (Slow Lookups)."
    assert captured.err == (
        f"{spark[0]}: {spark[1]}. Accept? [Y/n/KEY] unknown technology key 'sparky'\n"
        f"{spark[0]}: {spark[1]}. Accept? [Y/n/KEY] "
        f"{docker[0]}: {docker[1]}. Add? [Y/n/edit] "
        f"{kafka[0]}: {kafka[1]}. Accept? [Y/n/KEY] "
        f"{kubernets[0]}: {kubernets[1]}. Accept? [Y/n/KEY] "
        f"{spanner[0]}: {spanner[1]}. Add? [Y/n/edit] "
        "key [cloud-spanner]: key 'Spanner': expected lowercase-hyphenated, e.g. cloud-spanner\n"
        "key [cloud-spanner]: key 'kafka' exists; answer n to choose an existing technology\n"
        "key [cloud-spanner]: "
        "name [Cloud Spanner]: "
        "aliases, comma-separated, - for none [none]: alias 'Kafka' already names kafka\n"
        "aliases, comma-separated, - for none [none]: "
        f"description [{default}]: "
        f"{tarantool[0]}: {tarantool[1]}. Add? [Y/n/edit] expected y, n or edit\n"
        f"{tarantool[0]}: {tarantool[1]}. Add? [Y/n/edit] "
        f"{tarantool[0]}: key of an existing technology, or - to leave it out? "
        "unknown technology key 'tarantula'\n"
        f"{tarantool[0]}: key of an existing technology, or - to leave it out? "
    )
    assert page_technologies(out) == {
        PAGES[0]: ["pyspark", "docker", "kafka"],
        PAGES[1]: ["docker", "kubernetes", "google-cloud-spanner"],
    }
    verdicts = captured.out[captured.out.index("technologies not in") : captured.out.index("pages in")]
    spanner_entry = f"google-cloud-spanner (Cloud SQL; aliases: Cloud Spanner, Spanner): {default}"
    assert verdicts == (
        f"technologies not in {vocabulary}:\n"
        f"  {': '.join(spark)} [confirmed]\n"
        f"  {': '.join(docker)} [confirmed]\n"
        f"  {': '.join(kafka)} [-> kafka (chosen)]\n"
        f"  {': '.join(kubernets)} [confirmed]\n"
        f"  {': '.join(spanner)} [-> new technology {spanner_entry} (edited)]\n"
        f"  {': '.join(tarantool)} [-> left out (chosen)]\n"
        f"vocabulary {vocabulary}:\n"
        f"  add       docker (Docker; aliases: none): {DOCKER}\n"
        f"  add       {spanner_entry}\n"
        "  alias     pyspark: Spark-SQL\n"
        "  alias     kafka: Kafka connectors\n"
        "  alias     kubernetes: Kubernets\n"
    )
    assert vocabulary_diff(before, vocabulary.read_text(encoding="utf-8")) == f"""\
+- key: docker
+  name: Docker
+  aliases: []
+  description: {DOCKER}
+
+- key: google-cloud-spanner
+  name: Cloud SQL
+  aliases: [Cloud Spanner, Spanner]
+  description: {default}
+
-  aliases: [Kafka]
+  aliases: [Kafka, Kafka connectors]
-  aliases: [k8s, kubectl, EKS]
+  aliases: [k8s, kubectl, EKS, Kubernets]
-  aliases: [Spark, PySpark, Apache Spark, Spark SQL]
+  aliases: [Spark, PySpark, Apache Spark, Spark SQL, Spark-SQL]
"""
    assert "Tarantool" not in vocabulary.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("answers", "last_question", "where"),
    [
        # at the first question: Spark-SQL, named on line 5 in M21
        ([], "{spark}. Accept? [Y/n/KEY] ", "5: M21"),
        # in the middle of Cloud Spanner's fields: it is named on line 14 in M22
        (TERMINAL_ANSWERS[:9], "name [Cloud Spanner]: ", "14: M22"),
    ],
    ids=["first-question", "editing-an-entry"],
)
def test_end_of_input_at_a_technology_question_writes_nothing(
    answers: list[str],
    last_question: str,
    where: str,
    notes: Path,
    tmp_path: Path,
    data_copy: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "out"
    before = snapshot(data_copy)
    code = importer.main(
        [str(notes), "--out", str(out)], stdin=FakeTerminal("".join(f"{a}\n" for a in answers))
    )
    captured = capsys.readouterr()
    assert (code, captured.out) == (1, "")
    question = last_question.format(spark=proposals(notes)[0])
    assert captured.err.endswith(
        f"{question}{notes}:{where}: no answer (end of input); expected y, n, edit or a "
        f"technology key\n{NOTHING_WRITTEN}"
    )
    assert not out.exists()
    assert snapshot(data_copy) == before


def test_dry_run_prints_the_vocabulary_plan_and_writes_nothing(
    notes: Path, tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    vocabulary = data_copy / "technologies.yml"
    before = snapshot(data_copy)
    code, stdout, stderr = run([notes, "--out", out, "--accept", "--dry-run"], capsys)
    assert (code, stderr) == (0, "")
    assert (
        f"vocabulary {vocabulary} (dry run: nothing written):\n"
        + VOCABULARY_PLAN
        + f"pages in {out} (dry run: nothing written):\n"
    ) in stdout
    assert "      technologies (from the notes): docker, kubernetes, cloud-spanner, tarantool\n" in stdout
    assert not out.exists()
    assert snapshot(data_copy) == before

    # on a terminal, a dry run asks nothing: every name needs a decision, nothing is planned
    code = importer.main([str(notes), "--out", str(out), "--dry-run"], stdin=FakeTerminal(""))
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    assert (
        f"technologies not in {vocabulary}:\n"
        + "".join(f"  {line} [needs a decision]\n" for line in proposals(notes))
        + f"pages in {out} (dry run: nothing written):\n"
    ) in captured.out
    assert (
        "      technologies (from the notes): pyspark, 'Spark-SQL' (undecided), 'Docker' "
        "(undecided), 'Kafka connectors' (undecided)\n"
    ) in captured.out
    assert not out.exists()
    assert snapshot(data_copy) == before
