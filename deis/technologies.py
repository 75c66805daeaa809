"""Technologies: resolve the names the notes use, and propose entries for names the vocabulary lacks.

A name that is not in ``data/technologies.yml`` never stops an import: it gets a proposal, an
existing key (an alias match, and why) or a new entry (key, name, aliases, description), which a
person confirms (:mod:`deis.decide`) or ``--accept`` takes. :func:`updated_technologies_text`
writes the accepted entries and aliases into the file's text, in key order, its comments kept.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from deis import vocab
from deis.model import Mention, NotesErrors, Scenario

# --- technologies: proposals for names that are not in the vocabulary --------------------------


@dataclass(frozen=True)
class NewTechnology:
    """An entry to add to ``data/technologies.yml``."""

    key: str
    name: str
    aliases: tuple[str, ...]
    description: str

    def describe(self) -> str:
        aliases = ", ".join(self.aliases) or "none"
        return f"{self.key} ({self.name}; aliases: {aliases}): {self.description}"


def _known(key: str, name: str, aliases: Sequence[str], description: str) -> NewTechnology:
    return NewTechnology(key, name, tuple(aliases), description)


# Common technologies that the notes may name and the vocabulary may lack: a new entry for one of
# them gets this key, name, aliases and description. Spellings here are also looked for in the
# text of scenarios without a Technologies line, so none is an everyday word.
KNOWN_TECHNOLOGIES: tuple[NewTechnology, ...] = (
    _known("apache-beam", "Apache Beam", [], "Unified programming model for batch and streaming pipelines, run on Dataflow, Flink or Spark."),
    _known("aws-athena", "Amazon Athena", ["Athena", "AWS Athena"], "AWS serverless SQL queries over data in S3."),
    _known("aws-cloudformation", "AWS CloudFormation", ["CloudFormation"], "AWS infrastructure as code in JSON or YAML templates."),
    _known("aws-cloudwatch", "Amazon CloudWatch", ["CloudWatch", "AWS CloudWatch"], "AWS metrics, logs and alarms."),
    _known("aws-emr", "Amazon EMR", ["EMR", "AWS EMR"], "AWS managed clusters for Spark, Hive and other Hadoop tools."),
    _known("aws-kms", "AWS KMS", ["KMS"], "AWS managed encryption keys."),
    _known("aws-lake-formation", "AWS Lake Formation", ["Lake Formation"], "AWS fine-grained permissions on the tables of the Glue Data Catalog."),
    _known("aws-sns", "Amazon SNS", ["SNS", "AWS SNS"], "AWS managed publish-subscribe notifications."),
    _known("aws-sqs", "Amazon SQS", ["SQS", "AWS SQS"], "AWS managed message queues."),
    _known("aws-step-functions", "AWS Step Functions", ["Step Functions"], "AWS serverless workflows that chain Lambda functions and other services."),
    _known("azure-cosmos-db", "Azure Cosmos DB", ["Cosmos DB", "CosmosDB"], "Azure's globally distributed NoSQL database."),
    _known("azure-data-factory", "Azure Data Factory", ["ADF"], "Azure's managed service for moving data and orchestrating pipelines."),
    _known("azure-data-lake-storage", "Azure Data Lake Storage", ["ADLS", "ADLS Gen2"], "Azure object storage with a hierarchical namespace, for data lakes."),
    _known("azure-event-hubs", "Azure Event Hubs", ["Event Hubs"], "Azure's managed event streaming service, with a Kafka-compatible endpoint."),
    _known("azure-synapse", "Azure Synapse Analytics", ["Synapse", "Azure Synapse"], "Azure analytics service with a data warehouse and Spark pools."),
    _known("bigquery", "Google BigQuery", ["BigQuery"], "Google Cloud's serverless data warehouse."),
    _known("cassandra", "Apache Cassandra", ["Cassandra"], "Wide-column distributed database built for high write throughput."),
    _known("clickhouse", "ClickHouse", [], "Column-oriented database for real-time analytical queries."),
    _known("dagster", "Dagster", [], "Orchestrator built around data assets and their lineage."),
    _known("datadog", "Datadog", [], "Monitoring service for metrics, logs, traces and alerts."),
    _known("docker", "Docker", [], "Builds and runs applications in containers from versioned images."),
    _known("druid", "Apache Druid", ["Druid"], "Real-time analytics database for low-latency aggregations over events."),
    _known("elasticsearch", "Elasticsearch", [], "Search and analytics engine for full-text search and logs."),
    _known("fivetran", "Fivetran", [], "Managed ELT connectors that replicate sources into a warehouse."),
    _known("git", "Git", [], "Distributed version control for code, SQL models and pipeline configuration."),
    _known("google-cloud-dataflow", "Google Cloud Dataflow", [], "Google Cloud's managed runner for Apache Beam pipelines."),
    _known("google-cloud-pubsub", "Google Cloud Pub/Sub", ["Pub/Sub", "PubSub"], "Google Cloud's managed publish-subscribe messaging."),
    _known("google-cloud-storage", "Google Cloud Storage", ["GCS"], "Google Cloud's object storage."),
    _known("grafana", "Grafana", [], "Dashboards and alerts over metrics, logs and traces."),
    _known("hbase", "Apache HBase", ["HBase"], "Wide-column store on HDFS for random reads and writes."),
    _known("helm", "Helm", [], "Package manager for Kubernetes applications."),
    _known("hive", "Apache Hive", ["Hive", "Hive Metastore"], "SQL on Hadoop; its metastore still catalogs tables for Spark and Trino."),
    _known("java", "Java", [], "Programming language of the JVM, in which Kafka, Flink and many connectors are written."),
    _known("jenkins", "Jenkins", [], "Self-hosted automation server that runs CI/CD pipelines."),
    _known("looker", "Looker", [], "BI tool with a modelling layer (LookML) over the warehouse."),
    _known("mongodb", "MongoDB", ["Mongo"], "Document database that stores JSON-like documents."),
    _known("nifi", "Apache NiFi", ["NiFi"], "Flow-based tool for routing and transforming data between systems."),
    _known("oracle", "Oracle Database", ["Oracle"], "Relational database, a common source system for CDC."),
    _known("pandas", "pandas", [], "Python library for in-memory data frames."),
    _known("polars", "Polars", [], "Data frame library written in Rust, with a Python API, for fast single-machine processing."),
    _known("power-bi", "Power BI", ["PowerBI"], "Microsoft's BI tool for reports and dashboards."),
    _known("prefect", "Prefect", [], "Python workflow orchestrator for scheduling and retrying flows."),
    _known("presto", "Presto", ["PrestoDB"], "Distributed SQL query engine over many sources; Trino is its fork."),
    _known("prometheus", "Prometheus", [], "Monitoring system that scrapes metrics as time series and alerts on them."),
    _known("pulsar", "Apache Pulsar", ["Pulsar"], "Distributed messaging and streaming platform with tiered storage."),
    _known("python", "Python", [], "General-purpose programming language, the usual language of pipelines and PySpark jobs."),
    _known("rabbitmq", "RabbitMQ", [], "Message broker for queues with acknowledgements and routing."),
    _known("sagemaker", "Amazon SageMaker", ["SageMaker"], "AWS managed service for training and serving ML models."),
    _known("scala", "Scala", [], "Programming language of the JVM in which Apache Spark is written."),
    _known("splunk", "Splunk", [], "Platform for searching, monitoring and alerting on machine logs."),
    _known("sql-server", "Microsoft SQL Server", ["SQL Server", "MSSQL"], "Microsoft's relational database."),
    _known("superset", "Apache Superset", ["Superset"], "Open-source BI tool for dashboards and SQL exploration."),
    _known("zookeeper", "Apache ZooKeeper", ["ZooKeeper"], "Coordination service that Kafka clusters before KRaft depend on."),
)

VENDOR_PREFIXES = (
    "google cloud", "apache", "aws", "amazon", "azure", "microsoft", "google", "gcp",
    "databricks", "confluent", "hashicorp",
)
GENERIC_WORDS = frozenset(
    "api apis cache cluster clusters connector connectors dag dags database databases db engine "
    "job jobs pipeline pipelines server servers service services sql table tables topic topics "
    "ui".split()
)
SIMILARITY_MIN = 0.88  # difflib ratio of two compact spellings that are probably the same name
SIMILARITY_MIN_LENGTH = 5


def _compact(name: str) -> str:
    """A spelling without case, spaces or punctuation: ``Spark-SQL`` -> ``sparksql``."""
    return re.sub(r"[\W_]+", "", vocab.fold_spelling(name))


def _without_vendor(name: str) -> tuple[str, str]:
    """(prefix as written, the rest) when ``name`` starts with a vendor's name, else ("", name)."""
    folded = " ".join(name.split())
    for prefix in VENDOR_PREFIXES:
        if folded.casefold().startswith(prefix + " ") and len(folded) > len(prefix) + 1:
            return folded[: len(prefix)], folded[len(prefix) + 1 :]
    return "", folded


