"""Split the author's raw interview notes into one Markdown page per scenario.

Each notes file is read as UTF-8, repaired of mojibake by ``scripts/fix_mojibake.py``, parsed
into scenarios and rendered as ``<id>-<slug>.md`` pages with YAML front matter (``id``,
``title``, ``difficulty``, ``bucket``, ``technologies``, ``source``). Every input is parsed and
validated before any page is written; a problem is reported as ``path:line: what was expected``
and nothing is written.

Shapes understood (headings may be at any level; code fences are never parsed):

* ``## Scenario 11: Title`` (also ``Scenario 11 — Title`` and ``Scenario 11. Title``) with its
  subsections (``### Interview Question``, ``### Solution``, ...);
* groups ``## Scenario 13-20: Group title`` whose members are ``### Scenario 13: Title`` with
  ``**Question:** ...`` / ``**Answer:** ...`` lines, which become ``## Interview Question`` /
  ``## Answer`` sections;
* numbered questions ``#### 6. Design a pipeline`` under ``## Section`` headings; in notes whose
  title says "System Design" they get the IDs ``SD01``, ``SD02``, ...

IDs are permanent: the difficulty letter and the author's number (``H11``, ``M31``, ``E05``).
The difficulty comes from the notes' title (🔴 Hard, 🟡 Medium, 🟢 Easy) or ``--difficulty``;
technologies from a ``Technologies:`` line (resolved through ``data/technologies.yml``) or, when
there is none, from the technologies the text mentions; the bucket is proposed from keyword
rules built from ``data/buckets.yml`` and confirmed by a person (a y/n prompt on a terminal,
``--accept``, ``--bucket ID=BUCKET``, or the page's existing bucket).

Pages are never overwritten without ``--force``; a page whose ID already has a file keeps that
file's name; identical pages are left alone, so a second run writes nothing.

Usage::

    python scripts/import_notes.py NOTES... [--out DIR] [--dry-run] [--force] [--accept]
                                   [--bucket ID=BUCKET ...] [--difficulty easy|medium|hard]

Examples::

    # show what would be written, with the bucket proposals, and write nothing
    python scripts/import_notes.py notes/*.txt --out docs/scenarios --dry-run

    # import, accepting every bucket proposal but one
    python scripts/import_notes.py notes/hard.txt --accept --bucket H11=failure-recovery

    # notes whose title names no difficulty (the system-design questions)
    python scripts/import_notes.py notes/system_design.txt --difficulty medium --accept

Exit status: 0 on success (also when pages were kept because they were edited), 1 when an
input cannot be imported (nothing is written), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

import yaml

import fix_mojibake
import vocab

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "docs" / "scenarios"

DIFFICULTIES = ("easy", "medium", "hard")
DIFFICULTY_MARKERS = {"🔴": "hard", "🟡": "medium", "🟢": "easy"}
DIFFICULTY_HELP = "🔴 Hard, 🟡 Medium, 🟢 Easy"
# A proposal at or above this confidence is accepted without a person when stdin is no terminal.
CONFIDENCE_THRESHOLD = 0.5
# Evidence a proposal needs before its confidence approaches 1 (see propose_bucket).
CONFIDENCE_PRIOR = 1.0
SLUG_MAX = 50

# --- Markdown line patterns -------------------------------------------------------------------

HEADING_RE = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
HEADING_CLOSE_RE = re.compile(r"(?:^|[ \t]+)#+[ \t]*$")
FENCE_OPEN_RE = re.compile(r"^\s*(`{3,}|~{3,})(.*)$")
SEPARATOR_RE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# **Previous:** [A](a.md) | **Next:** [B](b.md) -- links to pages of the old notes site
NAV_RE = re.compile(
    r"^\s*(?:[*_]{2})?(?:previous|prev|next)\s*:?\s*(?:[*_]{2})?\s*:?\s*\[[^\]]*\]\([^)]*\)",
    re.IGNORECASE,
)
SYMBOLS = r"(?:[^\w\s*_`#]+\s*)?"  # an optional emoji or other symbol before a label
SCENARIO_RE = re.compile(
    r"^" + SYMBOLS + r"(?:[*_]{1,2})?Scenario\s+#?(?P<first>\d+)"
    r"(?:\s*(?:-|–|—|to)\s*(?P<last>\d+)(?!\d))?(?:[*_]{1,2})?"
    r"\s*(?:[:.\-–—]\s*)?(?P<title>.*)$",
    re.IGNORECASE,
)
QUESTION_RE = re.compile(
    r"^(?:[*_]{1,2})?(?:Q(?:uestion)?\s*)?(?P<number>\d+)[.):](?:[*_]{1,2})?\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)
TECH_RE = re.compile(
    r"^\s*(?:[*_]{1,2})?\s*"
    + SYMBOLS
    + r"(?:tech(?:nolog(?:y|ies))?|tech stack)\s*(?:[*_]{1,2})?\s*:"
    + r"\s*(?:[*_]{1,2})?\s*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)
LABEL_RE = re.compile(
    r"^(?:(?P<bold>\*\*|__)(?P<label>question|answer)(?::(?P=bold)|(?P=bold):)"
    r"|(?P<plain>question|answer):)\s?(?P<rest>.*)$",
    re.IGNORECASE,
)
LABEL_SECTIONS = {"question": "Interview Question", "answer": "Answer"}
EMPHASIS_RE = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\3(?![\w*])")
SYSTEM_DESIGN_RE = re.compile(r"system[\s-]*design", re.IGNORECASE)
DIFFICULTY_WORD_RE = re.compile(r"\b(easy|medium|hard)\b", re.IGNORECASE)
PAGE_NAME_RE = re.compile(r"^(?P<id>[a-z]+\d+)(?:-[^/]*)?\.md$")


# --- errors -----------------------------------------------------------------------------------


class NotesError(Exception):
    """One problem in one input, reported as ``path:line[:col]: message``."""

    def __init__(self, path: str, line: int, message: str, col: int | None = None) -> None:
        super().__init__(path, line, message, col)
        self.path, self.line, self.message, self.col = path, line, message, col

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" + (f":{self.col}" if self.col is not None else "")
        return f"{where}: {self.message}"


class NotesErrors(Exception):
    """Several problems, reported together."""

    def __init__(self, errors: Sequence[NotesError | str]) -> None:
        super().__init__(errors)
        self.errors = list(errors)


# --- data model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One line of notes. ``level`` is its heading level (0: not a heading, always 0 in fences)."""

    number: int
    text: str
    fenced: bool = False
    level: int = 0
    heading: str = ""


