"""Tests for the notes importer, scripts/import_notes.py over the ``deis`` package (and the
vocabularies it reads through deis/vocab.py).

Golden cases live in tests/data/import_notes/<case>/: ``notes/`` (input), ``case.yml`` (the
command-line arguments, seeds to add, whether to use CRLF, and for a damaged copy of another
case's notes the ``damaged_from`` case and the ``form`` of ``deis/corpus.py``; a case whose own
notes are damaged keeps the originals in ``clean/``, and ``forms`` names each file's form),
``expected/*.md`` (every page, compared exactly, no extra files), ``stdout.txt`` (the printed
plan, with the temporary directory shown as ``TMP``) and, when the import adds technologies,
``vocabulary.diff`` (the lines of ``data/technologies.yml`` removed and added, ``-``/``+``).
Regenerate them after an intended change with::

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_import_notes.py -k golden

and review the diff. Without ``UPDATE_GOLDEN=1`` the tests write only into ``tmp_path``.

Every in-process run reads and writes a copy of ``data/`` in ``tmp_path`` (never the real
vocabulary), and its bucket classifier learns from ``tests/data/import_notes/training_pages/``:
a frozen copy of the site's pages as of issue 13 (front matter ``id``, ``title``, ``bucket`` and
the sections the classifier reads), so that the golden proposals do not change whenever a page is
added to the site. ``tests/test_classify.py`` tests the classifier itself.

The importer is run in-process through ``main(argv)``; one smoke test runs the real CLI.
"""

from __future__ import annotations

import difflib
import io
import os
import re
import subprocess
import sys
import types
from collections.abc import Sequence
from pathlib import Path

import pytest
import yaml

import deis.write
from deis import classify, corpus, decide, importer, parse, vocab

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "tests" / "data"
CASES_DIR = DATA / "import_notes"
SEEDS_DIR = DATA / "seeds"
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"

TRAINING_PAGES = CASES_DIR / "training_pages"
NEW_NOTES = CASES_DIR / "new_notes"
SCENARIO_SEEDS = [
    "000_9d33106407aeb200.txt",
    "001_63d8afd9aedf6b32.txt",
    "002_395999ce8ac4891d.txt",
    "004_062c2826efd311eb.txt",
]
TAXONOMY_SEED = "003_49817278ee26032d.txt"
NOTHING_WRITTEN = "import_notes: nothing written\n"


@pytest.fixture(autouse=True)
def data_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of data/ that the importer reads and writes, and the frozen training pages."""
    copy = tmp_path / "data"
    copy.mkdir()
    for source in (REPO / "data").glob("*.yml"):
        (copy / source.name).write_bytes(source.read_bytes())
    monkeypatch.setattr(importer, "DEFAULT_DATA", copy)
    monkeypatch.setattr(importer, "DEFAULT_TRAIN", TRAINING_PAGES)
    return copy


def run(argv: Sequence[str | Path], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = importer.main([str(a) for a in argv], stdin=io.StringIO(""))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and modification time, to prove that nothing was touched."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(directory.iterdir())}


# --- golden cases -----------------------------------------------------------------------------


def golden_cases() -> list[Path]:
    return sorted(p for p in CASES_DIR.iterdir() if (p / "case.yml").is_file())


def vocabulary_diff(before: str, after: str) -> str:
    """The lines of technologies.yml removed (``-``) and added (``+``), without context or
    line numbers, so that the golden cases do not depend on the rest of the vocabulary."""
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), n=0, lineterm="")
        if line.startswith(("-", "+")) and not line.startswith(("---", "+++"))
    ]
    return "".join(f"{line}\n" for line in changed)


@pytest.mark.parametrize("case", golden_cases(), ids=lambda p: p.name)
def test_golden(
    case: Path, tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = yaml.safe_load((case / "case.yml").read_text(encoding="utf-8")) or {}
    if UPDATE_GOLDEN and "damaged_from" in config:
        write_damaged_notes(case, config)
    sources = sorted((case / "notes").iterdir()) if (case / "notes").is_dir() else []
    sources += [SEEDS_DIR / name for name in config.get("seeds", [])]
    notes_dir = tmp_path / "notes"
    notes_dir.mkdir()
    for source in sources:
        data = source.read_bytes()
        if config.get("crlf"):
            data = data.replace(b"\n", b"\r\n")
        (notes_dir / source.name).write_bytes(data)
    out = tmp_path / "out"
    vocabulary = data_copy / "technologies.yml"
    before = vocabulary.read_text(encoding="utf-8")

    code, stdout, stderr = run(
        [*(notes_dir / s.name for s in sources), "--out", out, *config.get("args", [])], capsys
    )
    assert (code, stderr) == (0, "")
    stdout = stdout.replace(str(tmp_path), "TMP")
    produced = {p.name: p.read_bytes() for p in sorted(out.iterdir())}
    added = vocabulary_diff(before, vocabulary.read_text(encoding="utf-8"))

    expected_dir = case / "expected"
    if UPDATE_GOLDEN:
        expected_dir.mkdir(exist_ok=True)
        for stale in expected_dir.glob("*.md"):
            stale.unlink()
        for name, data in produced.items():
            (expected_dir / name).write_bytes(data)
        (case / "stdout.txt").write_text(stdout, encoding="utf-8")
        (case / "vocabulary.diff").unlink(missing_ok=True)
        if added:
            (case / "vocabulary.diff").write_text(added, encoding="utf-8")
    expected = {p.name: p.read_bytes() for p in sorted(expected_dir.glob("*.md"))}
    assert sorted(produced) == sorted(expected)
    for name, data in produced.items():
        assert data.decode("utf-8") == expected[name].decode("utf-8"), name
    assert stdout == (case / "stdout.txt").read_text(encoding="utf-8")
    diff_file = case / "vocabulary.diff"
    assert added == (diff_file.read_text(encoding="utf-8") if diff_file.exists() else "")


def clean_notes(case: Path) -> Path:
    """A case's undamaged notes: ``clean/`` when its own ``notes/`` are damaged (new_notes)."""
    return case / "clean" if (case / "clean").is_dir() else case / "notes"


def damaged(clean_case: Path, form: str) -> dict[str, str]:
    """The clean notes of a case as ``corpus.corrupt`` damages them, by file name."""
    return {
        source.name: corpus.corrupt(source.read_text(encoding="utf-8"), form)
        for source in sorted(clean_notes(clean_case).iterdir())
    }


def write_damaged_notes(case: Path, config: dict) -> None:
    (case / "notes").mkdir(exist_ok=True)
    for name, text in damaged(CASES_DIR / config["damaged_from"], config["form"]).items():
        (case / "notes" / name).write_text(text, encoding="utf-8")


DAMAGED_CASES = [
    case
    for case in golden_cases()
    if "damaged_from" in (yaml.safe_load((case / "case.yml").read_text(encoding="utf-8")) or {})
]


# The damage of issue 13's "Done when": Windows-1252 and Windows-1250 with their undefined bytes
# dropped (and 1250 with them kept), Mac Roman with and without the lost U+F8FF, double encoding.
DONE_WHEN_FORMS = {
    "cp1252-dropped",
    "cp1250",
    "cp1250-dropped",
    "mac-roman",
    "mac-roman-lost",
    "double",
}
# A form that loses bytes, and the same decode without the loss.
LOSSLESS_TWIN = {
    "cp1252-dropped": "cp1252-c1",
    "cp1250-dropped": "cp1250",
    "mac-roman-lost": "mac-roman",
}


def test_every_damage_form_has_a_golden_case() -> None:
    forms = {
        yaml.safe_load((case / "case.yml").read_text(encoding="utf-8"))["form"]
        for case in DAMAGED_CASES
    }
    assert forms == DONE_WHEN_FORMS
    assert {*LOSSLESS_TWIN, *LOSSLESS_TWIN.values()} <= set(corpus.FORMS)