def _extends(compact: str, spelling: str) -> bool:
    """Whether a compact name is a whole spelling with more letters (other than a plural s): not
    a misspelling of it but another product's name (PostgREST is not Postgres)."""
    return spelling in compact and compact not in (spelling, spelling + "s")


INFLECTIONS = frozenset({"s", "es", "or", "ors", "er", "ers", "ing", "ion", "ions"})
INFLECTED_STEM_MIN = 4  # "Connect" in "connectors"; shorter stems say too little


def _inflects(word: str, stem: str) -> bool:
    """Whether ``word`` is the word ``stem`` or it with an English ending: connectors of Connect."""
    word, stem = word.casefold(), stem.casefold()
    return word == stem or (len(stem) >= INFLECTED_STEM_MIN and word.startswith(stem) and word[len(stem) :] in INFLECTIONS)


def known_technology(name: str) -> NewTechnology | None:
    """The built-in entry that ``name`` spells (its key, name or an alias), if any."""
    compact = _compact(name)
    for entry in KNOWN_TECHNOLOGIES:
        if compact in {_compact(s) for s in (entry.key, entry.name, *entry.aliases)}:
            return entry
    return None


def mentionable_spellings(technologies: Sequence[vocab.Technology]) -> list[str]:
    """Spellings looked for in the text: the vocabulary's and the built-in table's."""
    spellings = [s for t in technologies for s in t.spellings]
    spellings += [s for entry in KNOWN_TECHNOLOGIES for s in (entry.name, *entry.aliases)]
    return spellings


