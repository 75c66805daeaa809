"""The notes importer: read, repair, parse, classify, decide and write, in one all-or-nothing run.

``scripts/import_notes.py`` is the command line (its docstring has the usage and the shapes of
notes understood); :func:`main` is everything it does.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from deis import classify, vocab
from deis.classify import Proposal
from deis.decide import Decision, MojibakeChoice, MojibakePrompt, TechnologyPrompt, decide_buckets, where_text
from deis.model import DIFFICULTIES, NotesError, NotesErrors, ParsedNotes, PlannedPage, Scenario
from deis.parse import parse_notes, read_notes
from deis.technologies import (
    TechnologyDecision,
    TechnologyPlan,
    TechnologyProposal,
    Unknown,
    accept_proposal,
    plan_technologies,
    updated_technologies_text,
    with_technologies,
)
from deis.write import existing_pages, page_bucket, plan_pages, slugify, write_files

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "docs" / "scenarios"
DEFAULT_DATA = vocab.DATA_DIR
DEFAULT_TRAIN = classify.DEFAULT_PAGES


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

    interactive = _is_terminal(stdin) and not args.dry_run
    # A tie the mojibake repair cannot settle: a person at a terminal says what the text was.
    mojibake = MojibakePrompt(stdin, stderr)
    errors: list[NotesError | str] = []
    parsed: list[ParsedNotes] = []
    for path in args.notes:
        name = str(path)
        try:
            text = read_notes(path, name, choose=mojibake if interactive else None)
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
    examples: list[classify.Example] = []
    try:
        examples = classify.load_examples(args.train, buckets, exclude_ids=seen)
    except classify.ExamplesError as exc:
        errors.extend(exc.errors)
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
    classifier = classify.train_classifier(examples, buckets)
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
        technologies_path, len(examples), args, stdout, mojibake.choices,
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
    mojibake_choices: Sequence[MojibakeChoice] = (),
) -> None:
    by_id = {s.id: s for s in scenarios}
    undecided = {vocab.fold_spelling(u.name) for u, _ in tech_plan.undecided}
    if mojibake_choices:
        stdout.write("damaged text the repair could not settle, as a person read it:\n")
        for choice in mojibake_choices:
            where = f"{choice.notes}:{choice.span.line}:{choice.span.col}"
            stdout.write(f"  {where}: '{choice.span.span}' -> '{choice.text}' ({choice.how})\n")
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
