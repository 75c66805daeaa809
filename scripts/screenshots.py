"""Screenshots of the built site for people: the home page, a bucket page, a scenario page and a
search result, in the light and the dark palette, on a desktop and on a phone.

    python scripts/screenshots.py                      # build the site, write screenshots/*.png
    python scripts/screenshots.py --site-dir site      # use an existing build (make build)
    python scripts/screenshots.py --out /tmp/shots     # somewhere else
    python scripts/screenshots.py --dry-run            # list the files it would write

The PNGs are for looking at (a pull request, the README), never committed: screenshots/ is in
.gitignore. The README's picture is scenario-light-desktop.png, copied to .github/screenshot.png.

It drives Debian's Chromium (``apt-get install -y chromium``) through Playwright and downloads
nothing: never run ``playwright install``. The browser tests (tests/test_browser_*.py) use the
helpers below, so the flags that keep Chromium off the network, the local server and the way a
search is typed live in one place.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "screenshots"

CHROMIUM = Path("/usr/bin/chromium")
INSTALL_HINT = "install Debian's Chromium: sudo apt-get install -y chromium (.ci/run does this in CI)"
# Without the background-networking flags Chromium calls Google hosts on its own (updates,
# field trials, sync); QUIC off keeps it to plain HTTP on 127.0.0.1.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)

DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}
PHONE: dict[str, Any] = {
    "viewport": {"width": 375, "height": 667},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
DEVICES = {"desktop": DESKTOP, "phone": PHONE}
SCHEMES = {"light": "default", "dark": "slate"}  # emulated colour scheme -> Material's scheme

# The site's search (overrides/partials/site-search.html, docs/javascripts/search.js).
SEARCH_INPUT = "input[data-search-input]"
SEARCH_TOGGLE = "button[data-search-toggle]"  # the header's search button, on narrow screens only
SEARCH_RESULTS = "[data-search-results]"  # the result links, best first
SEARCH_STATUS = "[data-search-status]"


# --- the site, served the way GitHub Pages serves it -----------------------------------------


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; a missing path gets the site's own 404.html with status 404, as on Pages."""

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass  # the test output stays readable; requests are recorded by the browser instead

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass
class SiteServer:
    """A built site served on 127.0.0.1; ``url`` ends with a slash."""

    url: str
    host: str
    _server: http.server.ThreadingHTTPServer = field(repr=False)


