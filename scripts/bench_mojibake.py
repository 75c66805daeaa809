#!/usr/bin/env python3
"""Benchmark mojibake repair: this tool against ftfy, per corruption form.

A benchmark, not a test: it prints numbers and always exits 0.

For each form it generates clean lines from real data (wordfreq word lists
weighted by frequency, the emoji package's sequences, everyday typography;
see ``deis.corpus``), damages them, repairs them and counts per line:

* exact      the repair equals the original line
* unchanged  the damaged line came back as it was
* wrong      silently wrong: the line holds a character that is in neither
             the original nor the damaged line (a guess)
* other      changed, not exact, but no guessed character (partly repaired)

Two corpora: ``mixed`` (tech sentences with typography, words of 17 languages
and emoji) under every form, and ``cjk`` (most lines in Chinese or Japanese)
under the forms that drop bytes.  Each clean corpus is a form of its own: a
clean line changed there counts against the tool.  The last row of each table
is over every corrupted line, with the lowest per-form share of exact lines.

Tools: ``fix_mojibake`` on each corpus as one file (how it is used),
``fix_mojibake`` on each line alone (the hardest case: one line, one vote),
``ftfy.fix_text`` on each line, ``ftfy.fix_encoding`` on each line, and
``ceiling``: ``fix_mojibake`` per file with the corpus generator's own word
and emoji probabilities as its dictionary instead of wordfreq's, on the forms
that drop bytes.  No dictionary knows the corpus better, so its row is the
most that settling ties by word frequency (at the same margins, hence the
same caution) can restore there; the rest needs context the words alone
do not give.

Usage:
    python scripts/bench_mojibake.py [--lines 2000] [--seed 0] [--tools NAME,...] [--corpus NAME,...]

Example:
    python scripts/bench_mojibake.py --lines 500 --tools file,line --corpus cjk
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence

import emoji
import ftfy

from deis import corpus, repair


def _whole_file(lines: list[str]) -> list[str]:
    return repair.fix_text("\n".join(lines)).split("\n")


def _with_own_dictionary(lines: list[str]) -> list[str]:
    repair.use_word_frequencies(corpus.own_frequencies)
    try:
        return _whole_file(lines)
    finally:
        repair.use_word_frequencies(None)


TOOLS: dict[str, tuple[str, Callable[[list[str]], list[str]]]] = {
    "file": ("fix_mojibake (per file)", _whole_file),
    "line": ("fix_mojibake (per line)", lambda lines: [repair.fix_text(line) for line in lines]),
    "fix_text": ("ftfy.fix_text (per line)", lambda lines: [ftfy.fix_text(line) for line in lines]),
    "fix_encoding": ("ftfy.fix_encoding (per line)", lambda lines: [ftfy.fix_encoding(line) for line in lines]),
    # The ceiling of word frequencies: the same repair, its ties settled with the corpus's own
    # word and emoji distribution instead of wordfreq's (corpus.own_frequencies). Only the
    # forms that lose bytes have ties that frequencies settle, so it runs on those alone.
    "ceiling": ("ceiling: corpus's own words", _with_own_dictionary),
}
ON_DROPPED_FORMS_ONLY = {"ceiling"}  # tools that run on corpus.CJK_FORMS, the forms that lose bytes


CORPORA: dict[str, tuple[Callable[[int, int], list[str]], tuple[str, ...]]] = {
    "mixed": (corpus.generate_lines, tuple(corpus.FORMS)),
    "cjk": (corpus.generate_cjk_lines, corpus.CJK_FORMS),
}


def classify(original: str, damaged: str, repaired: str) -> str:
    if repaired == original:
        return "exact"
    if repaired == damaged:
        return "unchanged"
    if set(repaired) - set(original) - set(damaged):
        return "wrong"
    return "other"


def damaged_corpora(lines: int, seed: int, names: Sequence[str]) -> list[tuple[str, list[str], list[str]]]:
    """(row label, clean lines, damaged lines) for each corpus and form; the clean corpus first."""
    rows = []
    for name in names:
        generate, forms = CORPORA[name]
        clean = generate(lines, seed)
        prefix = "" if name == "mixed" else f"{name} "
        rows.append((f"{prefix}clean", clean, clean))
        rows += [(f"{prefix}{form}", clean, [corpus.corrupt(line, form) for line in clean]) for form in forms]
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=2000, help="lines per form (default 2000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated, from {', '.join(TOOLS)}")
    parser.add_argument("--corpus", default=",".join(CORPORA), help=f"comma-separated, from {', '.join(CORPORA)}")
    args = parser.parse_args(argv)

    rows = damaged_corpora(args.lines, args.seed, args.corpus.split(","))
    for label, clean, _ in rows:
        if label.endswith("clean"):
            has_emoji = sum(bool(emoji.emoji_count(line)) for line in clean)
            print(f"corpus {label.removesuffix('clean').strip() or 'mixed'}: {args.lines} lines per form, seed {args.seed}; "
                  f"{sum(any(ord(c) > 127 for c in line) for line in clean)} hold non-ASCII text, "
                  f"{sum(any(0x3040 <= ord(c) <= 0x9FFF for c in line) for line in clean)} Chinese or Japanese, "
                  f"{has_emoji} an emoji (the author's notes: 7% of lines)")
    header = (f"{'tool':30} {'form':22} {'exact':>7} {'unchanged':>10} {'wrong':>7} {'other':>7} {'ms/line':>8}"
              f" {'exact w/ emoji':>15} {'w/o emoji':>10} {'corrupted':>10} {'exact of those':>15}")
    for key in args.tools.split(","):
        name, tool = TOOLS[key]
        print()
        print(header)
        totals = {"exact": 0, "wrong": 0, "lines": 0, "clean changed": 0, "ms": 0.0, "all": 0}
        worst = (2.0, "")
        for form, clean, damaged in rows:
            if key in ON_DROPPED_FORMS_ONLY and not form.endswith(corpus.CJK_FORMS):
                continue
            has_emoji = [bool(emoji.emoji_count(line)) for line in clean]
            start = time.perf_counter()
            repaired = tool(damaged)
            elapsed = (time.perf_counter() - start) * 1000
            counts = {"exact": 0, "unchanged": 0, "wrong": 0, "other": 0}
            by_emoji = {True: [0, 0], False: [0, 0]}  # [exact, lines]
            corrupted = [0, 0]  # [exact, lines] over lines the form changed
            for original, bad, fixed, emoji_line in zip(clean, damaged, repaired, has_emoji):
                kind = classify(original, bad, fixed)
                counts[kind] += 1
                by_emoji[emoji_line][0] += kind == "exact"
                by_emoji[emoji_line][1] += 1
                if bad != original:
                    corrupted[0] += kind == "exact"
                    corrupted[1] += 1
                    totals["wrong"] += kind == "wrong"
                elif form.endswith("clean"):
                    totals["clean changed"] += kind != "exact"
            totals["exact"] += corrupted[0]
            totals["lines"] += corrupted[1]
            totals["ms"] += elapsed
            totals["all"] += len(damaged)
            if corrupted[1]:
                worst = min(worst, (corrupted[0] / corrupted[1], form))
            share = {k: v / len(clean) for k, v in counts.items()}
            split = [by_emoji[flag][0] / max(1, by_emoji[flag][1]) for flag in (True, False)]
            exact_corrupted = f"{corrupted[0] / corrupted[1]:15.1%}" if corrupted[1] else f"{'-':>15}"
            print(f"{name:30} {form:22} {share['exact']:7.1%} {share['unchanged']:10.1%} "
                  f"{share['wrong']:7.2%} {share['other']:7.1%} {elapsed / len(damaged):8.2f} {split[0]:15.1%} {split[1]:10.1%}"
                  f" {corrupted[1]:10} {exact_corrupted}")
        total_label = "all corrupted, dropped" if key in ON_DROPPED_FORMS_ONLY else "all corrupted"
        print(f"{name:30} {total_label:22} {totals['exact'] / totals['lines']:7.1%} {'':10} "
              f"{totals['wrong'] / totals['lines']:7.2%} {'':7} {totals['ms'] / totals['all']:8.2f}   "
              f"({totals['lines']} corrupted lines; worst form {worst[1]} {worst[0]:.1%} exact; "
              f"{totals['clean changed']} clean lines changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
