"""What users get: the built HTML of the real site.

Every internal link and fragment resolves (raw-HTML links included), every URL ever
published still resolves (tests/published_urls.txt), and every scenario has a permanent
short URL (/h11/) that leads to its page.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml

from scripts import check_links, published_urls

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://de-interview-scenarios.github.io/"  # the default of site_url in mkdocs.yml


def test_site_url_default_is_what_the_link_check_uses() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"site_url: !ENV [SITE_URL, '{SITE_URL}']" in config


def test_every_internal_link_and_fragment_resolves(real_site) -> None:
    problems = check_links.check_site(real_site.dir, SITE_URL)
    assert not problems, "\n".join(problems)


def test_every_published_url_still_resolves(real_site) -> None:
    problems = published_urls.check(real_site.dir)
    assert not problems, "\n".join(problems)


def test_every_scenario_has_a_permanent_short_url(real_site) -> None:
    entries = real_site.json("scenarios.json")
    for entry in entries:
        stub = (real_site.dir / entry["id"].lower() / "index.html").read_text(encoding="utf-8")
        target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', stub).group(1)
        assert target == "../" + entry["url"], entry["id"]
        assert (real_site.dir / entry["id"].lower() / target / "index.html").resolve().is_file()


# --- the checkers catch what they should (negative controls) ---------------------------------------


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_link_check_reports_missing_pages_fragments_and_foreign_resources(tmp_path: Path) -> None:
    site = _write(
        tmp_path,
        {
            "index.html": '<h2 id="top">x</h2><a href="a/">ok</a><a href="a/#there">ok</a>'
            '<a href="https://github.com/">external link: fine</a>',
            "a/index.html": '<p id="there"></p><a href="../missing/">x</a><a href="../#nope">y</a>'
            '<script src="https://cdn.example.com/x.js"></script>'
            '<link rel="stylesheet" href="https://fonts.googleapis.com/css">'
            '<link rel="canonical" href="https://elsewhere.example/a/">',
        },
    )
    assert check_links.check_site(site, "https://example.org/") == [
        "a/index.html:1: ../missing/ -> no such page or file: /missing/",
        "a/index.html:1: ../#nope -> no element with id 'nope' in /",
        "a/index.html:1: loads https://cdn.example.com/x.js from another host",
        "a/index.html:1: loads https://fonts.googleapis.com/css from another host",
    ]


def test_manifest_check_reports_lost_and_unlisted_urls(tmp_path: Path) -> None:
    site = _write(
        tmp_path / "site",
        {
            "index.html": "<p>home</p>",
            "kept/index.html": "<p>kept</p>",
            "moved/index.html": '<meta http-equiv="refresh" content="0; url=../kept/">',
            "broken/index.html": '<meta http-equiv="refresh" content="0; url=../gone/">',
            "new/index.html": "<p>new</p>",
        },
    )
    manifest = tmp_path / "published_urls.txt"
    manifest.write_text("# header\n\n/kept/\n/moved/\n/broken/\n/removed/\n", encoding="utf-8")
    assert published_urls.check(site, manifest) == [
        "/broken/: redirects to ../gone/, which does not exist",
        "/removed/: no page and no redirect",
        "/: published but not in published_urls.txt (run scripts/published_urls.py --update)",
        "/new/: published but not in published_urls.txt (run scripts/published_urls.py --update)",
    ]


def test_manifest_update_only_appends(tmp_path: Path) -> None:
    site = _write(tmp_path / "site", {"index.html": "x", "a/index.html": "x"})
    manifest = tmp_path / "published_urls.txt"
    manifest.write_text("/old/\n", encoding="utf-8")
    assert published_urls.update(site, manifest) == ["/", "/a/"]
    assert published_urls.read_manifest(manifest) == ["/", "/a/", "/old/"]
    assert published_urls.update(site, manifest) == []  # a second run changes nothing


def test_scenario_pages_link_previous_and_next_in_their_bucket_page_order(real_site) -> None:
    """Scenario pages are not in the nav, so Material's footer has no previous/next for them:
    the foot of each page links its bucket neighbours, in the bucket page's own order."""

    def targets(page_url: str, html: str) -> list[str]:
        """Site-relative URLs of the links in ``html``, resolved against ``page_url``."""
        base = "https://site.invalid/"
        return [urljoin(base + page_url, href)[len(base):] for href in re.findall(r'href="([^"#]+)"', html)]

    entries = {e["url"]: e for e in real_site.json("scenarios.json")}
    for bucket in sorted({e["bucket"] for e in entries.values()}):
        bucket_url = f"buckets/{bucket}/"
        listing = real_site.html(bucket_url).split('id="also-relevant"')[0]
        order = list(dict.fromkeys(u for u in targets(bucket_url, listing) if u in entries))
        assert sorted(order) == sorted(u for u, e in entries.items() if e["bucket"] == bucket)
        for i, url in enumerate(order):
            html = real_site.html(url)
            foot = html[html.index('id="in-this-bucket"') :].split("</p>")[0]
            previous = [order[i - 1]] if i else []
            following = [order[i + 1]] if i + 1 < len(order) else []
            assert targets(url, foot) == [*previous, bucket_url, *following], url
