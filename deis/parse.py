"""Parse: a notes file (read as UTF-8, repaired of mojibake) into scenarios.

The shapes understood are listed in ``scripts/import_notes.py`` (its ``--help`` and docstring):
scenario titles as headings or emphasised lines at any level, groups with ranges, bold, italic or
plain ``Question:``/``Answer:`` labels, numbered questions. A shape that cannot be parsed is a
``path:line: what was expected`` error. Technologies named in the notes are kept as mentions:
:mod:`deis.technologies` resolves them against the vocabulary.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from deis import repair, vocab
from deis.model import (
    DIFFICULTY_HELP,
    DIFFICULTY_MARKERS,
    Line,
    Mention,
    NotesError,
    NotesErrors,
    ParsedNotes,
    Scenario,
    Skipped,
    Unit,
)
from deis.technologies import mentionable_spellings

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


# --- reading ----------------------------------------------------------------------------------


# Asked for each tie the repair cannot settle: (notes name, the tie, its line as repaired) ->
# the text to put in place of the damaged span (a person at a terminal, see decide.MojibakePrompt).
Chooser = Callable[[str, repair.Ambiguity, str], str]


def read_notes(path: Path, display: str | None = None, choose: Chooser | None = None) -> str:
    """Read a notes file as UTF-8 with LF line endings, repaired of mojibake.

    Raises :class:`NotesErrors` for bytes that are not UTF-8 and for mojibake that the repair
    left ambiguous (``path:line:col: ambiguous mojibake 'SPAN' (candidates: a, b)``) unless
    ``choose`` settles it.
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
    return repair_mojibake(text, name, choose)


def repair_mojibake(text: str, name: str, choose: Chooser | None = None) -> str:
    """Repair mojibake; a span the repair cannot settle is an error, never a guess.

    With ``choose``, each such span is put to it instead, its answer written in place of the
    damaged span, and the text repaired again (what is still unsettled then is an error).
    """
    result = repair.repair(text)
    if result.ambiguous and choose is not None:
        repaired_lines = result.text.split("\n")
        chosen = [(span, choose(name, span, repaired_lines[span.line - 1])) for span in result.ambiguous]
        result = repair.repair(with_choices(text, chosen))
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


def with_choices(text: str, chosen: Sequence[tuple[repair.Ambiguity, str]]) -> str:
    """``text`` with each damaged span (at its line and column) replaced by the text chosen for it."""
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    edits = [(starts[span.line - 1] + span.col - 1, span, new) for span, new in chosen]
    end = len(text)  # from the last span back, so that the offsets before it still hold
    for offset, span, new in sorted(edits, key=lambda edit: edit[0], reverse=True):
        stop = offset + len(span.span)
        if text[offset:stop] != span.span or stop > end:
            raise ValueError(f"line {span.line}, column {span.col}: no damaged span {span.span!r} to replace")
        text, end = text[:offset] + new + text[stop:], offset
    return text


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


def stray_label_errors(
    lines: Sequence[Line], units: Sequence[Unit], name: str, shape: str
) -> list[NotesError]:
    """A Question/Answer label outside every scenario (before the first title, in a group's
    intro, under another heading) belongs to no scenario: an error, not a skipped line."""
    example = "**Scenario N: Title**" if shape == "scenarios" else "**N. Question**"
    errors: list[NotesError] = []
    for unit in units:
        if unit.kind == "item":
            continue
        for line in lines[unit.start + (1 if unit.level else 0) : unit.end]:
            label = None if line.fenced or line.level else LABEL_RE.match(line.text.strip())
            if label:
                word = label.group("label") or label.group("plain")
                errors.append(
                    NotesError(
                        name,
                        line.number,
                        f"'{word}:' label outside a scenario (expected a title such as "
                        f"'{example}' before it)",
                    )
                )
    return errors


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
    if copy.unit.emphasised and copy.unit.kind == "item" and not any(q.strip() for q in question):
        if EMPHASISED_SCENARIO_RE.match(copy.heading.heading):
            raise NotesErrors(
                [
                    NotesError(
                        name,
                        copy.heading.number,
                        f"expected a question under '{copy.heading.heading}' "
                        "(e.g. '*Question:* ...' on the next line)",
                    )
                ]
            )
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
    errors: list[NotesError | str] = [*stray_label_errors(lines, units, name, shape)]
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
