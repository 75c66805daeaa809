#!/usr/bin/env python3
"""Benchmark mojibake repair: this tool against ftfy, per corruption form.

A benchmark, not a test: it prints numbers and always exits 0.

For each form it generates clean lines from real data (wordfreq word lists
weighted by frequency, the emoji package's sequences, everyday typography;
see ``mojibake_corpus``), damages them, repairs them and counts per line:

* exact      the repair equals the original line
* unchanged  the damaged line came back as it was
* wrong      silently wrong: the line holds a character that is in neither
             the original nor the damaged line (a guess)
* other      changed, not exact, but no guessed character (partly repaired)

Tools: ``fix_mojibake`` on the whole corpus as one file (how it is used),
``fix_mojibake`` on each line alone (the hardest case: one line, one vote),
``ftfy.fix_text`` on each line, and ``ftfy.fix_encoding`` on each line.

Usage:
    python scripts/bench_mojibake.py [--lines 2000] [--seed 0] [--tools NAME,...]

Example:
    python scripts/bench_mojibake.py --lines 500 --tools file,line
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import emoji  # noqa: E402
import ftfy  # noqa: E402

import fix_mojibake  # noqa: E402
import mojibake_corpus  # noqa: E402


def _whole_file(lines: list[str]) -> list[str]:
    return fix_mojibake.fix_text("\n".join(lines)).split("\n")


TOOLS: dict[str, tuple[str, Callable[[list[str]], list[str]]]] = {
    "file": ("fix_mojibake (per file)", _whole_file),
    "line": ("fix_mojibake (per line)", lambda lines: [fix_mojibake.fix_text(line) for line in lines]),
    "fix_text": ("ftfy.fix_text (per line)", lambda lines: [ftfy.fix_text(line) for line in lines]),
    "fix_encoding": ("ftfy.fix_encoding (per line)", lambda lines: [ftfy.fix_encoding(line) for line in lines]),
}


def classify(original: str, damaged: str, repaired: str) -> str:
    if repaired == original:
        return "exact"
    if repaired == damaged:
        return "unchanged"
    if set(repaired) - set(original) - set(damaged):
        return "wrong"
    return "other"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=2000, help="lines per form (default 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated, from {', '.join(TOOLS)}")
    args = parser.parse_args(argv)

    clean = mojibake_corpus.generate_lines(args.lines, args.seed)
    forms = {"clean": clean} | {form: [mojibake_corpus.corrupt(line, form) for line in clean] for form in mojibake_corpus.FORMS}
    has_emoji = [bool(emoji.emoji_count(line)) for line in clean]
    print(f"corpus: {args.lines} lines per form, seed {args.seed}; "
          f"{sum(any(ord(c) > 127 for c in line) for line in clean)} hold non-ASCII text, "
          f"{sum(has_emoji)} an emoji (the author's notes: 7% of lines)")
    header = (f"{'tool':30} {'form':15} {'exact':>7} {'unchanged':>10} {'wrong':>7} {'other':>7} {'ms/line':>8}"
              f" {'exact w/ emoji':>15} {'w/o emoji':>10}")
    for key in args.tools.split(","):
        name, tool = TOOLS[key]
        print()
        print(header)
        totals = {"exact": 0, "wrong": 0, "lines": 0}
        for form, damaged in forms.items():
            start = time.perf_counter()
            repaired = tool(damaged)
            elapsed = (time.perf_counter() - start) * 1000 / len(damaged)
            counts = {"exact": 0, "unchanged": 0, "wrong": 0, "other": 0}
            by_emoji = {True: [0, 0], False: [0, 0]}  # [exact, lines]
            corrupted_lines = 0
            for original, bad, fixed, emoji_line in zip(clean, damaged, repaired, has_emoji):
                kind = classify(original, bad, fixed)
                counts[kind] += 1
                by_emoji[emoji_line][0] += kind == "exact"
                by_emoji[emoji_line][1] += 1
                if form != "clean" and bad != original:
                    corrupted_lines += 1
                    totals["exact"] += kind == "exact"
                    totals["wrong"] += kind == "wrong"
            totals["lines"] += corrupted_lines
            share = {k: v / len(clean) for k, v in counts.items()}
            split = [by_emoji[flag][0] / max(1, by_emoji[flag][1]) for flag in (True, False)]
            print(f"{name:30} {form:15} {share['exact']:7.1%} {share['unchanged']:10.1%} "
                  f"{share['wrong']:7.2%} {share['other']:7.1%} {elapsed:8.2f} {split[0]:15.1%} {split[1]:10.1%}")
        print(f"{name:30} {'all corrupted':15} {totals['exact'] / totals['lines']:7.1%} {'':10} "
              f"{totals['wrong'] / totals['lines']:7.2%}   ({totals['lines']} corrupted lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