@dataclass
class Unit:
    """A run of lines headed by one heading: a scenario, a group heading, or something else."""

    kind: str  # "item" | "group" | "other"
    start: int  # index of the heading line (of the first line for the preamble)
    level: int
    end: int = 0  # exclusive
    number: int = 0
    last: int = 0  # for groups: the range's last number
    title: str = ""
    section: str = ""
    group: Unit | None = None
    members: list[Unit] = field(default_factory=list)


@dataclass(frozen=True)
class Skipped:
    """Lines of a notes file that belong to no scenario and are not imported."""

    first: int
    last: int
    title: str
    reason: str


@dataclass(frozen=True)
class Scenario:
    """One scenario, ready to render (``bucket`` is filled in once decided)."""

    id: str
    number: int
    title: str
    difficulty: str
    technologies: tuple[str, ...]
    technologies_inferred: bool
    source: str  # "notes.txt#L7-L25"
    body: tuple[str, ...]
    scoring_text: str  # title + question (+ section) for the bucket proposal
    notes: str  # the notes path as given
    line: int  # heading line in the notes
    bucket: str = ""


@dataclass(frozen=True)
class ParsedNotes:
    """What one notes file holds."""

    path: str
    difficulty: str
    difficulty_from: str  # "title" or "--difficulty"
    shape: str  # "scenarios" or "numbered questions"
    scenarios: tuple[Scenario, ...]
    skipped: tuple[Skipped, ...]


@dataclass(frozen=True)
class Proposal:
    """A bucket proposal with its confidence and the runner-up."""

    bucket: str | None
    confidence: float
    runner_up: str | None
    runner_up_confidence: float

    def describe(self) -> str:
        if self.bucket is None:
            return "no bucket proposal (no keyword matched)"
        runner = (
            f"runner-up {self.runner_up} {self.runner_up_confidence:.2f}"
            if self.runner_up
            else "no runner-up"
        )
        return f"bucket {self.bucket} ({self.confidence:.2f}; {runner})"


@dataclass(frozen=True)
class PlannedPage:
    """What will happen to one page."""

    scenario: Scenario
    path: Path
    text: str
    action: str  # "create" | "overwrite" | "unchanged" | "kept"


# --- reading ----------------------------------------------------------------------------------


def read_notes(path: Path, display: str | None = None) -> str:
    """Read a notes file as UTF-8 with LF line endings, repaired of mojibake.

    Raises :class:`NotesErrors` for bytes that are not UTF-8 and for mojibake that the repair
    left ambiguous (``path:line:col: ambiguous mojibake 'SPAN' (candidates: a, b)``).
    """
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NotesErrors([NotesError(name, 1, f"cannot read ({exc.strerror})")]) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        message = f"byte 0x{raw[exc.start]:02x} is not UTF-8; expected UTF-8 text"
        raise NotesErrors([NotesError(name, line, message, col)]) from exc
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    return repair_mojibake(text, name)


def repair_mojibake(text: str, name: str) -> str:
    """Repair mojibake; a span the repair cannot settle is an error, never a guess."""
    result = fix_mojibake.repair(text)
    problems = [
        NotesError(name, span.line, f"ambiguous mojibake '{span.span}' (candidates: {', '.join(span.candidates)})", span.col)
        for span in result.ambiguous
    ] + [
        NotesError(name, span.line, f"mojibake '{span.span}' could not be decoded; fix the notes by hand", span.col)
        for span in result.unresolved
    ]
    if problems:
        raise NotesErrors(sorted(problems, key=lambda e: (e.line, e.col or 0)))
    return result.text


def scan_lines(text: str, name: str) -> list[Line]:
    """Split text into lines, marking code fences and headings outside them."""
    lines: list[Line] = []
    fence: tuple[str, int, int] | None = None  # (char, length, opening line)
    for number, raw in enumerate(text.split("\n"), start=1):
        if fence is not None:
            char, length, _ = fence
            stripped = raw.strip()
            if stripped and set(stripped) == {char} and len(stripped) >= length:
                fence = None
            lines.append(Line(number, raw, fenced=True))
            continue
        opening = FENCE_OPEN_RE.match(raw)
        if opening and not (opening.group(1)[0] == "`" and "`" in opening.group(2)):
            fence = (opening.group(1)[0], len(opening.group(1)), number)
            lines.append(Line(number, raw, fenced=True))
            continue
        heading = HEADING_RE.match(raw)
        if heading:
            title = HEADING_CLOSE_RE.sub("", heading.group(2) or "").strip()
            lines.append(Line(number, raw, level=len(heading.group(1)), heading=title))
        else:
            lines.append(Line(number, raw))
    if lines and lines[-1].text == "" and not lines[-1].fenced:
        lines.pop()  # the newline that ends the file
    if fence is not None:
        char, length, opened = fence
        raise NotesErrors(
            [
                NotesError(
                    name,
                    opened,
                    f"unclosed code fence (expected a closing {char * length} "
                    "before the end of the file)",
                )
            ]
        )
    return lines