def case_config(case: Path) -> dict:
    return yaml.safe_load((case / "case.yml").read_text(encoding="utf-8")) or {}


@pytest.mark.parametrize(
    "case",
    [case for case in DAMAGED_CASES if case_config(case)["form"] in LOSSLESS_TWIN],
    ids=lambda p: p.name,
)
def test_a_lossy_damage_really_loses_bytes(case: Path) -> None:
    """A case of a form that drops bytes has notes in which bytes were dropped: its damage
    differs from the same decode that keeps them (else it would test the easier form only)."""
    config = case_config(case)
    clean = CASES_DIR / config["damaged_from"]
    assert damaged(clean, config["form"]) != damaged(clean, LOSSLESS_TWIN[config["form"]])


@pytest.mark.parametrize("case", DAMAGED_CASES, ids=lambda p: p.name)
def test_damaged_notes_import_exactly_as_the_clean_ones(case: Path) -> None:
    """The damaged inputs are what the corpus makes of the clean case's notes, they really are
    damaged, and their golden pages, plan and vocabulary are the clean case's, byte for byte:
    no mojibake is left and nothing is lost."""
    config = yaml.safe_load((case / "case.yml").read_text(encoding="utf-8"))
    clean = CASES_DIR / config["damaged_from"]
    inputs = {p.name: p.read_text(encoding="utf-8") for p in sorted((case / "notes").iterdir())}
    assert inputs == damaged(clean, config["form"])
    originals = {p.name: p.read_text(encoding="utf-8") for p in clean_notes(clean).iterdir()}
    assert all(inputs[name] != originals[name] for name in inputs)

    def golden(directory: Path) -> dict[str, bytes]:
        files = {p.name: p.read_bytes() for p in (directory / "expected").glob("*.md")}
        files.update(
            {p.name: p.read_bytes() for p in directory.glob("*") if p.name in ("stdout.txt", "vocabulary.diff")}
        )
        return files

    assert golden(case) == golden(clean)
    assert set(golden(case)) >= {"stdout.txt"}


# --- issue 13's new notes: every shape, every damage, one run ---------------------------------

# What the clean notes say, read by a person: ID, difficulty and title of each scenario.
NEW_NOTES_SCENARIOS = [
    ("E01", "easy", "Broadcast Timeout"),
    ("E02", "easy", "Containerised Job Cannot Find Its Packages"),
    ("E03", "easy", "Counting Rows Twice"),
    ("E04", "easy", "Reading a Huge CSV"),
    ("E05", "easy", "Null Keys in a Join"),
    ("E06", "easy", "Writing to a Single File"),
    ("H61", "hard", "Rebuilding the Platform From Code"),
    ("H62", "hard", "Images That Drift"),
    ("H63", "hard", "Cost of Always-On Clusters"),
    ("H64", "hard", "Secrets in Notebooks"),
    ("H65", "hard", "On-Call for Data Pipelines"),
    ("M41", "medium", "Slow Aggregation in MongoDB"),
    ("M42", "medium", "Reconciling Two Databases"),
    ("M43", "medium", "Upserts Without Duplicates"),
    ("M44", "medium", "Schema Change in the Source Table"),
    ("M45", "medium", "Point Lookups Are Slow"),
    ("SD01", "medium", "How would you ingest change events from MongoDB into the lakehouse?"),
    ("SD02", "medium", "How do you package a pipeline so that it runs the same everywhere?"),
    ("SD03", "medium", "How do you serve an aggregate that must be fresh within a minute?"),
    ("SD04", "medium", "When is a nightly batch enough?"),
    ("SD05", "medium", "How do you choose between a warehouse table and a cache for a dashboard?"),
]


def new_notes_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], notes_dir: Path = NEW_NOTES / "notes"
) -> tuple[Path, str]:
    out = tmp_path / "out"
    code, stdout, stderr = run([*sorted(notes_dir.iterdir()), "--out", out, "--accept"], capsys)
    assert (code, stderr) == (0, "")
    return out, stdout


def test_new_notes_are_the_clean_notes_damaged() -> None:
    """Each file of new_notes/notes is its original in clean/ damaged by the form case.yml
    names, and really damaged; the repair gives back the original, character for character."""
    forms = case_config(NEW_NOTES)["forms"]
    clean = {p.name: p.read_text(encoding="utf-8") for p in sorted((NEW_NOTES / "clean").iterdir())}
    notes = {p.name: p.read_text(encoding="utf-8") for p in sorted((NEW_NOTES / "notes").iterdir())}
    assert sorted(forms) == sorted(clean) == sorted(notes)
    for name, form in forms.items():
        assert notes[name] == corpus.corrupt(clean[name], form), name
        assert notes[name] != clean[name], name
        assert parse.read_notes(NEW_NOTES / "notes" / name) == clean[name], name


