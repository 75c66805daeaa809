"""Tests for scripts/fix_mojibake.py: goldens, clean text, dropped bytes, CLI, round trips."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import fix_mojibake
import mojibake_corpus
from fix_mojibake import main, repair

DATA = Path(__file__).parent / "data"
SEEDS = sorted((DATA / "seeds").glob("*.txt"))
SCRIPT = Path(__file__).parent.parent / "scripts" / "fix_mojibake.py"


# --- the author's notes -------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem)
def test_seed_comes_out_as_written(seed: Path) -> None:
    expected = (DATA / "fix_mojibake" / f"{seed.stem}.expected.md").read_text(encoding="utf-8")
    result = repair(seed.read_text(encoding="utf-8"))
    assert result.text == expected
    assert result.ambiguous == [] and result.unresolved == []


@pytest.mark.parametrize(
    "line",
    [
        "> “Daily job failed…”, “ETL took longer…”, “Spark job slow…”",
        "## 1️⃣1️⃣ Security & Compliance Scenarios",
        "**🏷️ Technologies:** `PySpark` `Kafka` `Streaming`",
        "**Answer:** Write to staging → quality checks → if pass, swap/publish.",
        "# 🔴 Hard Scenarios 11-20",
        "*(“Job succeeded but data is wrong” 😈)*",
        "That’s exactly how  **senior data engineers answer** .",
    ],
)
def test_lines_the_issue_names_are_restored(line: str) -> None:
    restored = "".join(repair(seed.read_text(encoding="utf-8")).text for seed in SEEDS)
    assert line in restored


def test_clean_seed_is_unchanged() -> None:
    text = (DATA / "seeds" / "004_062c2826efd311eb.txt").read_text(encoding="utf-8")
    result = repair(text)
    assert result.text == text and result.code_page is None


def test_the_damage_is_attributed_to_the_right_code_page() -> None:
    pages = {seed.stem[:3]: repair(seed.read_text(encoding="utf-8")).code_page for seed in SEEDS}
    assert pages == {"000": "mac-roman", "001": "cp1252", "002": "cp1252", "003": "cp1252", "004": None}


# --- clean text passes through unchanged -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "“Curly quotes” and ‘single’ ones — with an ellipsis…",
        "JOÃO SILVA and São Paulo: Ã in a Portuguese name",
        "Dados: ação, coração, pão",
        "中文字符和日本語のテキスト、한국어",
        "Привет, мир! Это тест.",
        "Emoji: 🔴 🟡 🟢 🏷️ 1️⃣ 👨‍👩‍👧‍👦 🇵🇹 👍🏽 🏴󠁧󠁢󠁳󠁣󠁴󠁿",
        "naïve café, Zoë, Ørsted, Łódź, Čapek, Ñuñoa",
        "«Été» — „Über“ ¿Qué? 10×, 5 °C, €12, £3, ©2026",
        "plain ASCII only",
        "",
    ],
)
def test_clean_text_is_never_changed(text: str) -> None:
    assert repair(text).text == text
    assert fix_mojibake.suspects(text) == []


# --- each form of damage -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("damaged", "expected"),
    [
        ("a ‚Üí b", "a → b"),  # Mac Roman, short line
        ("\uf8ffüî¥ Hard", "🔴 Hard"),  # Mac Roman with U+F8FF for byte 0xF0
        ("â€œquotedâ€ text", "“quoted” text"),  # cp1252, 0x9D dropped
        ("endâ€ then more", "end” then more"),  # not ftfy's †: the space is no lost 0xA0
        ("ðŸ·ï¸ label", "🏷️ label"),  # two dropped 0x8F bytes in one emoji sequence
        ("1ï¸âƒ£ first", "1️⃣ first"),  # keycap: the base is ASCII, outside the run
        ("ðŸ‘¨â€ðŸ‘©â€ðŸ‘§â€ðŸ‘¦ family", "👨‍👩‍👧‍👦 family"),  # ZWJ bytes dropped
        ("Ã\x8dNDICE", "ÍNDICE"),  # cp1252 with the C1 control kept
        # A lost byte settled by word frequency, once other damage shows the file is damaged
        # (alone, "Ã" could be clean, as in JOÃO).
        ("cafÃ© no ÃNDICE geral", "café no ÍNDICE geral"),
        ("cafÃ©", "café"),
        ("Ã—10", "×10"),
        ("Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет"),
        ("đź”´ cp1250", "🔴 cp1250"),
        ("Ã¢â‚¬Å“doubleÃ¢â‚¬Â\x9d", "“double”"),  # encoded twice
    ],
)
def test_damage_is_repaired(damaged: str, expected: str) -> None:
    result = repair(damaged)
    assert result.text == expected
    assert result.ambiguous == []


def test_a_real_tie_is_reported_not_guessed() -> None:
    # F0 9F ?? B7 with one byte lost: 🍷 (0x8D) and 🐷 (0x90) are equally good.
    result = repair("ðŸ· tonight ðŸ·")
    assert result.text == "ðŸ· tonight ðŸ·"
    assert [(a.line, a.col, a.span) for a in result.ambiguous] == [(1, 1, "ðŸ·"), (1, 13, "ðŸ·")]
    assert {"🍷", "🐷"} <= set(result.ambiguous[0].candidates)


def test_repairs_carry_their_positions() -> None:
    result = repair("ok\nx â€œyâ€\n")
    assert [(r.line, r.col, r.before, r.after, r.inserted) for r in result.repairs] == [
        (2, 3, "â€œ", "“", 0),
        (2, 7, "â€", "”", 1),
    ]


# --- command line ------------------------------------------------------------------------------


def test_cli_repairs_stdin_to_stdout() -> None:
    done = subprocess.run(
        [sys.executable, str(SCRIPT)], input="a ‚Üí b\n", capture_output=True, text=True, check=True
    )
    assert done.stdout == "a → b\n"


def test_cli_repairs_named_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one, two = tmp_path / "one.md", tmp_path / "two.md"
    one.write_text("cafÃ©\n", encoding="utf-8")
    two.write_text("clean\n", encoding="utf-8")
    assert main([str(one), str(two)]) == 0
    assert capsys.readouterr().out == "café\nclean\n"
    assert one.read_text(encoding="utf-8") == "cafÃ©\n"  # files are only read


def test_check_lists_suspects_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "docs").mkdir()
    bad = tmp_path / "docs" / "bad.md"
    bad.write_text("# Title\n\nWrite â†’ check â€œokâ€\n", encoding="utf-8")
    (tmp_path / "docs" / "good.md").write_text("# Fine → “ok”\n", encoding="utf-8")
    assert main(["--check", str(tmp_path / "docs")]) == 1
    assert capsys.readouterr().out == (
        f"{bad}:3:7: suspected mojibake 'â†’'\n"
        f"{bad}:3:17: suspected mojibake 'â€œ'\n"
        f"{bad}:3:22: suspected mojibake 'â€'\n"
    )


def test_check_passes_clean_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.md"
    good.write_text("# Fine → “ok” 🔴\n", encoding="utf-8")
    assert main(["--check", str(good)]) == 0
    assert capsys.readouterr().out == ""


def test_report_lists_repairs_and_ambiguities(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("â€œaâ€ ðŸ·\n", encoding="utf-8")
    assert main(["--report", str(notes)]) == 0
    captured = capsys.readouterr()
    assert captured.out == "“a” ðŸ·\n"
    assert captured.err.splitlines()[:3] == [
        f"{notes}: damage by cp1252 (depth 1): 2 repairs, 1 ambiguous, 0 unresolved",
        f"{notes}:1:1: repaired 'â€œ' -> '“'",
        f"{notes}:1:5: repaired 'â€' -> '”' (1 dropped byte restored)",
    ]
    assert captured.err.splitlines()[3].startswith(f"{notes}:1:8: ambiguous 'ðŸ·' left as it is (candidates: ")


def test_non_utf8_input_is_a_clear_error(tmp_path: Path) -> None:
    raw = tmp_path / "raw.txt"
    raw.write_bytes(b"caf\xe9\n")
    with pytest.raises(SystemExit, match=r"raw.txt: not UTF-8 \(byte 0xE9 at offset 3\)"):
        main([str(raw)])


# --- round trips on generated text ------------------------------------------------------------


def _pieces() -> st.SearchStrategy[str]:
    words = [w for lang in mojibake_corpus.LANGUAGES for w in mojibake_corpus._words(lang)[0][:300]]
    return st.one_of(
        st.sampled_from(words),  # accented Latin, Cyrillic, Greek, CJK, Hangul, Vietnamese
        st.sampled_from(mojibake_corpus._emoji()),  # every kind of emoji sequence
        st.sampled_from(["“{}”", "‘{}’", "{}…", "{} — {}", "{} → {}", "10×", "€5", "5 °C", "«{}»", "{}’s"]),
        st.sampled_from(["Kafka", "lag", "job", "42", "SLA"]),
    ).map(lambda piece: piece.replace("{}", "data"))


CLEAN_TEXT = st.lists(_pieces(), min_size=1, max_size=6).map(" ".join)


@given(text=CLEAN_TEXT)
def test_generated_clean_text_is_unchanged(text: str) -> None:
    assert repair(text).text == text


@pytest.mark.parametrize("form", sorted(mojibake_corpus.FORMS))
@given(text=CLEAN_TEXT)
def test_round_trip_restores_or_reports(form: str, text: str) -> None:
    damaged = mojibake_corpus.corrupt(text, form)
    result = repair(damaged)
    if result.text != text:
        assert result.ambiguous or result.unresolved, (damaged, result.text)
    # Never a guess: every character comes from the original or the damaged text.
    assert not set(result.text) - set(text) - set(damaged)
