#!/usr/bin/env python3
"""Check every internal link and fragment of a built site, raw-HTML links included.

MkDocs validates the links it sees in Markdown; this reads what users get: the
HTML.  Every ``href``/``src`` on the site's own host must resolve to a file of
the built site (a directory URL to its ``index.html``), and every ``#fragment``
to an element ``id`` (or ``<a name>``) on the target page.  Links to other hosts
are left alone, except resources (scripts, stylesheets, images, fonts), which
must never come from another host: the site makes no request to any other host.

Usage:
    python scripts/check_links.py SITE_DIR [--site-url URL]

Example:
    python scripts/check_links.py site --site-url https://example.org/scenarios/
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# (tag, attribute) pairs that point somewhere, and whether the target is a loaded resource.
LINK_ATTRIBUTES = {
    ("a", "href"): False,
    ("area", "href"): False,
    ("link", "href"): True,
    ("script", "src"): True,
    ("img", "src"): True,
    ("source", "src"): True,
    ("iframe", "src"): True,
    ("video", "src"): True,
    ("audio", "src"): True,
}
# <link rel=...> values that are navigation hints, not loaded resources.
NON_RESOURCE_RELS = {"canonical", "alternate", "prev", "next", "search", "author", "license", "me"}


@dataclass
class Page:
    ids: set[str] = field(default_factory=set)
    links: list[tuple[str, bool, int]] = field(default_factory=list)  # (url, is resource, line)


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if values.get("id"):
            self.page.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.page.ids.add(values["name"])
        for (link_tag, attribute), resource in LINK_ATTRIBUTES.items():
            if tag == link_tag and attribute in values:
                if tag == "link" and set(values.get("rel", "").split()) & NON_RESOURCE_RELS:
                    resource = False
                self.page.links.append((values[attribute], resource, self.getpos()[0]))


def parse_page(path: Path) -> Page:
    parser = _PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.page


def _target_file(site: Path, path: str) -> Path | None:
    """The file a site-relative URL path serves, or None."""
    candidate = site / unquote(path).lstrip("/")
    if path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def check_site(site: Path, site_url: str = "https://example.invalid/") -> list[str]:
    """Every broken internal link or fragment, and every resource from another host."""
    base = urlsplit(site_url)
    pages = {path: parse_page(path) for path in sorted(site.rglob("*.html"))}
    problems: list[str] = []
    for path, page in pages.items():
        relative = path.relative_to(site).as_posix()
        # The URL this file is served at (directory URLs for index.html).
        served = relative[: -len("index.html")] if relative.endswith("index.html") else relative
        page_url = urljoin(site_url, served)
        for link, resource, line in page.links:
            where = f"{relative}:{line}"
            if not link or link.startswith(("mailto:", "tel:", "javascript:", "data:")):
                continue
            absolute = urlsplit(urljoin(page_url, link))
            if absolute.scheme not in ("http", "https"):
                continue
            if absolute.netloc != base.netloc or not absolute.path.startswith(base.path):
                if resource:
                    problems.append(f"{where}: loads {link} from another host")
                continue
            site_path = absolute.path[len(base.path) :]
            target = _target_file(site, site_path)
            if target is None:
                problems.append(f"{where}: {link} -> no such page or file: /{site_path}")
                continue
            if absolute.fragment and target.suffix == ".html":
                fragment = unquote(absolute.fragment)
                if fragment not in pages[target].ids:
                    problems.append(f"{where}: {link} -> no element with id {fragment!r} in /{site_path}")
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs build -d SITE_DIR)")
    parser.add_argument("--site-url", default="https://example.invalid/", help="the site's own URL (site_url)")
    args = parser.parse_args(argv)
    problems = check_site(args.site, args.site_url)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) in {sum(1 for _ in args.site.rglob('*.html'))} HTML files", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