def test_new_notes_import_in_one_run(
    tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One run with --accept: the right IDs, difficulties and titles, the unknown technologies
    in the vocabulary, and the pages exactly those of the clean notes (the golden case pins
    them byte for byte; this says what they must be)."""
    out, _ = new_notes_run(tmp_path, capsys)
    pages = {}
    for page in sorted(out.iterdir()):
        front, body = split_page(page.read_text(encoding="utf-8"))
        pages[front["id"]] = (front["id"], front["difficulty"], front["title"])
        assert f"# {front['title']}" in body
        assert page.name.startswith(f"{front['id'].lower()}-")
    assert sorted(pages.values()) == sorted(NEW_NOTES_SCENARIOS)
    technologies = vocab.load_technologies(data_copy / "technologies.yml")
    keys = {t.key for t in technologies}
    assert {"docker", "python", "mongodb"} <= keys
    for spelling, key in [
        ("Docker", "docker"),
        ("Python", "python"),
        ("MongoDB", "mongodb"),
        ("Mongo", "mongodb"),
        ("Kubernets", "kubernetes"),
        ("Spark-SQL", "pyspark"),
        ("Kafka topics", "kafka"),
    ]:
        assert any(
            spelling == t.name or spelling in t.aliases or spelling == t.key
            for t in technologies
            if t.key == key
        ), spelling
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {
        p.name: p.read_bytes() for p in (NEW_NOTES / "expected").iterdir()
    }


def test_the_clean_new_notes_give_the_same_pages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The golden pages of the damaged new notes are the pages of their clean originals."""
    out, stdout = new_notes_run(tmp_path, capsys, NEW_NOTES / "clean")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {
        p.name: p.read_bytes() for p in (NEW_NOTES / "expected").iterdir()
    }
    clean_dir = str(NEW_NOTES / "clean")
    assert stdout.replace(str(tmp_path), "TMP").replace(clean_dir, "TMP/notes") == (
        NEW_NOTES / "stdout.txt"
    ).read_text(encoding="utf-8")


def test_a_second_run_over_the_new_notes_changes_nothing(
    tmp_path: Path, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same notes again, into the same directory with the vocabulary the first run wrote:
    no file is written, every page is unchanged and no technology is proposed."""
    out, _ = new_notes_run(tmp_path, capsys)
    vocabulary = data_copy / "technologies.yml"
    before = snapshot(out), (vocabulary.read_bytes(), vocabulary.stat().st_mtime_ns)

    _, stdout = new_notes_run(tmp_path, capsys)
    assert (snapshot(out), (vocabulary.read_bytes(), vocabulary.stat().st_mtime_ns)) == before
    assert "technologies not in" not in stdout
    assert "vocabulary " not in stdout
    plan = stdout.split(f"pages in {out}:\n", 1)[1]
    assert plan == "".join(
        f"  unchanged {p.name}\n" for p in sorted((NEW_NOTES / "expected").iterdir())
    ) + f"summary: 0 created, 0 overwritten, {len(NEW_NOTES_SCENARIOS)} unchanged, 0 kept\n"
    assert stdout.count("[-> ") == len(NEW_NOTES_SCENARIOS)  # each bucket from its page


def test_seeds_give_the_fifty_expected_pages() -> None:
    expected = CASES_DIR / "seeds_all" / "expected"
    ids = sorted(p.name.split("-", 1)[0].upper() for p in expected.glob("*.md"))
    wanted = sorted(
        [f"H{n:02d}" for n in range(1, 21)]
        + [f"M{n}" for n in range(31, 41)]
        + [f"SD{n:02d}" for n in range(1, 21)]
    )
    assert ids == wanted


def test_crlf_pages_have_lf_line_endings() -> None:
    for page in (CASES_DIR / "crlf_line_endings" / "expected").glob("*.md"):
        assert b"\r" not in page.read_bytes()


# --- nothing is lost --------------------------------------------------------------------------

NAVIGATION = re.compile(r"^\*\*(Previous|Next):\*\*")
# A Question/Answer label in bold, italic or plain, also as Q/A: "**Question:**", "*Answer:*",
# "Question:", "**Q:**".
LABEL = re.compile(r"^(\*{0,2})(Question|Answer|Q|A):\1 ?(.*)$")
TECHNOLOGIES_LABEL = re.compile(r"\b(Technologies|Tech):")
NOTES_TO_KEEP = [SEEDS_DIR / name for name in SCENARIO_SEEDS] + sorted(
    (NEW_NOTES / "notes").iterdir()
)


def split_page(text: str) -> tuple[dict, list[str]]:
    _, matter, body = text.split("---\n", 2)
    return yaml.safe_load(matter), body.split("\n")


@pytest.mark.parametrize(
    "notes_path", NOTES_TO_KEEP, ids=lambda p: p.relative_to(DATA).as_posix()
)
def test_nothing_is_lost(
    notes_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every non-blank line of a scenario's notes (the seeds, and the damaged new notes once
    repaired) is in its page, verbatim apart from the heading level and the Question/Answer
    labels; every other line is a heading, a separator, a navigation link or part of a section
    reported as skipped."""
    seed = notes_path.name
    out = tmp_path / "out"
    code, _, stderr = run([notes_path, "--out", out, "--difficulty", "medium", "--accept"], capsys)
    assert (code, stderr) == (0, "")
    notes = parse.read_notes(notes_path).split("\n")

    def dropped(line: str) -> bool:
        return not line.strip() or line.strip() == "---" or bool(NAVIGATION.match(line))

    covered: set[int] = set()
    for page in sorted(out.iterdir()):
        front, body = split_page(page.read_text(encoding="utf-8"))
        name, first, last = re.fullmatch(r"(.+)#L(\d+)-L(\d+)", front["source"]).groups()  # type: ignore[union-attr]
        assert name == seed
        lines = set(body)
        headings = {line.lstrip("#").strip() for line in body if line.startswith("#")}
        assert f"# {front['title']}" in body
        for number in range(int(first), int(last) + 1):
            covered.add(number)
            line = notes[number - 1]
            where = f"{seed}:{number}: {line!r} not in {page.name}"
            if dropped(line) or line == notes[int(first) - 1]:
                continue  # the scenario heading (or its exact duplicate) is the H1
            if line in lines:
                continue
            if TECHNOLOGIES_LABEL.search(line):
                assert front["technologies"], where
            elif label := LABEL.match(line):
                section = "## Interview Question" if label.group(2)[0] == "Q" else "## Answer"
                assert section in lines, where
                assert not label.group(3) or label.group(3) in lines, where
            else:
                assert line.startswith("#") and line.lstrip("#").strip() in headings, where
        heading = notes[int(first) - 1].replace("*", "")
        assert front["title"].replace("*", "") in heading

    parsed = parse.parse_notes(
        "\n".join(notes), seed, technologies=vocab.load_technologies(), difficulty="medium"
    )
    for skipped in parsed.skipped:
        covered.update(range(skipped.first, skipped.last + 1))
    for number, line in enumerate(notes, start=1):
        if number not in covered and not dropped(line):
            assert line.startswith("#"), f"{seed}:{number}: {line!r} is in no page and not reported"


# --- errors: exact messages, exit 1, nothing written ------------------------------------------

ALLOWED_TECH = ", ".join(sorted(t.key for t in vocab.load_technologies()))

NEGATIVE_CASES = [
    pytest.param(
        "# 🔴 Hard Scenarios\n\n## Scenario 1: Open Fence\n\n```python\nx = 1\n",
        [],
        ["{path}:5: unclosed code fence (expected a closing ``` before the end of the file)"],
        id="unclosed-fence",
    ),
    pytest.param(
        "# 🔴 Hard Scenarios\n\n## Scenario 13-16: Group\n\n### Scenario 13: A\n**Question:** q\n"
        "**Answer:** a\n\n### Scenario 15: C\n**Question:** q\n**Answer:** a\n",
        [],
        [
            "{path}:3: group 'Scenario 13-16' has no heading for scenario(s) 14, 16 "
            "(expected '### Scenario N: Title' under it)"
        ],
        id="group-members-missing",
    ),
    pytest.param(
        "# 🔴 Hard Scenarios\n\n## Scenario 5-6: Group Without Members\n\nSome text.\n",
        [],
        [
            "{path}:3: group 'Scenario 5-6' has no heading for scenario(s) 5, 6 "
            "(expected '### Scenario N: Title' under it)"
        ],
        id="group-without-members",
    ),
    pytest.param(
        "# 🔴 Hard Scenarios\n\n## Scenario 1-2: Group\n\n### Scenario 1: A\ntext\n\n"
        "### Scenario 2: B\ntext\n\n### Scenario 3: C\ntext\n",
        [],
        ["{path}:11: scenario 3 is outside its group 'Scenario 1-2' (line 3)"],
        id="member-outside-group",
    ),
    pytest.param(
        "# 🔴 Hard notes\n\n## Streaming\n\nKafka is a log.\n",
        [],
        [
            "{path}:1: expected scenario titles ('## Scenario N: Title' or '**Scenario N: Title**') "
            "or numbered questions ('#### N. Question' or '**N. Question**'), found none"
        ],
        id="no-scenario-headings",
    ),
    pytest.param(
        "# 🔹 MASTER SCENARIO CLASSIFICATION\n\n## 1️⃣ Batch / Spark Processing Scenarios\n\n"
        "* Partial data load\n\n## 2️⃣ Streaming / Real-Time Scenarios\n\n* Kafka lag explosion\n\n"
        "## 3️⃣ Data Quality Scenarios\n\n* Outliers\n",
        [],
        [
            "{path}:1: expected scenario titles ('## Scenario N: Title' or '**Scenario N: Title**') "
            "or numbered questions ('#### N. Question' or '**N. Question**'), found none; this "
            "looks like the bucket taxonomy, which lives in data/buckets.yml"
        ],
        id="taxonomy",
    ),
    pytest.param(
        "# Interview Notes\n\n## Scenario 1: No Difficulty\n\ntext\n",
        [],
        [
            "{path}:1: expected a difficulty in the title (🔴 Hard, 🟡 Medium, 🟢 Easy) "
            "or --difficulty"
        ],
        id="no-difficulty",
    ),
    pytest.param(
        "# 🔴 Easy Scenarios\n\n## Scenario 1: Which Is It\n\ntext\n",
        [],
        [
            "{path}:1: the title names more than one difficulty (🔴, Easy); expected one of "
            "🔴 Hard, 🟡 Medium, 🟢 Easy"
        ],
        id="two-difficulties",
    ),
    pytest.param(
        "# 🔴 Hard Scenarios\n\n## Scenario 1: A\n\n**Technologies:**\n",
        [],
        ["{path}:5: expected technologies after 'Technologies:' (e.g. `PySpark` `Kafka`)"],
        id="empty-technologies",
    ),
    pytest.param(
        "# 🔴 Hard Scenarios\n\n## Scenario 1: A\n\nTech: Kafka\nTech: Flink\n",
        [],
        ["{path}:6: a second, different Technologies line (first at line 5)"],
        id="two-technologies-lines",
    ),
    pytest.param(
        "# 🔴 Hard Scenarios\n\n## Scenario 1: A\n\n### Interview Question\nFirst wording?\n\n"
        "## Scenario 1: A\n\n### Interview Question\nSecond wording?\n",
        [],
        ["{path}:8: scenario 1 appears twice with different content (first at line 3)"],
        id="duplicate-conflict",
    ),
    pytest.param(
        "# 🔴 Hard Scenarios\n\n## Scenario 1: A\n\ntext\n\n## Scenario 1: B\n\ntext\n",
        [],
        ["{path}:7: scenario 1 appears twice with different content (first at line 3)"],
        id="duplicate-different-title",
    ),
    pytest.param(
        "# 🔴 Hard Scenarios\n\n## Scenario 4:\n\ntext\n",
        [],
        ["{path}:3: expected a title after 'Scenario 4:' (e.g. '## Scenario N: Title')"],
        id="missing-title",
    ),
    pytest.param(
        "# 🔴 Hard Scenarios\n\n## Scenario 1: Kafka Lag\n\n### Interview Question\nLag grows.\n",
        ["--bucket", "H1=streaming"],
        ["--bucket H1=streaming: no scenario H1 in the notes"],
        id="bucket-unknown-id",
    ),
    pytest.param(
        "# 🔴 Hard Scenarios\n\n## Scenario 1: Kafka Lag\n\n### Interview Question\nLag grows.\n",
        ["--bucket", "H01=realtime", "--bucket", "H01"],
        [
            "--bucket H01=realtime: unknown bucket 'realtime' (allowed: batch, streaming, "
            "data-quality, schema-evolution, late-data, orchestration, failure-recovery, "
            "performance, cost, monitoring, security)",
            "--bucket H01: expected ID=BUCKET, e.g. H11=streaming",
        ],
        id="bucket-invalid",
    ),
    pytest.param(
        "# 🟢 Easy Scenarios\n\n**Scenarios 4–6**\n\n**Scenario 4: A**\n*Question:* q\n\n"
        "**Scenario 6: C**\n*Question:* q\n",
        [],
        [
            "{path}:3: group 'Scenario 4-6' has no heading for scenario(s) 5 "
            "(expected '**Scenario N: Title**' under it)"
        ],
        id="emphasised-group-member-missing",
    ),
    pytest.param(
        "# 🟢 Easy Scenarios\n\n## Scenarios 1-3: Flat\n\n## Scenario 1: A\ntext\n\n"
        "## Scenario 2: B\ntext\n\n## Scenario 4: D\ntext\n",
        [],
        [
            "{path}:3: group 'Scenario 1-3' has no heading for scenario(s) 3 "
            "(expected '## Scenario N: Title' under it)"
        ],
        id="flat-group-member-missing",
    ),
    pytest.param(
        "# 🟢 Easy Scenarios\n\n**Scenario 7:**\n*Question:* q\n",
        [],
        ["{path}:3: expected a title after 'Scenario 7:' (e.g. '**Scenario N: Title**')"],
        id="emphasised-title-missing",
    ),
    pytest.param(
        "# 🟢 Easy Scenarios\n\n**Scenario 3 -**\n*Question:* q\n",
        [],
        ["{path}:3: expected a title after 'Scenario 3 -' (e.g. '**Scenario N: Title**')"],
        id="emphasised-title-missing-after-dash",
    ),
    pytest.param(
        "# 🟢 Easy Scenarios\n\n**Scenarios 4–6**\n\n**Scenario 4: A**\n*Question:* q\n\n"
        "**Scenario 5: B**\n*Question:* q\n\n**Scenario 6: C**\n*Question:* q\n\n"
        "**Scenario 7: D**\n*Question:* q\n",
        [],
        ["{path}:14: scenario 7 is outside its group 'Scenario 4-6' (line 3)"],
        id="emphasised-member-outside-group",
    ),
    pytest.param(
        "# 🟢 Easy Scenarios\n\n*Question:* Which join?\n*Answer:* A broadcast join.\n\n"
        "**Scenario 1: A**\n*Question:* q\n*Answer:* a\n",
        [],
        [
            "{path}:3: 'Question:' label outside a scenario (expected a title such as "
            "'**Scenario N: Title**' before it)",
            "{path}:4: 'Answer:' label outside a scenario (expected a title such as "
            "'**Scenario N: Title**' before it)",
        ],
        id="label-before-the-first-scenario",
    ),
    pytest.param(
        "# 🟢 Easy Scenarios\n\n**Scenarios 1–2**\n**Q:** Which join?\n\n"
        "**Scenario 1: A**\n*Question:* q\n\n**Scenario 2: B**\nQuestion: q\n",
        [],
        [
            "{path}:4: 'Q:' label outside a scenario (expected a title such as "
            "'**Scenario N: Title**' before it)"
        ],
        id="label-in-a-group-intro",
    ),
    pytest.param(
        "# 🟡 Medium System Design Questions\n\n## Serving\n\nAnswer: it depends.\n\n"
        "**1. When is a nightly batch enough?**\nWhen nobody acts on it before morning.\n",
        [],
        [
            "{path}:5: 'Answer:' label outside a scenario (expected a title such as "
            "'**N. Question**' before it)"
        ],
        id="label-outside-numbered-questions",
    ),
    pytest.param(
        "# 🟢 Easy Scenarios\n\n**Scenario 1: Broadcast Timeout**\n*Answer:* Let AQE pick.\n\n"
        "**Scenario 2:** Counting Rows Twice\n\n*Scenario 3 - Null Keys*\n*Question:*\n"
        "*Answer:* a\n\n**Scenario 4: Fine**\n**Q:** q\n",
        [],
        [
            "{path}:3: expected a question under 'Scenario 1: Broadcast Timeout' "
            "(e.g. '*Question:* ...' on the next line)",
            "{path}:6: expected a question under 'Scenario 2: Counting Rows Twice' "
            "(e.g. '*Question:* ...' on the next line)",
            "{path}:8: expected a question under 'Scenario 3 - Null Keys' "
            "(e.g. '*Question:* ...' on the next line)",
        ],
        id="emphasised-titles-without-a-question",
    ),
    pytest.param(
        "# 🟢 Easy Questions\n\n- **What is a broadcast join?**\n- **What is a shuffle?**\n",
        [],
        [
            "{path}:1: expected scenario titles ('## Scenario N: Title' or '**Scenario N: Title**') "
            "or numbered questions ('#### N. Question' or '**N. Question**'), found none"
        ],
        id="unnumbered-questions",
    ),
    pytest.param(
        "# 🟢 Easy Questions\n\n1. **Immediate technical fix**\n2. **Preventive long-term "
        "solution**\n",
        [],
        [
            "{path}:1: expected scenario titles ('## Scenario N: Title' or '**Scenario N: Title**') "
            "or numbered questions ('#### N. Question' or '**N. Question**'), found none"
        ],
        id="numbered-steps-are-not-questions",
    ),
]


@pytest.mark.parametrize(("text", "args", "messages"), NEGATIVE_CASES)
def test_error_messages(
    text: str,
    args: list[str],
    messages: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    notes = write(tmp_path / "notes.md", text)
    out = tmp_path / "out"
    code, stdout, stderr = run([notes, "--out", out, "--accept", *args], capsys)
    expected = "".join(m.format(path=notes) + "\n" for m in messages) + NOTHING_WRITTEN
    assert (code, stdout, stderr) == (1, "", expected)
    assert not out.exists()


def test_a_training_page_without_a_valid_bucket_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The classifier never learns from a page the site would refuse: nothing is imported."""
    notes = write(tmp_path / "notes.md", "# 🟢 Easy\n\n## Scenario 1: Kafka Lag\n\ntext\n")
    train = tmp_path / "pages"
    write(train / "m1-a.md", "---\nid: M1\ntitle: A\nbucket: streaming\n---\n\n# A\n")
    bad = write(train / "m2-b.md", "---\nid: M2\ntitle: B\nbucket: realtime\n---\n\n# B\n")
    out = tmp_path / "out"
    code, stdout, stderr = run([notes, "--out", out, "--accept", "--train", train], capsys)
    allowed = ", ".join(vocab.bucket_keys(vocab.load_buckets()))
    assert (code, stdout, stderr) == (
        1,
        "",
        f"{bad}:4: unknown bucket 'realtime' (allowed: {allowed})\n{NOTHING_WRITTEN}",
    )
    assert not out.exists()
    code, _, stderr = run([notes, "--out", out, "--accept", "--train", tmp_path / "nowhere"], capsys)
    assert (code, stderr) == (
        1,
        f"{tmp_path / 'nowhere'}: expected a directory of labelled pages (*.md)\n{NOTHING_WRITTEN}",
    )


def test_taxonomy_seed_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = SEEDS_DIR / TAXONOMY_SEED
    code, _, stderr = run([notes, "--out", tmp_path / "out", "--accept"], capsys)
    assert code == 1
    assert stderr == (
        f"{notes}:1: expected scenario titles ('## Scenario N: Title' or '**Scenario N: Title**') "
        "or numbered questions ('#### N. Question' or '**N. Question**'), found none; this "
        f"looks like the bucket taxonomy, which lives in data/buckets.yml\n{NOTHING_WRITTEN}"
    )


def test_invalid_utf8(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.md"
    notes.write_bytes(b"# \xf0\x9f\x94\xb4 Hard\n\n## Scenario 1: Caf\xe9\n")
    code, _, stderr = run([notes, "--out", tmp_path / "out"], capsys)
    assert (code, stderr) == (
        1,
        f"{notes}:3:19: byte 0xe9 is not UTF-8; expected UTF-8 text\n{NOTHING_WRITTEN}",
    )


def test_invalid_difficulty_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = write(tmp_path / "notes.md", "# Notes\n\n## Scenario 1: A\n")
    code, _, stderr = run([notes, "--difficulty", "extreme"], capsys)
    assert code == 2
    assert stderr.endswith(
        "error: argument --difficulty: invalid choice: 'extreme' "
        "(choose from 'easy', 'medium', 'hard')\n"
    )


def test_all_inputs_are_checked_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path / "good.md", "# 🟢 Easy\n\n## Scenario 1: Kafka Lag\n\ntext\n")
    bad_1 = write(tmp_path / "bad1.md", "# Notes\n\n## Scenario 2: B\n")
    bad_2 = write(tmp_path / "bad2.md", "# 🟢 Easy\n\n## Scenario 3: C\n\n```\n")
    out = tmp_path / "out"
    code, stdout, stderr = run([good, bad_1, bad_2, "--out", out, "--accept"], capsys)
    assert (code, stdout) == (1, "")
    assert stderr == (
        f"{bad_1}:1: expected a difficulty in the title (🔴 Hard, 🟡 Medium, 🟢 Easy) "
        "or --difficulty\n"
        f"{bad_2}:5: unclosed code fence (expected a closing ``` before the end of the file)\n"
        f"{NOTHING_WRITTEN}"
    )
    assert not out.exists()


def test_the_same_id_in_two_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path / "a.md", "# 🟢 Easy\n\n## Scenario 1: Kafka Lag\n\ntext\n")
    second = write(tmp_path / "b.md", "# 🟢 Easy\n\n\n## Scenario 1: Kafka Lag Again\n\ntext\n")
    code, _, stderr = run([first, second, "--out", tmp_path / "out", "--accept"], capsys)
    assert (code, stderr) == (
        1,
        f"{second}:4: ID E01 is also defined at {first}:3\n{NOTHING_WRITTEN}",
    )


def test_ambiguous_mojibake_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    span = types.SimpleNamespace(line=3, col=17, span="Ã©", candidates=["é", "Ã©"])
    fake = types.SimpleNamespace(
        repair=lambda text: types.SimpleNamespace(text=text, ambiguous=[span], unresolved=[])
    )
    monkeypatch.setattr(parse, "repair", fake)
    notes = write(tmp_path / "notes.md", "# 🟢 Easy\n\n## Scenario 1: CafÃ©\n")
    code, _, stderr = run([notes, "--out", tmp_path / "out", "--accept"], capsys)
    assert (code, stderr) == (
        1,
        f"{notes}:3:17: ambiguous mojibake 'Ã©' (candidates: é, Ã©)\n{NOTHING_WRITTEN}",
    )


def test_repaired_text_is_what_gets_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = types.SimpleNamespace(
        repair=lambda text: types.SimpleNamespace(
            text=text.replace("â†’", "→"), ambiguous=[], unresolved=[]
        )
    )
    monkeypatch.setattr(parse, "repair", fake)
    notes = write(tmp_path / "notes.md", "# 🟢 Easy\n\n## Scenario 1: Kafka\n\nA â†’ B\n")
    out = tmp_path / "out"
    code, _, _ = run([notes, "--out", out, "--accept"], capsys)
    assert code == 0
    assert (out / "e01-kafka.md").read_text(encoding="utf-8").endswith("# Kafka\n\nA → B\n")


def test_undecodable_mojibake_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    span = types.SimpleNamespace(line=3, col=5, span="ð", candidates=())
    fake = types.SimpleNamespace(
        repair=lambda text: types.SimpleNamespace(text=text, ambiguous=[], unresolved=[span])
    )
    monkeypatch.setattr(parse, "repair", fake)
    notes = write(tmp_path / "notes.md", "# 🟢 Easy\n\n## Scenario 1: ð Kafka\n")
    code, _, stderr = run([notes, "--out", tmp_path / "out", "--accept"], capsys)
    assert (code, stderr) == (
        1,
        f"{notes}:3:5: mojibake 'ð' could not be decoded; fix the notes by hand\n{NOTHING_WRITTEN}",
    )
    assert not (tmp_path / "out").exists()


# --- bucket decisions -------------------------------------------------------------------------

LOW_CONFIDENCE = (
    "# 🟡 Medium Scenarios\n\n## Scenario 1: Kafka Consumer Lag\n\n### Interview Question\n"
    "Consumer lag on a Kafka topic with a watermark and a checkpoint keeps growing.\n\n"
    "## Scenario 2: Something Vague\n\n### Interview Question\nWhat would you do?\n"
)


def test_without_a_terminal_low_confidence_proposals_are_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = write(tmp_path / "notes.md", LOW_CONFIDENCE)
    out = tmp_path / "out"
    code, stdout, stderr = run([notes, "--out", out], capsys)
    assert (code, stdout) == (1, "")
    assert stderr == (
        "1 bucket proposal(s) need a person (confidence below 0.50); confirm them on a "
        "terminal, or pass --accept or --bucket ID=BUCKET:\n"
        "  M02 something-vague: bucket cost (0.13; runner-up data-quality 0.13)\n" + NOTHING_WRITTEN
    )
    assert not out.exists()
    code, stdout, _ = run([notes, "--out", out, "--bucket", "M02=monitoring"], capsys)
    assert code == 0
    assert "  M01 kafka-consumer-lag: bucket streaming (" in stdout
    assert "[accepted (confidence >= 0.50)]" in stdout
    assert (
        "  M02 something-vague: bucket cost (0.13; runner-up data-quality 0.13) "
        "[-> monitoring (--bucket)]\n" in stdout
    )
    assert "bucket: monitoring\n" in (out / "m02-something-vague.md").read_text(encoding="utf-8")


def test_accept_takes_every_proposal_even_a_weak_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = write(tmp_path / "notes.md", LOW_CONFIDENCE)
    out = tmp_path / "out"
    code, stdout, stderr = run([notes, "--out", out, "--accept"], capsys)
    assert (code, stderr) == (0, "")
    assert (
        "  M02 something-vague: bucket cost (0.13; runner-up data-quality 0.13) "
        "[accepted (--accept)]\n" in stdout
    )
    assert split_page((out / "m02-something-vague.md").read_text(encoding="utf-8"))[0][
        "bucket"
    ] == "cost"


class FakeTerminal(io.StringIO):
    """Answers typed at a terminal."""

    def isatty(self) -> bool:
        return True


def test_a_person_confirms_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = write(
        tmp_path / "notes.md",
        LOW_CONFIDENCE + "\n## Scenario 3: Kafka Offsets\n\n"
        "### Interview Question\nKafka offsets were lost after a restart.\n",
    )
    out = tmp_path / "out"
    answers = FakeTerminal("y\nrealtime\nmonitoring\nn\nfailure-recovery\n")
    code = importer.main([str(notes), "--out", str(out)], stdin=answers)
    captured = capsys.readouterr()
    assert code == 0
    # three proposals, and M02's asked again after an unknown bucket
    assert captured.err.count("Accept? [Y/n/BUCKET]") == 4
    assert "M03 kafka-offsets: bucket streaming (" in captured.err
    assert "M03 kafka-offsets: bucket? (batch, streaming, " in captured.err
    assert "unknown bucket 'realtime' (allowed: batch, streaming, " in captured.err
    assert "[confirmed]" in captured.out
    assert "[-> monitoring (chosen)]" in captured.out
    assert "[-> failure-recovery (chosen)]" in captured.out
    buckets = {
        p.name: split_page(p.read_text(encoding="utf-8"))[0]["bucket"] for p in out.iterdir()
    }
    assert buckets == {
        "m01-kafka-consumer-lag.md": "streaming",
        "m02-something-vague.md": "monitoring",
        "m03-kafka-offsets.md": "failure-recovery",
    }


def test_end_of_input_at_the_prompt(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = write(tmp_path / "notes.md", LOW_CONFIDENCE)
    code = importer.main([str(notes), "--out", str(tmp_path / "out")], stdin=FakeTerminal(""))
    assert code == 1
    assert capsys.readouterr().err.endswith(
        f"{notes}:3: M01: no answer (end of input); expected y, n or a bucket\n{NOTHING_WRITTEN}"
    )


# Notes whose damage (UTF-8 read as Windows-1250, undefined bytes dropped) leaves two real ties:
# ← and ☆ both lose a byte to "â†", 😍 and 🐍 (25x apart) to "đźŤ".
TIED_CLEAN = (
    "# 🟢 Easy\n\n## Scenario 1: Kafka Lag\n\n### Interview Question\n"
    "Consumer lag grows — what do you check first?\n\n"
    "### Answer\nOffsets ← commits, and the lag “grows” again 😍\n"
)
TIED_LINE = "Offsets â† commits, and the lag “grows” again đźŤ"  # line 9, as repaired around the ties


@pytest.fixture
def tied_notes(tmp_path: Path) -> Path:
    notes = write(tmp_path / "notes.md", corpus.corrupt(TIED_CLEAN, "cp1250-dropped"))
    assert parse.repair.repair(notes.read_text(encoding="utf-8")).text.split("\n")[8] == TIED_LINE
    return notes


def test_damaged_text_the_repair_cannot_settle_is_asked_on_a_terminal(
    tied_notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    # ← : out of range, then nothing, then the second candidate; 😍: typed as the person sees it
    answers = FakeTerminal("3\n\n2\n😍\n")
    code = importer.main([str(tied_notes), "--out", str(out), "--bucket", "E01=streaming"], stdin=answers)
    captured = capsys.readouterr()
    assert (code, answers.read()) == (0, "")
    arrow = (
        f"{tied_notes}:9:9: 'â†' in \"Offsets [â†] commits, and the lag “grows”…\" "
        "can be 1 ☆  2 ←. Which? [1-2 or the text] "
    )
    emoji = (
        f"{tied_notes}:9:51: 'đźŤ' in \"…and the lag “grows” again [đźŤ]\" "
        "can be 1 🐍  2 😍  3 🍁  4 🍃  5 🍈  6 🍐  7 🍘. Which? [1-7 or the text] "
    )
    again = "expected a number from 1 to 2, or the text itself\n"
    assert captured.err == arrow + again + arrow + again + arrow + emoji
    assert captured.out.startswith(
        "damaged text the repair could not settle, as a person read it:\n"
        f"  {tied_notes}:9:9: 'â†' -> '←' (chosen)\n"
        f"  {tied_notes}:9:51: 'đźŤ' -> '😍' (typed)\n"
    )
    page = (out / "e01-kafka-lag.md").read_text(encoding="utf-8")
    assert "Offsets ← commits, and the lag “grows” again 😍\n" in page
    assert "Consumer lag grows — what do you check first?" in page


def test_enter_repeats_the_answer_given_to_the_same_tie(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean = TIED_CLEAN.replace("Offsets ← commits", "Offsets ← commits ← retries ← reads")
    notes = write(tmp_path / "notes.md", corpus.corrupt(clean, "cp1250-dropped"))
    out = tmp_path / "out"
    answers = FakeTerminal("2\n\n☆\n😍\n")  # ←, Enter (← again), ☆ typed, 😍
    code = importer.main([str(notes), "--out", str(out), "--bucket", "E01=streaming"], stdin=answers)
    captured = capsys.readouterr()
    assert (code, answers.read()) == (0, "")
    assert re.findall(r"Which\? \[([^\]]*)\] ", captured.err) == [
        "1-2 or the text", "1-2 or the text; Enter: ←", "1-2 or the text; Enter: ←", "1-7 or the text",
    ]
    assert f"  {notes}:9:20: 'â†' -> '←' (as before)\n  {notes}:9:31: 'â†' -> '☆' (typed)\n" in captured.out
    page = (out / "e01-kafka-lag.md").read_text(encoding="utf-8")
    assert "Offsets ← commits ← retries ☆ reads, and the lag “grows” again 😍\n" in page


def test_without_a_terminal_or_an_answer_a_tie_is_an_error(
    tied_notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, _, stderr = run([tied_notes, "--out", out, "--accept"], capsys)  # --accept: no guess either
    assert (code, stderr) == (
        1,
        f"{tied_notes}:9:9: ambiguous mojibake 'â†' (candidates: ☆, ←)\n"
        f"{tied_notes}:9:51: ambiguous mojibake 'đźŤ' (candidates: 🐍, 😍, 🍁, 🍃, 🍈, 🍐, 🍘)\n"
        f"{NOTHING_WRITTEN}",
    )
    code = importer.main([str(tied_notes), "--out", str(out)], stdin=FakeTerminal("2\n"))
    assert code == 1
    assert capsys.readouterr().err.endswith(
        f"{tied_notes}:9:51: no answer (end of input); expected a number from 1 to 7, or the text "
        f"itself\n{NOTHING_WRITTEN}"
    )
    assert not out.exists()


def test_a_typed_answer_that_is_damaged_again_is_still_an_error(
    tied_notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the person copies the damaged span back: the text is repaired again, and it is still a tie
    code = importer.main([str(tied_notes), "--out", str(tmp_path / "out")], stdin=FakeTerminal("â†\n2\n"))
    assert code == 1
    assert capsys.readouterr().err.endswith(
        f"{tied_notes}:9:9: ambiguous mojibake 'â†' (candidates: ☆, ←)\n{NOTHING_WRITTEN}"
    )


@pytest.mark.parametrize(
    ("line", "span", "shown"),
    [
        ("Offsets â† commits", "â†", "Offsets [â†] commits"),
        # 30 characters each side, cut back to whole words
        ("a" * 40 + " one two three four five six â† seven eight nine ten eleven twelve", "â†",
         "…one two three four five six [â†] seven eight nine ten eleven…"),
        ("x" * 50 + "â†" + "y" * 50, "â†", "…" + "x" * 30 + "[â†]" + "y" * 30 + "…"),  # no spaces
        ("no such span here", "đźŤ", "no such span here"),
    ],
)
def test_the_question_shows_the_damaged_span_among_whole_words(line: str, span: str, shown: str) -> None:
    assert decide.excerpt(line, span) == shown


def test_choices_replace_the_damaged_spans_at_their_line_and_column() -> None:
    ambiguity = parse.repair.Ambiguity
    text = "one â†\ntwo â† đźŤ\n"
    chosen = [(ambiguity(2, 8, "đźŤ", ()), "😍"), (ambiguity(1, 5, "â†", ()), "←"), (ambiguity(2, 5, "â†", ()), "☆")]
    assert parse.with_choices(text, chosen) == "one ←\ntwo ☆ 😍\n"
    with pytest.raises(ValueError, match=r"^line 2, column 4: no damaged span 'â†' to replace$"):
        parse.with_choices(text, [(ambiguity(2, 4, "â†", ()), "←")])


def test_dry_run_never_asks_and_marks_undecided(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notes = write(tmp_path / "notes.md", LOW_CONFIDENCE)
    code = importer.main(
        [str(notes), "--out", str(tmp_path / "out"), "--dry-run"], stdin=FakeTerminal("")
    )
    captured = capsys.readouterr()
    assert (code, captured.err) == (0, "")
    assert (
        "  M02 something-vague: bucket cost (0.13; runner-up data-quality 0.13) "
        "[needs a decision]\n" in captured.out
    )


def test_bucket_proposal_is_built_from_the_taxonomy() -> None:
    rules = classify.build_bucket_rules(vocab.load_buckets())
    proposal = classify.propose_bucket(
        "Kafka consumer lag keeps growing; the watermark and checkpoint look fine", rules
    )
    assert proposal.bucket == "streaming"
    assert proposal.confidence > proposal.runner_up_confidence
    assert classify.propose_bucket("nothing relevant here", rules) == classify.Proposal(
        None, 0.0, None, 0.0
    )
    assert classify.Proposal("streaming", 0.71, "failure-recovery", 0.19).describe() == (
        "bucket streaming (0.71; runner-up failure-recovery 0.19)"
    )


# --- safety -----------------------------------------------------------------------------------

SIMPLE = (
    "# 🔴 Hard Scenarios 11-12\n\n## Scenario 11: Zombie Kafka Offsets\n\n"
    "**🏷️ Technologies:** `PySpark` `Kafka`\n\n### Interview Question\n"
    "Kafka deleted the offsets in the checkpoint. Recover the stream?\n\n---\n\n"
    "## Scenario 12: Skewed Join\n\n### Interview Question\nA Spark join with data skew is slow.\n"
)


@pytest.fixture
def simple_notes(tmp_path: Path) -> Path:
    return write(tmp_path / "notes" / "hard.md", SIMPLE)


def test_dry_run_writes_nothing(
    simple_notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run([simple_notes, "--out", out, "--accept", "--dry-run"], capsys)
    assert code == 0
    assert not out.exists()
    assert f"pages in {out} (dry run: nothing written):\n" in stdout
    assert "  create    h11-zombie-kafka-offsets.md\n" in stdout
    assert stdout.endswith("summary: 2 to create, 0 to overwrite, 0 unchanged, 0 kept\n")

    run([simple_notes, "--out", out, "--accept"], capsys)
    (out / "h12-skewed-join.md").write_text("edited\n", encoding="utf-8")
    before = snapshot(out)
    code, stdout, _ = run([simple_notes, "--out", out, "--accept", "--dry-run", "--force"], capsys)
    assert code == 0
    assert snapshot(out) == before
    assert "  overwrite h12-skewed-join.md\n" in stdout


def test_a_second_run_changes_nothing(
    simple_notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run([simple_notes, "--out", out, "--accept"], capsys)
    assert code == 0
    assert stdout.endswith("summary: 2 created, 0 overwritten, 0 unchanged, 0 kept\n")
    before = snapshot(out)
    code, stdout, _ = run([simple_notes, "--out", out, "--accept"], capsys)
    assert code == 0
    assert snapshot(out) == before
    assert stdout.endswith("summary: 0 created, 0 overwritten, 2 unchanged, 0 kept\n")
    code, _, _ = run([simple_notes, "--out", out, "--accept", "--force"], capsys)
    assert snapshot(out) == before


def test_edited_pages_are_kept_without_force(
    simple_notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    run([simple_notes, "--out", out, "--accept"], capsys)
    page = out / "h11-zombie-kafka-offsets.md"
    edited = page.read_text(encoding="utf-8") + "\nA note added by hand.\n"
    page.write_text(edited, encoding="utf-8")

    code, stdout, stderr = run([simple_notes, "--out", out, "--accept"], capsys)
    assert (code, stderr) == (0, "")
    assert "  kept      h11-zombie-kafka-offsets.md (edited; --force to overwrite)\n" in stdout
    assert page.read_text(encoding="utf-8") == edited

    code, stdout, _ = run([simple_notes, "--out", out, "--accept", "--force"], capsys)
    assert code == 0
    assert "  overwrite h11-zombie-kafka-offsets.md\n" in stdout
    assert "A note added by hand." not in page.read_text(encoding="utf-8")
    assert sorted(p.name for p in out.iterdir()) == [
        "h11-zombie-kafka-offsets.md",
        "h12-skewed-join.md",
    ]


def test_the_file_name_of_an_existing_id_is_reused(
    simple_notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    old = write(out / "h11-old-title.md", "---\nid: H11\nbucket: failure-recovery\n---\n\n# Old\n")
    write(out / "h1-other.md", "an unrelated page whose ID merely starts like H11\n")
    code, stdout, _ = run([simple_notes, "--out", out, "--accept"], capsys)
    assert code == 0
    assert "  kept      h11-old-title.md (edited; --force to overwrite)\n" in stdout
    assert "[-> failure-recovery (existing page)]" in stdout

    code, _, _ = run([simple_notes, "--out", out, "--accept", "--force"], capsys)
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "h1-other.md",
        "h11-old-title.md",
        "h12-skewed-join.md",
    ]
    front, body = split_page(old.read_text(encoding="utf-8"))
    assert (front["title"], front["bucket"]) == ("Zombie Kafka Offsets", "failure-recovery")
    assert "# Zombie Kafka Offsets" in body


def test_bucket_override_wins_over_the_existing_page(
    simple_notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    run([simple_notes, "--out", out, "--accept"], capsys)
    code, stdout, _ = run(
        [simple_notes, "--out", out, "--accept", "--force", "--bucket", "h11=cost"], capsys
    )
    assert code == 0
    assert "[-> cost (--bucket)]" in stdout
    page = out / "h11-zombie-kafka-offsets.md"
    assert split_page(page.read_text(encoding="utf-8"))[0]["bucket"] == "cost"


def test_two_pages_for_one_id_is_an_error(
    simple_notes: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    write(out / "h11-a.md", "a\n")
    write(out / "h11-b.md", "b\n")
    code, _, stderr = run([simple_notes, "--out", out, "--accept"], capsys)
    assert (code, stderr) == (
        1,
        f"{out / 'h11-a.md'}, {out / 'h11-b.md'}: 2 pages for ID H11; keep one\n{NOTHING_WRITTEN}",
    )


def test_writes_are_atomic(
    simple_notes: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "out"
    run([simple_notes, "--out", out, "--accept"], capsys)
    page = out / "h11-zombie-kafka-offsets.md"
    page.write_text("edited\n", encoding="utf-8")

    def failing_replace(source: str, target: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(deis.write.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        importer.main([str(simple_notes), "--out", str(out), "--accept", "--force"])
    assert page.read_text(encoding="utf-8") == "edited\n"
    assert sorted(p.name for p in out.iterdir()) == [
        "h11-zombie-kafka-offsets.md",
        "h12-skewed-join.md",
    ]


# --- helpers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Zombie Kafka Offsets", "zombie-kafka-offsets"),
        ("Blue/Green Deployment (Petabyte Scale)", "blue-green-deployment-petabyte-scale"),
        ("What's Happening — Café “Late” Data", "whats-happening-cafe-late-data"),
        (
            "Given a use case, how do you decide batch or streaming?",
            "given-a-use-case-how-do-you-decide-batch-or",
        ),
        ("🔥🔥", "scenario"),
        ("Supercalifragilisticexpialidocious" * 2, ("supercalifragilisticexpialidocious" * 2)[:50]),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert deis.write.slugify(title) == slug
    assert len(slug) <= 50


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        (
            "Given a use case, **how do you decide batch or streaming**?",
            "Given a use case, how do you decide batch or streaming?",
        ),
        (
            "When is *near-real-time batch* better than streaming?",
            "When is near-real-time batch better than streaming?",
        ),
        ("Keep `event_id` and snake_case_words", "Keep `event_id` and snake_case_words"),
    ],
)
def test_strip_emphasis(text: str, plain: str) -> None:
    assert parse.strip_emphasis(text) == plain


def test_code_fence_comments_are_not_headings() -> None:
    lines = parse.scan_lines("# Title\n```python\n# comment\n## also\n```\n## Real\n", "x")
    assert [(line.number, line.level) for line in lines if line.level] == [(1, 1), (6, 2)]


def test_help_documents_every_option(capsys: pytest.CaptureFixture[str]) -> None:
    assert importer.main(["--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--out", "--dry-run", "--force", "--accept", "--bucket", "--difficulty"):
        assert option in out


def test_cli_smoke(tmp_path: Path) -> None:
    case = CASES_DIR / "grouped_only" / "notes"
    notes = sorted(case.iterdir())
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "import_notes.py"),
            *map(str, notes),
            "--out",
            str(tmp_path / "out"),
            "--accept",
            "--dry-run",
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert "summary: 4 to create, 0 to overwrite, 0 unchanged, 0 kept" in result.stdout
    assert not (tmp_path / "out").exists()


# --- vocabularies -----------------------------------------------------------------------------


def test_technology_aliases_resolve_in_one_place() -> None:
    assert vocab.resolve_technology("Spark") == "pyspark"
    assert vocab.resolve_technology("pyspark") == "pyspark"
    assert vocab.resolve_technology("  delta   lake ") == "delta-lake"
    assert vocab.resolve_technology("`Postgres`") == "postgresql"
    assert vocab.resolve_technologies(["Streaming", "PySpark", "Kafka"]) == [
        "spark-structured-streaming",
        "pyspark",
        "kafka",
    ]
    with pytest.raises(
        vocab.VocabError, match=r"^unknown technology 'Cobol' \(allowed: airbyte, airflow, "
    ):
        vocab.resolve_technology("Cobol")


SEED_TECHNOLOGIES = [
    "PySpark",
    "Spark",
    "Spark Structured Streaming",
    "Kafka",
    "Delta Lake",
    "Databricks",
    "dbt",
    "Unity Catalog",
    "Terraform",
    "Airflow",
    "AWS S3",
    "S3",
    "Redshift",
    "AWS Glue",
    "Kinesis",
    "Redis",
    "DynamoDB",
    "Dynamo",
    "PostgreSQL",
    "Postgres",
    "Snowflake",
    "Tableau",
    "MLflow",
    "Flink",
    "Iceberg",
    "Confluent Schema Registry",
    "Schema Registry",
    "Great Expectations",
    "Kubernetes",
    "kubectl",
    "Airbyte",
    "Auto Loader",
    "TimescaleDB",
    "Route 53",
    "route53",
    "Hadoop",
    "PagerDuty",
    "Feature Store",
    "Model Serving",
    "Spark MLlib",
    "Parquet",
    "Storm",
    "RocksDB",
    "API Gateway",
    "Firehose",
    "Glacier",
]


@pytest.mark.parametrize("name", SEED_TECHNOLOGIES)
def test_every_technology_of_the_seeds_is_in_the_vocabulary(name: str) -> None:
    assert vocab.resolve_technology(name)


def test_technologies_file_is_well_formed() -> None:
    technologies = vocab.load_technologies()
    keys = [t.key for t in technologies]
    assert keys == sorted(keys)
    for technology in technologies:
        assert vocab.KEY_PATTERN.match(technology.key)
        assert "\n" not in technology.description.strip()


def test_vocabulary_errors_name_the_file_and_entry(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "t.yml",
        "- key: kafka\n  name: Kafka\n  aliases: [Spark]\n  description: x\n"
        "- key: pyspark\n  name: PySpark\n  aliases: [spark]\n  description: y\n",
    )
    with pytest.raises(vocab.VocabError) as error:
        vocab.load_technologies(bad)
    assert str(error.value) == f"{bad}: entry 2 (pyspark): alias 'spark' already names 'kafka'"
    bad.write_text(
        "- key: Kafka\n  name: Kafka\n  aliases: []\n  description: x\n", encoding="utf-8"
    )
    with pytest.raises(vocab.VocabError, match=r"key: expected lowercase-hyphenated, got 'Kafka'"):
        vocab.load_technologies(bad)
    bad.write_text(
        "- key: kafka\n  name: Kafka\n  aliases: []\n  description: x\n  tags: [a]\n",
        encoding="utf-8",
    )
    with pytest.raises(vocab.VocabError, match=r"unknown field 'tags' \(allowed: "):
        vocab.load_technologies(bad)


def test_buckets_are_the_eleven_of_the_taxonomy_in_order() -> None:
    buckets = vocab.load_buckets()
    assert [b.key for b in buckets] == [
        "batch",
        "streaming",
        "data-quality",
        "schema-evolution",
        "late-data",
        "orchestration",
        "failure-recovery",
        "performance",
        "cost",
        "monitoring",
        "security",
    ]
    assert buckets[0].name == "Batch / Spark Processing"
    assert buckets[0].description == "Offline, scheduled, SLA-driven"
    assert buckets[0].triggers == ("Daily job failed…", "ETL took longer…", "Spark job slow…")
    assert buckets[9].description == "How do you know something is wrong?"
    for bucket in buckets:
        assert bucket.concepts and bucket.keywords
        assert not any("NCCT" in s or "👉" in s for s in (bucket.tip or "", *bucket.concepts))


def test_bucket_strings_are_verbatim_from_the_taxonomy() -> None:
    taxonomy = parse.read_notes(SEEDS_DIR / TAXONOMY_SEED)
    for bucket in vocab.load_buckets():
        assert f"{bucket.name} Scenarios" in taxonomy
        strings = [
            bucket.written("description"),
            *bucket.triggers,
            *bucket.typical_scenarios,
            *bucket.concepts,
        ]
        if bucket.written("tip"):
            strings.append(bucket.written("tip"))
        for string in strings:
            assert string in taxonomy, (bucket.key, string)


def test_the_site_shows_the_asides_in_a_neutral_wording() -> None:
    """The taxonomy's asides ("Amazon LOVES this", "Glassbeam-style setups") stay in the data
    file as written; the bucket pages show a neutral wording."""
    shown = " ".join(f"{b.description} {b.tip or ''}" for b in vocab.load_buckets())
    for aside in ("Amazon", "LOVES", "Glassbeam"):
        assert aside not in shown
    written = " ".join(f"{b.written('description')} {b.written('tip') or ''}" for b in vocab.load_buckets())
    assert "Amazon LOVES this" in written and "Glassbeam-style setups" in written


def test_answer_framework() -> None:
    framework = vocab.load_answer_framework()
    assert framework.intro == "Which bucket is this?"
    assert framework.steps == (
        "Immediate technical fix",
        "Preventive long-term solution",
        "Business communication",
    )
