#!/usr/bin/env python3
"""Benchmark the site search as the collection grows: what a reader downloads and waits for,
and how often the wanted scenario comes first, with N generated scenarios competing.

A benchmark, not a test: it prints numbers and always exits 0 (unless a build fails or no
Chromium is installed).

For each N it builds the site with N generated scenarios (scripts/bench_build.py's generator:
``prepare(workdir, count, seed)`` and ``build(project, strict)``), serves it on 127.0.0.1 with
gzip, as a static host sends it (text gzipped, Pagefind's own files as they are: already
compressed), and in Debian's Chromium:

* for a seeded sample of the query set (tests/data/search_queries.yml), each in a fresh browser
  context (nothing cached, as on a first visit): opens the home page, focuses the search box
  and types the query; it records the bytes the server sent from the first keystroke until the
  query's results are on screen (pagefind.js, its worker and WebAssembly, the index chunks,
  the result fragments, the typo vocabulary) and that time, at normal speed and with the CPU
  slowed 4x (CDP ``Emulation.setCPUThrottlingRate``);
* types every query of the set into one page and counts how often one of the expected
  scenarios is first (top 1) or among the first three (top 3).

Usage:
    python scripts/bench_search.py [--sizes 0,5000] [--seed 0] [--sample 20] [--throttle 4]

Example:
    python scripts/bench_search.py --sizes 0,500 --sample 10
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import random
import statistics
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from scripts import bench_build, screenshots

ROOT = Path(__file__).resolve().parent.parent
QUERY_SET = ROOT / "tests" / "data" / "search_queries.yml"

# Sent gzipped by the server, as by GitHub Pages and most static hosts.
COMPRESSED_TYPES = (".html", ".js", ".css", ".json", ".txt", ".xml", ".svg", ".pf_meta")
RESULTS = "[data-search-results]"
SEARCH_INPUT = "[data-search-input]"


@dataclass(frozen=True)
class Query:
    text: str
    expected: tuple[str, ...]


def load_queries(path: Path = QUERY_SET) -> list[Query]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(item["query"], tuple(item["expected"])) for item in data["queries"]]


# --- a static server that gzips, and counts what it sends ---------------------------------------


class Counter:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.bytes = 0
        self.requests = 0

    def reset(self) -> None:
        with self.lock:
            self.bytes = self.requests = 0

    def add(self, count: int) -> None:
        with self.lock:
            self.bytes += count
            self.requests += 1


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    counter: Counter

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        encoded = "gzip" in self.headers.get("Accept-Encoding", "") and path.name.endswith(COMPRESSED_TYPES)
        if encoded:
            body = gzip.compress(body, compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        self.counter.add(len(body))


@contextlib.contextmanager
def serve_gzip(site_dir: Path) -> Iterator[tuple[str, Counter]]:
    """Serve ``site_dir`` on a free port of 127.0.0.1; yield (base URL, byte counter)."""
    counter = Counter()
    handler = functools.partial(type("Handler", (_GzipHandler,), {"counter": counter}), directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="bench-search-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", counter
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- the browser --------------------------------------------------------------------------------

# Records the time of the first key pressed in the box and of the first result of the complete
# query on screen (performance.now(), milliseconds).
TIMER = """() => {
  window.__bench = { typed: null, shown: null };
  const box = document.querySelector("[data-search-input]");
  box.addEventListener("keydown", () => { if (window.__bench.typed === null) window.__bench.typed = performance.now(); });
  const list = document.querySelector("[data-search-results]");
  new MutationObserver(() => {
    if (window.__bench.shown === null && list.querySelector("a") && list.dataset.searchQuery === window.__benchQuery) {
      window.__bench.shown = performance.now();
    }
  }).observe(list, { childList: true, subtree: true, attributes: true });
}"""


def first_search(browser: Any, base_url: str, counter: Counter, query: str, throttle: float) -> tuple[int, float]:
    """(bytes sent, milliseconds) from the first keystroke to the query's first result, in a
    fresh context: a reader's first search on their first page view."""
    context = browser.new_context(**screenshots.DESKTOP)
    try:
        page = context.new_page()
        if throttle > 1:
            cdp = context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        page.goto(base_url, wait_until="networkidle")
        page.evaluate(TIMER)
        page.evaluate("query => { window.__benchQuery = query; }", query.strip())
        box = page.locator(SEARCH_INPUT)
        counter.reset()
        box.click()
        page.keyboard.type(query)
        page.wait_for_function("() => window.__bench.shown !== null", timeout=60_000)
        sent = counter.bytes
        timing = page.evaluate("() => window.__bench")
        return sent, timing["shown"] - timing["typed"]
    finally:
        context.close()