# --- text helpers -----------------------------------------------------------------------------


def strip_emphasis(text: str) -> str:
    """``Design a **daily pipeline**`` -> ``Design a daily pipeline`` (code spans are kept)."""
    previous = None
    while previous != text:
        previous = text
        text = EMPHASIS_RE.sub(lambda m: m.group(2) or m.group(4), text)
    return " ".join(text.split())


def slugify(title: str, limit: int = SLUG_MAX) -> str:
    """ASCII, lowercase, hyphenated, cut at a word boundary to at most ``limit`` characters."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", re.sub(r"['`]", "", ascii_text.lower()))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or (words[0][:limit] if words else "scenario")


def _is_filler(line: Line) -> bool:
    """Blank lines, ``---`` separators and navigation links: never content."""
    return not line.fenced and (
        not line.text.strip()
        or bool(SEPARATOR_RE.match(line.text))
        or bool(NAV_RE.match(line.text))
    )


# --- structure --------------------------------------------------------------------------------


def detect_difficulty(
    lines: Sequence[Line], name: str, fallback: str | None
) -> tuple[str, str, str]:
    """Return (difficulty, where it came from, the title text) from the notes' title."""
    title_line = next((line for line in lines if line.text.strip()), None)
    if title_line and (
        not title_line.level
        or SCENARIO_RE.match(title_line.heading)
        or QUESTION_RE.match(title_line.heading)
    ):
        title_line = None  # the notes start with a scenario: they have no title
    title = title_line.heading if title_line else ""
    number = title_line.number if title_line else 1
    found: dict[str, str] = {}
    for marker, difficulty in DIFFICULTY_MARKERS.items():
        if marker in title:
            found.setdefault(difficulty, marker)
    for match in DIFFICULTY_WORD_RE.finditer(title):
        found.setdefault(match.group(1).lower(), match.group(1))
    if len(found) > 1:
        named = ", ".join(found.values())
        raise NotesErrors(
            [
                NotesError(
                    name,
                    number,
                    f"the title names more than one difficulty ({named}); "
                    f"expected one of {DIFFICULTY_HELP}",
                )
            ]
        )
    if found:
        return next(iter(found)), "title", title
    if fallback:
        return fallback, "--difficulty", title
    raise NotesErrors(
        [
            NotesError(
                name,
                number,
                f"expected a difficulty in the title ({DIFFICULTY_HELP}) or --difficulty",
            )
        ]
    )


def find_units(
    lines: Sequence[Line], name: str, bucket_names: Sequence[str]
) -> tuple[str, list[Unit]]:
    """Cut the lines into units and return the shape ("scenarios" or "numbered questions")."""
    headings = [line for line in lines if line.level]
    if any(SCENARIO_RE.match(line.heading) for line in headings):
        shape, question_level = "scenarios", 0
    else:
        numbered = Counter(line.level for line in headings if QUESTION_RE.match(line.heading))
        if not numbered:
            taxonomy = sum(
                any(bucket.casefold() in line.heading.casefold() for bucket in bucket_names)
                for line in headings
            )
            hint = (
                "; this looks like the bucket taxonomy, which lives in data/buckets.yml"
                if taxonomy >= 3
                else ""
            )
            raise NotesErrors(
                [
                    NotesError(
                        name,
                        1,
                        "expected scenario headings ('## Scenario N: Title') or "
                        f"numbered questions ('#### N. Question'), found none{hint}",
                    )
                ]
            )
        shape = "numbered questions"
        question_level = max(numbered, key=lambda level: (numbered[level], level))

    errors: list[NotesError] = []
    units: list[Unit] = []
    current = Unit("other", 0, 0)
    group: Unit | None = None
    section = ""
    for index, line in enumerate(lines):
        if not line.level:
            continue
        if group is not None and line.level <= group.level:
            group = None
        item = _match_item(line, shape, question_level)
        if item is None and current.kind == "item" and line.level > current.level:
            continue  # a subsection of the current scenario
        current.end = index
        units.append(current)
        if item is None:
            current = Unit("other", index, line.level, title=line.heading)
            if shape == "numbered questions" and line.level < question_level:
                section = line.heading
            continue
        first, last, title = item
        if last is not None:
            current = group = Unit("group", index, line.level, number=first, last=last, title=title)
            if last <= first:
                errors.append(
                    NotesError(
                        name,
                        line.number,
                        f"expected a range like 'Scenario "
                        f"{first}-{first + 1}', found '{line.heading}'",
                    )
                )
            continue
        if not title:
            example = "## Scenario N: Title" if shape == "scenarios" else "#### N. Question"
            errors.append(
                NotesError(
                    name, line.number, f"expected a title after '{line.heading}' (e.g. '{example}')"
                )
            )
        member_of = group if group is not None and line.level > group.level else None
        current = Unit(
            "item", index, line.level, number=first, title=title, section=section, group=member_of
        )
        if member_of is not None:
            member_of.members.append(current)
    current.end = len(lines)
    units.append(current)

    kind = "scenario" if shape == "scenarios" else "question"
    for unit in units:
        if unit.kind != "group" or unit.last <= unit.number:
            continue
        label = f"'Scenario {unit.number}-{unit.last}'"
        numbers = {member.number for member in unit.members}
        missing = sorted(set(range(unit.number, unit.last + 1)) - numbers)
        line_number = lines[unit.start].number
        if missing:
            errors.append(
                NotesError(
                    name,
                    line_number,
                    f"group {label} has no heading for "
                    f"{kind}(s) {', '.join(map(str, missing))} (expected "
                    f"'{'#' * (unit.level + 1)} Scenario N: Title' under it)",
                )
            )
        for member in unit.members:
            if not unit.number <= member.number <= unit.last:
                errors.append(
                    NotesError(
                        name,
                        lines[member.start].number,
                        f"scenario {member.number} is outside its group {label} "
                        f"(line {line_number})",
                    )
                )
    if errors:
        raise NotesErrors(errors)
    return shape, units


