"""Read every scenario page's front matter into one validated :class:`Catalog`.

One job: turn ``docs/scenarios/*.md`` and the two data files into a catalog, or into the complete
list of problems, one line each (``path: field: problem (allowed: ...)``), so that a build fails
once and says everything that must change.

The rules live in ``schemas/scenario.schema.json`` (required keys, types, no unknown key); the
enums of ``bucket``, ``also_in`` and ``technologies`` are filled in from ``data/buckets.yml`` and
``data/technologies.yml`` by :func:`scenario_schema`, so the data files stay the one source of
truth. The rules that need more than one page are checked by :func:`cross_check`: unique IDs,
``related`` pointing at existing IDs, the ID prefix agreeing with the difficulty, the file name
starting with the lowercased ID.

Nothing here imports MkDocs: ``macros/hooks.py`` calls :func:`parse_pages` and
:func:`build_catalog` once per build, and the tests call them on strings.

    >>> from macros import catalog
    >>> cat = catalog.load_catalog(catalog.REPO_ROOT / "docs")
    >>> cat.by_id["H11"].bucket
    'streaming'
"""

from __future__ import annotations

import copy
import json
import posixpath
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import jsonschema
import yaml

from deis import vocab
from macros import REPO_ROOT

SCHEMA_PATH = REPO_ROOT / "schemas" / "scenario.schema.json"
DATA_DIR = REPO_ROOT / "data"
SCENARIOS_DIR = "scenarios"  # inside docs_dir

DIFFICULTIES = ("easy", "medium", "hard")
# The ID's letter says the difficulty; SD (system design) questions may have any difficulty.
PREFIX_DIFFICULTY = {"E": "easy", "M": "medium", "H": "hard"}
ID_RE = re.compile(r"^(?P<prefix>[EMH]|SD)(?P<number>[0-9]{2,4})$")
ID_HELP = "expected E, M, H or SD followed by 2 to 4 digits, e.g. H11"
CHECKED_HELP = "expected YYYY-MM, e.g. 2026-12"
VERSION_HELP = 'expected a version such as "4.1", or a product line and version such as "Runtime 17.3 LTS"'

# Same shape as MkDocs' own front-matter pattern (mkdocs.utils.meta.YAML_RE), so that both read
# the same block; unlike MkDocs, a YAML error here is reported instead of becoming an empty dict.
FRONT_MATTER_RE = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)

# libyaml's loader when PyYAML was built with it: ten times faster on thousands of pages.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

RELATED_LIMIT = 6
# Related candidates are looked for among this many neighbours (by ID) on each side in every
# list the scenario shares (its bucket, each of its technologies). Exact while no bucket or
# technology has more than 2 * RELATED_WINDOW + 1 scenarios; beyond that it keeps the work per
# scenario constant, so a catalog of thousands of scenarios is still linked in linear time.
RELATED_WINDOW = 50


class CatalogError(ValueError):
    """The scenario pages or the data files have problems; ``lines`` lists every one."""

    def __init__(self, lines: Sequence[str]) -> None:
        self.lines = tuple(lines)
        super().__init__("\n".join(self.lines))


@dataclass(frozen=True)
class Scenario:
    """One scenario page: its validated front matter and where it lives in ``docs_dir``."""

    id: str
    title: str
    difficulty: str
    bucket: str
    technologies: tuple[str, ...]
    source: str
    src_uri: str  # e.g. "scenarios/h11-zombie-kafka-offsets.md", '/'-separated, docs-relative
    related: tuple[str, ...] = ()
    also_in: tuple[str, ...] = ()
    checked: str = ""  # YYYY-MM
    versions: tuple[tuple[str, str], ...] = ()  # (technology key, version), in page order
    aliases: tuple[str, ...] = ()  # words readers search for that the page does not use


@dataclass(frozen=True)
class Vocabulary:
    """The two data files (plus the answer framework), read once per build."""

    buckets: tuple[vocab.Bucket, ...]
    technologies: tuple[vocab.Technology, ...]
    framework: vocab.AnswerFramework | None = None