@contextlib.contextmanager
def serve_site(site_dir: Path) -> Iterator[SiteServer]:
    """Serve ``site_dir`` on a free port of 127.0.0.1 in a thread; stop it on exit."""
    handler = functools.partial(_SiteHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    host = f"127.0.0.1:{server.server_address[1]}"
    try:
        yield SiteServer(f"http://{host}/", host, server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- the browser ------------------------------------------------------------------------------


def launch_chromium(playwright: Any) -> Any:
    """Debian's Chromium, headless, kept off the network."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))


def settle(page: Any) -> None:
    """Wait two animation frames after a page load: Material sizes its sidebars and applies the
    palette in the frame after the load event, and a check made before sees a half-laid-out page."""
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def finish_transitions(page: Any) -> None:
    """After a tap: wait until no transition runs (the drawer sliding in, the search overlay
    fading in), then two frames. Gives up after about two seconds of frames."""
    page.evaluate(
        """() => new Promise(done => {
            let frames = 0;
            const running = () => document.getAnimations().some(a => a.playState === "running");
            const tick = () => running() && ++frames < 120
                ? requestAnimationFrame(tick)
                : requestAnimationFrame(() => requestAnimationFrame(done));
            tick();
        })"""
    )


def open_drawer(page: Any) -> None:
    """Tap the header's menu button (phones and tablets) and wait for the drawer to be open."""
    page.locator("label.md-header__button[for=__drawer]").tap()
    page.wait_for_function("() => document.getElementById('__drawer').checked")
    finish_transitions(page)


def open_search(page: Any) -> Any:
    """Open the search box (on a phone, through the header's search button) and focus it;
    return the input. Nothing is loaded before this: the focus starts loading the index."""
    box = page.locator(SEARCH_INPUT)
    toggle = page.locator(SEARCH_TOGGLE)
    if toggle.is_visible():
        if page.evaluate("() => navigator.maxTouchPoints > 0"):
            toggle.tap()
        else:
            toggle.click()
        box.wait_for(state="visible")
    box.click()
    return box


def wait_for_results(page: Any, query: str) -> None:
    """Wait until the results on screen are those of ``query`` (search.js marks the list with
    the query it shows, and aria-busy while a newer one runs)."""
    page.wait_for_function(
        """([selector, query]) => {
            const list = document.querySelector(selector);
            return list && list.dataset.searchQuery === query && list.getAttribute("aria-busy") === "false";
        }""",
        arg=[SEARCH_RESULTS, query.strip()],
        polling=25,
    )


def search(page: Any, query: str, base_url: str) -> list[str]:
    """Type ``query`` into the open search box key by key, as a reader does, and return the
    site-relative URL of each page in the results, best first."""
    box = page.locator(SEARCH_INPUT)
    box.fill("")
    box.press_sequentially(query)
    wait_for_results(page, query)
    hrefs = page.locator(f"{SEARCH_RESULTS} a").evaluate_all("links => links.map(link => link.href)")
    base = urlsplit(base_url).path
    pages = [urlsplit(href).path.removeprefix(base) for href in hrefs]
    return list(dict.fromkeys(pages))


# --- screenshots ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shot:
    name: str
    url: str  # site-relative
    query: str = ""  # typed into the search box before the picture is taken


SHOTS = (
    Shot("home", ""),
    Shot("bucket", "buckets/streaming/"),
    Shot("scenario", "scenarios/h11-zombie-kafka-offsets/"),
    Shot("search", "", query="failOnDataLoss"),
)


def planned_files(out: Path) -> list[Path]:
    """Every PNG a run writes: <page>-<light|dark>-<desktop|phone>.png."""
    return [
        out / f"{shot.name}-{scheme}-{device}.png"
        for scheme in SCHEMES
        for device in DEVICES
        for shot in SHOTS
    ]


def take_screenshots(site_dir: Path, out: Path) -> list[Path]:
    """Write every planned PNG into ``out``; return their paths."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve_site(site_dir) as server, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for scheme in SCHEMES:
                for device, options in DEVICES.items():
                    context = browser.new_context(color_scheme=scheme, **options)
                    page = context.new_page()
                    for shot in SHOTS:
                        page.goto(server.url + shot.url)
                        settle(page)
                        if shot.query:
                            open_search(page)
                            search(page, shot.query, server.url)
                            finish_transitions(page)
                        path = out / f"{shot.name}-{scheme}-{device}.png"
                        page.screenshot(path=str(path), animations="disabled")
                        written.append(path)
                    context.close()
        finally:
            browser.close()
    return written


def build_site(site_dir: Path) -> None:
    """``mkdocs build --strict`` of the repository into ``site_dir``."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "properdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)]
    subprocess.run(command, cwd=REPO_ROOT, env=env, check=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, help="a built site (default: build one in a temporary folder)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"where the PNGs go (default: {DEFAULT_OUT.name}/)")
    parser.add_argument("--dry-run", action="store_true", help="list the files it would write, write nothing")
    args = parser.parse_args(argv)

    if args.dry_run:
        for path in planned_files(args.out):
            print(path)
        return 0
    if not CHROMIUM.is_file():
        print(f"error: no Chromium at {CHROMIUM}: {INSTALL_HINT}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="screenshots-site-") as temporary:
        site_dir = args.site_dir
        if site_dir is None:
            site_dir = Path(temporary) / "site"
            build_site(site_dir)
        for path in take_screenshots(site_dir, args.out):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