def _match_item(line: Line, shape: str, question_level: int) -> tuple[int, int | None, str] | None:
    """(number, range end or None, title) when the heading starts a scenario or group."""
    if shape == "scenarios":
        match = SCENARIO_RE.match(line.heading)
        if not match:
            return None
        last = int(match.group("last")) if match.group("last") else None
        return int(match.group("first")), last, strip_emphasis(match.group("title"))
    if line.level != question_level:
        return None
    match = QUESTION_RE.match(line.heading)
    if not match:
        return None
    return int(match.group("number")), None, strip_emphasis(match.group("title"))


def skipped_sections(lines: Sequence[Line], units: Sequence[Unit]) -> list[Skipped]:
    """Units that are not scenarios but hold content, for the report."""
    skipped: list[Skipped] = []
    for position, unit in enumerate(units):
        if unit.kind == "item":
            continue
        body = lines[unit.start + (1 if unit.level else 0) : unit.end]
        content = [line for line in body if not _is_filler(line)]
        if not content:
            continue
        first = lines[unit.start].number if unit.level else content[0].number
        if unit.kind == "group":
            reason = "group intro"
        elif not unit.level:
            reason = "text before the first heading"
        elif position == 1 and unit.level == 1:
            reason = "notes title"
        else:
            reason = "not a scenario"
        title = (
            f"Scenario {unit.number}-{unit.last}: {unit.title}"
            if unit.kind == "group"
            else unit.title
        )
        skipped.append(Skipped(first, content[-1].number, title, reason))
    return skipped


# --- one scenario -----------------------------------------------------------------------------


@dataclass
class _Copy:
    """One copy of a scenario's lines, cut into its top part and its subsections."""

    unit: Unit
    heading: Line
    top: list[Line]
    subsections: list[tuple[str, list[Line]]]
    last_line: int


def _copy_of(lines: Sequence[Line], unit: Unit) -> _Copy:
    body = [
        line
        for line in lines[unit.start + 1 : unit.end]
        if line.fenced or not NAV_RE.match(line.text)
    ]
    while body and _is_filler(body[-1]):
        body.pop()
    while body and _is_filler(body[0]):
        body.pop(0)
    sub_level = min((line.level for line in body if line.level), default=0)
    top: list[Line] = []
    subsections: list[tuple[str, list[Line]]] = []
    for line in body:
        if line.level and line.level == sub_level:
            subsections.append((line.heading.casefold(), [line]))
        elif subsections:
            subsections[-1][1].append(line)
        else:
            top.append(line)
    last_line = body[-1].number if body else lines[unit.start].number
    return _Copy(unit, lines[unit.start], top, subsections, last_line)


def _content(lines: Sequence[Line]) -> set[str]:
    return {line.text.rstrip() for line in lines if line.text.strip()}


def _pick(first: list[Line], second: list[Line]) -> list[Line] | None:
    """The copy that holds the other's lines, or None when each has lines of its own."""
    a, b = _content(first), _content(second)
    if b <= a:
        return first
    if a <= b:
        return second
    return None


def merge_copies(copies: Sequence[_Copy], name: str, kind: str) -> _Copy:
    """Merge the copies of a scenario that appears twice, dropping exact duplicate lines.

    Copies may complement each other (one has the question, the other the solution); they
    conflict when their titles differ or a part present in both differs.
    """
    merged = copies[0]
    for other in copies[1:]:
        conflict = NotesError(
            name,
            other.heading.number,
            f"{kind} {merged.unit.number} appears "
            f"twice with different content (first at line {merged.heading.number})",
        )
        if merged.unit.title.casefold() != other.unit.title.casefold():
            raise NotesErrors([conflict])
        top = _pick(merged.top, other.top)
        if top is None:
            raise NotesErrors([conflict])
        subsections = list(merged.subsections)
        for key, sub in other.subsections:
            position = next((i for i, (k, _) in enumerate(subsections) if k == key), None)
            if position is None:
                subsections.append((key, sub))
                continue
            chosen = _pick(subsections[position][1], sub)
            if chosen is None:
                raise NotesErrors([conflict])
            subsections[position] = (key, chosen)
        merged = _Copy(
            merged.unit, merged.heading, top, subsections, max(merged.last_line, other.last_line)
        )
    return merged


def parse_technologies(
    value: str, line: Line, name: str, technologies: Sequence[vocab.Technology]
) -> tuple[str, ...]:
    """Resolve the value of a ``Technologies:`` line to vocabulary keys."""
    names = re.findall(r"`([^`]+)`", value) if "`" in value else re.split(r"[,;|·]", value)
    names = [n.strip().rstrip(".").strip() for n in names if n.strip().rstrip(".").strip()]
    if not names:
        raise NotesErrors(
            [
                NotesError(
                    name,
                    line.number,
                    "expected technologies after 'Technologies:' (e.g. `PySpark` `Kafka`)",
                )
            ]
        )
    try:
        return tuple(vocab.resolve_technologies(names, technologies))
    except vocab.VocabError as exc:
        raise NotesErrors([NotesError(name, line.number, str(exc))]) from exc


