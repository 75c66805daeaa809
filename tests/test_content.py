"""Content lint for docs/: every code block has a language and parses, no mojibake,
codespell clean, no empty section, every scenario answered, no link to a missing page.

A code block that is deliberately partial starts with a comment that says so
(``# fragment: ...`` or ``-- fragment: ...``) and is parsed as a fragment: Python
as the body of a function, SQL as a statement, an expression or a clause.
"""

from __future__ import annotations

import ast
import datetime
import io
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import hcl2
import jinja2
import pytest
import sqlglot
import yaml
from sqlglot import exp
from sqlglot.errors import ParseError, TokenError

from deis import parse
from macros import decks
from scripts import fix_mojibake

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SCENARIOS = DOCS / "scenarios"
PAGES = sorted(DOCS.rglob("*.md"))
SQL_DIALECT = "databricks"

LANGUAGES = ("python", "sql", "sql+jinja", "yaml", "json", "bash", "hcl", "text", "markdown")
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<lang>[\w+#.-]*)(?P<info>.*)$")
FRAGMENT = re.compile(r"^\s*(#|--|//)\s*fragment\b", re.IGNORECASE)

# Databricks statements that sqlglot does not model and passes through as an opaque
# Command (or cannot parse at all): accepted when they tokenize and their brackets balance.
DATABRICKS_PASSTHROUGH = re.compile(
    r"""^\s*(
        OPTIMIZE\b | VACUUM\b | RESTORE\s+TABLE\b | FSCK\s+REPAIR\b | CONVERT\s+TO\s+DELTA\b
      | REORG\s+TABLE\b | REFRESH\b | ANALYZE\s+TABLE\b | MSCK\s+REPAIR\b
      | ALTER\s+TABLE\b.*\b(SET|DROP)\s+(ROW\s+FILTER|MASK)\b
      | ALTER\s+TABLE\b.*\b(SET\s+TBLPROPERTIES|ALTER\s+COLUMN|CLUSTER\s+BY|SET\s+TAGS)\b
      | CREATE\s+(OR\s+REPLACE\s+)?(BLOOMFILTER\s+INDEX|CONNECTION|FOREIGN\s+CATALOG|SHARE|RECIPIENT)\b
      | ALTER\s+SHARE\b | SYNC\b | APPLY\s+CHANGES\b | CREATE\s+(OR\s+REFRESH\s+)?(STREAMING\s+TABLE|MATERIALIZED\s+VIEW)\b
      | CREATE\s+(OR\s+REPLACE\s+)?TABLE\b.*\b(DEEP|SHALLOW)\s+CLONE\b
      | GRANT\b | REVOKE\b | DENY\b | SHOW\b | DESCRIBE\s+(HISTORY|DETAIL)\b | DROP\s+BLOOMFILTER\s+INDEX\b
    )""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Block:
    path: Path
    line: int  # of the opening fence
    lang: str
    code: str

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    @property
    def fragment(self) -> bool:
        first = next((line for line in self.code.splitlines() if line.strip()), "")
        return bool(FRAGMENT.match(first))


def code_blocks(path: Path) -> Iterator[Block]:
    """Fenced code blocks of a Markdown file, dedented (they may sit in lists or admonitions)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        indent, fence = len(match["indent"]), match["fence"]
        body: list[str] = []
        j = i + 1
        while j < len(lines):
            closing = lines[j].strip()
            if closing.startswith(fence[0] * len(fence)) and set(closing) == {fence[0]}:
                break
            body.append(lines[j][indent:] if lines[j][:indent].strip() == "" else lines[j].lstrip())
            j += 1
        else:
            raise AssertionError(f"{path.relative_to(ROOT)}:{i + 1}: code fence is never closed")
        yield Block(path, i + 1, match["lang"], "\n".join(body))
        i = j + 1


ALL_BLOCKS = [block for page in PAGES for block in code_blocks(page)]


# --- parsers, one per language ----------------------------------------------------------------


def check_python(block: Block) -> None:
    code = block.code
    if block.fragment:
        code = "async def _fragment():\n" + "\n".join("    " + line for line in code.splitlines())
    ast.parse(code)


def _sql_statements(sql: str) -> list[str]:
    """Split on top-level semicolons with sqlglot's tokenizer (strings and comments respected)."""
    tokens = sqlglot.Dialect.get_or_raise(SQL_DIALECT).tokenize(sql)
    statements, start = [], 0
    for token in tokens:
        if token.token_type == sqlglot.TokenType.SEMICOLON:
            statements.append(sql[start : token.start])
            start = token.end + 1
    statements.append(sql[start:])
    return [s for s in statements if _strip_sql_comments(s).strip()]


def _strip_sql_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def _balanced(sql: str) -> bool:
    depth = 0
    for token in sqlglot.Dialect.get_or_raise(SQL_DIALECT).tokenize(sql):
        depth += {sqlglot.TokenType.L_PAREN: 1, sqlglot.TokenType.R_PAREN: -1}.get(token.token_type, 0)
        if depth < 0:
            return False
    return depth == 0


# A SQL block's first line can name its dialect: "-- input" and "-- answer" blocks are the SQL
# rounds' runnable, portable SQL (executed by tests/test_sql_answers.py in DuckDB); a variant for
# another engine says "-- dialect: snowflake" (any sqlglot dialect name).
DIALECT_LINE = re.compile(r"^\s*--\s*(?:(?P<runnable>input|answer)\b|dialect:\s*(?P<name>[\w]+))", re.IGNORECASE)


def sql_dialect(sql: str) -> str:
    first = next((line for line in sql.splitlines() if line.strip()), "")
    match = DIALECT_LINE.match(first)
    if not match:
        return SQL_DIALECT
    return "duckdb" if match["runnable"] else match["name"].lower()


def check_sql_text(sql: str, fragment: bool) -> None:
    dialect = sql_dialect(sql)
    for statement in _sql_statements(sql):
        # EXPLAIN is checked by parsing the statement it explains.
        statement = re.sub(r"^(\s*--[^\n]*\n)*\s*EXPLAIN(\s+(FORMATTED|EXTENDED|CODEGEN|COST))?\s+", "", statement, flags=re.I)
        body = _strip_sql_comments(statement)
        if DATABRICKS_PASSTHROUGH.match(body):
            assert _balanced(statement), f"unbalanced brackets in: {body.strip()[:60]}"
            continue
        attempts = [statement]
        if fragment:
            attempts += [f"SELECT {statement}", f"SELECT * FROM t {statement}"]
        errors = []
        for attempt in attempts:
            try:
                parsed = sqlglot.parse_one(attempt, read=dialect, error_level=sqlglot.ErrorLevel.RAISE)
            except (ParseError, TokenError) as err:
                errors.append(str(err).splitlines()[0])
                continue
            if isinstance(parsed, exp.Command):
                errors.append(f"sqlglot does not understand: {body.strip()[:60]}")
                continue
            break
        else:
            raise AssertionError("; ".join(errors))


def check_sql(block: Block) -> None:
    check_sql_text(block.code, block.fragment)


class _DbtRef(str):
    """What {{ ref('x') }} and {{ this }} render to: a plain table name."""


def check_sql_jinja(block: Block) -> None:
    """dbt SQL: render the Jinja with dbt's common context, then parse the SQL."""
    source = re.sub(r"{%-?\s*(snapshot\s+\w+|endsnapshot)\s*-?%}", "", block.code)
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    context = {
        "ref": lambda *names, **_: _DbtRef(names[-1]),
        "source": lambda schema, table: _DbtRef(f"{schema}.{table}"),
        "config": lambda **_: "",
        "var": lambda name, default=None: default if default is not None else name,
        "env_var": lambda name, default="": default,
        "is_incremental": lambda: True,
        "this": _DbtRef("this_model"),
        "target": {"name": "prod", "schema": "analytics"},
    }
    check_sql_text(env.from_string(source).render(**context), block.fragment)


def check_yaml(block: Block) -> None:
    list(yaml.safe_load_all(block.code))


def check_json(block: Block) -> None:
    json.loads(block.code)


def check_bash(block: Block) -> None:
    done = subprocess.run(["bash", "-n"], input=block.code, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr.strip()


def check_hcl(block: Block) -> None:
    hcl2.load(io.StringIO(block.code + "\n"))


def check_text(block: Block) -> None:
    assert block.code.strip(), "empty text block"


CHECKERS = {
    "python": check_python,
    "sql": check_sql,
    "sql+jinja": check_sql_jinja,
    "yaml": check_yaml,
    "json": check_json,
    "bash": check_bash,
    "hcl": check_hcl,
    "text": check_text,
    "markdown": check_text,  # the author's notes, verbatim (checked against the seeds)
}


@pytest.mark.parametrize("block", ALL_BLOCKS, ids=lambda b: b.where)
def test_code_block_has_a_language_and_parses(block: Block) -> None:
    assert block.lang in LANGUAGES, (
        f"{block.where}: code block language {block.lang!r} is not one of {', '.join(LANGUAGES)}"
    )
    try:
        CHECKERS[block.lang](block)
    except Exception as err:  # any parser's error: report it with the block's place
        pytest.fail(f"{block.where}: {block.lang} block does not parse: {err}")


# --- checkers reject what they should (negative controls) ---------------------------------------


@pytest.mark.parametrize(
    ("lang", "code"),
    [
        ("python", 'df = spark.read\\\n  .option("a", "b")\\  # a comment after a continuation\n'),
        ("sql", "SELEC * FROM t"),
        ("sql", "SELECT * FROM t WHERE (a = 1"),
        ("sql", "FROBNICATE TABLE t"),  # an opaque Command
        ("sql+jinja", "SELECT * FROM {{ ref('x') }} WHERE {{ undefined_macro() }}"),
        ("yaml", "key: [unclosed"),
        ("json", "{'single': 'quotes'}"),
        ("bash", "if true; then echo"),
        ("hcl", 'resource "a" "b" {\n  x = \n'),
    ],
)
def test_checkers_reject_broken_code(lang: str, code: str) -> None:
    with pytest.raises(Exception):
        CHECKERS[lang](Block(ROOT / "x.md", 1, lang, code))


@pytest.mark.parametrize(
    ("lang", "code"),
    [
        ("python", "# fragment: inside a foreachBatch function\nreturn df.count()"),
        ("sql", "-- fragment: a filter\nWHERE event_date >= current_date() - INTERVAL 3 DAYS"),
        ("sql", "OPTIMIZE events ZORDER BY (user_id)"),
        ("sql+jinja", "{{ config(materialized='incremental') }}\nSELECT * FROM {{ ref('orders') }}\n"
                      "{% if is_incremental() %}WHERE ts > (SELECT max(ts) FROM {{ this }}){% endif %}"),
    ],
)
def test_checkers_accept_fragments_and_dbt(lang: str, code: str) -> None:
    CHECKERS[lang](Block(ROOT / "x.md", 1, lang, code))


# --- the rest of the lint -----------------------------------------------------------------------


def test_no_mojibake_left(capsys: pytest.CaptureFixture[str]) -> None:
    code = fix_mojibake.main(["--check", str(DOCS), str(ROOT / "data")])
    assert code == 0, capsys.readouterr().out


def test_codespell_clean() -> None:
    codespell = shutil.which("codespell") or str(Path(__file__).parent.parent / ".venv" / "bin" / "codespell")
    done = subprocess.run(
        [codespell, "--config", str(ROOT / ".codespellrc"), str(DOCS), str(ROOT / "data"), str(ROOT / "README.md")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr


HEADING = re.compile(r"^(#{1,6})\s+\S")


def _outside_fences(path: Path) -> Iterator[tuple[int, str]]:
    """Lines outside code blocks; an opening fence stands for its block (it is content)."""
    fence = None
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1):
        match = FENCE.match(line)
        if match and (fence is None or line.strip().startswith(fence)):
            if fence is None:
                yield number, line
            fence = None if fence else match["fence"]
            continue
        if fence is None:
            yield number, line


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_no_empty_sections(page: Path) -> None:
    lines = list(_outside_fences(page))
    for index, (number, line) in enumerate(lines):
        heading = HEADING.match(line)
        if not heading:
            continue
        level = len(heading.group(1))
        for _, following in lines[index + 1 :]:
            nested = HEADING.match(following)
            if nested and len(nested.group(1)) <= level:
                pytest.fail(f"{page.relative_to(ROOT)}:{number}: section {line.strip()!r} is empty")
            if following.strip() and not nested:
                break
            if nested:  # a subsection: the section has content if the subsection has
                break
        else:
            pytest.fail(f"{page.relative_to(ROOT)}:{number}: section {line.strip()!r} is empty")


LINK = re.compile(r"\]\((?!https?://|mailto:|#)([^)\s]+?)(?:#[^)\s]*)?(?:\s+\"[^\"]*\")?\)")


# Files the build generates (no file in docs/ to point at); the strict build checks these links.
GENERATED = {DOCS / decks.APKG_URI, DOCS / decks.CSV_URI}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(DOCS)))
def test_links_point_to_pages_that_exist(page: Path) -> None:
    missing = []
    for number, line in _outside_fences(page):
        for target in LINK.findall(line):
            resolved = (page.parent / target).resolve()
            if not resolved.exists() and resolved not in GENERATED:
                missing.append(f"{page.relative_to(ROOT)}:{number}: link to missing {target}")
    assert not missing, "\n".join(missing)


# --- one shape for every scenario page ------------------------------------------------------------

SCENARIO_PAGES = sorted(SCENARIOS.glob("*.md"))
SHAPE = [
    "## Interview Question",
    "## In one minute",
    "## What's Happening",
    "## Answer",
    "## Trade-offs and pitfalls",
    "## Follow-up questions",
    "## Original notes",
]
# A scenario written for the site (source: an issue or a URL, not the author's notes) has no notes
# to keep, so it ends with its follow-up questions.
SHAPE_WITHOUT_NOTES = SHAPE[:-1]
AUTHOR_SOURCE = re.compile(r"^\d{3}_[0-9a-f]{16}\.txt#L\d+")


def has_author_notes(page: Path) -> bool:
    return bool(AUTHOR_SOURCE.match(str(_front_matter(page)["source"])))
ANSWER_STEPS = ["### Immediate fix", "### Long-term prevention", "### How to communicate it"]
ONE_MINUTE_STEPS = ["Immediate fix", "Long-term prevention", "How to communicate it"]
ONE_MINUTE_WORDS = 150  # about 60 seconds spoken
ONE_MINUTE_STEP = re.compile(r"^\d\.\s+\*\*(?P<label>[^*]+?):\*\*\s+\S")
# Before "Original notes" the page is the answer, in its own voice: the author's notes and what
# was wrong in them are told once, at the end (issue 9: the reader meets the right answer first).
NOTES_VOICE = re.compile(r"\bauthor(?:'s)?\b|\b(?:the|these|their|original) notes\b|\bnotes (?:say|said)\b|^\s*!!!\s*\w+\s+\"Correction", re.IGNORECASE | re.MULTILINE)
ORIGINAL_NOTES_BOX = '??? quote "The author\'s notes, verbatim"'
SEEDS = ROOT / "tests" / "data" / "seeds"
SOURCE = re.compile(r"(?P<name>[^#]+)#L(?P<first>\d+)(?:-L(?P<last>\d+))?")


def _front_matter(page: Path) -> dict:
    return yaml.safe_load(page.read_text(encoding="utf-8").split("---\n", 2)[1])


def _sections(page: Path, level: int) -> dict[str, str]:
    """Heading -> its text (up to the next heading of the same or a higher level), outside code."""
    sections: dict[str, list[str]] = {}
    current = None
    for _, line in _outside_fences(page):
        heading = HEADING.match(line)
        if heading and len(heading.group(1)) <= level:
            current = line.strip() if len(heading.group(1)) == level else None
            if current:
                sections[current] = []
            continue
        if current:
            sections[current].append(line)
    return {heading: "\n".join(lines).strip() for heading, lines in sections.items()}


def spoken_words(markdown: str) -> int:
    """Words a candidate would say: Markdown markup, list numbers and link targets left out."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"^\s*\d+\.\s+", "", text, flags=re.MULTILINE)
    return len(re.findall(r"[A-Za-z0-9][\w'’.+/-]*", text))


@pytest.mark.parametrize("page", SCENARIO_PAGES, ids=lambda p: p.stem)
def test_scenario_page_has_the_shape(page: Path) -> None:
    where = page.relative_to(ROOT)
    sections = _sections(page, 2)
    shape = SHAPE if has_author_notes(page) else SHAPE_WITHOUT_NOTES
    assert list(sections) == shape, f"{where}: sections {list(sections)}, expected {shape}"
    answer = _sections(page, 3)
    steps = [heading for heading in answer if heading in ANSWER_STEPS]
    assert steps == ANSWER_STEPS, f"{where}: answer steps {steps}, expected {ANSWER_STEPS}"
    for heading in ANSWER_STEPS:
        assert answer[heading], f"{where}: {heading!r} is empty"
    assert sections["## Interview Question"].startswith("*"), f"{where}: the question is not quoted"
    assert "??? question" in sections["## Follow-up questions"], f"{where}: no follow-up question"


@pytest.mark.parametrize("page", SCENARIO_PAGES, ids=lambda p: p.stem)
def test_one_minute_answer_is_short_and_has_the_three_steps(page: Path) -> None:
    where = page.relative_to(ROOT)
    summary = _sections(page, 2)["## In one minute"]
    words = spoken_words(summary)
    assert words <= ONE_MINUTE_WORDS, f"{where}: 'In one minute' has {words} words (at most {ONE_MINUTE_WORDS})"
    labels = [m["label"] for line in summary.splitlines() if (m := ONE_MINUTE_STEP.match(line))]
    assert labels == ONE_MINUTE_STEPS, (
        f"{where}: 'In one minute' steps {labels}, expected a numbered list "
        + ", ".join(f"'**{label}:**'" for label in ONE_MINUTE_STEPS)
    )


@pytest.mark.parametrize("page", SCENARIO_PAGES, ids=lambda p: p.stem)
def test_the_answer_speaks_in_its_own_voice(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    answer = text.split("\n## Original notes")[0]
    found = [
        f"{page.relative_to(ROOT)}:{answer[: m.start()].count(chr(10)) + 1}: {m.group(0).strip()!r}"
        for m in NOTES_VOICE.finditer(answer)
    ]
    assert not found, "the notes and their corrections belong under '## Original notes':\n" + "\n".join(found)


def original_notes(source: str) -> list[str]:
    """The author's lines of ``source`` (``file#Lfirst-Llast``), repaired of mojibake, verbatim."""
    match = SOURCE.fullmatch(source)
    assert match, f"source {source!r} is not file#Lfirst-Llast"
    lines = parse.read_notes(SEEDS / match["name"]).split("\n")
    chosen = lines[int(match["first"]) - 1 : int(match["last"] or match["first"])]
    while chosen and not chosen[-1].strip():
        chosen.pop()
    return chosen


@pytest.mark.parametrize("page", SCENARIO_PAGES, ids=lambda p: p.stem)
def test_original_notes_hold_the_authors_lines(page: Path) -> None:
    """Nothing of the author's is lost: the box at the end holds the source lines exactly,
    and is followed by what was corrected in them."""
    where = page.relative_to(ROOT)
    if not has_author_notes(page):
        pytest.skip("written for the site: no author's notes")
    text = page.read_text(encoding="utf-8")
    notes = text[text.index("\n## Original notes\n") :].split("\n")
    assert notes[3] == ORIGINAL_NOTES_BOX, f"{where}: expected {ORIGINAL_NOTES_BOX!r} under '## Original notes'"
    fence = notes[5].strip()
    assert fence == "````markdown", f"{where}: the notes are one ````markdown block"
    end = notes.index("    ````", 6)
    box = [line[4:] for line in notes[6:end]]
    assert box == original_notes(_front_matter(page)["source"]), f"{where}: the notes box differs from the source lines"
    corrected = _sections(page, 3).get("### What was corrected", "")
    assert corrected, f"{where}: '### What was corrected' after the notes box is missing or empty"


CHECKED_MAX_AGE_MONTHS = 12


def test_no_page_was_checked_more_than_a_year_ago() -> None:
    """The build-time staleness report: pages whose versions were last checked over 12 months ago."""
    today = datetime.date.today()
    stale = []
    for page in SCENARIO_PAGES:
        meta = _front_matter(page)
        year, month = map(int, meta["checked"].split("-"))
        age = (today.year - year) * 12 + today.month - month
        if age > CHECKED_MAX_AGE_MONTHS:
            stale.append(f"{meta['id']} (checked {meta['checked']}, {age} months ago)")
    assert not stale, f"re-check these pages against current versions: {', '.join(stale)}"


def test_every_bucket_has_six_scenarios_at_all_three_levels() -> None:
    buckets = [b["key"] for b in yaml.safe_load((ROOT / "data" / "buckets.yml").read_text(encoding="utf-8"))]
    found: dict[str, list[str]] = {key: [] for key in buckets}
    for page in SCENARIO_PAGES:
        meta = _front_matter(page)
        found[meta["bucket"]].append(meta["difficulty"])
    thin = {key: sorted(levels) for key, levels in found.items() if len(levels) < 6 or len(set(levels)) < 3}
    assert not thin, f"buckets with fewer than 6 scenarios or not all of easy, medium and hard: {thin}"


def test_the_technical_rounds_are_covered() -> None:
    """Issue 12: at least 90 scenarios; SQL, CDC, Iceberg and Snowflake each tag enough pages."""
    assert len(SCENARIO_PAGES) >= 90, len(SCENARIO_PAGES)
    tagged: dict[str, int] = {}
    for page in SCENARIO_PAGES:
        for key in _front_matter(page)["technologies"]:
            tagged[key] = tagged.get(key, 0) + 1
    minimum = {"sql": 8, "debezium": 2, "iceberg": 2, "snowflake": 2}
    short = {key: tagged.get(key, 0) for key, least in minimum.items() if tagged.get(key, 0) < least}
    assert not short, f"pages per technology below {minimum}: {short}"


@pytest.mark.parametrize("group", [("H05", "M35"), ("H02", "M37"), ("H06", "SD16", "SD19")], ids="-".join)
def test_overlapping_scenarios_point_to_each_other(group: tuple[str, ...]) -> None:
    related = {}
    for page in SCENARIO_PAGES:
        meta = _front_matter(page)
        related[meta["id"]] = set(meta.get("related") or [])
    for scenario in group:
        missing = set(group) - {scenario} - related[scenario]
        assert not missing, f"{scenario}: related should include {sorted(missing)}"


def test_new_scenarios_use_numbers_from_101() -> None:
    for page in SCENARIO_PAGES:
        meta = _front_matter(page)
        number = int(re.sub(r"\D", "", meta["id"]))
        if not str(meta["source"]).startswith(("000_", "001_", "002_", "004_")):
            assert number >= 101, f"{meta['id']}: new scenarios take numbers from 101 (1-100 are the author's)"
