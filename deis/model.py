"""The importer's data model: lines of notes, scenarios, planned pages, and the errors it reports.

Every problem found in the notes is a :class:`NotesError` (``path:line: what was expected``);
a step that finds several raises them together as :class:`NotesErrors`, and the importer writes
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

DIFFICULTIES = ("easy", "medium", "hard")
DIFFICULTY_MARKERS = {"🔴": "hard", "🟡": "medium", "🟢": "easy"}
DIFFICULTY_HELP = "🔴 Hard, 🟡 Medium, 🟢 Easy"

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