def infer_technologies(text: str, technologies: Sequence[vocab.Technology]) -> tuple[str, ...]:
    """Technologies the text mentions, in order of first mention (longest spelling wins)."""
    owner: dict[str, str] = {}
    for technology in technologies:
        for spelling in technology.spellings:
            owner[spelling.casefold()] = technology.key
    spellings = sorted(owner, key=len, reverse=True)
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(s) for s in spellings) + r")(?!\w)", re.IGNORECASE
    )
    found: list[str] = []
    for match in pattern.finditer(text):
        key = owner[match.group(1).casefold()]
        if key not in found:
            found.append(key)
    return tuple(found)


def build_scenario(
    copy: _Copy,
    *,
    name: str,
    id_: str,
    difficulty: str,
    technologies: Sequence[vocab.Technology],
) -> Scenario:
    """Turn a (merged) scenario's lines into a page body and front-matter values."""
    tech_lines = [line for line in copy.top if not line.fenced and TECH_RE.match(line.text)]
    tech_values = {TECH_RE.match(line.text).group("value") for line in tech_lines}  # type: ignore[union-attr]
    if len(tech_values) > 1:
        raise NotesErrors(
            [
                NotesError(
                    name,
                    tech_lines[1].number,
                    f"a second, different Technologies line (first at line {tech_lines[0].number})",
                )
            ]
        )

    # (text, fenced, heading level or 0) of the page body; the shallowest subsection becomes H2
    all_lines = [*copy.top, *(line for _, sub in copy.subsections for line in sub)]
    top_level = min((line.level for line in all_lines if line.level), default=2)
    out: list[tuple[str, bool, int]] = []
    question: list[str] = []
    in_question = False
    for position, line in enumerate(all_lines):
        if line in tech_lines:
            continue
        if line.level:
            level = min(6, line.level - top_level + 2)
            out.append((f"{'#' * level} {line.heading}", False, level))
            in_question = "question" in line.heading.casefold()
            continue
        label = (
            LABEL_RE.match(line.text.strip())
            if position < len(copy.top) and not line.fenced
            else None
        )
        if label:  # **Question:** ... / **Answer:** ... become sections
            section = LABEL_SECTIONS[(label.group("label") or label.group("plain")).lower()]
            in_question = section == "Interview Question"
            out.append((f"## {section}", False, 2))
            line = replace(line, text=label.group("rest"))
            if not line.text.strip():
                continue
        out.append((line.text, line.fenced, 0))
        if in_question:
            question.append(line.text)

    body = _normalise_blank_lines(out)
    title = copy.unit.title
    if tech_lines:
        keys = parse_technologies(next(iter(tech_values)), tech_lines[0], name, technologies)
        inferred = False
    else:
        keys = infer_technologies("\n".join([title, *body]), technologies)
        inferred = True
    scoring = [title, *question] if question else [title]
    if copy.unit.section:
        scoring.append(copy.unit.section)
    return Scenario(
        id=id_,
        number=copy.unit.number,
        title=title,
        difficulty=difficulty,
        technologies=keys,
        technologies_inferred=inferred,
        source=f"{Path(name).name}#L{copy.heading.number}-L{copy.last_line}",
        body=tuple(body),
        scoring_text="\n".join(scoring),
        notes=name,
        line=copy.heading.number,
    )


def _normalise_blank_lines(lines: Sequence[tuple[str, bool, int]]) -> list[str]:
    """One blank line between blocks and before headings; fenced lines untouched."""
    out: list[str] = []
    blank_allowed = False
    for text, fenced, level in lines:
        if not fenced and not text.strip():
            if blank_allowed:
                out.append("")
                blank_allowed = False
            continue
        if level and out and out[-1] != "":
            out.append("")
        out.append(text)
        blank_allowed = True
    while out and out[-1] == "":
        out.pop()
    return out


# --- one notes file ---------------------------------------------------------------------------


def parse_notes(
    text: str,
    name: str,
    *,
    technologies: Sequence[vocab.Technology],
    bucket_names: Sequence[str] = (),
    difficulty: str | None = None,
) -> ParsedNotes:
    """Parse one notes file (already repaired) into scenarios; ``name`` is used in messages.

    ``difficulty`` is used when the title names none. Raises :class:`NotesErrors`.
    """
    lines = scan_lines(text, name)
    shape, units = find_units(lines, name, bucket_names)
    level, level_from, title = detect_difficulty(lines, name, difficulty)
    prefix = (
        "SD"
        if shape == "numbered questions" and SYSTEM_DESIGN_RE.search(title)
        else level[0].upper()
    )
    kind = "scenario" if shape == "scenarios" else "question"

    copies: dict[int, list[_Copy]] = {}
    for unit in units:
        if unit.kind == "item":
            copies.setdefault(unit.number, []).append(_copy_of(lines, unit))
    scenarios: list[Scenario] = []
    errors: list[NotesError | str] = []
    for number, same in copies.items():
        try:
            merged = merge_copies(same, name, kind)
            scenarios.append(
                build_scenario(
                    merged,
                    name=name,
                    id_=f"{prefix}{number:02d}",
                    difficulty=level,
                    technologies=technologies,
                )
            )
        except NotesErrors as exc:
            errors.extend(exc.errors)
    if errors:
        raise NotesErrors(errors)
    return ParsedNotes(
        path=name,
        difficulty=level,
        difficulty_from=level_from,
        shape=shape,
        scenarios=tuple(scenarios),
        skipped=tuple(skipped_sections(lines, units)),
    )


# --- buckets ----------------------------------------------------------------------------------

