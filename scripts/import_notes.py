"""Split the author's raw interview notes into one Markdown page per scenario.

Each notes file is read as UTF-8, repaired of mojibake by ``scripts/fix_mojibake.py``, parsed
into scenarios and rendered as ``<id>-<slug>.md`` pages with YAML front matter (``id``,
``title``, ``difficulty``, ``bucket``, ``technologies``, ``source``). Every input is parsed and
validated before anything is written; a problem is reported as ``path:line: what was expected``
and nothing is written.

Shapes understood (headings may be at any level; code fences are never parsed):

* scenario titles as headings ``## Scenario 11: Title`` (also ``Scenario 11 - Title``,
  ``Scenario 11 — Title``, ``Scenario 11. Title``) or as emphasised lines of their own
  (``**Scenario 5: Broadcast Timeout**``, ``**Scenario 5:** Broadcast Timeout``,
  ``*Scenario 5 - Title*``), with their subsections (``### Interview Question``, ...);
* groups with a range, as headings or emphasised lines (``## Scenario 13-20: Group``,
  ``## Scenarios 1-10: Spark``, ``**Scenarios 11–20**``), whose members are the scenarios under
  them (deeper, or at the same level and within the range);
* ``Question:`` / ``Answer:`` labels, bold, italic or plain (``**Question:**``, ``*Question:*``,
  ``Question:``, ``**Q:**``), which become ``## Interview Question`` / ``## Answer`` sections;
  the question may be a numbered or bulleted list of questions;
* numbered questions as headings ``#### 6. Design a pipeline`` under ``## Section`` headings, or,
  in notes without such headings, as emphasised lines ``**6. Design a pipeline**`` or list items
  that are one emphasised question ``6. **How do you size partitions?**``; in notes whose title
  says "System Design" they get the IDs ``SD01``, ``SD02``, ...

IDs are permanent: the difficulty letter and the author's number (``H11``, ``M31``, ``E05``).
The difficulty comes from the notes' title (🔴 Hard, 🟡 Medium, 🟢 Easy) or ``--difficulty``.

Technologies come from a ``Technologies:`` line or, when there is none, from the technologies the
text mentions, resolved through ``data/technologies.yml``. A name that is not in the vocabulary
never stops an import: it gets a proposal, which a person confirms on a terminal (``--accept``
takes them all):

* an existing key, and why: the same spelling apart from case, spaces and punctuation
  (``Spark-SQL``), the product without its vendor prefix (``Apache Storm``), a known name
  followed by a generic word (``Kafka topics``), or a close spelling (``Kubernets``). The
  spelling is added to that entry's ``aliases``;
* a new entry (key, name, aliases, description): for common technologies (Docker, Python,
  MongoDB, ...) from a built-in table with a written description; for any other, the key is the
  name lowercase-hyphenated and the description says where the name comes from, e.g. "Quantum
  DB, as used in scenario H05 (Sharded Writes)." (a terminal asks for a better one);
* leaving out a spelling that means a technology only beside another (``Streaming`` without
  ``Spark``).

New entries and aliases are written to ``data/technologies.yml`` (in key order, its comments
kept) in the same run as the pages: if anything fails, neither changes.

The bucket is proposed by a classifier trained on the labelled pages already on the site (see
``scripts/classify_bucket.py``), shown with its runner-up and confidence, and confirmed by a
person (a prompt on a terminal, ``--accept``, ``--bucket ID=BUCKET``, or the page's existing
bucket).

Pages are never overwritten without ``--force``; a page whose ID already has a file keeps that
file's name; identical pages are left alone, so a second run writes nothing.

Usage::

    python scripts/import_notes.py NOTES... [--out DIR] [--dry-run] [--force] [--accept]
                                   [--bucket ID=BUCKET ...] [--difficulty easy|medium|hard]
                                   [--data DIR] [--train DIR]

Examples::

    # show what would be written, with the bucket and technology proposals; write nothing
    python scripts/import_notes.py notes/*.txt --out docs/scenarios --dry-run

    # import, accepting every proposal but one bucket
    python scripts/import_notes.py notes/hard.txt --accept --bucket H11=failure-recovery

    # notes whose title names no difficulty (the system-design questions)
    python scripts/import_notes.py notes/system_design.txt --difficulty medium --accept

Exit status: 0 on success (also when pages were kept because they were edited), 1 when an
input cannot be imported (nothing is written), 2 on a usage error.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TextIO

import yaml

import classify_bucket
import fix_mojibake
import vocab

# The keyword rules live in classify_bucket; these names are kept for the tests and callers.
from classify_bucket import BucketRules, Proposal, build_bucket_rules, propose_bucket  # noqa: F401

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "docs" / "scenarios"
DEFAULT_DATA = vocab.DATA_DIR
DEFAULT_TRAIN = classify_bucket.DEFAULT_PAGES

DIFFICULTIES = ("easy", "medium", "hard")
DIFFICULTY_MARKERS = {"🔴": "hard", "🟡": "medium", "🟢": "easy"}
DIFFICULTY_HELP = "🔴 Hard, 🟡 Medium, 🟢 Easy"
# A proposal at or above this confidence is accepted without a person when stdin is no terminal.
CONFIDENCE_THRESHOLD = 0.5
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
RANGE = r"(?:\s*(?:-|–|—|to)\s*(?P<last>\d+)(?!\d))?"
SCENARIO_RE = re.compile(
    r"^" + SYMBOLS + r"(?:[*_]{1,2})?" + SYMBOLS + r"Scenarios?\s+#?(?P<first>\d+)"
    + RANGE + r"(?:[*_]{1,2})?\s*(?:[:.\-–—]\s*)?(?P<title>.*)$",
    re.IGNORECASE,
)
QUESTION_RE = re.compile(
    r"^(?:[*_]{1,2})?(?:Q(?:uestion)?\s*)?(?P<number>\d+)[.):](?:[*_]{1,2})?\s+(?P<title>\S.*)$",
    re.IGNORECASE,
)
# A line that is one emphasised span: **Scenario 5: Title**, *Scenario 5 - Title*, **6. Title**
WRAPPED_RE = re.compile(r"^\s{0,3}" + SYMBOLS + r"(?P<m>\*\*|__|\*|_)(?P<inner>\S(?:.*?\S)?)(?P=m)\s*$")
# A scenario label followed by its title: **Scenario 5:** Broadcast Timeout
LABELLED_SCENARIO_RE = re.compile(
    r"^\s{0,3}" + SYMBOLS + r"(?P<m>\*\*|__|\*|_)(?P<label>" + SYMBOLS
    + r"Scenarios?\s+#?\d+(?:\s*(?:-|–|—|to)\s*\d+)?\s*[:.\-–—]?)(?P=m)\s*[:.\-–—]?\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)
# An emphasised scenario title separates its number from the title ("**Scenario 3 showed that**"
# is a sentence, not a title)
EMPHASISED_SCENARIO_RE = re.compile(
    r"^" + SYMBOLS + r"Scenarios?\s+#?\d+(?:\s*(?:-|–|—|to)\s*\d+)?\s*(?:$|[:.\-–—])", re.IGNORECASE
)
# A numbered list item that is one emphasised question: 6. **How do you size partitions?** (the
# question mark tells it from a list of steps such as "1. **Immediate technical fix**")
LISTED_QUESTION_RE = re.compile(
    r"^(?P<number>\d+)[.)]\s+(?P<m>\*\*|__)(?P<inner>\S(?:.*?\S)?\?)(?P=m)\s*$"
)
TECH_RE = re.compile(
    r"^\s*(?:[*_]{1,2})?\s*"
    + SYMBOLS
    + r"(?:tech(?:nolog(?:y|ies))?|tech stack)\s*(?:[*_]{1,2})?\s*:"
    + r"\s*(?:[*_]{1,2})?\s*(?P<value>.*?)\s*$",
    re.IGNORECASE,
)
LABEL_WORDS = r"(?P<label>(?:interview\s+)?question|answer|q|a)"
LABEL_RE = re.compile(
    r"^" + SYMBOLS + r"(?:(?P<m>\*\*|__|\*|_)" + SYMBOLS + LABEL_WORDS
    + r"\s*(?::(?P=m)|(?P=m)\s*:)"
    r"|(?P<plain>(?:interview\s+)?question|answer):)\s?(?P<rest>.*)$",
    re.IGNORECASE,
)
LABEL_SECTIONS = {"question": "Interview Question", "q": "Interview Question", "answer": "Answer", "a": "Answer"}
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
    """One line of notes. ``level`` is its heading level (0: not a heading, always 0 in fences).

    An emphasised line that may be a title (``**Scenario 5: Title**``) has ``candidate`` (its
    text without emphasis) and ``candidate_kind`` ("scenario" or "question"); it becomes a
    heading (``emphasised``) when the notes' shape says so (:func:`promote_emphasised_titles`).
    """

    number: int
    text: str
    fenced: bool = False
    level: int = 0
    heading: str = ""
    candidate: str = ""
    candidate_kind: str = ""
    emphasised: bool = False
    nest: int = 0  # for an emphasised title: the level of the Markdown heading it follows


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
    emphasised: bool = False  # headed by an emphasised line, not a Markdown heading
    nest: int = 0  # for an emphasised title: deeper Markdown headings are its subsections
    flat: bool = False  # a group whose members are at its own level


@dataclass(frozen=True)
class Skipped:
    """Lines of a notes file that belong to no scenario and are not imported."""

    first: int
    last: int
    title: str
    reason: str


@dataclass(frozen=True)
class Mention:
    """A technology name as the notes give it: on a Technologies line, or in the text."""

    name: str
    line: int


@dataclass(frozen=True)
class Scenario:
    """One scenario, ready to render (``bucket`` and ``technologies`` are filled in once
    decided; ``mentions`` are the technology names as written)."""

    id: str
    number: int
    title: str
    difficulty: str
    mentions: tuple[Mention, ...]
    technologies_inferred: bool
    source: str  # "notes.txt#L7-L25"
    body: tuple[str, ...]
    scoring_text: str  # title + question (+ section) for the bucket proposal
    notes: str  # the notes path as given
    line: int  # heading line in the notes
    technologies: tuple[str, ...] = ()
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


def title_candidate(text: str) -> tuple[str, str]:
    """(title text without emphasis, "scenario" or "question") when an emphasised line may be a
    scenario or numbered-question title, else ("", "")."""
    labelled = LABELLED_SCENARIO_RE.match(text)
    if labelled:
        candidate = f"{strip_emphasis(labelled.group('label'))} {labelled.group('title')}"
        return clean_title(candidate), "scenario"
    wrapped = WRAPPED_RE.match(text)
    if wrapped:
        candidate = clean_title(wrapped.group("inner"))
        if SCENARIO_RE.match(candidate) and EMPHASISED_SCENARIO_RE.match(candidate):
            return candidate, "scenario"
        if QUESTION_RE.match(candidate):
            return candidate, "question"
        return "", ""
    listed = LISTED_QUESTION_RE.match(text)
    if listed:
        return f"{listed.group('number')}. {clean_title(listed.group('inner'))}", "question"
    return "", ""


def scan_lines(text: str, name: str) -> list[Line]:
    """Split text into lines, marking code fences, headings and possible emphasised titles."""
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
            candidate, kind = title_candidate(raw)
            lines.append(Line(number, raw, candidate=candidate, candidate_kind=kind))
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


def promote_emphasised_titles(lines: Sequence[Line]) -> list[Line]:
    """Turn emphasised title lines into headings, one level below the heading they follow.

    In notes with scenario titles (headings or emphasised), emphasised scenario and group
    titles are promoted; in notes with neither and without numbered-question headings,
    emphasised numbered questions are. A group's members go one level deeper than the group.
    Headings after an emphasised scenario stay its subsections until one is no deeper than
    the heading the scenario follows.
    """
    headings = [line for line in lines if line.level]
    if any(SCENARIO_RE.match(line.heading) for line in headings) or any(
        line.candidate_kind == "scenario" for line in lines
    ):
        kind = "scenario"
    elif any(QUESTION_RE.match(line.heading) for line in headings):
        return list(lines)
    else:
        kind = "question"
    context = 0  # level of the Markdown heading that emphasised titles nest under
    in_item = False
    group_level = 0
    promoted: list[Line] = []
    for line in lines:
        if line.level:
            if not in_item or line.level <= context:
                context, in_item, group_level = line.level, False, 0
        elif line.candidate_kind == kind:
            match = SCENARIO_RE.match(line.candidate) if kind == "scenario" else None
            if match and match.group("last"):
                level = group_level = context + 1
            else:
                level = (group_level or context) + 1
            in_item = True
            line = replace(
                line, level=level, heading=line.candidate, emphasised=True, nest=context
            )
        promoted.append(line)
    return promoted


# --- text helpers -----------------------------------------------------------------------------


def strip_emphasis(text: str) -> str:
    """``Design a **daily pipeline**`` -> ``Design a daily pipeline`` (code spans are kept)."""
    previous = None
    while previous != text:
        previous = text
        text = EMPHASIS_RE.sub(lambda m: m.group(2) or m.group(4), text)
    return " ".join(text.split())


def clean_title(text: str) -> str:
    """A title without emphasis, nor the stray markers of emphasis that closed after a label
    (``Scenario 5:** Title`` -> ``Scenario 5: Title``)."""
    text = strip_emphasis(text)
    text = re.sub(r"(?<=\S)(?:\*\*|__)(?=[\s:.\-–—]|$)", "", text)
    return re.sub(r"^[*_\s]+|[*_\s]+$", "", " ".join(text.split()))


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


def _title_line(lines: Sequence[Line]) -> tuple[Line | None, str]:
    """The notes' title line and its text: the first line, when it is a heading (or a line of
    its own in emphasis) and not a scenario or question."""
    first = next((line for line in lines if line.text.strip()), None)
    if first is None:
        return None, ""
    if first.level:
        scenario = SCENARIO_RE.match(first.heading)
        if (scenario and not scenario.group("last")) or QUESTION_RE.match(first.heading):
            return None, ""
        return first, first.heading
    wrapped = WRAPPED_RE.match(first.text)
    if wrapped and not first.candidate_kind:
        return first, clean_title(wrapped.group("inner"))
    return None, ""


def detect_difficulty(
    lines: Sequence[Line], name: str, fallback: str | None
) -> tuple[str, str, str]:
    """Return (difficulty, where it came from, the title text) from the notes' title."""
    title_line, title = _title_line(lines)
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


