"""Load the site's controlled vocabularies: technologies, buckets and the answer framework.

This module is the one place where a technology's spelling in the notes (``Spark``,
``PySpark``, ``Delta``) is resolved to its vocabulary key (``pyspark``, ``delta-lake``).
The importer (``scripts/import_notes.py``) and the site's macros both go through it.

The data lives in ``data/`` at the repository root, found from this file's location, so the
functions work from any current directory. Nothing is read at import time; each loader reads
its file when called and returns plain, immutable data.

Usage::

    >>> from deis import vocab
    >>> vocab.resolve_technology("Spark")
    'pyspark'
    >>> vocab.resolve_technologies(["PySpark", "Kafka", "Streaming"])
    ['pyspark', 'kafka', 'spark-structured-streaming']
    >>> [bucket.key for bucket in vocab.load_buckets()][:3]
    ['batch', 'streaming', 'data-quality']

Every loader takes an optional ``path`` so that tests can point it at a file in ``tmp_path``.
A malformed data file raises :class:`VocabError` naming the file, the entry and the problem.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_ROOT / "data"
TECHNOLOGIES_PATH = DATA_DIR / "technologies.yml"
BUCKETS_PATH = DATA_DIR / "buckets.yml"
ANSWER_FRAMEWORK_PATH = DATA_DIR / "answer_framework.yml"

KEY_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class VocabError(ValueError):
    """A vocabulary file is malformed, or a name is not in the vocabulary."""


@dataclass(frozen=True)
class Technology:
    """One entry of ``data/technologies.yml``."""

    key: str
    name: str
    aliases: tuple[str, ...]
    description: str
    # spelling -> keys that must be named beside it for the spelling to mean this technology
    aliases_beside: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # the product a version number belongs to, when it is not `name` ("Apache Spark" for PySpark)
    versioned_as: str = ""

    @property
    def product(self) -> str:
        """How a checked version names it: "Apache Spark 4.1", "Databricks Runtime 17.3 LTS"."""
        return self.versioned_as or self.name

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every unconditional spelling: the key, the name and the aliases."""
        return (self.key, self.name, *self.aliases)


@dataclass(frozen=True)
class Bucket:
    """One entry of ``data/buckets.yml``."""

    key: str
    name: str
    description: str
    triggers: tuple[str, ...]
    typical_scenarios: tuple[str, ...]
    concepts: tuple[str, ...]
    keywords: tuple[str, ...]
    tip: str | None = None
    # field -> the taxonomy's own words, where the site shows a neutral wording instead
    as_written: tuple[tuple[str, str], ...] = ()

    def written(self, field: str) -> str | None:
        """The taxonomy's own text of ``description`` or ``tip``."""
        return dict(self.as_written).get(field, getattr(self, field))


@dataclass(frozen=True)
class AnswerFramework:
    """``data/answer_framework.yml``: how to answer any scenario."""

    title: str
    when: str
    intro: str
    intro_hint: str
    lead: str
    steps: tuple[str, ...]
    closing: str


def _fold(name: str) -> str:
    """Case- and space-insensitive form of a spelling, used to compare aliases."""
    return " ".join(name.split()).casefold()


def fold_spelling(name: str) -> str:
    """The form in which two spellings are the same technology: ``" Delta  LAKE"`` and
    ``"delta lake"`` fold alike (backticks around the name are ignored)."""
    return _fold(name.strip().strip("`"))


def _read_yaml(path: Path, text: str | None = None) -> Any:
    if text is None:
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise VocabError(f"{path}: cannot read ({exc.strerror})") from exc
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise VocabError(f"{path}: not valid YAML: {exc}") from exc


def _string(path: Path, where: str, entry: dict[str, Any], field: str) -> str:
    value = entry.get(field)
    if not isinstance(value, str) or not value.strip():
        raise VocabError(f"{path}: {where}: {field}: expected a non-empty string")
    return value


