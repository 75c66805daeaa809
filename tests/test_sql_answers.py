"""The SQL rounds' answers run: every page tagged `sql` executes its answer in DuckDB on the input
tables the page shows, and the result equals the expected table the page shows.

The page shape (CONTRIBUTING.md, "SQL scenarios"):

- one or more ```sql blocks whose first line is ``-- input``: CREATE TABLE and INSERT statements,
  run first, in page order, into one in-memory DuckDB database per page;
- each ```sql block whose first line starts with ``-- answer`` is a query that runs there; the
  first Markdown table after it, under a line ``**Expected output**``, is what it must return,
  row for row in order (so the query ends with ORDER BY), column names included;
- a block for another engine starts with ``-- dialect: snowflake`` (or databricks, bigquery, ...):
  shown to the reader, parsed by the content lint in that dialect, never executed.

Cells compare as text: NULL for a null, numbers by value to the precision the page shows, dates
and timestamps in ISO form, booleans as true/false. A negative control drops one expected row of
every page, and checks a deliberately wrong query, so that the comparison is seen to fail.
"""

from __future__ import annotations

import datetime as dt
import decimal
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "docs" / "scenarios"
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,})(?P<lang>[\w+#.-]*)")
EXPECTED_MARK = re.compile(r"^\s*\*\*Expected output\*\*", re.IGNORECASE)
TABLE_ROW = re.compile(r"^\s*\|(.*)\|\s*$")


@dataclass(frozen=True)
class Exercise:
    page: Path
    line: int  # of the answer block
    query: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


@dataclass(frozen=True)
class SqlPage:
    path: Path
    inputs: tuple[str, ...]
    exercises: tuple[Exercise, ...]


def _cells(line: str) -> tuple[str, ...]:
    inner = TABLE_ROW.match(line).group(1)  # type: ignore[union-attr]
    return tuple(cell.strip().strip("`").replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", inner))


def parse_sql_page(path: Path, text: str | None = None) -> SqlPage:
    """The inputs and the (answer, expected table) pairs of a page, or an AssertionError that says
    what is missing, with the line."""
    lines = (text if text is not None else path.read_text(encoding="utf-8")).split("\n")
    inputs: list[str] = []
    pending: list[tuple[int, str]] = []  # answers waiting for their expected table
    exercises: list[Exercise] = []
    waiting_for_table = False
    i = 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if match:
            indent, fence = len(match["indent"]), match["fence"]
            body, j = [], i + 1
            while j < len(lines) and not (lines[j].strip().startswith(fence) and set(lines[j].strip()) == {"`"}):
                body.append(lines[j][indent:])
                j += 1
            code = "\n".join(body)
            first = next((line.strip().lower() for line in body if line.strip()), "")
            if match["lang"] == "sql" and first.startswith("-- input"):
                inputs.append(code)
            elif match["lang"] == "sql" and first.startswith("-- answer"):
                pending.append((i + 1, code))
            i = j + 1
            continue
        if EXPECTED_MARK.match(lines[i]):
            waiting_for_table = True
        elif waiting_for_table and TABLE_ROW.match(lines[i]):
            table = []
            while i < len(lines) and TABLE_ROW.match(lines[i]):
                table.append(lines[i])
                i += 1
            assert pending, f"{path.name}:{i}: an expected table with no -- answer block before it"
            line, query = pending.pop(0)
            header, _separator, *rows = (_cells(row) for row in table)
            exercises.append(Exercise(path, line, query, header, tuple(rows)))
            waiting_for_table = False
            continue
        i += 1
    assert not pending, f"{path.name}:{pending[0][0]}: -- answer block without an **Expected output** table after it"
    assert inputs, f"{path.name}: no ```sql block starting with -- input (the tables the answer runs on)"
    assert exercises, f"{path.name}: no -- answer block with an **Expected output** table"
    return SqlPage(path, tuple(inputs), tuple(exercises))


def _decimals(cell: str) -> int:
    return len(cell.split(".", 1)[1]) if re.fullmatch(r"-?\d+\.\d+", cell) else 0


def same_cell(value: object, cell: str) -> bool:
    """Does a DuckDB value read as the page's cell?"""
    if value is None:
        return cell.upper() == "NULL"
    if isinstance(value, bool):
        return cell.lower() == str(value).lower()
    if isinstance(value, (int, float, decimal.Decimal)):
        try:
            shown = decimal.Decimal(cell.replace(",", ""))
        except decimal.InvalidOperation:
            return False
        places = decimal.Decimal(1).scaleb(-_decimals(cell))
        return abs(decimal.Decimal(str(value)) - shown) <= places / 2
    if isinstance(value, dt.datetime):
        return cell in (value.isoformat(sep=" "), value.strftime("%Y-%m-%d %H:%M"), value.strftime("%Y-%m-%d %H:%M:%S"))
    if isinstance(value, (dt.date, dt.time)):
        return cell == value.isoformat()
    if isinstance(value, dt.timedelta):
        return cell == str(value)
    if isinstance(value, list):
        return cell == "[" + ", ".join(str(v) for v in value) + "]"
    return str(value) == cell


def run(page: SqlPage, exercise: Exercise) -> tuple[tuple[str, ...], list[tuple]]:
    connection = duckdb.connect(":memory:")
    try:
        for block in page.inputs:
            connection.execute(block)
        result = connection.execute(exercise.query)
        columns = tuple(column[0] for column in result.description)
        return columns, result.fetchall()
    finally:
        connection.close()


def mismatches(exercise: Exercise, columns: tuple[str, ...], rows: list[tuple]) -> list[str]:
    problems = []
    if tuple(c.lower() for c in columns) != tuple(h.lower() for h in exercise.header):
        problems.append(f"columns {list(columns)}, the page shows {list(exercise.header)}")
    if len(rows) != len(exercise.rows):
        problems.append(f"{len(rows)} rows, the page shows {len(exercise.rows)}")
    for number, (got, shown) in enumerate(zip(rows, exercise.rows), start=1):
        if len(got) != len(shown) or not all(same_cell(v, c) for v, c in zip(got, shown)):
            problems.append(f"row {number}: {tuple(got)} but the page shows {shown}")
    return problems


def sql_pages() -> list[Path]:
    pages = []
    for path in sorted(SCENARIOS.glob("*.md")):
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        if "sql" in front.get("technologies", []):
            pages.append(path)
    return pages


SQL_PAGES = sql_pages()


@pytest.mark.parametrize("path", SQL_PAGES, ids=lambda p: p.stem.split("-")[0])
def test_every_sql_answer_returns_the_expected_table(path: Path) -> None:
    page = parse_sql_page(path)
    problems = []
    for exercise in page.exercises:
        columns, rows = run(page, exercise)
        problems += [f"{exercise.where}: {problem}" for problem in mismatches(exercise, columns, rows)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", SQL_PAGES, ids=lambda p: p.stem.split("-")[0])
def test_negative_control_a_missing_row_is_caught(path: Path) -> None:
    page = parse_sql_page(path)
    for exercise in page.exercises:
        columns, rows = run(page, exercise)
        shorter = Exercise(exercise.page, exercise.line, exercise.query, exercise.header, exercise.rows[:-1])
        assert mismatches(shorter, columns, rows), f"{exercise.where}: dropping a row went unnoticed"


def test_there_are_at_least_eight_sql_scenarios() -> None:
    assert len(SQL_PAGES) >= 8, [p.name for p in SQL_PAGES]


MINI = """
```sql
-- input: orders
CREATE TABLE orders (customer TEXT, amount DECIMAL(10, 2), day DATE);
INSERT INTO orders VALUES ('a', 10.50, DATE '2026-01-01'), ('a', 4.25, DATE '2026-01-02'), ('b', 7, DATE '2026-01-01');
```

```sql
-- answer
SELECT customer, SUM(amount) AS total, MIN(day) AS first_day FROM orders GROUP BY customer ORDER BY customer;
```

**Expected output**

| customer | total | first_day |
| --- | ---: | --- |
| a | 14.75 | 2026-01-01 |
| b | 7.00 | 2026-01-01 |
"""


def test_the_checker_accepts_a_right_answer_and_rejects_a_wrong_one(tmp_path: Path) -> None:
    right = parse_sql_page(tmp_path / "mini.md", MINI)
    [exercise] = right.exercises
    assert mismatches(exercise, *run(right, exercise)) == []
    wrong = parse_sql_page(tmp_path / "mini.md", MINI.replace("SUM(amount)", "MAX(amount)"))
    [bad] = wrong.exercises
    assert mismatches(bad, *run(wrong, bad)) == ["row 1: ('a', Decimal('10.50'), datetime.date(2026, 1, 1)) but the page shows ('a', '14.75', '2026-01-01')"]
    renamed = parse_sql_page(tmp_path / "mini.md", MINI.replace("AS total", "AS sum_amount"))
    assert mismatches(renamed.exercises[0], *run(renamed, renamed.exercises[0]))[0].startswith("columns ['customer', 'sum_amount', 'first_day']")


def test_a_page_without_an_expected_table_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match=r"mini.md:8: -- answer block without an \*\*Expected output\*\* table after it"):
        parse_sql_page(tmp_path / "mini.md", MINI.split("**Expected output**")[0])
