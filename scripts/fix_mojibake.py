#!/usr/bin/env python3
"""Repair mojibake in files or stdin, list the repairs, or check a tree for it.

The repair itself is ``deis.repair`` (its docstring says how it works).

Usage
-----
    fix_mojibake.py [FILE...]            repair files (or stdin) to stdout
    fix_mojibake.py --report FILE...     also list repairs and ambiguities on stderr
    fix_mojibake.py --check PATH...      exit 1 and list suspected mojibake

Examples
--------
    $ echo 'a ‚Üí b' | python scripts/fix_mojibake.py
    a → b
    $ python scripts/fix_mojibake.py --check docs/
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from deis.repair import RepairResult, repair, suspects

CHECK_SUFFIXES = (".md", ".txt", ".yml", ".yaml", ".json", ".html")
MAX_REPORTED = 3  # candidates named in a report line


def _expand(paths: Sequence[str]) -> Iterator[Path]:
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix in CHECK_SUFFIXES)
        else:
            yield path


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SystemExit(f"{path}: not UTF-8 (byte 0x{data[err.start]:02X} at offset {err.start})") from None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="fix_mojibake.py",
        description="Repair UTF-8 text that was decoded with the wrong code page.",
    )
    parser.add_argument("files", nargs="*", help="files to repair (default: stdin)")
    parser.add_argument("--check", action="store_true", help="list suspected mojibake in files or folders; exit 1 if any")
    parser.add_argument("--report", action="store_true", help="list every repair and ambiguous span on stderr")
    args = parser.parse_args(argv)

    if args.check:
        if not args.files:
            parser.error("--check needs at least one file or folder")
        found = 0
        for path in _expand(args.files):
            for spot in suspects(_read(path)):
                print(f"{path}:{spot.line}:{spot.col}: suspected mojibake '{spot.span}'")
                found += 1
        return 1 if found else 0

    sources = [(str(p), _read(p)) for p in _expand(args.files)] if args.files else [("<stdin>", sys.stdin.read())]
    for name, text in sources:
        result = repair(text)
        sys.stdout.write(result.text)
        if args.report:
            _report(name, result)
    return 0


def _report(name: str, result: RepairResult) -> None:
    err = sys.stderr
    if result.code_page is None:
        print(f"{name}: clean, nothing repaired", file=err)
        return
    print(f"{name}: damage by {result.code_page} (depth {result.depth}): "
          f"{len(result.repairs)} repairs, {len(result.ambiguous)} ambiguous, {len(result.unresolved)} unresolved", file=err)
    for r in result.repairs:
        notes = [f"{r.inserted} dropped byte{'s' if r.inserted != 1 else ''} restored"] if r.inserted else []
        if r.over:
            notes.append("chosen over " + ", ".join(f"'{text}'" for text in r.over[:MAX_REPORTED]))
        note = f" ({'; '.join(notes)})" if notes else ""
        print(f"{name}:{r.line}:{r.col}: repaired '{r.before}' -> '{r.after}'{note}", file=err)
    for a in result.ambiguous:
        options = ", ".join(f"'{c}'" for c in a.candidates)
        print(f"{name}:{a.line}:{a.col}: ambiguous '{a.span}' left as it is (candidates: {options})", file=err)
    for a in result.unresolved:
        print(f"{name}:{a.line}:{a.col}: could not decode '{a.span}'", file=err)


if __name__ == "__main__":
    sys.exit(main())