def id_sort_key(scenario_id: str) -> tuple[str, int, str]:
    """Order IDs by prefix, then by number: H9 before H10, all H before M, M before SD."""
    match = ID_RE.match(scenario_id)
    if not match:
        return (scenario_id, 0, scenario_id)
    return (match.group("prefix"), int(match.group("number")), scenario_id)


class Catalog:
    """All scenarios, sorted by ID, with every lookup the pages need computed once.

    Build it with :func:`build_catalog` (validated pages) or directly from :class:`Scenario`
    objects in tests. Every list is sorted by ID; mappings are read-only.
    """

    def __init__(
        self,
        vocabulary: Vocabulary,
        scenarios: Iterable[Scenario],
    ) -> None:
        self.vocabulary = vocabulary
        self.buckets = vocabulary.buckets
        self.technologies = vocabulary.technologies
        self.framework = vocabulary.framework
        self.scenarios: tuple[Scenario, ...] = tuple(
            sorted(scenarios, key=lambda s: id_sort_key(s.id))
        )
        self.bucket_by_key = MappingProxyType({b.key: b for b in self.buckets})
        self.technology_by_key = MappingProxyType({t.key: t for t in self.technologies})
        self.by_id = MappingProxyType({s.id: s for s in self.scenarios})
        self.by_uri = MappingProxyType({s.src_uri: s for s in self.scenarios})

        by_bucket: dict[str, list[Scenario]] = {b.key: [] for b in self.buckets}
        also_in: dict[str, list[Scenario]] = {b.key: [] for b in self.buckets}
        by_difficulty: dict[str, list[Scenario]] = {d: [] for d in DIFFICULTIES}
        by_cell: dict[str, list[Scenario]] = {
            f"{b.key}#{d}": [] for b in self.buckets for d in DIFFICULTIES
        }
        by_technology: dict[str, list[Scenario]] = {t.key: [] for t in self.technologies}
        for scenario in self.scenarios:
            by_bucket[scenario.bucket].append(scenario)
            by_difficulty[scenario.difficulty].append(scenario)
            by_cell[f"{scenario.bucket}#{scenario.difficulty}"].append(scenario)
            for key in scenario.also_in:
                also_in[key].append(scenario)
            for key in scenario.technologies:
                by_technology[key].append(scenario)
        self.by_bucket = _freeze(by_bucket)
        self.also_in = _freeze(also_in)
        self.by_difficulty = _freeze(by_difficulty)
        self.by_technology = _freeze(by_technology)
        self._by_cell = _freeze(by_cell)
        self.related = MappingProxyType(_related_by_id(self))

    def __len__(self) -> int:
        return len(self.scenarios)

    def in_cell(self, bucket: str, difficulty: str) -> tuple[Scenario, ...]:
        """The scenarios of one bucket × difficulty cell (primary bucket only)."""
        return self._by_cell[f"{bucket}#{difficulty}"]


def _freeze(groups: dict[str, list[Scenario]]) -> Mapping[str, tuple[Scenario, ...]]:
    return MappingProxyType({key: tuple(items) for key, items in groups.items()})