def description_default(name: str, scenario: Scenario) -> str:
    """The description of a new technology that is not in the built-in table: what is known of
    it for sure, where the notes use it. A person on a terminal is asked for a better one."""
    return f"{name}, as used in scenario {scenario.id} ({scenario.title})."


def new_key(name: str) -> str:
    """A vocabulary key for a name: lowercase ASCII words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower())) or "technology"


@dataclass(frozen=True)
class TechnologyProposal:
    """What to do with a technology name that is not in the vocabulary.

    ``kind`` is "alias" (``key`` is an existing technology), "new" (``entry`` is to be added)
    or "leave out" (a spelling that means a technology only beside another)."""

    name: str
    kind: str
    key: str
    reason: str
    entry: NewTechnology | None = None
    described: bool = True  # False: the entry's description is description_default's

    def describe(self) -> str:
        if self.kind == "alias":
            return f"alias of {self.key}: {self.reason}"
        if self.kind == "new":
            assert self.entry is not None
            return f"new technology {self.entry.describe()}"
        return f"leave it out: {self.reason}"


def _spelling_owners(technologies: Sequence[vocab.Technology]) -> list[tuple[str, str]]:
    """(spelling, key) for every unconditional spelling, in vocabulary order, the name and the
    aliases before the key (a reason quotes the spelling as people write it)."""
    return [(s, t.key) for t in technologies for s in (t.name, *t.aliases, t.key)]


def propose_technology(
    name: str,
    technologies: Sequence[vocab.Technology],
    scenario: Scenario,
    beside: Sequence[str] = (),
) -> TechnologyProposal:
    """Propose an existing key (and why) or a new entry for a name the vocabulary lacks.

    Tried in order: a spelling that means a technology only beside another; the same spelling
    apart from case, spaces and punctuation; the built-in table of common technologies; the
    same product without a vendor prefix; a known name of two words or more with the words after
    the first inflected (Kafka connectors: Kafka Connect), or followed by generic words; a close
    spelling. Otherwise a new entry."""
    owners = _spelling_owners(technologies)
    keys = {t.key for t in technologies}
    folded = vocab.fold_spelling(name)
    for technology in technologies:
        for spelling, needed in technology.aliases_beside:
            if vocab.fold_spelling(spelling) == folded and not set(needed) & set(beside):
                reason = f"'{name}' means {technology.key} only beside {' or '.join(needed)}"
                return TechnologyProposal(name, "leave out", "", reason)
    compact = _compact(name)
    for spelling, key in owners:
        if _compact(spelling) == compact:
            reason = f"written like '{spelling}' apart from case, spaces and punctuation"
            return TechnologyProposal(name, "alias", key, reason)
    known = known_technology(name)
    if known is not None:
        if known.key in keys:
            reason = f"the built-in table of technologies gives it the key {known.key}"
            return TechnologyProposal(name, "alias", known.key, reason)
        spelled = {vocab.fold_spelling(s) for s, _ in owners}
        aliases = tuple(a for a in known.aliases if vocab.fold_spelling(a) not in spelled)
        entry = replace(known, aliases=aliases)
        return TechnologyProposal(name, "new", known.key, "a known technology", entry)
    prefix, rest = _without_vendor(name)
    # a vendor's name before a generic word is the vendor's product: Google Cloud SQL is no SQL
    product = not all(w.casefold() in GENERIC_WORDS for w in rest.split())
    for spelling, key in owners:
        if product and _compact(_without_vendor(spelling)[1]) == _compact(rest) and (prefix or spelling != _without_vendor(spelling)[1]):
            reason = f"the same product as '{spelling}' without the vendor's name"
            return TechnologyProposal(name, "alias", key, reason)
    words = name.split()
    for cut in range(len(words), 0, -1):  # the longest known name first: Kafka Connect before Kafka
        base, generic = words[:cut], words[cut:]
        if not all(w.casefold() in GENERIC_WORDS for w in generic):
            continue
        followed = f" followed by the generic word(s) '{' '.join(generic)}'" if generic else ""
        for spelling, key in owners:
            if generic and _compact(spelling) == _compact(" ".join(base)):
                return TechnologyProposal(name, "alias", key, f"'{spelling}'{followed}")
        for spelling, key in owners:
            theirs = spelling.split()
            # the product's own name as written, the words after it inflected (Terraformer is
            # another product, not Terraform inflected)
            if (
                len(theirs) == cut > 1
                and base[0].casefold() == theirs[0].casefold()
                and base != theirs
                and all(map(_inflects, base[1:], theirs[1:]))
            ):
                reason = f"'{spelling}' with its words inflected{',' if generic else ''}{followed}"
                return TechnologyProposal(name, "alias", key, reason)
    if len(compact) >= SIMILARITY_MIN_LENGTH:
        scored = [
            (difflib.SequenceMatcher(None, compact, _compact(spelling)).ratio(), spelling, key)
            for spelling, key in owners
            if len(_compact(spelling)) >= SIMILARITY_MIN_LENGTH
            and not _extends(compact, _compact(spelling))
        ]
        best = max(scored, key=lambda s: s[0], default=None)
        if best and best[0] >= SIMILARITY_MIN:
            reason = f"spelled like '{best[1]}' (similarity {best[0]:.2f})"
            return TechnologyProposal(name, "alias", best[2], reason)
    key = new_key(name)
    if key in keys:
        reason = f"its key would be {key}, which exists"
        return TechnologyProposal(name, "alias", key, reason)
    entry = NewTechnology(key, " ".join(name.split()), (), description_default(name, scenario))
    return TechnologyProposal(name, "new", key, "not in the vocabulary", entry, described=False)


@dataclass(frozen=True)
class TechnologyDecision:
    """What was decided for one name: ``key`` (None: left out), the entry to add (``new``) and
    whether the name becomes an alias of ``key`` in the vocabulary."""

    name: str
    key: str | None
    how: str  # "--accept" | "confirmed" | "chosen" | "edited"
    new: NewTechnology | None = None
    alias: bool = False


@dataclass(frozen=True)
class Unknown:
    """A name the vocabulary lacks, with every scenario that names it."""

    name: str
    where: tuple[tuple[Scenario, int], ...]  # (scenario, line) of each mention
    beside: tuple[str, ...]  # keys named beside its first mention


def resolve_mentions(
    mentions: Sequence[Mention],
    technologies: Sequence[vocab.Technology],
    decided: dict[str, str | None],
) -> tuple[list[str], list[int]]:
    """Keys of the mentions in order, without repeats, and the indices of the names that are
    neither in the vocabulary nor ``decided`` (folded name -> key, or None: left out).

    Unconditional spellings are resolved first, so that a conditional one (``Streaming``) sees
    its neighbours whatever their order."""
    resolved: dict[int, str | None] = {}
    pending: list[int] = []
    for index, mention in enumerate(mentions):
        try:
            resolved[index] = vocab.resolve_technology(mention.name, technologies)
        except vocab.VocabError:
            pending.append(index)
    unknown: list[int] = []
    beside = [k for k in resolved.values() if k]
    for index in pending:
        folded = vocab.fold_spelling(mentions[index].name)
        try:
            resolved[index] = vocab.resolve_technology(mentions[index].name, technologies, beside)
        except vocab.VocabError:
            # a decision applies only where the vocabulary does not settle the name: "Streaming"
            # left out beside Flink still means spark-structured-streaming beside PySpark
            if folded in decided:
                resolved[index] = decided[folded]
            else:
                unknown.append(index)
    keys: list[str] = []
    for index in range(len(mentions)):
        key = resolved.get(index)
        if key and key not in keys:
            keys.append(key)
    return keys, unknown


def find_unknown(
    scenarios: Sequence[Scenario], technologies: Sequence[vocab.Technology]
) -> list[Unknown]:
    """Names the vocabulary lacks, once each (folded), in order of first mention."""
    found: dict[str, Unknown] = {}
    for scenario in scenarios:
        keys, unknown = resolve_mentions(scenario.mentions, technologies, {})
        for index in unknown:
            mention = scenario.mentions[index]
            folded = vocab.fold_spelling(mention.name)
            previous = found.get(folded)
            where = (scenario, mention.line)
            if previous is None:
                found[folded] = Unknown(mention.name, (where,), tuple(keys))
            else:
                found[folded] = replace(previous, where=(*previous.where, where))
    return list(found.values())


def extend_vocabulary(
    technologies: Sequence[vocab.Technology], decision: TechnologyDecision
) -> tuple[vocab.Technology, ...]:
    """The vocabulary with a decision's new entry or alias in it (for the names that follow)."""
    if decision.new is not None:
        entry = decision.new
        added = vocab.Technology(entry.key, entry.name, entry.aliases, entry.description)
        return tuple(sorted([*technologies, added], key=lambda t: t.key))
    if decision.alias and decision.key:
        return tuple(
            replace(t, aliases=(*t.aliases, decision.name)) if t.key == decision.key else t
            for t in technologies
        )
    return tuple(technologies)