def _no_scenarios_error(
    lines: Sequence[Line], name: str, bucket_names: Sequence[str]
) -> NotesErrors:
    headings = [line for line in lines if line.level]
    taxonomy = sum(
        any(bucket.casefold() in line.heading.casefold() for bucket in bucket_names)
        for line in headings
    )
    hint = (
        "; this looks like the bucket taxonomy, which lives in data/buckets.yml"
        if taxonomy >= 3
        else ""
    )
    return NotesErrors(
        [
            NotesError(
                name,
                1,
                "expected scenario titles ('## Scenario N: Title' or '**Scenario N: Title**') "
                "or numbered questions ('#### N. Question' or '**N. Question**'), "
                f"found none{hint}",
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
            raise _no_scenarios_error(lines, name, bucket_names)
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
        item = _match_item(line, shape, question_level)
        if item is None and current.kind == "item" and (
            line.level > current.level
            or (current.emphasised and not line.emphasised and line.level > current.nest)
        ):
            continue  # a subsection of the current scenario
        if group is not None and line.level <= group.level and not _joins_group(group, line, item):
            group = None
        current.end = index
        units.append(current)
        if item is None:
            current = Unit("other", index, line.level, title=line.heading)
            if shape == "numbered questions" and line.level < question_level:
                section = line.heading
            continue
        first, last, title = item
        if last is not None:
            current = group = Unit(
                "group", index, line.level, number=first, last=last, title=title,
                emphasised=line.emphasised,
            )
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
            example = (
                ("**Scenario N: Title**" if line.emphasised else "## Scenario N: Title")
                if shape == "scenarios"
                else ("**N. Question**" if line.emphasised else "#### N. Question")
            )
            errors.append(
                NotesError(
                    name, line.number, f"expected a title after '{line.heading}' (e.g. '{example}')"
                )
            )
        member_of = None
        if group is not None and _joins_group(group, line, item):
            member_of = group
            group.flat = True
        elif group is not None and line.level > group.level and not group.flat:
            member_of = group  # deeper than a flat group's members: inside one of them
        current = Unit(
            "item", index, line.level, number=first, title=title, section=section,
            group=member_of, emphasised=line.emphasised, nest=line.nest,
        )
        if member_of is not None:
            member_of.members.append(current)
    current.end = len(lines)
    units.append(current)
    errors.extend(_group_errors(lines, units, name, shape))
    if errors:
        raise NotesErrors(errors)
    return shape, units


def _joins_group(group: Unit, line: Line, item: tuple[int, int | None, str] | None) -> bool:
    """A scenario at its group's own level belongs to it when its number is in the range
    (``## Scenarios 1-10: Spark`` followed by ``## Scenario 1: ...``)."""
    return (
        item is not None
        and item[1] is None
        and line.level == group.level
        and group.number <= item[0] <= group.last
    )


def _group_errors(
    lines: Sequence[Line], units: Sequence[Unit], name: str, shape: str
) -> list[NotesError]:
    kind = "scenario" if shape == "scenarios" else "question"
    errors: list[NotesError] = []
    for unit in units:
        if unit.kind != "group" or unit.last <= unit.number:
            continue
        label = f"'Scenario {unit.number}-{unit.last}'"
        numbers = {member.number for member in unit.members}
        missing = sorted(set(range(unit.number, unit.last + 1)) - numbers)
        line_number = lines[unit.start].number
        if missing:
            if unit.emphasised:
                example = "**Scenario N: Title**"
            else:
                example = f"{'#' * (unit.level + (0 if unit.flat else 1))} Scenario N: Title"
            errors.append(
                NotesError(
                    name,
                    line_number,
                    f"group {label} has no heading for "
                    f"{kind}(s) {', '.join(map(str, missing))} (expected "
                    f"'{example}' under it)",
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
    return errors


def _match_item(line: Line, shape: str, question_level: int) -> tuple[int, int | None, str] | None:
    """(number, range end or None, title) when the heading starts a scenario or group."""
    if shape == "scenarios":
        match = SCENARIO_RE.match(line.heading)
        if not match:
            return None
        last = int(match.group("last")) if match.group("last") else None
        return int(match.group("first")), last, clean_title(match.group("title"))
    if line.level != question_level:
        return None
    match = QUESTION_RE.match(line.heading)
    if not match:
        return None
    return int(match.group("number")), None, clean_title(match.group("title"))


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
            f"Scenario {unit.number}-{unit.last}: {unit.title}".rstrip(": ")
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


def split_technology_names(value: str, line: Line, name: str) -> tuple[str, ...]:
    """The names of a ``Technologies:`` line: backticked, or separated by commas (; | ·)."""
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
    return tuple(names)


def mention_pattern(spellings: Sequence[str]) -> re.Pattern[str]:
    """Any of ``spellings`` as a whole word, case-insensitively, longest first."""
    ordered = sorted({s.casefold() for s in spellings}, key=lambda s: (-len(s), s))
    return re.compile(
        r"(?<!\w)(" + "|".join(re.escape(s) for s in ordered) + r")(?!\w)", re.IGNORECASE
    )


def find_mentions(lines: Sequence[Line], pattern: re.Pattern[str]) -> tuple[Mention, ...]:
    """Technology spellings the lines mention, each once (folded), in order of first mention."""
    found: dict[str, Mention] = {}
    for line in lines:
        text = line.heading if line.level else line.text
        for match in pattern.finditer(text):
            found.setdefault(vocab.fold_spelling(match.group(1)), Mention(match.group(1), line.number))
    return tuple(found.values())


def build_scenario(
    copy: _Copy,
    *,
    name: str,
    id_: str,
    difficulty: str,
    mentionable: re.Pattern[str],
) -> Scenario:
    """Turn a (merged) scenario's lines into a page body and front-matter values.

    ``mentionable`` finds technology names in the text when there is no Technologies line."""
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
        if label:  # **Question:** ... / *Answer:* ... become sections
            word = (label.group("label") or label.group("plain")).lower().split()[-1]
            section = LABEL_SECTIONS[word]
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
        value = next(iter(tech_values))
        mentions = tuple(
            Mention(n, tech_lines[0].number)
            for n in split_technology_names(value, tech_lines[0], name)
        )
        inferred = False
    else:
        text_lines = [copy.heading, *(line for line in all_lines)]
        mentions = find_mentions(text_lines, mentionable)
        inferred = True
    scoring = [title, *question] if question else [title]
    if copy.unit.section:
        scoring.append(copy.unit.section)
    return Scenario(
        id=id_,
        number=copy.unit.number,
        title=title,
        difficulty=difficulty,
        mentions=mentions,
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

    ``difficulty`` is used when the title names none. Technology names are kept as written
    (see :func:`plan_technologies`). Raises :class:`NotesErrors`.
    """
    lines = promote_emphasised_titles(scan_lines(text, name))
    shape, units = find_units(lines, name, bucket_names)
    level, level_from, title = detect_difficulty(lines, name, difficulty)
    prefix = (
        "SD"
        if shape == "numbered questions" and SYSTEM_DESIGN_RE.search(title)
        else level[0].upper()
    )
    kind = "scenario" if shape == "scenarios" else "question"
    mentionable = mention_pattern(mentionable_spellings(technologies))

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
                    mentionable=mentionable,
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
    same product without a vendor prefix; a known spelling followed by generic words; a close
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
    for spelling, key in owners:
        if _compact(_without_vendor(spelling)[1]) == _compact(rest) and (prefix or spelling != _without_vendor(spelling)[1]):
            reason = f"the same product as '{spelling}' without the vendor's name"
            return TechnologyProposal(name, "alias", key, reason)
    words = name.split()
    for cut in range(len(words) - 1, 0, -1):
        base, generic = " ".join(words[:cut]), words[cut:]
        if all(w.casefold() in GENERIC_WORDS for w in generic):
            for spelling, key in owners:
                if _compact(spelling) == _compact(base):
                    reason = f"'{spelling}' followed by the generic word(s) '{' '.join(generic)}'"
                    return TechnologyProposal(name, "alias", key, reason)
    if len(compact) >= SIMILARITY_MIN_LENGTH:
        scored = [
            (difflib.SequenceMatcher(None, compact, _compact(spelling)).ratio(), spelling, key)
            for spelling, key in owners
            if len(_compact(spelling)) >= SIMILARITY_MIN_LENGTH
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
    entries' ``aliases: [...]`` lines; every other line, comments included, is kept."""
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
        for index in range(first, last):
            match = ALIASES_LINE_RE.match(lines[index])
            if match:
                values = yaml.safe_load(match.group("value")) or []
                lines[index] = f"{match.group('indent')}aliases: {_yaml_inline([*values, alias])}"
                break
        else:
            raise NotesErrors(
                [
                    f"{path}:{first + 1}: {key}: expected 'aliases: [...]' on one line "
                    f"to add the alias '{alias}'"
                ]
            )
    for entry in sorted(entries, key=lambda e: e.key):
        block = entry_lines(entry)
        later = next((i for i, k in starts() if k > entry.key), None)
        if later is not None:
            lines[later:later] = [*block, ""]
        else:
            while lines and lines[-1] == "":
                lines.pop()
            lines += ["", *block, ""]
    return "\n".join(lines)


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


# --- writing: every file or none --------------------------------------------------------------


def _stage(path: Path, data: bytes, mode: int) -> Path:
    """A temporary file beside ``path`` holding ``data``, flushed to disk."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def write_files(changes: Sequence[tuple[Path, str]]) -> None:
    """Write every file or none: each new text is staged beside its target, then all are moved
    into place (``os.replace``, atomic per file); if a move fails, the files already moved are
    put back as they were and the error is raised."""
    staged: list[tuple[Path, Path]] = []
    backups: list[tuple[Path, Path | None]] = []
    try:
        for path, text in changes:
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
            staged.append((path, _stage(path, text.encode("utf-8"), mode)))
            backups.append((path, _stage(path, path.read_bytes(), mode) if path.exists() else None))
        moved: list[int] = []
        try:
            for index, (path, temporary) in enumerate(staged):
                os.replace(temporary, path)
                moved.append(index)
        except BaseException:
            for index in reversed(moved):
                path, backup = backups[index]
                if backup is None:
                    path.unlink(missing_ok=True)
                else:
                    os.replace(backup, path)
            raise
    finally:
        for _, temporary in staged:
            temporary.unlink(missing_ok=True)
        for _, backup in backups:
            if backup is not None:
                backup.unlink(missing_ok=True)


def write_atomic(path: Path, text: str) -> None:
    """Write one file through a temporary file in the same directory, then ``os.replace`` it."""
    write_files([(path, text)])


# --- deciding buckets -------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """The bucket chosen for a scenario and why (``bucket`` is empty when undecided)."""

    bucket: str
    how: str


def _no_answer(scenario: Scenario, line: int, expected: str) -> NotesErrors:
    return NotesErrors(
        [f"{scenario.notes}:{line}: {scenario.id}: no answer (end of input); expected {expected}"]
    )


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
            raise _no_answer(scenario, scenario.line, "y, n or a bucket")
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
            f"{CONFIDENCE_THRESHOLD:.2f}); confirm them on a terminal, or pass "
            "--accept or --bucket ID=BUCKET:"
        )
        raise NotesErrors([head, *undecided])
    return decisions


# --- deciding technologies --------------------------------------------------------------------


def where_text(unknown: Unknown) -> str:
    """``notes.md:12, E05`` and the other scenarios that name it: ``; also E07, M03``."""
    scenario, line = unknown.where[0]
    others = [s.id for s, _ in unknown.where[1:] if s.id != scenario.id]
    also = f"; also {', '.join(dict.fromkeys(others))}" if others else ""
    return f"{scenario.notes}:{line}, {scenario.id}{also}"


class TechnologyPrompt:
    """Ask a person on a terminal about each unknown technology name.

    An alias or leave-out proposal: ``[Y/n/KEY]`` (y accepts, a key chooses that technology, n
    goes on to a new entry). A new entry: ``[Y/n/edit]`` (y accepts, asking for a description
    when the proposal has only the default; edit asks for each field; n asks for an existing
    key, or ``-`` to leave the name out)."""

    def __init__(self, stdin: TextIO, stderr: TextIO) -> None:
        self.stdin, self.stderr = stdin, stderr

    def _read(self, question: str, unknown: Unknown) -> str:
        self.stderr.write(question)
        self.stderr.flush()
        answer = self.stdin.readline()
        if not answer:
            scenario, line = unknown.where[0]
            raise _no_answer(scenario, line, "y, n, edit or a technology key")
        return answer.strip()

    def __call__(
        self,
        unknown: Unknown,
        proposal: TechnologyProposal,
        technologies: Sequence[vocab.Technology],
    ) -> TechnologyDecision:
        keys = {t.key for t in technologies}
        label = f"'{unknown.name}' ({where_text(unknown)})"
        if proposal.kind != "new":
            while True:
                answer = self._read(f"{label}: {proposal.describe()}. Accept? [Y/n/KEY] ", unknown)
                if answer.lower() in ("", "y", "yes"):
                    return accept_proposal(proposal, "confirmed")
                if answer in keys:
                    return TechnologyDecision(
                        unknown.name, answer, "chosen", alias=proposal.kind == "alias"
                    )
                if answer.lower() in ("n", "no"):
                    break
                self.stderr.write(f"unknown technology key '{answer}'\n")
            if proposal.kind == "leave out":
                return self._existing_key(unknown, label, keys, alias=False)
            scenario = unknown.where[0][0]
            entry = NewTechnology(
                new_key(unknown.name), " ".join(unknown.name.split()), (),
                description_default(unknown.name, scenario),
            )
            proposal = TechnologyProposal(
                unknown.name, "new", entry.key, "not in the vocabulary", entry, described=False
            )
        assert proposal.entry is not None
        while True:
            answer = self._read(f"{label}: {proposal.describe()}. Add? [Y/n/edit] ", unknown)
            if answer.lower() in ("", "y", "yes"):
                entry = proposal.entry
                if not proposal.described:
                    description = self._field(unknown, f"description of {entry.key}", entry.description)
                    entry = replace(entry, description=description)
                return TechnologyDecision(unknown.name, entry.key, "confirmed", new=entry)
            if answer.lower() == "edit":
                entry = self._edit(unknown, proposal.entry, technologies)
                return TechnologyDecision(unknown.name, entry.key, "edited", new=entry)
            if answer.lower() in ("n", "no"):
                return self._existing_key(unknown, label, keys, alias=True)
            self.stderr.write("expected y, n or edit\n")

    def _existing_key(
        self, unknown: Unknown, label: str, keys: set[str], *, alias: bool
    ) -> TechnologyDecision:
        while True:
            answer = self._read(f"{label}: key of an existing technology, or - to leave it out? ", unknown)
            if answer == "-":
                return TechnologyDecision(unknown.name, None, "chosen")
            if answer in keys:
                return TechnologyDecision(unknown.name, answer, "chosen", alias=alias)
            self.stderr.write(f"unknown technology key '{answer}'\n")

    def _field(self, unknown: Unknown, what: str, default: str) -> str:
        answer = self._read(f"{what} [{default}]: ", unknown)
        return answer or default

    def _edit(
        self, unknown: Unknown, entry: NewTechnology, technologies: Sequence[vocab.Technology]
    ) -> NewTechnology:
        keys = {t.key for t in technologies}
        spelled = {vocab.fold_spelling(s): t.key for t in technologies for s in t.spellings}
        while True:
            key = self._field(unknown, "key", entry.key)
            if not vocab.KEY_PATTERN.match(key):
                self.stderr.write(f"key '{key}': expected lowercase-hyphenated, e.g. {entry.key}\n")
            elif key in keys:
                self.stderr.write(f"key '{key}' exists; answer n to choose an existing technology\n")
            else:
                break
        while True:
            name = self._field(unknown, "name", entry.name)
            if vocab.fold_spelling(name) in spelled:
                self.stderr.write(f"name '{name}' already names {spelled[vocab.fold_spelling(name)]}\n")
            else:
                break
        while True:
            shown = ", ".join(entry.aliases) or "none"
            answer = self._read(f"aliases, comma-separated, - for none [{shown}]: ", unknown)
            aliases = entry.aliases if not answer else () if answer == "-" else tuple(
                a.strip() for a in answer.split(",") if a.strip()
            )
            taken = [a for a in aliases if vocab.fold_spelling(a) in spelled]
            if taken:
                self.stderr.write(f"alias '{taken[0]}' already names {spelled[vocab.fold_spelling(taken[0])]}\n")
            else:
                break
        description = self._field(unknown, "description", entry.description)
        return NewTechnology(key, name, aliases, description)


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
        help="print the plan and the bucket and technology proposals; write nothing",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite pages that differ from the notes (edited pages)",
    )
    parser.add_argument(
        "--accept",
        action="store_true",
        help="accept every bucket and technology proposal without asking",
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
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        metavar="DIR",
        help="vocabularies: technologies.yml (new technologies are added to it) and buckets.yml "
        "(default: data/ of this repository)",
    )
    parser.add_argument(
        "--train",
        type=Path,
        default=DEFAULT_TRAIN,
        metavar="DIR",
        help="labelled pages the bucket classifier learns from "
        "(default: docs/scenarios of this repository)",
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


def _check_ids(parsed: Sequence[ParsedNotes]) -> tuple[dict[str, Scenario], list[NotesError]]:
    seen: dict[str, Scenario] = {}
    errors: list[NotesError] = []
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
    return seen, errors


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

    technologies_path = args.data / "technologies.yml"
    try:
        technologies_text = technologies_path.read_text(encoding="utf-8")
        technologies = vocab.load_technologies(technologies_path, text=technologies_text)
        buckets = vocab.load_buckets(args.data / "buckets.yml")
    except OSError as exc:
        return _report_errors([f"{technologies_path}: cannot read ({exc.strerror})"], stderr)
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

    seen, id_errors = _check_ids(parsed)
    errors.extend(id_errors)
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

    interactive = _is_terminal(stdin) and not args.dry_run
    try:
        tech_plan = plan_technologies(
            scenarios,
            technologies,
            _technology_decider(args.accept, interactive, stdin, stderr),
        )
    except NotesErrors as exc:
        return _report_errors(exc.errors, stderr)
    if tech_plan.undecided and not args.dry_run:
        head = (
            f"{len(tech_plan.undecided)} technology proposal(s) need a person; confirm them "
            "on a terminal, or pass --accept:"
        )
        lines = [
            f"  '{unknown.name}' ({where_text(unknown)}): {proposal.describe()}"
            for unknown, proposal in tech_plan.undecided
        ]
        return _report_errors([head, *lines], stderr)
    scenarios = with_technologies(scenarios, tech_plan)
    new_vocabulary = technologies_text
    if tech_plan.new_entries or tech_plan.new_aliases:
        try:
            new_vocabulary = updated_technologies_text(
                technologies_text, tech_plan.new_entries, tech_plan.new_aliases, technologies_path
            )
            vocab.load_technologies(technologies_path, text=new_vocabulary)
        except NotesErrors as exc:
            return _report_errors(exc.errors, stderr)
        except vocab.VocabError as exc:
            return _report_errors([f"the vocabulary would not be valid: {exc}"], stderr)

    existing_buckets = {
        s.id: bucket
        for s in scenarios
        if s.id.lower() in pages and (bucket := page_bucket(pages[s.id.lower()][0], allowed))
    }
    examples = classify_bucket.load_examples(args.train, buckets, exclude_ids=seen)
    classifier = classify_bucket.train_classifier(examples, buckets)
    proposals = {s.id: classifier.propose(s.scoring_text) for s in scenarios}
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
            interactive=interactive,
            dry_run=args.dry_run,
            stdin=stdin,
            stderr=stderr,
        )
    except NotesErrors as exc:
        return _report_errors(exc.errors, stderr)

    decided = [replace(s, bucket=decisions[s.id].bucket or "undecided") for s in scenarios]
    planned = plan_pages(decided, args.out, args.force)
    _print_plan(
        parsed, decided, planned, proposals, decisions, labels, tech_plan,
        technologies_path, len(examples), args, stdout,
    )
    if args.dry_run:
        return 0
    changes = [(page.path, page.text) for page in planned if page.action in ("create", "overwrite")]
    if new_vocabulary != technologies_text:
        changes.append((technologies_path, new_vocabulary))
    if changes:
        args.out.mkdir(parents=True, exist_ok=True)
        write_files(changes)
    return 0


def _technology_decider(
    accept: bool, interactive: bool, stdin: TextIO, stderr: TextIO
) -> Callable[[Unknown, TechnologyProposal, Sequence[vocab.Technology]], TechnologyDecision | None]:
    """--accept takes each proposal; a terminal asks; otherwise the name stays undecided."""
    if accept:
        return lambda unknown, proposal, technologies: accept_proposal(proposal)
    if interactive:
        return TechnologyPrompt(stdin, stderr)
    return lambda unknown, proposal, technologies: None


def _print_plan(
    parsed: Sequence[ParsedNotes],
    scenarios: Sequence[Scenario],
    planned: Sequence[PlannedPage],
    proposals: dict[str, Proposal],
    decisions: dict[str, Decision],
    labels: dict[str, str],
    tech_plan: TechnologyPlan,
    technologies_path: Path,
    trained_on: int,
    args: argparse.Namespace,
    stdout: TextIO,
) -> None:
    by_id = {s.id: s for s in scenarios}
    undecided = {vocab.fold_spelling(u.name) for u, _ in tech_plan.undecided}
    stdout.write(
        f"bucket proposals: a classifier trained on {trained_on} labelled page(s) and the taxonomy\n"
    )
    for notes in parsed:
        stdout.write(
            f"{notes.path}: {len(notes.scenarios)} {notes.shape}, difficulty "
            f"{notes.difficulty} (from {notes.difficulty_from})\n"
        )
        for skipped in notes.skipped:
            stdout.write(
                f'  skipped L{skipped.first}-L{skipped.last} "{skipped.title}" ({skipped.reason})\n'
            )
        for parsed_scenario in notes.scenarios:
            scenario = by_id[parsed_scenario.id]
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
            listed = [*scenario.technologies]
            listed += [
                f"'{m.name}' (undecided)"
                for m in scenario.mentions
                if vocab.fold_spelling(m.name) in undecided
            ]
            stdout.write(f"      technologies ({source}): {', '.join(listed) or 'none'}\n")
    if tech_plan.items:
        stdout.write(f"technologies not in {technologies_path}:\n")
        for unknown, proposal, tech_decision in tech_plan.items:
            if tech_decision is None:
                verdict = "needs a decision"
            elif tech_decision.how == "--accept":
                verdict = "accepted (--accept)"
            elif tech_decision.how == "confirmed":
                verdict = "confirmed"
            elif tech_decision.key is None:
                verdict = f"-> left out ({tech_decision.how})"
            elif tech_decision.new is not None:
                verdict = f"-> new technology {tech_decision.new.describe()} ({tech_decision.how})"
            else:
                verdict = f"-> {tech_decision.key} ({tech_decision.how})"
            stdout.write(f"  '{unknown.name}' ({where_text(unknown)}): {proposal.describe()} [{verdict}]\n")
    entries, aliases = tech_plan.new_entries, tech_plan.new_aliases
    if entries or aliases:
        dry = " (dry run: nothing written)" if args.dry_run else ""
        stdout.write(f"vocabulary {technologies_path}{dry}:\n")
        for entry in entries:
            stdout.write(f"  add       {entry.describe()}\n")
        for key, alias in aliases:
            stdout.write(f"  alias     {key}: {alias}\n")
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