def _strings(path: Path, where: str, entry: dict[str, Any], field: str) -> tuple[str, ...]:
    value = entry.get(field, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise VocabError(f"{path}: {where}: {field}: expected a list of non-empty strings")
    return tuple(value)


def _entries(
    path: Path, allowed: set[str], required: set[str], text: str | None = None
) -> list[tuple[str, dict[str, Any]]]:
    """The file's list of mappings, each checked for unknown and missing fields and its key."""
    data = _read_yaml(path, text)
    if not isinstance(data, list) or not data:
        raise VocabError(f"{path}: expected a non-empty list of entries")
    entries: list[tuple[str, dict[str, Any]]] = []
    seen: set[str] = set()
    for index, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            raise VocabError(f"{path}: entry {index}: expected a mapping")
        where = f"entry {index} ({entry.get('key', '?')})"
        unknown = sorted(set(entry) - allowed)
        if unknown:
            allowed_fields = ", ".join(sorted(allowed))
            raise VocabError(
                f"{path}: {where}: unknown field {unknown[0]!r} (allowed: {allowed_fields})"
            )
        missing = sorted(required - set(entry))
        if missing:
            raise VocabError(f"{path}: {where}: missing field {missing[0]!r}")
        key = _string(path, where, entry, "key")
        if not KEY_PATTERN.match(key):
            raise VocabError(f"{path}: {where}: key: expected lowercase-hyphenated, got {key!r}")
        if key in seen:
            raise VocabError(f"{path}: {where}: key {key!r} appears twice")
        seen.add(key)
        entries.append((where, entry))
    return entries


def load_technologies(path: Path | None = None, *, text: str | None = None) -> tuple[Technology, ...]:
    """Read the technology vocabulary, checking that no spelling names two technologies.

    ``text``, when given, is read instead of the file (messages still name ``path``): the
    importer checks a vocabulary it is about to write."""
    path = path or TECHNOLOGIES_PATH
    fields = {"key", "name", "aliases", "aliases_beside", "description", "versioned_as"}
    technologies: list[Technology] = []
    owner: dict[str, str] = {}
    for where, entry in _entries(path, fields, fields - {"aliases_beside", "versioned_as"}, text):
        beside_raw = entry.get("aliases_beside", {})
        if not isinstance(beside_raw, dict):
            raise VocabError(
                f"{path}: {where}: aliases_beside: expected a mapping of key to spellings"
            )
        beside: list[tuple[str, tuple[str, ...]]] = []
        for other_key, spellings in beside_raw.items():
            names = _strings(path, where, {"aliases_beside": spellings}, "aliases_beside")
            beside.extend((name, (str(other_key),)) for name in names)
        technology = Technology(
            key=entry["key"],
            name=_string(path, where, entry, "name"),
            aliases=_strings(path, where, entry, "aliases"),
            description=_string(path, where, entry, "description"),
            aliases_beside=tuple(beside),
            versioned_as=_string(path, where, entry, "versioned_as") if "versioned_as" in entry else "",
        )
        for spelling in technology.spellings:
            previous = owner.setdefault(_fold(spelling), technology.key)
            if previous != technology.key:
                raise VocabError(f"{path}: {where}: alias {spelling!r} already names {previous!r}")
        technologies.append(technology)
    keys = {t.key for t in technologies}
    for technology in technologies:
        for spelling, needed in technology.aliases_beside:
            for key in needed:
                if key not in keys:
                    raise VocabError(
                        f"{path}: {technology.key}: aliases_beside: unknown key {key!r}"
                    )
            if _fold(spelling) in owner:
                raise VocabError(
                    f"{path}: {technology.key}: aliases_beside: {spelling!r} already names "
                    f"{owner[_fold(spelling)]!r}"
                )
    return tuple(technologies)


def technology_keys(technologies: Sequence[Technology] | None = None) -> list[str]:
    """The allowed technology keys, sorted."""
    return sorted(t.key for t in (technologies or load_technologies()))


def resolve_technology(
    name: str,
    technologies: Sequence[Technology] | None = None,
    beside: Iterable[str] = (),
) -> str:
    """Return the vocabulary key for one spelling, e.g. ``"Delta Lake"`` -> ``"delta-lake"``.

    ``beside`` are the keys named next to it (on the same Technologies line); they make
    conditional spellings such as ``Streaming`` (beside ``pyspark``) resolvable.
    Raises :class:`VocabError` listing the allowed keys when the name is unknown.
    """
    technologies = technologies or load_technologies()
    folded = _fold(name.strip().strip("`"))
    for technology in technologies:
        if folded in {_fold(s) for s in technology.spellings}:
            return technology.key
    beside_keys = set(beside)
    conditional: list[str] = []
    for technology in technologies:
        for spelling, needed in technology.aliases_beside:
            if _fold(spelling) == folded:
                if beside_keys.intersection(needed):
                    return technology.key
                conditional.append(f"{technology.key} beside {' or '.join(needed)}")
    hint = f"; it means {', '.join(conditional)}" if conditional else ""
    raise VocabError(
        f"unknown technology {name!r}{hint} (allowed: {', '.join(technology_keys(technologies))})"
    )


def resolve_technologies(
    names: Sequence[str], technologies: Sequence[Technology] | None = None
) -> list[str]:
    """Resolve the names of one Technologies line to keys, in order, without repeats.

    Unconditional spellings are resolved first, so that a conditional one (``Streaming``)
    can see its neighbours (``PySpark``) whatever their order on the line.
    """
    technologies = technologies or load_technologies()
    resolved: dict[int, str] = {}
    pending: list[int] = []
    for index, name in enumerate(names):
        try:
            resolved[index] = resolve_technology(name, technologies)
        except VocabError:
            pending.append(index)
    for index in pending:
        resolved[index] = resolve_technology(names[index], technologies, resolved.values())
    keys: list[str] = []
    for index in range(len(names)):
        if resolved[index] not in keys:
            keys.append(resolved[index])
    return keys


def load_buckets(path: Path | None = None) -> tuple[Bucket, ...]:
    """Read the 11 buckets, in taxonomy order."""
    path = path or BUCKETS_PATH
    fields = {
        "key",
        "name",
        "description",
        "triggers",
        "typical_scenarios",
        "concepts",
        "keywords",
        "tip",
        "as_written",
    }
    buckets: list[Bucket] = []
    for where, entry in _entries(path, fields, fields - {"tip", "as_written"}):
        keywords = _strings(path, where, entry, "keywords")
        for keyword in keywords:
            if keyword != keyword.lower():
                raise VocabError(f"{path}: {where}: keywords: expected lowercase, got {keyword!r}")
        tip = entry.get("tip")
        if tip is not None:
            tip = _string(path, where, entry, "tip")
        written = entry.get("as_written", {})
        if not isinstance(written, dict) or set(written) - {"description", "tip"}:
            raise VocabError(f"{path}: {where}: as_written: expected a mapping of description and/or tip to the taxonomy's text")
        as_written = tuple((str(name), _string(path, where, written, name)) for name in written)
        buckets.append(
            Bucket(
                key=entry["key"],
                name=_string(path, where, entry, "name"),
                description=_string(path, where, entry, "description"),
                triggers=_strings(path, where, entry, "triggers"),
                typical_scenarios=_strings(path, where, entry, "typical_scenarios"),
                concepts=_strings(path, where, entry, "concepts"),
                keywords=keywords,
                tip=tip,
                as_written=as_written,
            )
        )
    return tuple(buckets)


def bucket_keys(buckets: Sequence[Bucket] | None = None) -> list[str]:
    """The bucket keys, in taxonomy order."""
    return [b.key for b in (buckets or load_buckets())]


def load_answer_framework(path: Path | None = None) -> AnswerFramework:
    """Read the three-step answer framework."""
    path = path or ANSWER_FRAMEWORK_PATH
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise VocabError(f"{path}: expected a mapping")
    fields = {"title", "when", "intro", "intro_hint", "lead", "steps", "closing"}
    unknown = sorted(set(data) - fields)
    if unknown:
        raise VocabError(
            f"{path}: unknown field {unknown[0]!r} (allowed: {', '.join(sorted(fields))})"
        )
    where = "answer framework"
    return AnswerFramework(
        title=_string(path, where, data, "title"),
        when=_string(path, where, data, "when"),
        intro=_string(path, where, data, "intro"),
        intro_hint=_string(path, where, data, "intro_hint"),
        lead=_string(path, where, data, "lead"),
        steps=_strings(path, where, data, "steps"),
        closing=_string(path, where, data, "closing"),
    )