@dataclass(frozen=True)
class TechnologyPlan:
    """The decisions for every unknown name, and the vocabulary that results."""

    items: tuple[tuple[Unknown, TechnologyProposal, TechnologyDecision | None], ...]
    technologies: tuple[vocab.Technology, ...]
    decided: dict[str, str | None]  # folded name -> key (None: left out) for this run

    @property
    def new_entries(self) -> list[NewTechnology]:
        entries: dict[str, NewTechnology] = {}
        for _, _, decision in self.items:
            if decision and decision.new:
                entries[decision.new.key] = decision.new
        for _, _, decision in self.items:  # aliases of entries added in this run go into them
            if decision and decision.alias and decision.key in entries:
                entry = entries[decision.key]
                entries[entry.key] = replace(entry, aliases=(*entry.aliases, decision.name))
        return sorted(entries.values(), key=lambda e: e.key)

    @property
    def new_aliases(self) -> list[tuple[str, str]]:
        """(key, alias) for aliases of entries already in the file."""
        added = {e.key for e in self.new_entries}
        return [
            (decision.key, decision.name)
            for _, _, decision in self.items
            if decision and decision.alias and decision.key and decision.key not in added
        ]

    @property
    def undecided(self) -> list[tuple[Unknown, TechnologyProposal]]:
        return [(unknown, proposal) for unknown, proposal, decision in self.items if decision is None]