_STOPWORDS = frozenset(
    """
    a an and are as at be because but by can do does due for from has have how if in into is
    it its just more not of on or over than that the their them then this to up very vs was
    what when where which while who why will with without you your scenario scenarios issue
    issues data job jobs handling strategy strategies system systems expected concepts
    typical examples based higher less only often mixed common important rounds loves things
    happens after something know need needs would
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


def _stem(word: str) -> str:
    """A crude, consistent stem: enough for ``partitions``/``partitioning`` to meet."""
    if word.endswith("ss"):
        return word
    for suffix in ("ing", "ed", "es", "e", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _tokens(text: str) -> list[str]:
    return [_stem(word) for word in re.findall(r"[a-z0-9]+", strip_emphasis(text).lower())]


@dataclass(frozen=True)
class BucketRules:
    """Weighted terms per bucket, built from ``data/buckets.yml``."""

    keys: tuple[str, ...]
    terms: tuple[tuple[tuple[tuple[str, ...], float], ...], ...]  # per bucket: (term, weight)


def build_bucket_rules(buckets: Sequence[vocab.Bucket]) -> BucketRules:
    """Curated keywords weigh 1, words of the taxonomy's own text 0.5; a term that several
    buckets share is divided among them."""
    raw: list[dict[tuple[str, ...], float]] = []
    for bucket in buckets:
        terms: dict[tuple[str, ...], float] = {}
        taxonomy = " ".join(
            [
                bucket.name,
                bucket.written("description") or "",
                *bucket.triggers,
                *bucket.typical_scenarios,
                *bucket.concepts,
            ]
        )
        for word in re.findall(r"[a-z0-9]+", strip_emphasis(taxonomy).lower()):
            if word not in _STOPWORDS and not word.isdigit() and len(word) > 1:
                terms[(_stem(word),)] = 0.5
        for keyword in bucket.keywords:
            term = tuple(_tokens(keyword))
            if term:
                terms[term] = 1.0
        raw.append(terms)
    shared = Counter(term for terms in raw for term in terms)
    return BucketRules(
        keys=tuple(b.key for b in buckets),
        terms=tuple(
            tuple((term, weight / shared[term]) for term, weight in terms.items()) for terms in raw
        ),
    )


def propose_bucket(text: str, rules: BucketRules) -> Proposal:
    """Score text against every bucket; confidence is the best score's share of all the
    evidence plus a prior, so one weak match never looks certain."""
    tokens = _tokens(text)
    words = set(tokens)
    joined = f" {' '.join(tokens)} "
    scores: list[float] = []
    for terms in rules.terms:
        score = 0.0
        for term, weight in terms:
            if (term[0] in words) if len(term) == 1 else (f" {' '.join(term)} " in joined):
                score += weight
        scores.append(score)
    total = sum(scores) + CONFIDENCE_PRIOR
    ranked = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    best, second = ranked[0], ranked[1]
    if scores[best] <= 0:
        return Proposal(None, 0.0, None, 0.0)
    runner = rules.keys[second] if scores[second] > 0 else None
    return Proposal(
        rules.keys[best],
        _round_down(scores[best] / total),
        runner,
        _round_down(scores[second] / total) if runner else 0.0,
    )


def _round_down(value: float) -> float:
    return math.floor(value * 100 + 1e-9) / 100


# --- pages ------------------------------------------------------------------------------------


def render_page(scenario: Scenario) -> str:
    """The page: front matter in a fixed key order, the title as H1, then the body."""
    front = {
        "id": scenario.id,
        "title": scenario.title,
        "difficulty": scenario.difficulty,
        "bucket": scenario.bucket,
        "technologies": list(scenario.technologies),
        "source": scenario.source,
    }
    matter = yaml.safe_dump(
        front, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False
    )
    body = "\n".join(scenario.body)
    return f"---\n{matter}---\n\n# {scenario.title}\n" + (f"\n{body}\n" if body else "")


def existing_pages(out: Path) -> dict[str, list[Path]]:
    """Pages already in ``out``, by lowercase ID (``h11-zombie-kafka-offsets.md`` -> ``h11``)."""
    pages: dict[str, list[Path]] = {}
    if out.is_dir():
        for path in sorted(out.iterdir()):
            match = PAGE_NAME_RE.match(path.name)
            if match and path.is_file():
                pages.setdefault(match.group("id"), []).append(path)
    return pages


def page_bucket(path: Path, allowed: Sequence[str]) -> str | None:
    """The bucket in an existing page's front matter, when it has a valid one."""
    text = path.read_text(encoding="utf-8", errors="replace")
    match = re.match(r"^---\n(.*?)\n---\n", text, re.DOTALL)
    if not match:
        return None
    try:
        front = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return None
    bucket = front.get("bucket") if isinstance(front, dict) else None
    return bucket if bucket in allowed else None


def plan_pages(scenarios: Sequence[Scenario], out: Path, force: bool) -> list[PlannedPage]:
    """Decide per page: create, overwrite (``force``), unchanged, or kept (edited)."""
    existing = existing_pages(out)
    planned: list[PlannedPage] = []
    for scenario in scenarios:
        text = render_page(scenario)
        paths = existing.get(scenario.id.lower())
        if not paths:
            path = out / f"{scenario.id.lower()}-{slugify(scenario.title)}.md"
            planned.append(PlannedPage(scenario, path, text, "create"))
            continue
        path = paths[0]
        if path.read_bytes() == text.encode("utf-8"):
            action = "unchanged"
        else:
            action = "overwrite" if force else "kept"
        planned.append(PlannedPage(scenario, path, text, action))
    return planned


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same directory, then ``os.replace`` it."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# --- deciding buckets -------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """The bucket chosen for a scenario and why (``bucket`` is empty when undecided)."""

    bucket: str
    how: str


def _ask(
    scenario: Scenario,
    label: str,
    proposal: Proposal,
    allowed: Sequence[str],
    stdin: TextIO,
    stderr: TextIO,
) -> Decision:
    """Ask a person on the terminal: y accepts, n or a bucket key chooses another."""
    choices = ", ".join(allowed)
    question = (
        f"{label}: {proposal.describe()}. Accept? [Y/n/BUCKET] "
        if proposal.bucket
        else f"{label}: {proposal.describe()}. Bucket? ({choices}) "
    )
    while True:
        stderr.write(question)
        stderr.flush()
        answer = stdin.readline()
        if not answer:
            raise NotesErrors(
                [
                    f"{scenario.notes}:{scenario.line}: {scenario.id}: no answer "
                    "(end of input); expected y, n or a bucket"
                ]
            )
        answer = answer.strip().lower()
        if proposal.bucket and answer in ("", "y", "yes"):
            return Decision(proposal.bucket, "confirmed")
        if answer in allowed:
            return Decision(answer, "chosen")
        if answer in ("n", "no"):
            question = f"{label}: bucket? ({choices}) "
            continue
        stderr.write(f"unknown bucket '{answer}' (allowed: {choices})\n")


def decide_buckets(
    scenarios: Sequence[Scenario],
    labels: dict[str, str],
    proposals: dict[str, Proposal],
    *,
    overrides: dict[str, str],
    existing: dict[str, str],
    allowed: Sequence[str],
    accept: bool,
    interactive: bool,
    dry_run: bool,
    stdin: TextIO,
    stderr: TextIO,
) -> dict[str, Decision]:
    """Choose every scenario's bucket, in order of precedence: ``--bucket``, the existing
    page's bucket, ``--accept``, a person on the terminal, a confident proposal."""
    decisions: dict[str, Decision] = {}
    undecided: list[str] = []
    for scenario in scenarios:
        sid, proposal = scenario.id, proposals[scenario.id]
        if sid in overrides:
            decisions[sid] = Decision(overrides[sid], "--bucket")
        elif sid in existing:
            decisions[sid] = Decision(existing[sid], "existing page")
        elif accept and proposal.bucket:
            decisions[sid] = Decision(proposal.bucket, "--accept")
        elif interactive and not dry_run:
            decisions[sid] = _ask(scenario, labels[sid], proposal, allowed, stdin, stderr)
        elif proposal.bucket and proposal.confidence >= CONFIDENCE_THRESHOLD:
            decisions[sid] = Decision(proposal.bucket, f"confidence >= {CONFIDENCE_THRESHOLD:.2f}")
        else:
            decisions[sid] = Decision("", "needs a decision")
            undecided.append(f"  {labels[sid]}: {proposal.describe()}")
    if undecided and not dry_run:
        head = (
            f"{len(undecided)} scenario(s) have no bucket proposal to accept; choose with "
            "--bucket ID=BUCKET or on a terminal:"
            if accept
            else f"{len(undecided)} bucket proposal(s) need a person (confidence below "
            f"{CONFIDENCE_THRESHOLD:.2f}, or none); confirm them on a terminal, or pass "
            "--accept or --bucket ID=BUCKET:"
        )
        raise NotesErrors([head, *undecided])
    return decisions


# --- command line -----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="import_notes.py",
        description="Split raw interview notes into one Markdown page per scenario.",
        epilog="Nothing is written when any input has a problem; pages are never overwritten "
        "without --force. Example: import_notes.py notes/*.txt --out docs/scenarios --dry-run",
    )
    parser.add_argument(
        "notes",
        nargs="+",
        type=Path,
        metavar="NOTES",
        help="notes files (UTF-8 Markdown, mojibake is repaired)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        metavar="DIR",
        help="directory of scenario pages (default: docs/scenarios of this repository)",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="print the plan and the bucket proposals; write nothing",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite pages that differ from the notes (edited pages)",
    )
    parser.add_argument(
        "--accept", action="store_true", help="accept every bucket proposal without asking"
    )
    parser.add_argument(
        "--bucket",
        action="append",
        default=[],
        metavar="ID=BUCKET",
        help="choose the bucket of one scenario, e.g. H11=failure-recovery (repeatable)",
    )
    parser.add_argument(
        "--difficulty",
        choices=DIFFICULTIES,
        help="difficulty of notes whose title names none (🔴 Hard, 🟡 Medium, 🟢 Easy)",
    )
    return parser


