#!/usr/bin/env python3
"""Keep the promise that a published URL keeps working.

``tests/published_urls.txt`` lists every URL the site has ever published, one
per line, relative to ``site_url`` and starting with ``/``
(``/scenarios/h11-zombie-kafka-offsets/``, ``/h11/``).  The list only grows: a
page that is renamed or removed must leave a redirect behind
(``plugins.redirects`` in mkdocs.yml), and the check fails until it does.

Usage:
    python scripts/published_urls.py --check SITE_DIR    every listed URL resolves; every page is listed
    python scripts/published_urls.py --update SITE_DIR   append the built pages that are not listed yet

Example:
    mkdocs build -d /tmp/site && python scripts/published_urls.py --update /tmp/site
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent.parent / "tests" / "published_urls.txt"
HEADER = (
    "# Every URL this site has published, relative to site_url. Append only: a renamed or removed\n"
    "# page must leave a redirect (plugins.redirects in mkdocs.yml). Update with\n"
    "# `python scripts/published_urls.py --update SITE_DIR` after a build.\n"
)
REDIRECT = re.compile(r'<meta\s+http-equiv="refresh"\s+content="\d+;\s*url=([^"]+)"', re.IGNORECASE)


def read_manifest(path: Path = MANIFEST) -> list[str]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def built_pages(site: Path) -> list[str]:
    """The URLs the built site serves: every directory with an index.html (redirects included)."""
    urls = []
    for path in sorted(site.rglob("index.html")):
        relative = path.relative_to(site).parent.as_posix()
        urls.append("/" if relative == "." else f"/{relative}/")
    return urls


def resolves(site: Path, url: str) -> str | None:
    """None if ``url`` serves a page or a redirect to an existing page; else the problem."""
    path = site / url.lstrip("/")
    target = path / "index.html" if url.endswith("/") else path
    if not target.is_file():
        return f"{url}: no page and no redirect"
    match = REDIRECT.search(target.read_text(encoding="utf-8")[:2000])
    if match:
        destination = (target.parent / match.group(1).split("#")[0]).resolve()
        if destination.is_dir():
            destination = destination / "index.html"
        if not destination.is_file():
            return f"{url}: redirects to {match.group(1)}, which does not exist"
    return None


def check(site: Path, manifest: Path = MANIFEST) -> list[str]:
    listed = read_manifest(manifest)
    problems = [problem for url in listed if (problem := resolves(site, url))]
    unlisted = sorted(set(built_pages(site)) - set(listed))
    problems += [f"{url}: published but not in {manifest.name} (run scripts/published_urls.py --update)" for url in unlisted]
    return problems


def update(site: Path, manifest: Path = MANIFEST) -> list[str]:
    """Append the built pages not listed yet; returns them.  Never removes a line."""
    listed = read_manifest(manifest)
    new = sorted(set(built_pages(site)) - set(listed))
    if new:
        text = HEADER + "".join(f"{url}\n" for url in sorted(set(listed) | set(new)))
        fd, tmp = tempfile.mkstemp(dir=manifest.parent, prefix=".published_urls.")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, manifest)
    return new


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--check", type=Path, metavar="SITE_DIR")
    group.add_argument("--update", type=Path, metavar="SITE_DIR")
    parser.add_argument("--dry-run", action="store_true", help="with --update: print, write nothing")
    args = parser.parse_args(argv)
    if args.check:
        problems = check(args.check)
        for problem in problems:
            print(problem)
        return 1 if problems else 0
    if args.dry_run:
        new = sorted(set(built_pages(args.update)) - set(read_manifest()))
    else:
        new = update(args.update)
    for url in new:
        print(f"{'would add' if args.dry_run else 'added'} {url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