def plan_technologies(
    scenarios: Sequence[Scenario],
    technologies: Sequence[vocab.Technology],
    decide: Callable[[Unknown, TechnologyProposal, Sequence[vocab.Technology]], TechnologyDecision | None],
) -> TechnologyPlan:
    """Propose, and have ``decide`` settle, each unknown name in turn; each decision extends the
    vocabulary the next proposals see (``MongoDB`` added with its alias ``Mongo`` settles a later
    ``Mongo``)."""
    current = tuple(technologies)
    decided: dict[str, str | None] = {}
    items: list[tuple[Unknown, TechnologyProposal, TechnologyDecision | None]] = []
    for unknown in find_unknown(scenarios, technologies):
        folded = vocab.fold_spelling(unknown.name)
        try:
            decided[folded] = vocab.resolve_technology(unknown.name, current, unknown.beside)
            continue
        except vocab.VocabError:
            pass
        scenario = unknown.where[0][0]
        proposal = propose_technology(unknown.name, current, scenario, unknown.beside)
        decision = decide(unknown, proposal, current)
        items.append((unknown, proposal, decision))
        if decision is None:
            continue
        decided[folded] = decision.key
        current = extend_vocabulary(current, decision)
    return TechnologyPlan(tuple(items), current, decided)


def accept_proposal(proposal: TechnologyProposal, how: str = "--accept") -> TechnologyDecision:
    """The decision that takes a proposal as it is."""
    if proposal.kind == "new":
        return TechnologyDecision(proposal.name, proposal.key, how, new=proposal.entry)
    if proposal.kind == "alias":
        return TechnologyDecision(proposal.name, proposal.key, how, alias=True)
    return TechnologyDecision(proposal.name, None, how)