def _parse_overrides(
    values: Sequence[str], allowed: Sequence[str]
) -> tuple[dict[str, str], list[str]]:
    overrides: dict[str, str] = {}
    errors: list[str] = []
    for value in values:
        sid, sep, bucket = value.partition("=")
        if not sep or not sid.strip() or not bucket.strip():
            errors.append(f"--bucket {value}: expected ID=BUCKET, e.g. H11=streaming")
        elif bucket.strip() not in allowed:
            errors.append(
                f"--bucket {value}: unknown bucket '{bucket.strip()}' "
                f"(allowed: {', '.join(allowed)})"
            )
        else:
            overrides[sid.strip().upper()] = bucket.strip()
    return overrides, errors


def _is_terminal(stream: TextIO | None) -> bool:
    """Whether a person can answer prompts on ``stream`` (CI may run with stdin closed)."""
    try:
        return stream is not None and stream.isatty()
    except ValueError:  # closed
        return False


def _report_errors(errors: Sequence[NotesError | str], stderr: TextIO) -> int:
    for error in errors:
        stderr.write(f"{error}\n")
    stderr.write("import_notes: nothing written\n")
    return 1


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the importer; returns the exit status. The streams default to ``sys``'s."""
    stdin = stdin if stdin is not None else sys.stdin
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error already printed by argparse
        return exc.code if isinstance(exc.code, int) else 2

    try:
        technologies = vocab.load_technologies()
        buckets = vocab.load_buckets()
    except vocab.VocabError as exc:
        return _report_errors([str(exc)], stderr)
    allowed = vocab.bucket_keys(buckets)

    errors: list[NotesError | str] = []
    parsed: list[ParsedNotes] = []
    for path in args.notes:
        name = str(path)
        try:
            text = read_notes(path, name)
            parsed.append(
                parse_notes(
                    text,
                    name,
                    technologies=technologies,
                    bucket_names=[b.name for b in buckets],
                    difficulty=args.difficulty,
                )
            )
        except NotesErrors as exc:
            errors.extend(exc.errors)

    seen: dict[str, Scenario] = {}
    for notes in parsed:
        for scenario in notes.scenarios:
            if scenario.id in seen:
                first = seen[scenario.id]
                errors.append(
                    NotesError(
                        scenario.notes,
                        scenario.line,
                        f"ID {scenario.id} is also defined at {first.notes}:{first.line}",
                    )
                )
            seen.setdefault(scenario.id, scenario)
    overrides, override_errors = _parse_overrides(args.bucket, allowed)
    errors.extend(override_errors)
    for sid in overrides:
        if sid not in seen and parsed:
            errors.append(f"--bucket {sid}={overrides[sid]}: no scenario {sid} in the notes")
    if args.out.exists() and not args.out.is_dir():
        errors.append(f"{args.out}: --out is not a directory")
    if errors:
        return _report_errors(errors, stderr)

    scenarios = [s for notes in parsed for s in notes.scenarios]
    pages = existing_pages(args.out)
    for sid, paths in pages.items():
        if len(paths) > 1 and sid.upper() in seen:
            errors.append(
                f"{', '.join(map(str, paths))}: {len(paths)} pages for ID {sid.upper()}; keep one"
            )
    if errors:
        return _report_errors(errors, stderr)
    existing_buckets = {
        s.id: bucket
        for s in scenarios
        if s.id.lower() in pages and (bucket := page_bucket(pages[s.id.lower()][0], allowed))
    }

    rules = build_bucket_rules(buckets)
    proposals = {s.id: propose_bucket(s.scoring_text, rules) for s in scenarios}
    names = {
        s.id: (
            pages[s.id.lower()][0].name
            if s.id.lower() in pages
            else f"{s.id.lower()}-{slugify(s.title)}.md"
        )
        for s in scenarios
    }
    labels = {
        sid: f"{sid} {name.removesuffix('.md').split('-', 1)[-1]}" for sid, name in names.items()
    }
    try:
        decisions = decide_buckets(
            scenarios,
            labels,
            proposals,
            overrides=overrides,
            existing=existing_buckets,
            allowed=allowed,
            accept=args.accept,
            interactive=_is_terminal(stdin),
            dry_run=args.dry_run,
            stdin=stdin,
            stderr=stderr,
        )
    except NotesErrors as exc:
        return _report_errors(exc.errors, stderr)

    decided = [replace(s, bucket=decisions[s.id].bucket or "undecided") for s in scenarios]
    planned = plan_pages(decided, args.out, args.force)
    _print_plan(parsed, planned, proposals, decisions, labels, args, stdout)
    if args.dry_run:
        return 0
    to_write = [page for page in planned if page.action in ("create", "overwrite")]
    if to_write:
        args.out.mkdir(parents=True, exist_ok=True)
    for page in to_write:
        write_atomic(page.path, page.text)
    return 0


