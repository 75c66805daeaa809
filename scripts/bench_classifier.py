"""Measure the bucket proposals by leave-one-out over the site's labelled pages.

Each page in turn is held out: a classifier trained on every other page (and the taxonomy)
ranks the buckets for the held-out page's title and interview question, which is what the
importer sees of a new scenario; the keyword rules rank them from the same text. Printed: the
share of pages whose bucket is ranked first (top-1) and among the first two (top-2), for both.

Usage::

    python scripts/bench_classifier.py [--pages DIR] [--shuffled]

Examples::

    # the site's pages (docs/scenarios)
    python scripts/bench_classifier.py

    # negative control: the same pages with their buckets shuffled (fixed seed)
    python scripts/bench_classifier.py --shuffled

Exit status: 0, or 1 when the directory holds fewer than two labelled pages or a page without
a bucket of the taxonomy (each printed as ``path:line: problem``).
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from deis import classify, vocab

SHUFFLE_SEED = 13


def shuffled_labels(examples: Sequence[classify.Example], seed: int = SHUFFLE_SEED) -> list[str]:
    """The pages' buckets in a fixed random order: a classifier that learns from the labels
    scores no better than chance on them."""
    labels = [e.bucket for e in examples]
    random.Random(seed).shuffle(labels)
    return labels


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench_classifier.py",
        description="Leave-one-out accuracy of the bucket classifier and of the keyword rules.",
    )
    parser.add_argument(
        "--pages",
        type=Path,
        default=classify.DEFAULT_PAGES,
        metavar="DIR",
        help="labelled scenario pages (default: docs/scenarios of this repository)",
    )
    parser.add_argument(
        "--shuffled",
        action="store_true",
        help=f"negative control: shuffle the pages' buckets (seed {SHUFFLE_SEED}) first",
    )
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    args = build_parser().parse_args(argv)
    buckets = vocab.load_buckets()
    try:
        examples = classify.load_examples(args.pages, buckets)
    except classify.ExamplesError as exc:
        sys.stderr.write("".join(f"{error}\n" for error in exc.errors))
        return 1
    if len(examples) < 2:
        sys.stderr.write(f"{args.pages}: expected at least two pages with a bucket, found {len(examples)}\n")
        return 1
    labels = shuffled_labels(examples) if args.shuffled else None
    classifier, rules = classify.leave_one_out(examples, buckets, labels)
    what = "shuffled buckets (negative control)" if args.shuffled else "buckets"
    stdout.write(f"leave-one-out over {len(examples)} pages in {args.pages}, {what}:\n")
    stdout.write(f"  {classifier.describe()}\n")
    stdout.write(f"  {rules.describe()}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