def ranks(browser: Any, base_url: str, queries: Sequence[Query], ids: dict[str, str]) -> tuple[float, float]:
    """(top-1 share, top-3 share) of the query set, each query typed into one page's box."""
    context = browser.new_context(**screenshots.DESKTOP)
    try:
        page = context.new_page()
        page.goto(base_url)
        box = page.locator(SEARCH_INPUT)
        top1 = top3 = 0
        for query in queries:
            box.fill(query.text)
            page.wait_for_function(
                """q => { const l = document.querySelector("[data-search-results]");
                          return l.dataset.searchQuery === q && l.getAttribute("aria-busy") === "false"; }""",
                arg=query.text.strip(), timeout=60_000,
            )
            hrefs = page.locator(f"{RESULTS} a").evaluate_all("links => links.map(a => a.href)")
            found = [ids.get(urlsplit(href).path.removeprefix(urlsplit(base_url).path), "?") for href in hrefs]
            top1 += bool(found) and found[0] in query.expected
            top3 += bool(set(found[:3]) & set(query.expected))
        return top1 / len(queries), top3 / len(queries)
    finally:
        context.close()


def scenario_ids(site: Path) -> dict[str, str]:
    import json

    return {entry["url"]: entry["id"] for entry in json.loads((site / "scenarios.json").read_text(encoding="utf-8"))}


def bundle_kb(site: Path) -> float:
    return sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()) / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0,5000", help="comma-separated numbers of generated scenarios (default 0,5000)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the generated scenarios and of the timed sample")
    parser.add_argument("--sample", type=int, default=20, help="queries timed per size, each on a cold page (default 20)")
    parser.add_argument("--throttle", type=float, default=4, help="CPU slow-down of the second timing (default 4)")
    args = parser.parse_args(argv)

    if not screenshots.CHROMIUM.is_file():
        print(f"error: no Chromium at {screenshots.CHROMIUM}: {screenshots.INSTALL_HINT}", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    queries = load_queries()
    sample = random.Random(args.seed).sample(queries, min(args.sample, len(queries)))
    real = len(list((ROOT / "docs" / "scenarios").glob("*.md")))
    print(f"site: {real} real scenarios + N generated; {len(queries)} queries ({QUERY_SET.relative_to(ROOT)}); "
          f"timings: median and 90th percentile of {len(sample)} queries, each a first search on a cold page")
    print(f"{'N':>6} {'bundle KB':>10} {'KB to 1st result':>17} {'ms':>11} {f'ms at {args.throttle:g}x CPU':>15} "
          f"{'top 1':>6} {'top 3':>6}")
    with sync_playwright() as playwright:
        browser = screenshots.launch_chromium(playwright)
        try:
            for count in (int(size) for size in args.sizes.split(",")):
                with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
                    project = bench_build.prepare(Path(tmp), count, args.seed)
                    _, site = bench_build.build(project, strict=True)
                    with serve_gzip(site) as (base_url, counter):
                        normal = [first_search(browser, base_url, counter, q.text, 1) for q in sample]
                        slow = [first_search(browser, base_url, counter, q.text, args.throttle)[1] for q in sample]
                        top1, top3 = ranks(browser, base_url, queries, scenario_ids(site))
                    kb = [sent / 1024 for sent, _ in normal]
                    ms = [elapsed for _, elapsed in normal]
                    print(f"{count:>6} {bundle_kb(site):>10.0f} {percentiles(kb, '.0f'):>17} {percentiles(ms, '.0f'):>11} "
                          f"{percentiles(slow, '.0f'):>15} {top1:>6.1%} {top3:>6.1%}", flush=True)
        finally:
            browser.close()
    print("KB: gzip bytes sent from the first keystroke to the first result; ms: first keystroke to first result; "
          "cells are median/90th percentile")
    return 0


def percentiles(values: Sequence[float], spec: str) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return f"{format(statistics.median(ordered), spec)}/{format(p90, spec)}"


if __name__ == "__main__":
    sys.exit(main())