def with_technologies(
    scenarios: Sequence[Scenario], plan: TechnologyPlan
) -> list[Scenario]:
    """The scenarios with their technology keys resolved through the plan's vocabulary."""
    return [
        replace(s, technologies=tuple(resolve_mentions(s.mentions, plan.technologies, plan.decided)[0]))
        for s in scenarios
    ]


# --- the vocabulary file ----------------------------------------------------------------------

ENTRY_START_RE = re.compile(r"^- key:\s*(?P<key>\S+)\s*$")
ALIASES_LINE_RE = re.compile(r"^(?P<indent>\s+)aliases:\s*(?P<value>\[.*\])\s*$")
ALIASES_BLOCK_RE = re.compile(r"^(?P<indent>\s+)aliases:\s*(#.*)?$")
BLOCK_ITEM_RE = re.compile(r"^(?P<prefix>\s+-\s+)\S")


def _with_alias(entry: list[str], alias: str) -> list[str] | None:
    """The lines of an entry with ``alias`` at the end of its aliases, in the layout they have
    (``aliases: [...]`` on one line, or a block list, one ``- item`` a line), or None if its
    aliases are laid out otherwise. Whatever is written must load as the list plus ``alias``."""
    for index, line in enumerate(entry):
        if match := ALIASES_LINE_RE.match(line):
            values = yaml.safe_load(match.group("value")) or []
            changed = [*entry[:index], f"{match.group('indent')}aliases: {_yaml_inline([*values, alias])}", *entry[index + 1 :]]
            break
        if match := ALIASES_BLOCK_RE.match(line):
            items = []  # the list's item lines, up to the next key (comments and blanks inside)
            for k in range(index + 1, len(entry)):
                item = BLOCK_ITEM_RE.match(entry[k])
                if item and len(item.group("prefix")) > len(match.group("indent")):
                    items.append(k)
                elif entry[k].strip() and not entry[k].lstrip().startswith("#"):
                    break
            at = items[-1] + 1 if items else index + 1
            prefix = BLOCK_ITEM_RE.match(entry[items[-1]]).group("prefix") if items else match.group("indent") + "  - "
            changed = [*entry[:at], f"{prefix}{_yaml_inline(alias)}", *entry[at:]]
            break
    else:
        return None
    try:
        before, after = yaml.safe_load("\n".join(entry)), yaml.safe_load("\n".join(changed))
    except yaml.YAMLError:
        return None
    if not (isinstance(before, list) and isinstance(after, list) and len(before) == len(after) == 1):
        return None
    expected = {**before[0], "aliases": [*(before[0].get("aliases") or []), alias]}
    return changed if after[0] == expected else None


