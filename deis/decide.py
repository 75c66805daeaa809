"""Decide: a person confirms each bucket and technology proposal (a prompt on a terminal), or
``--accept`` / ``--bucket ID=BUCKET`` / the page's existing bucket decides it; a person also
chooses the reading of damaged text that the mojibake repair cannot settle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TextIO

from deis import repair, vocab
from deis.classify import Proposal
from deis.model import NotesErrors, Scenario
from deis.technologies import (
    NewTechnology,
    TechnologyDecision,
    TechnologyProposal,
    Unknown,
    accept_proposal,
    description_default,
    new_key,
)

# A proposal at or above this confidence is accepted without a person when stdin is no terminal.
CONFIDENCE_THRESHOLD = 0.5


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


# --- choosing what damaged text was -----------------------------------------------------------

EXCERPT_CONTEXT = 30  # characters shown on each side of a damaged span


def excerpt(line: str, span: str) -> str:
    """``line`` around the first ``span`` in it, the span in brackets: ``…and the [â†] lag…``."""
    at = line.find(span)
    if at < 0:
        return line
    start, end = max(0, at - EXCERPT_CONTEXT), min(len(line), at + len(span) + EXCERPT_CONTEXT)
    if start and " " in line[start:at]:
        start = line.index(" ", start, at) + 1  # whole words only
    if end < len(line) and " " in line[at + len(span) : end]:
        end = line.rindex(" ", at + len(span), end)
    before, after = line[start:at], line[at + len(span) : end]
    return ("…" if start else "") + before + f"[{span}]" + after + ("…" if end < len(line) else "")


@dataclass(frozen=True)
class MojibakeChoice:
    """What a person put in place of a damaged span: a candidate ("chosen") or their own text ("typed")."""

    notes: str
    span: repair.Ambiguity
    text: str
    how: str


class MojibakePrompt:
    """Ask a person on a terminal what a damaged span was, when the repair has a tie: a number
    picks a candidate, any other text is taken as typed, and Enter repeats the answer given to
    the same tie before (the same span and candidates). Each answer is kept in ``choices``."""

    def __init__(self, stdin: TextIO, stderr: TextIO) -> None:
        self.stdin, self.stderr = stdin, stderr
        self.choices: list[MojibakeChoice] = []
        self._answered: dict[tuple[str, tuple[str, ...]], str] = {}

    def __call__(self, notes: str, span: repair.Ambiguity, line: str) -> str:
        numbered = "  ".join(f"{n} {text}" for n, text in enumerate(span.candidates, 1))
        expected = f"a number from 1 to {len(span.candidates)}, or the text itself"
        before = self._answered.get((span.span, span.candidates))
        again = f"; Enter: {before}" if before is not None else ""
        question = (
            f"{notes}:{span.line}:{span.col}: '{span.span}' in \"{excerpt(line, span.span)}\" "
            f"can be {numbered}. Which? [1-{len(span.candidates)} or the text{again}] "
        )
        while True:
            self.stderr.write(question)
            self.stderr.flush()
            answer = self.stdin.readline()
            if not answer:
                raise NotesErrors([f"{notes}:{span.line}:{span.col}: no answer (end of input); expected {expected}"])
            answer = answer.strip()
            if answer.isdigit() and 1 <= int(answer) <= len(span.candidates):
                text, how = span.candidates[int(answer) - 1], "chosen"
            elif answer and not answer.isdigit():
                text, how = answer, "typed"
            elif not answer and before is not None:
                text, how = before, "as before"
            else:
                self.stderr.write(f"expected {expected}\n")
                continue
            self.choices.append(MojibakeChoice(notes, span, text, how))
            self._answered[span.span, span.candidates] = text
            return text