def _related_by_id(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    """Up to :data:`RELATED_LIMIT` related IDs per scenario, computed for all in one pass.

    Explicit ``related`` entries come first, in their order. The rest are ranked by a score,
    2 for the same primary bucket plus 1 per shared technology; ties go to the nearest in ID
    order (the author numbers neighbouring scenarios on neighbouring topics), then the lower ID.
    """
    lists = {("bucket", key): items for key, items in catalog.by_bucket.items()}
    lists |= {("technology", key): items for key, items in catalog.by_technology.items()}
    position = {name: {s.id: at for at, s in enumerate(items)} for name, items in lists.items()}
    technologies = {s.id: frozenset(s.technologies) for s in catalog.scenarios}
    order = {s.id: index for index, s in enumerate(catalog.scenarios)}
    result: dict[str, tuple[str, ...]] = {}
    for scenario in catalog.scenarios:
        chosen = list(scenario.related[:RELATED_LIMIT])
        if len(chosen) < RELATED_LIMIT:
            shared = [("bucket", scenario.bucket)]
            shared += [("technology", key) for key in scenario.technologies]
            mine = technologies[scenario.id]
            scores: dict[str, int] = {}
            for name in shared:
                at = position[name][scenario.id]
                for other in lists[name][max(0, at - RELATED_WINDOW) : at + RELATED_WINDOW + 1]:
                    if other.id in scores or other.id == scenario.id or other.id in chosen:
                        continue
                    same_bucket = 2 if other.bucket == scenario.bucket else 0
                    scores[other.id] = same_bucket + len(mine & technologies[other.id])
            me = order[scenario.id]
            ranked = sorted(scores, key=lambda i: (-scores[i], abs(order[i] - me), order[i]))
            chosen += ranked[: RELATED_LIMIT - len(chosen)]
        result[scenario.id] = tuple(chosen)
    return result


# --- reading ----------------------------------------------------------------------------------


def load_vocabulary(data_dir: Path | None = None) -> Vocabulary:
    """Read the buckets, the technologies and the answer framework; raise CatalogError."""
    data_dir = data_dir or DATA_DIR
    try:
        return Vocabulary(
            buckets=vocab.load_buckets(data_dir / "buckets.yml"),
            technologies=vocab.load_technologies(data_dir / "technologies.yml"),
            framework=vocab.load_answer_framework(data_dir / "answer_framework.yml"),
        )
    except vocab.VocabError as exc:
        raise CatalogError([str(exc)]) from exc


def scenario_schema(vocabulary: Vocabulary, path: Path | None = None) -> dict[str, Any]:
    """The JSON Schema of scenario front matter, its enums filled in from the data files."""
    path = path or SCHEMA_PATH
    schema = copy.deepcopy(json.loads(path.read_text(encoding="utf-8")))
    properties = schema["properties"]
    bucket_keys = [b.key for b in vocabulary.buckets]
    properties["bucket"]["enum"] = bucket_keys
    properties["also_in"]["items"]["enum"] = bucket_keys
    properties["technologies"]["items"]["enum"] = [t.key for t in vocabulary.technologies]
    properties["versions"]["propertyNames"]["enum"] = [t.key for t in vocabulary.technologies]
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def read_front_matter(text: str) -> tuple[dict[str, Any] | None, str | None]:
    """Return (front matter, None) or (None, problem). Never swallows a YAML error."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return None, "front matter: missing (the page must start with a '---' YAML block)"
    try:
        data = yaml.load(match.group(1), Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        problem = " ".join(str(exc).split())
        return None, f"front matter: not valid YAML: {problem}"
    if not isinstance(data, dict):
        return None, "front matter: expected a mapping of keys to values"
    return data, None


@dataclass(frozen=True)
class Page:
    """A scenario page as read from disk (or written by a test)."""

    src_uri: str  # docs-relative, '/'-separated
    text: str
    label: str  # how messages name the file, e.g. "docs/scenarios/h11-zombie-kafka-offsets.md"


def _json_type(name: str) -> str:
    return {"string": "a string", "array": "a list", "object": "a mapping"}.get(name, name)


def schema_problems(
    data: Mapping[str, Any], validator: jsonschema.protocols.Validator, vocabulary: Vocabulary
) -> list[str]:
    """Every schema violation of one page's front matter, as ``field: problem`` strings."""
    schema = validator.schema
    allowed_keys = ", ".join(sorted(schema["properties"]))
    problems: list[str] = []
    seen: set[str] = set()

    def add(problem: str) -> None:
        if problem not in seen:
            seen.add(problem)
            problems.append(problem)

    errors = sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    for key in [k for k in schema["required"] if k not in data]:
        add(f"{key}: missing (required: {', '.join(schema['required'])})")
    for key in [k for k in data if k not in schema["properties"]]:
        add(f"{key}: unknown key (allowed: {allowed_keys})")
    for error in errors:
        if error.validator in ("required", "additionalProperties") and not error.absolute_path:
            continue  # reported above, in the page's key order
        field = str(error.absolute_path[0]) if error.absolute_path else "front matter"
        value = error.instance
        if field == "versions" and len(error.absolute_path) == 2:
            # one version: name the technology it belongs to
            key = error.absolute_path[1]
            if error.validator == "type":
                hint = f" (quote it: \"{value}\")" if isinstance(value, (int, float)) else ""
                add(f"versions: {key}: expected a string{hint}, got {value!r}")
            else:
                add(f"versions: {key}: {value!r} is not a version ({VERSION_HELP})")
            continue
        if field == "checked" and error.validator in ("type", "pattern"):
            add(f"checked: {value!r} is not a month ({CHECKED_HELP})")
            continue
        if field == "versions" and error.validator == "minProperties":
            add("versions: must name at least one technology and its version")
            continue
        if error.validator == "enum":
            allowed = ", ".join(map(str, error.validator_value))
            message = f"{field}: {value!r} is not one of {allowed}"
            if field in ("technologies", "versions") and isinstance(value, str):
                try:
                    key = vocab.resolve_technology(value, vocabulary.technologies)
                    message += f" (did you mean {key!r}?)"
                except vocab.VocabError:
                    pass
            add(message)
        elif error.validator == "type":
            add(f"{field}: expected {_json_type(str(error.validator_value))}, got {value!r}")
        elif error.validator == "pattern":
            add(f"{field}: {value!r} is not a scenario ID ({ID_HELP})")
        elif error.validator == "uniqueItems":
            twice = sorted({str(v) for v, n in Counter(map(str, value)).items() if n > 1})
            add(f"{field}: {', '.join(repr(v) for v in twice)} listed more than once")
        elif error.validator == "minLength":
            add(f"{field}: must not be empty")
        elif error.validator == "maxLength":
            add(f"{field}: {value!r} is longer than {error.validator_value} characters (a word or a short phrase)")
        elif error.validator == "maxItems":
            add(f"{field}: at most {error.validator_value} entries, got {len(value)}")
        else:
            add(f"{field}: {error.message}")
    return problems


def cross_check(pages: Sequence[tuple[Page, Mapping[str, Any]]]) -> dict[str, list[str]]:
    """The rules that need more than one field or more than one page, by page label.

    Only values of the right shape are checked; the schema reports the others.
    """
    problems: dict[str, list[str]] = {page.label: [] for page, _ in pages}
    owner: dict[str, str] = {}
    for page, data in pages:
        scenario_id = data.get("id")
        if isinstance(scenario_id, str) and ID_RE.match(scenario_id):
            if scenario_id in owner:
                problems[page.label].append(
                    f"id: {scenario_id!r} is already the ID of {owner[scenario_id]}"
                )
            else:
                owner[scenario_id] = page.label
    for page, data in pages:
        found = problems[page.label]
        scenario_id = data.get("id")
        valid_id = isinstance(scenario_id, str) and ID_RE.match(scenario_id)
        if valid_id:
            prefix = valid_id.group("prefix")
            name = posixpath.basename(page.src_uri)
            expected = f"{scenario_id.lower()}-"
            if not name.startswith(expected):
                found.append(
                    f"id: {scenario_id!r} does not match the file name "
                    f"(expected a name starting with {expected!r})"
                )
            difficulty = data.get("difficulty")
            wanted = PREFIX_DIFFICULTY.get(prefix)
            if wanted and difficulty in DIFFICULTIES and difficulty != wanted:
                found.append(
                    f"id: {scenario_id!r} starts with {prefix} ({wanted}) but difficulty is "
                    f"{difficulty!r} (E = easy, M = medium, H = hard; SD may be any difficulty)"
                )
        related = data.get("related")
        if isinstance(related, list):
            for target in related:
                if not (isinstance(target, str) and ID_RE.match(target)):
                    continue
                if target == scenario_id:
                    found.append(f"related: {target!r} is this scenario's own ID")
                elif target not in owner:
                    found.append(f"related: {target!r} is not the ID of any scenario")
        versions, technologies = data.get("versions"), data.get("technologies")
        if isinstance(versions, dict) and isinstance(technologies, list):
            listed = ", ".join(map(str, technologies))
            for key in versions:
                if key not in technologies:
                    found.append(f"versions: {key!r} is not one of the page's technologies ({listed})")
        also_in = data.get("also_in")
        bucket = data.get("bucket")
        if isinstance(also_in, list) and isinstance(bucket, str) and bucket in also_in:
            found.append(f"also_in: {bucket!r} is already the primary bucket")
    return problems


def parse_pages(
    pages: Iterable[Page], vocabulary: Vocabulary, schema: Mapping[str, Any] | None = None
) -> tuple[list[Scenario], list[str]]:
    """Validate every page; return (scenarios, error lines). Collects all errors, never raises."""
    validator = jsonschema.Draft202012Validator(schema or scenario_schema(vocabulary))
    read: list[tuple[Page, Mapping[str, Any]]] = []
    problems: dict[str, list[str]] = {}
    ordered = sorted(pages, key=lambda p: p.src_uri)
    for page in ordered:
        data, problem = read_front_matter(page.text)
        if data is None:
            problems[page.label] = [problem or "front matter: unreadable"]
            continue
        problems[page.label] = schema_problems(data, validator, vocabulary)
        read.append((page, data))
    for label, found in cross_check(read).items():
        problems[label].extend(found)

    lines = [f"{page.label}: {p}" for page in ordered for p in problems.get(page.label, [])]
    if lines:
        return [], lines
    scenarios = [
        Scenario(
            id=data["id"],
            title=data["title"],
            difficulty=data["difficulty"],
            bucket=data["bucket"],
            technologies=tuple(data["technologies"]),
            source=data["source"],
            src_uri=page.src_uri,
            related=tuple(data.get("related", ())),
            also_in=tuple(data.get("also_in", ())),
            checked=data["checked"],
            versions=tuple(data["versions"].items()),
            aliases=tuple(data.get("aliases", ())),
        )
        for page, data in read
    ]
    return scenarios, []


def build_catalog(
    pages: Iterable[Page], vocabulary: Vocabulary, schema: Mapping[str, Any] | None = None
) -> Catalog:
    """Validate the pages and index them; raise :class:`CatalogError` listing every problem."""
    scenarios, errors = parse_pages(pages, vocabulary, schema)
    if errors:
        raise CatalogError(errors)
    return Catalog(vocabulary, scenarios)


def is_scenario_uri(src_uri: str) -> bool:
    """``scenarios/<name>.md`` directly inside the scenarios folder."""
    folder, _, name = src_uri.rpartition("/")
    return folder == SCENARIOS_DIR and name.endswith(".md")


def read_pages(docs_dir: Path, root: Path | None = None) -> list[Page]:
    """The scenario pages under ``docs_dir``, labelled relative to ``root`` (its parent)."""
    root = root or docs_dir.parent
    pages = []
    for path in sorted((docs_dir / SCENARIOS_DIR).glob("*.md")):
        src_uri = path.relative_to(docs_dir).as_posix()
        label = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        pages.append(Page(src_uri, path.read_text(encoding="utf-8"), label))
    return pages


def load_catalog(docs_dir: Path | None = None, data_dir: Path | None = None) -> Catalog:
    """Read and validate the scenario pages on disk (for scripts and tests)."""
    docs_dir = docs_dir or REPO_ROOT / "docs"
    vocabulary = load_vocabulary(data_dir)
    return build_catalog(read_pages(docs_dir), vocabulary)