def _yaml_inline(value: object) -> str:
    """One YAML scalar or flow list, quoted only when it must be."""
    dumped = yaml.safe_dump(
        value, allow_unicode=True, default_flow_style=True, width=1_000_000, sort_keys=False
    )
    return dumped.removesuffix("\n...\n").removesuffix("\n")


def entry_lines(entry: NewTechnology) -> list[str]:
    """The lines of a new entry, in the file's own layout."""
    return [
        f"- key: {entry.key}",
        f"  name: {_yaml_inline(entry.name)}",
        f"  aliases: {_yaml_inline(list(entry.aliases))}",
        f"  description: {_yaml_inline(entry.description)}",
    ]


def updated_technologies_text(
    text: str,
    entries: Sequence[NewTechnology],
    aliases: Sequence[tuple[str, str]],
    path: Path,
) -> str:
    """``data/technologies.yml`` with new entries in key order (before the first entry whose
    key sorts after theirs, separated by a blank line) and aliases appended to existing
    entries' aliases, as each lays them out (``_with_alias``); every other line, comments
    included, is kept."""
    lines = text.split("\n")

    def starts() -> list[tuple[int, str]]:
        return [
            (i, m.group("key")) for i, line in enumerate(lines) if (m := ENTRY_START_RE.match(line))
        ]

    for key, alias in aliases:
        entry_starts = starts()
        position = next((n for n, (_, k) in enumerate(entry_starts) if k == key), None)
        if position is None:
            raise NotesErrors([f"{path}: no entry '{key}' to add the alias '{alias}' to"])
        first = entry_starts[position][0]
        last = entry_starts[position + 1][0] if position + 1 < len(entry_starts) else len(lines)
        changed = _with_alias(lines[first:last], alias)
        if changed is None:
            raise NotesErrors(
                [
                    f"{path}:{first + 1}: {key}: expected 'aliases: [...]' on one line or a list "
                    f"of '- alias' lines to add the alias '{alias}'"
                ]
            )
        lines[first:last] = changed
    for entry in sorted(entries, key=lambda e: e.key):
        block = entry_lines(entry)
        later = next((i for i, k in starts() if k > entry.key), None)
        if later is not None:
            # before the comment lines right above that entry: they are its own (not the header)
            above = later
            while above > 0 and lines[above - 1].startswith("#"):
                above -= 1
            later = above if above > 0 else later
            lines[later:later] = [*block, ""]
        else:
            while lines and lines[-1] == "":
                lines.pop()
            lines += ["", *block, ""]
    return "\n".join(lines)