def _print_plan(
    parsed: Sequence[ParsedNotes],
    planned: Sequence[PlannedPage],
    proposals: dict[str, Proposal],
    decisions: dict[str, Decision],
    labels: dict[str, str],
    args: argparse.Namespace,
    stdout: TextIO,
) -> None:
    for notes in parsed:
        stdout.write(
            f"{notes.path}: {len(notes.scenarios)} {notes.shape}, difficulty "
            f"{notes.difficulty} (from {notes.difficulty_from})\n"
        )
        for skipped in notes.skipped:
            stdout.write(
                f'  skipped L{skipped.first}-L{skipped.last} "{skipped.title}" ({skipped.reason})\n'
            )
        for scenario in notes.scenarios:
            proposal, decision = proposals[scenario.id], decisions[scenario.id]
            if not decision.bucket:
                verdict = "needs a decision"
            elif decision.how in ("--bucket", "existing page", "chosen"):
                verdict = f"-> {decision.bucket} ({decision.how})"
            elif decision.how == "confirmed":
                verdict = "confirmed"
            else:
                verdict = f"accepted ({decision.how})"
            stdout.write(f"  {labels[scenario.id]}: {proposal.describe()} [{verdict}]\n")
            source = (
                "inferred from the text" if scenario.technologies_inferred else "from the notes"
            )
            listed = ", ".join(scenario.technologies) or "none"
            stdout.write(f"      technologies ({source}): {listed}\n")
    stdout.write(f"pages in {args.out}{' (dry run: nothing written)' if args.dry_run else ''}:\n")
    for page in planned:
        note = " (edited; --force to overwrite)" if page.action == "kept" else ""
        stdout.write(f"  {page.action:<9} {page.path.name}{note}\n")
    counts = Counter(page.action for page in planned)
    done = ("to create", "to overwrite") if args.dry_run else ("created", "overwritten")
    summary = [
        f"{counts['create']} {done[0]}",
        f"{counts['overwrite']} {done[1]}",
        f"{counts['unchanged']} unchanged",
        f"{counts['kept']} kept",
    ]
    stdout.write(f"summary: {', '.join(summary)}\n")


if __name__ == "__main__":
    sys.exit(main())
