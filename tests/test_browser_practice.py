"""Practice mode in a real browser (docs/javascripts/practice.js): what a reader does with it.

Scenario pages open in Practice mode (the answer hidden until "Show answer", follow-up questions
one at a time) or in Read mode (remembered); the reader's status per scenario lives in
localStorage, shows on the bucket pages and the practice list, moves between browsers by export
and import; /practice/ filters the scenarios from its address, picks one at random and runs a
timed mock interview, all with the keyboard alone; `n`/`p` move between scenarios; "Copy link"
copies the short URL; the 404 page suggests the scenario a mistyped address meant. Without
JavaScript every page still shows everything. Checked in Chromium, on a desktop and on a
375 px phone, in the light and the dark palette, with axe's WCAG 2 A/AA rules.
"""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from scripts import screenshots as browser_helpers
from test_browser_a11y import AXE_OPTIONS, AXE_RUN, describe
from test_browser_phone import WIDER_THAN_SCREEN

STORE_KEY = "deis-progress-v1"
MODE_KEY = "deis-practice-mode"
M33 = "scenarios/m33-stateful-streaming/"
H11 = "scenarios/h11-zombie-kafka-offsets/"
H12 = "scenarios/h12-backfilling-stateful-streaming/"
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
TODAY = """() => { const d = new Date(), p = n => String(n).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`; }"""
FOCUSED = """() => { const e = document.activeElement;
    return e ? [e.tagName, (e.textContent || "").trim().replace(/\\s+/g, " "), e.id] : [null, "", ""]; }"""


# --- fixtures and helpers ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog(real_site) -> list[dict]:
    assert real_site.returncode == 0, real_site.output
    return real_site.json("scenarios.json")


@pytest.fixture(scope="module")
def published_root(real_site) -> str:
    """The site's published address (site_url), as the sitemap spells it."""
    sitemap = (real_site.dir / "sitemap.xml").read_text(encoding="utf-8")
    return min(re.findall(r"<loc>([^<]+)</loc>", sitemap), key=len)


@pytest.fixture
def open_page(browser, site_server, published_root):
    """``open_page(device="desktop", scheme="light", instant=True, **context_options)`` -> a page
    in a fresh browser profile. Requests to any other host are blocked and fail the test, and so
    does any uncaught script error.

    Material's instant navigation only takes over links to the URLs of sitemap.xml, and it
    resolves them to the page's host without its port: on the test server (a random port) every
    link would be a full page load. ``instant=True`` serves the sitemap with the test server's
    address, so pages are swapped the way they are on the published site."""
    contexts, errors, elsewhere = [], [], []

    def local_sitemap(route):
        try:
            response = route.fetch()
            route.fulfill(response=response, body=response.text().replace(published_root, site_server.url))
        except Exception:  # noqa: BLE001 - the page was closed while the sitemap was on its way
            pass

    def make(device: str = "desktop", scheme: str = "light", instant: bool = True, **options):
        context = browser.new_context(color_scheme=scheme, **browser_helpers.DEVICES[device], **options)
        context.route(lambda url: urlsplit(url).netloc not in ("", site_server.host),
                      lambda route: (elsewhere.append(route.request.url), route.abort()))
        if instant:
            context.route("**/sitemap.xml", local_sitemap)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()
    assert elsewhere == [], f"requests to other hosts: {elsewhere}"
    assert errors == [], f"script errors: {errors}"


def goto(page, site_server, url: str) -> None:
    page.goto(site_server.url + url)
    browser_helpers.settle(page)


def today(page) -> str:
    return page.evaluate(TODAY)


def days_from(iso: str, days: int) -> str:
    return date.fromordinal(date.fromisoformat(iso).toordinal() + days).isoformat()


def shown_date(iso: str) -> str:
    day = date.fromisoformat(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def stored(page) -> dict | None:
    raw = page.evaluate(f"() => localStorage.getItem({STORE_KEY!r})")
    return None if raw is None else json.loads(raw)


def seed(page, site_server, progress: dict) -> None:
    """Put progress in the browser's storage (from a page of the site, so it is the site's)."""
    if not page.url.startswith(site_server.url):
        goto(page, site_server, "")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORE_KEY, json.dumps(progress)])


def due_yesterday(page) -> dict:
    on = today(page)
    return {"status": "practised", "last": days_from(on, -4), "step": 0, "due": days_from(on, -1)}


def wait_for_scenario(page, url: str) -> None:
    """Wait until the scenario page at ``url`` is shown and set up. With instant navigation the
    address changes first and the content a moment later: the old page is still there when
    wait_for_url returns."""
    page.wait_for_url(url)
    page.wait_for_function(
        """() => { const canonical = document.querySelector("link[rel=canonical]");
            return canonical && canonical.href.endsWith(location.pathname) && document.querySelector(".practice-bar"); }"""
    )


def button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def focused(page) -> list:
    return page.evaluate(FOCUSED)


def tab_to(page, name: str, limit: int = 120) -> None:
    """Press Tab until a button, link or summary named ``name`` has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        tag, text, _ = focused(page)
        if tag in ("BUTTON", "A", "SUMMARY", "LABEL") and text == name:
            return
    raise AssertionError(f"{name!r} was not reached with Tab (focus is on {focused(page)})")


def rows(page) -> list[dict]:
    """The practice table, one dict per row, by column name."""
    return page.evaluate(
        """() => [...document.querySelectorAll(".practice-table tbody tr")].map(tr =>
            Object.fromEntries([...tr.cells].map(td => [td.dataset.label, td.textContent.trim()])))"""
    )


def axe(page) -> list[str]:
    return [line for violation in page.evaluate(AXE_RUN, AXE_OPTIONS) for line in describe(violation)]


def followups_visible(page) -> list[bool]:
    return [d.is_visible() for d in page.locator("article details.question").all()]


# --- scenario pages: Practice and Read ----------------------------------------------------------


def test_answer_is_hidden_until_show_answer_and_follow_ups_come_one_at_a_time(open_page, site_server):
    page = open_page()
    goto(page, site_server, M33)
    heading, steps = page.locator("#in-one-minute"), page.locator("#in-one-minute ~ ol").first
    # The title, ID, difficulty and the question stay; the prompt walks through the three steps.
    assert page.locator("article h1").is_visible()
    assert page.locator(".scenario-meta .difficulty").is_visible()
    assert page.locator("#interview-question + p").is_visible()
    prompt = page.locator(".practice-prompt").inner_text()
    assert "Answer aloud first" in prompt
    assert all(step in prompt for step in ("Immediate fix", "Long-term prevention", "How to communicate it"))
    assert button(page, "Practice").get_attribute("aria-pressed") == "true"
    assert button(page, "Read").get_attribute("aria-pressed") == "false"
    # Everything from "In one minute" to the end of the article is hidden.
    assert not heading.is_visible() and not steps.is_visible()
    for anchor in ("whats-happening", "answer", "follow-up-questions", "original-notes", "related-scenarios", "in-this-bucket"):
        assert not page.locator(f"#{anchor}").is_visible(), anchor
    assert not any(followups_visible(page))

    button(page, "Show answer").click()
    assert heading.is_visible() and steps.is_visible()
    assert "Immediate fix" in steps.inner_text()
    assert focused(page)[2] == "in-one-minute", "the focus moves to the answer"
    assert not button(page, "Show answer").is_visible()
    assert page.locator("#related-scenarios").is_visible()

    # One follow-up at a time; each new one takes the focus; its answer stays collapsed.
    total = len(followups_visible(page))
    assert total >= 3
    assert followups_visible(page) == [True] + [False] * (total - 1)
    assert page.locator("article details.question").first.get_attribute("open") is None
    for shown in range(2, total + 1):
        button(page, "Next follow-up question").click()
        assert followups_visible(page) == [True] * shown + [False] * (total - shown)
        assert focused(page)[0] == "SUMMARY"
    assert not button(page, "Next follow-up question").is_visible()


def test_the_keyboard_reveals_the_answer(open_page, site_server):
    page = open_page()
    goto(page, site_server, M33)
    tab_to(page, "Show answer")
    page.keyboard.press("Enter")
    assert page.locator("#in-one-minute").is_visible()
    tab_to(page, "Next follow-up question")
    page.keyboard.press("Space")
    assert followups_visible(page)[:3] == [True, True, False]


def test_read_mode_shows_everything_and_is_remembered(open_page, site_server):
    page = open_page()
    goto(page, site_server, M33)
    button(page, "Read").click()
    assert button(page, "Read").get_attribute("aria-pressed") == "true"
    assert button(page, "Practice").get_attribute("aria-pressed") == "false"
    assert page.locator("#in-one-minute").is_visible()
    assert all(followups_visible(page))
    assert not button(page, "Show answer").is_visible()
    assert not page.locator(".practice-prompt").is_visible()
    assert page.get_by_role("group", name="Your progress").is_visible(), "progress is reachable in Read mode"

    page.reload()
    browser_helpers.settle(page)
    assert page.locator("#in-one-minute").is_visible() and all(followups_visible(page))
    assert button(page, "Read").get_attribute("aria-pressed") == "true"
    goto(page, site_server, H11)
    assert page.locator("#in-one-minute").is_visible() and all(followups_visible(page))
    assert page.evaluate(f"() => localStorage.getItem({MODE_KEY!r})") == "read"

    button(page, "Practice").click()
    assert not page.locator("#in-one-minute").is_visible()
    goto(page, site_server, M33)
    assert not page.locator("#in-one-minute").is_visible()


def test_a_link_to_a_hidden_section_shows_it(open_page, site_server):
    """The table of contents, or a search result, links into the answer: it is shown."""
    page = open_page()
    goto(page, site_server, M33)
    page.locator(".md-sidebar--secondary").get_by_role("link", name="Long-term prevention").click()
    assert page.locator("#long-term-prevention").is_visible()
    for arrival in ("load", "instant"):
        if arrival == "load":
            goto(page, site_server, M33 + "#trade-offs-and-pitfalls")
        else:  # a link from another page (a search result), followed without a page load
            goto(page, site_server, "buckets/streaming/")
            page.wait_for_load_state("networkidle")
            page.evaluate("([url]) => { const a = document.createElement('a'); a.href = url; document.body.append(a); a.click(); }",
                          [site_server.url + M33 + "#trade-offs-and-pitfalls"])
            page.wait_for_url("**#trade-offs-and-pitfalls")
            page.wait_for_selector("#trade-offs-and-pitfalls", state="visible")
        target = page.locator("#trade-offs-and-pitfalls")
        assert target.is_visible(), arrival
        page.wait_for_function("() => { const r = document.getElementById('trade-offs-and-pitfalls').getBoundingClientRect();"
                               " return r.top >= 0 && r.top < innerHeight; }", timeout=3000)


def test_printing_shows_everything_and_no_buttons(open_page, site_server):
    page = open_page()
    goto(page, site_server, M33)
    page.emulate_media(media="print")
    assert page.locator("#in-one-minute").is_visible()
    assert all(followups_visible(page))
    assert page.locator("article .practice-button").count() >= 8
    assert page.locator("article .practice-button").evaluate_all("buttons => buttons.filter(b => b.checkVisibility()).length") == 0
    assert not page.locator(".practice-prompt").is_visible()


def test_without_javascript_the_whole_scenario_shows(open_page, site_server):
    page = open_page(java_script_enabled=False)
    page.goto(site_server.url + M33)  # (no settle(): it waits for animation frames, a script)
    assert page.locator("#in-one-minute").is_visible()
    assert page.locator("#in-one-minute ~ ol").first.is_visible()
    assert all(followups_visible(page)) and len(followups_visible(page)) >= 3
    assert page.locator("#related-scenarios").is_visible()
    assert page.locator("article button").count() == 0
    page.goto(site_server.url + "practice/")
    assert page.locator("[data-practice-filters]").is_visible()
    assert "need JavaScript" in page.locator("article").inner_text()


def test_instant_navigation_sets_up_each_page_once(open_page, site_server, catalog):
    page = open_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if request.url.endswith("/scenarios.json") else None)
    page.goto(site_server.url + "buckets/streaming/", wait_until="networkidle")  # the sitemap is in
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator("article").get_by_role("link", name="M33 · Stateful Streaming").click()
    wait_for_scenario(page, site_server.url + M33)
    assert page.evaluate("() => window.__sameDocument") is True, "Material's instant navigation swapped the page"
    assert page.locator(".practice-bar").count() == 1
    assert page.locator(".practice-progress").count() == 1
    assert not page.locator("#in-one-minute").is_visible()
    button(page, "Show answer").click()
    assert page.locator("#in-one-minute").is_visible()
    # On to the next scenario through the pager, back to the bucket, to the practice list.
    following = page.locator(".scenario-pager a[rel=next]").first.evaluate("a => a.href")
    page.locator(".scenario-pager a[rel=next]").first.click()
    wait_for_scenario(page, following)
    assert not page.locator("#in-one-minute").is_visible()
    assert page.locator(".practice-bar").count() == 1
    button(page, "Show answer").click()
    page.locator(".scenario-about").get_by_role("link", name="Streaming / Real-Time").click()
    page.wait_for_url(site_server.url + "buckets/streaming/")
    page.wait_for_selector(".practice-summary-line")
    page.locator(".progress-summary a").click()
    page.wait_for_url(re.compile(r".*/practice/\?bucket=streaming&status=new$"))
    page.wait_for_selector(".practice-table tbody tr")
    assert page.evaluate("() => window.__sameDocument") is True
    assert len(rows(page)) == min(50, sum(s["bucket"] == "streaming" for s in catalog))
    assert len(fetched) == 1, "scenarios.json is loaded once per page life"


def test_a_scenario_page_without_progress_does_not_load_the_catalog(open_page, site_server):
    page = open_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url) if "scenarios.json" in request.url else None)
    goto(page, site_server, M33)
    page.wait_for_load_state("networkidle")
    assert fetched == []


# --- progress ----------------------------------------------------------------------------------


def test_a_status_survives_a_reload_and_shows_on_the_bucket_page_and_the_practice_list(open_page, site_server, catalog):
    streaming = sum(s["bucket"] == "streaming" for s in catalog)
    page = open_page()
    goto(page, site_server, M33)
    group = page.get_by_role("group", name="Your progress")
    assert [b.inner_text() for b in group.get_by_role("button").all()] == ["New", "Practised", "Confident", "Review again"]
    assert button(page, "New").get_attribute("aria-pressed") == "true"
    assert "Not practised yet" in group.inner_text()

    button(page, "Practised").click()
    on = today(page)
    assert button(page, "Practised").get_attribute("aria-pressed") == "true"
    assert button(page, "New").get_attribute("aria-pressed") == "false"
    assert f"Last practised {shown_date(on)} · due again {shown_date(days_from(on, 1))}" in group.inner_text()
    assert stored(page) == {"version": 1, "scenarios": {"M33": {"status": "practised", "last": on, "step": 0, "due": days_from(on, 1)}}}

    page.reload()
    browser_helpers.settle(page)
    assert button(page, "Practised").get_attribute("aria-pressed") == "true"

    # H12 is due since yesterday (stored as if practised days ago).
    data = stored(page)
    data["scenarios"]["H12"] = due_yesterday(page)
    seed(page, site_server, data)

    goto(page, site_server, "buckets/streaming/")
    summary = page.locator("[data-progress-summary]")
    page.wait_for_selector(".practice-summary-line")
    assert f"2 of {streaming} practised · 1 due today" in summary.inner_text()
    due_link = summary.get_by_role("link", name="Practise the due ones")
    query = parse_qs(urlsplit(due_link.get_attribute("href")).query)
    assert query == {"bucket": ["streaming"], "status": ["due"]}
    m33 = page.locator("article li", has=page.get_by_role("link", name="M33 · Stateful Streaming"))
    assert m33.locator(".practice-mark").text_content() == "✓ (practised)"
    assert m33.locator(".practice-mark [aria-hidden=true]").inner_text() == "✓"
    h12 = page.locator("article li", has=page.get_by_role("link", name="H12 · Backfilling Stateful Streaming"))
    assert h12.locator(".practice-mark").text_content() == "↻ (due for review)"
    h11 = page.locator("article li", has=page.get_by_role("link", name="H11 · Zombie Kafka Offsets: Data Loss on Restart"))
    assert h11.locator(".practice-mark").count() == 0, "nothing for a new scenario"

    goto(page, site_server, "")
    page.wait_for_selector(".practice-summary-line")
    assert f"2 of {len(catalog)} practised · 1 due today" in page.locator("[data-progress-summary]").inner_text()

    goto(page, site_server, "practice/?bucket=streaming")
    page.wait_for_selector(".practice-table tbody tr")
    by_id = {row["ID"]: row for row in rows(page)}
    assert by_id["M33"]["Status"] == "Practised"
    assert by_id["M33"]["Due"] == shown_date(days_from(on, 1))
    assert by_id["H12"]["Status"] == "Practised · due"
    assert by_id["H11"]["Status"] == "New" and by_id["H11"]["Due"] == ""
    assert page.locator(".practice-table .practice-mark").count() == 0, "the table has its own Status column"

    page.select_option("#practice-status", "due")
    assert [row["ID"] for row in rows(page)] == ["H12"]
    page.select_option("#practice-status", "new")
    assert "M33" not in {row["ID"] for row in rows(page)} and len(rows(page)) == min(50, streaming - 2)


def test_new_clears_the_record_and_related_links_are_marked(open_page, site_server):
    page = open_page()
    goto(page, site_server, M33)
    button(page, "Review again").click()
    assert stored(page)["scenarios"]["M33"]["status"] == "review"
    # M33 is among H12's related scenarios: the link is marked (once; the pagers are not).
    goto(page, site_server, H12)
    button(page, "Read").click()
    mark = page.locator("#related-scenarios + ul li", has=page.get_by_role("link", name="M33 · Stateful Streaming")).locator(".practice-mark")
    mark.wait_for()
    assert mark.text_content() == "↻ (to review again)"
    assert page.locator("article .practice-mark").count() == 1
    goto(page, site_server, M33)
    button(page, "New").click()
    assert stored(page) == {"version": 1, "scenarios": {}}
    assert "Not practised yet" in page.get_by_role("group", name="Your progress").inner_text()


def test_spaced_review_rule(open_page, site_server):
    page = open_page()
    goto(page, site_server, "")
    result = page.evaluate(
        """() => {
            const { nextReview, addDays } = window.__deisPractice;
            const walk = (steps) => { let record = null; return steps.map(([status, on]) => (record = nextReview(record, status, on))); };
            return {
                practised: walk([["practised", "2026-12-02"], ["practised", "2026-12-02"], ["practised", "2026-12-03"],
                                 ["practised", "2026-12-06"], ["practised", "2026-12-13"], ["practised", "2026-12-27"],
                                 ["practised", "2027-01-26"], ["review", "2027-02-01"], ["practised", "2027-02-02"]]),
                confident: walk([["confident", "2026-12-02"], ["confident", "2026-12-16"], ["confident", "2027-01-15"]]),
                newClears: nextReview({ status: "practised", last: "2026-12-02", step: 2, due: "2026-12-09" }, "new", "2026-12-03"),
                dates: [addDays("2026-12-31", 1), addDays("2028-02-28", 1), addDays("2027-02-28", 1), addDays("2026-03-29", 30)],
            };
        }"""
    )
    steps = [(r["status"], r["step"], r["due"]) for r in result["practised"]]
    assert steps == [
        ("practised", 0, "2026-12-03"),  # first time: tomorrow
        ("practised", 0, "2026-12-03"),  # the same day again: no advance
        ("practised", 1, "2026-12-06"),  # a later day: 3 days
        ("practised", 2, "2026-12-13"),  # 7
        ("practised", 3, "2026-12-27"),  # 14
        ("practised", 4, "2027-01-26"),  # 30
        ("practised", 4, "2027-02-25"),  # capped at 30
        ("review", 0, "2027-02-02"),  # review again: back to tomorrow
        ("practised", 1, "2027-02-05"),
    ]
    assert [(r["step"], r["due"]) for r in result["confident"]] == [(3, "2026-12-16"), (4, "2027-01-15"), (4, "2027-02-14")]
    assert all(r["last"] for r in result["practised"] + result["confident"])
    assert result["newClears"] is None
    assert result["dates"] == ["2027-01-01", "2028-02-29", "2027-03-01", "2026-04-28"]


def test_changing_ones_mind_on_the_same_page_does_not_advance_twice(open_page, site_server):
    page = open_page()
    on = None
    goto(page, site_server, "")
    on = today(page)
    seed(page, site_server, {"version": 1, "scenarios": {"M33": {"status": "practised", "last": days_from(on, -3), "step": 1, "due": on}}})
    goto(page, site_server, M33)
    for name in ("Practised", "Review again", "Practised", "Practised"):
        button(page, name).click()
    assert stored(page)["scenarios"]["M33"] == {"status": "practised", "last": on, "step": 2, "due": days_from(on, 7)}


# --- export and import -----------------------------------------------------------------------


def import_file(page, content: str | bytes, name: str = "progress.json") -> None:
    with page.expect_file_chooser() as chooser:
        button(page, "Import progress").click()
    body = content.encode() if isinstance(content, str) else content
    chooser.value.set_files({"name": name, "mimeType": "application/json", "buffer": body})


def test_export_then_import_into_a_fresh_browser_restores_the_progress(open_page, site_server, tmp_path):
    first = open_page()
    goto(first, site_server, M33)
    button(first, "Confident").click()
    goto(first, site_server, H11)
    button(first, "Review again").click()
    goto(first, site_server, "practice/")
    first.wait_for_selector(".practice-table tbody tr")
    with first.expect_download() as download:
        button(first, "Export progress").click()
    assert download.value.suggested_filename == f"de-interview-progress-{today(first)}.json"
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    exported = json.loads(path.read_text(encoding="utf-8"))
    assert exported == stored(first)
    assert set(exported["scenarios"]) == {"M33", "H11"}
    assert "Exported progress for 2 scenarios" in first.get_by_role("status").filter(has_text="Exported").inner_text()

    second = open_page()  # a new context: a fresh profile, nothing stored
    goto(second, site_server, "practice/")
    second.wait_for_selector(".practice-table tbody tr")
    assert stored(second) is None
    dialogs = []
    second.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    with second.expect_file_chooser() as chooser:
        button(second, "Import progress").click()
    chooser.value.set_files(str(path))
    second.get_by_text("Imported progress for 2 scenarios").wait_for()
    assert dialogs == [], "nothing to overwrite: no question asked"
    assert stored(second) == stored(first)
    by_id = {row["ID"]: row for row in rows(second)}
    assert by_id["M33"]["Status"] == "Confident" and by_id["H11"]["Status"] == "Review again"


@pytest.mark.parametrize(
    "content, says",
    [
        ("this is not json", "it is not valid JSON"),
        ('{"version": 1, "scenarios": {"M33": {"status": "done", "last": "2026-12-02", "step": 1, "due": "2026-12-05"}}}',
         "scenarios.M33.status is 'done', expected new, practised, confident or review"),
        ('{"version": 2, "scenarios": {}}', "version is '2', expected 1"),
        ('{"version": 1, "scenarios": {"X1": {"status": "new"}}}', "'X1' is not a scenario ID"),
        ('{"version": 1, "scenarios": {"M33": {"status": "practised", "last": "2026-02-30", "step": 1, "due": "2026-03-05"}}}',
         "scenarios.M33.last is '2026-02-30', expected a date"),
        ('{"version": 1, "scenarios": {"M33": {"status": "practised", "last": "2026-12-02", "step": 7, "due": "2026-12-05"}}}',
         "scenarios.M33.step is '7', expected a whole number from 0 to 4"),
        ("[]", "it does not hold a JSON object"),
    ],
)
def test_a_bad_import_file_is_refused_with_a_clear_message(open_page, site_server, content, says):
    page = open_page()
    goto(page, site_server, "")
    on = today(page)
    before = {"version": 1, "scenarios": {"H11": {"status": "practised", "last": on, "step": 0, "due": days_from(on, 1)}}}
    seed(page, site_server, before)
    goto(page, site_server, "")  # the home page has Export/Import too
    page.wait_for_selector(".practice-summary-line")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    import_file(page, content)
    alert = page.get_by_role("alert").filter(has_text="not progress exported")
    alert.wait_for()
    assert alert.is_visible()
    text = alert.inner_text()
    assert text.startswith("This file is not progress exported from this site: ")
    assert says in text and "Nothing was changed" in text
    assert dialogs == []
    assert stored(page) == before


def test_import_asks_before_overwriting_existing_progress(open_page, site_server):
    page = open_page()
    goto(page, site_server, "")
    on = today(page)
    before = {"version": 1, "scenarios": {"H11": {"status": "practised", "last": on, "step": 0, "due": days_from(on, 1)}}}
    incoming = {"version": 1, "scenarios": {
        "M33": {"status": "confident", "last": on, "step": 3, "due": days_from(on, 14)},
        "SD01": {"status": "new"},
    }}
    seed(page, site_server, before)
    goto(page, site_server, "practice/")
    page.wait_for_selector(".practice-table tbody tr")

    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    import_file(page, json.dumps(incoming))
    page.get_by_text("Import cancelled. Nothing was changed.").wait_for()
    assert len(asked) == 1 and "Replace the progress saved in this browser (1 scenario)" in asked[0]
    assert stored(page) == before

    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    import_file(page, json.dumps(incoming))
    page.get_by_text("Imported progress for 2 scenarios").wait_for()
    assert len(asked) == 2
    assert stored(page) == incoming
    by_id = {row["ID"]: row for row in rows(page)}
    assert by_id["M33"]["Status"] == "Confident" and by_id["H11"]["Status"] == "New"


# --- the practice page -------------------------------------------------------------------------


def test_a_filtered_address_shows_only_matching_rows_and_the_filters_write_the_address(open_page, site_server, catalog):
    page = open_page()
    goto(page, site_server, "practice/?bucket=streaming&difficulty=medium")
    page.wait_for_selector(".practice-table tbody tr")
    names = page.evaluate("""() => Object.fromEntries(["bucket", "difficulty", "technology"].map(key =>
        [key, Object.fromEntries([...document.querySelectorAll(`select[name=${key}] option`)].map(o => [o.value, o.textContent]))]))""")
    expected = [s for s in catalog if s["bucket"] == "streaming" and s["difficulty"] == "medium"]
    found = rows(page)
    assert [row["ID"] for row in found] == [s["id"] for s in expected]
    assert all(row["Bucket"] == names["bucket"]["streaming"] and row["Difficulty"] == "Medium" for row in found)
    by_id = {s["id"]: s for s in catalog}
    for row in found:
        scenario = by_id[row["ID"]]
        assert row["Title"] == scenario["title"]
        assert row["Technologies"] == ", ".join(names["technology"][t] for t in scenario["technologies"])
    assert page.locator(".practice-count").inner_text() == f"{len(expected)} scenarios match."
    links = page.locator(".practice-table tbody a").evaluate_all("links => links.map(a => a.href)")
    assert links == [site_server.url + s["url"] for s in expected]
    assert page.locator("#practice-bucket").input_value() == "streaming"

    page.select_option("#practice-difficulty", "hard")
    assert parse_qs(urlsplit(page.url).query) == {"bucket": ["streaming"], "difficulty": ["hard"]}
    assert [row["ID"] for row in rows(page)] == [s["id"] for s in catalog if s["bucket"] == "streaming" and s["difficulty"] == "hard"]
    page.select_option("#practice-bucket", "")
    page.select_option("#practice-technology", "kafka")
    assert parse_qs(urlsplit(page.url).query) == {"difficulty": ["hard"], "technology": ["kafka"]}
    assert [row["ID"] for row in rows(page)] == [s["id"] for s in catalog if s["difficulty"] == "hard" and "kafka" in s["technologies"]]

    # The address is the whole state: a reload (or a shared link) shows the same list.
    page.reload()
    browser_helpers.settle(page)
    page.wait_for_selector(".practice-table tbody tr")
    assert page.locator("#practice-technology").input_value() == "kafka"
    assert [row["ID"] for row in rows(page)] == [s["id"] for s in catalog if s["difficulty"] == "hard" and "kafka" in s["technologies"]]

    # An unknown value is ignored rather than matching nothing.
    goto(page, site_server, "practice/?bucket=no-such-bucket")
    page.wait_for_selector(".practice-table tbody tr")
    assert page.locator("#practice-bucket").input_value() == ""
    assert page.locator(".practice-count").inner_text().startswith(f"{len(catalog)} scenarios match")
    assert len(rows(page)) == min(50, len(catalog))


def test_nothing_matches_says_so_and_disables_random(open_page, site_server, catalog):
    page = open_page()
    goto(page, site_server, "practice/?status=due")
    page.wait_for_selector(".practice-count:not(:empty)")
    assert "No scenario matches these filters" in page.locator(".practice-count").inner_text()
    assert rows(page) == []
    assert button(page, "Random").is_disabled()
    button(page, "Start mock interview").click()
    assert "widen them" in page.get_by_role("alert").filter(has_text="widen").inner_text()


def test_random_opens_a_scenario_within_the_filter_preferring_due_ones(open_page, site_server, catalog):
    page = open_page()
    goto(page, site_server, "practice/?bucket=streaming&difficulty=medium")
    page.wait_for_selector(".practice-table tbody tr")
    allowed = {site_server.url + s["url"] for s in catalog if s["bucket"] == "streaming" and s["difficulty"] == "medium"}
    button(page, "Random").click()
    page.wait_for_url(lambda url: url in allowed)

    # H12 is due: among the hard streaming scenarios, Random always opens it.
    seed(page, site_server, {"version": 1, "scenarios": {"H12": due_yesterday(page)}})
    for _ in range(3):
        goto(page, site_server, "practice/?bucket=streaming&difficulty=hard")
        page.wait_for_selector(".practice-table tbody tr")
        button(page, "Random").click()
        page.wait_for_url(site_server.url + H12)


def test_five_thousand_scenarios_stay_fast_and_paged(open_page, site_server):
    page = open_page()
    buckets, levels = ["batch", "streaming", "cost", "security"], ["easy", "medium", "hard"]
    many = [
        {"id": f"M{n:04d}", "title": f"Scenario {n}", "url": M33, "difficulty": levels[n % 3], "bucket": buckets[n % 4],
         "technologies": ["kafka"] if n % 2 else ["dbt", "airflow"], "short_url": f"m{n:04d}/"}
        for n in range(1, 5001)
    ]
    page.context.route("**/scenarios.json", lambda route: route.fulfill(json=many))
    goto(page, site_server, "practice/")
    page.wait_for_selector(".practice-table tbody tr")
    assert page.locator(".practice-count").inner_text() == "5000 scenarios match (showing 1–50)."
    assert len(rows(page)) == 50
    assert page.locator(".practice-page").inner_text() == "Page 1 of 100"
    assert button(page, "Previous page").is_disabled()
    button(page, "Next page").click()
    assert rows(page)[0]["ID"] == "M0051"
    assert page.locator(".practice-count").inner_text() == "5000 scenarios match (showing 51–100)."

    elapsed = page.evaluate("""() => {
        const select = document.getElementById("practice-technology");
        const start = performance.now();
        select.value = "kafka";
        select.dispatchEvent(new Event("change", { bubbles: true }));
        return performance.now() - start;
    }""")
    assert elapsed < 500, f"filtering 5,000 scenarios took {elapsed:.0f} ms"
    assert page.locator(".practice-count").inner_text() == "2500 scenarios match (showing 1–50)."
    assert len(rows(page)) == 50
    assert all(row["Technologies"] == "Apache Kafka" for row in rows(page))


# --- the mock interview ------------------------------------------------------------------------


def test_a_mock_interview_runs_to_the_end_with_the_keyboard_only(open_page, site_server, catalog):
    page = open_page()
    goto(page, site_server, "practice/?bucket=streaming&difficulty=hard")
    page.wait_for_selector(".practice-table tbody tr")
    chosen_from = {s["id"] for s in catalog if s["bucket"] == "streaming" and s["difficulty"] == "hard"}
    assert len(chosen_from) >= 3
    assert page.locator("#practice-mock-count").input_value() == "3"
    assert page.locator("#practice-mock-minutes").input_value() == "10"

    tab_to(page, "Start mock interview")
    page.keyboard.press("Enter")
    scores = ["Practised", "Confident", "Review again"]
    asked = []
    for number, score in enumerate(scores, start=1):
        heading = page.get_by_role("heading", name=f"Question {number} of 3")
        heading.wait_for()
        assert focused(page)[1] == f"Question {number} of 3", "the focus is on the new question"
        page.wait_for_selector(".practice-mock-question")
        meta = page.locator(".practice-mock-meta").inner_text()
        asked.append(meta.split(" · ")[0])
        assert page.locator(".practice-mock-question").inner_text().strip()
        assert re.fullmatch(r"\d\d:\d\d", page.locator(".practice-clock").inner_text())
        assert page.locator(".practice-clock").get_attribute("role") == "timer"
        assert "Immediate fix" in page.locator(".practice-mock .practice-prompt").inner_text()
        assert not page.locator(".practice-mock-answer").is_visible()

        tab_to(page, "Show answer")
        page.keyboard.press("Space")
        assert page.locator(".practice-mock-answer").is_visible()
        assert focused(page)[1] == "In one minute"
        assert "Immediate fix" in page.locator(".practice-mock-answer ol").first.inner_text()
        followups = page.locator(".practice-mock-followups details")
        assert followups.count() == 1
        tab_to(page, "Next follow-up question")
        page.keyboard.press("Enter")
        assert followups.count() == 2
        assert focused(page)[0] == "SUMMARY"

        tab_to(page, score)
        page.keyboard.press("Space")
        assert button(page, score).get_attribute("aria-pressed") == "true"
        tab_to(page, "See the summary" if number == 3 else "Next question")
        page.keyboard.press("Enter")

    page.get_by_role("heading", name="Mock interview finished").wait_for()
    assert focused(page)[1] == "Mock interview finished"
    summary = page.locator(".practice-mock").inner_text()
    assert "3 questions of 3 asked." in summary
    assert all(line in summary for line in ("Practised: 1", "Confident: 1", "Review again: 1", "Not scored: 0"))
    assert len(set(asked)) == 3 and set(asked) <= chosen_from
    progress = stored(page)["scenarios"]
    assert {scenario: progress[scenario]["status"] for scenario in asked} == dict(zip(asked, ["practised", "confident", "review"]))

    tab_to(page, "Finish")
    page.keyboard.press("Enter")
    assert not page.locator(".practice-mock").count()
    assert page.locator("[data-practice-filters]").is_visible()
    assert focused(page)[1] == "Start mock interview"
    statuses = {row["ID"]: row["Status"] for row in rows(page) if row["Status"] != "New"}
    assert statuses == dict(zip(asked, ["Practised", "Confident", "Review again"]))


def test_a_mock_interview_can_end_early_and_says_when_time_is_up(open_page, site_server):
    page = open_page()
    page.clock.install()
    goto(page, site_server, "practice/?bucket=streaming")
    page.wait_for_selector(".practice-table tbody tr")
    page.locator("#practice-mock-minutes").fill("1")
    button(page, "Start mock interview").click()
    page.wait_for_selector(".practice-mock-question")
    assert page.locator(".practice-clock").inner_text() in ("01:00", "00:59")
    page.clock.run_for(2000)
    assert page.locator(".practice-clock").inner_text() in ("00:58", "00:57")  # the clock also runs on its own
    assert page.locator(".practice-time-up").inner_text() == ""
    page.clock.run_for(60000)
    assert page.locator(".practice-clock").inner_text() == "00:00"
    assert "Time is up" in page.locator(".practice-time-up").inner_text()
    assert page.locator(".practice-time-up").get_attribute("aria-live") == "assertive"
    button(page, "End interview").click()
    page.get_by_role("heading", name="Mock interview finished").wait_for()
    assert "1 question of 3 asked." in page.locator(".practice-mock").inner_text()
    assert "Not scored: 1" in page.locator(".practice-mock").inner_text()
    assert stored(page) is None


# --- navigation, sharing, 404 ------------------------------------------------------------------


def pager_link(page, rel: str) -> str:
    return page.locator(f".scenario-pager a[rel={rel}]").first.evaluate("a => a.href")


def head_links(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('head link[rel=prev], head link[rel=next]')].map(l => l.rel + ' ' + l.href)")


@pytest.mark.parametrize("instant", [True, False], ids=["instant-navigation", "page-loads"])
def test_n_and_p_move_between_scenarios(open_page, site_server, instant):
    page = open_page(instant=instant)
    page.goto(site_server.url + M33, wait_until="networkidle")
    page.evaluate("() => { window.__sameDocument = true; }")
    start_links = head_links(page)
    path = [page.url]
    for _ in range(2):  # n, n: the next scenario in the bucket, twice
        following = pager_link(page, "next")
        page.keyboard.press("n")
        wait_for_scenario(page, following)
        path.append(following)
        button(page, "Show answer").click()  # the focus on the page's own controls does not stop the keys
    for back in reversed(path[:-1]):  # p, p: back again
        assert pager_link(page, "prev") == back
        page.keyboard.press("p")
        wait_for_scenario(page, back)
    assert page.locator(".scenario-meta strong").first.inner_text() == "M33"
    # With instant navigation the head's <link rel=prev/next> follow each swapped page.
    assert page.evaluate("() => window.__sameDocument") is (True if instant else None)
    assert head_links(page) == start_links
    # Typing in a field is not navigation.
    field = page.locator("input[type=search]").first
    field.focus()
    field.press("n")
    page.wait_for_timeout(300)
    assert urlsplit(page.url).path == "/" + M33


def test_copy_link_copies_the_absolute_short_url_and_short_urls_land_on_the_scenario(open_page, site_server):
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    goto(page, site_server, M33)
    short = site_server.url + "m33/"
    assert page.locator(".scenario-short-link").inner_text() == short
    button(page, "Copy link").click()
    page.get_by_role("status").filter(has_text="Link copied").wait_for()
    assert page.evaluate("() => navigator.clipboard.readText()") == short
    for address in ("M33/", "m33/"):
        page.goto(site_server.url + address)
        page.wait_for_url(site_server.url + M33)
        assert page.locator(".scenario-meta strong").first.inner_text() == "M33"


@pytest.mark.parametrize(
    "address, scenario",
    [("sd9/", "SD09"), ("sd-9/", "SD09"), ("scenarios/m33-old-name/", "M33"), ("m033/", "M33"), ("H11-zombies/", "H11"),
     ("nothing-like-it/", None)],
)
def test_the_404_page_suggests_the_scenario_an_address_meant(open_page, site_server, catalog, address, scenario):
    page = open_page()
    response = page.goto(site_server.url + address)
    browser_helpers.settle(page)
    assert response.status == 404
    box = page.locator("[data-not-found-suggestion]")
    if scenario is None:
        page.wait_for_load_state("networkidle")
        assert box.inner_text() == ""
        return
    link = box.get_by_role("link")
    link.wait_for()
    target = next(s for s in catalog if s["id"] == scenario)
    assert link.inner_text() == f"{scenario} · {target['title']}"
    assert link.get_attribute("href") == site_server.url + target["url"]
    link.click()
    page.wait_for_url(site_server.url + target["url"])


def test_the_404_search_control_works_from_the_keyboard(open_page, site_server):
    page = open_page()
    page.goto(site_server.url + "no-such-page/")
    browser_helpers.settle(page)
    control = page.locator(".not-found-search")
    assert control.evaluate("e => e.tagName === 'BUTTON' || e.getAttribute('role') === 'button'")
    tab_to(page, "search the site")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.activeElement.matches('input[type=search], input[data-md-component=search-query]')")
    page.keyboard.press("Escape")
    control.focus()
    page.keyboard.press(" ")
    page.wait_for_function("() => document.activeElement.matches('input[type=search], input[data-md-component=search-query]')")


# --- accessibility and the phone -----------------------------------------------------------------


@pytest.mark.parametrize("scheme", list(browser_helpers.SCHEMES))
def test_practice_mode_has_no_wcag_a_or_aa_violation(open_page, site_server, scheme):
    from axe_playwright_python.base import AXE_SCRIPT

    page = open_page(scheme=scheme)
    page.context.add_init_script(AXE_SCRIPT)
    problems: list[str] = []

    def check(what: str) -> None:
        # A moved focus scrolls the page: Material then fades its header title and its "Back to
        # top" button, a few frames later. axe measures colours once those transitions are over.
        page.wait_for_timeout(400)
        browser_helpers.finish_transitions(page)
        assert page.evaluate("() => document.body.dataset.mdColorScheme") == browser_helpers.SCHEMES[scheme]
        problems.extend(f"{what}: {line}" for line in axe(page))

    goto(page, site_server, "")
    page.wait_for_selector(".practice-summary-line")
    seed(page, site_server, {"version": 1, "scenarios": {"H12": due_yesterday(page), "H11": {
        "status": "confident", "last": today(page), "step": 3, "due": days_from(today(page), 14)}}})
    goto(page, site_server, M33)
    check("scenario, practice mode")
    button(page, "Show answer").click()
    while button(page, "Next follow-up question").is_visible():
        button(page, "Next follow-up question").click()
    button(page, "Practised").click()
    check("scenario, answer shown")
    button(page, "Read").click()
    check("scenario, read mode")
    goto(page, site_server, "practice/?bucket=streaming")
    page.wait_for_selector(".practice-table tbody tr")
    check("practice list")
    button(page, "Start mock interview").click()
    page.wait_for_selector(".practice-mock-question")
    check("mock interview, question")
    button(page, "Show answer").click()
    if button(page, "Next follow-up question").is_visible():
        button(page, "Next follow-up question").click()
    button(page, "Confident").click()
    check("mock interview, answer")
    button(page, "End interview").click()
    check("mock interview, summary")
    goto(page, site_server, "buckets/streaming/")
    page.wait_for_selector(".practice-mark")
    check("bucket page with marks")
    goto(page, site_server, "")
    page.wait_for_selector(".practice-summary-line")
    check("home page with progress")
    page.goto(site_server.url + "sd9/")
    browser_helpers.settle(page)
    page.locator("[data-not-found-suggestion] a").wait_for()
    check("404 page")
    assert not problems, f"{len(problems)} axe violations in the {scheme} palette:\n" + "\n".join(problems)


def test_everything_fits_a_phone(open_page, site_server):
    page = open_page(device="phone")
    width = browser_helpers.PHONE["viewport"]["width"]
    goto(page, site_server, M33)
    assert page.evaluate(WIDER_THAN_SCREEN) == []
    button(page, "Show answer").tap()
    button(page, "Practised").tap()
    assert page.evaluate(WIDER_THAN_SCREEN) == []
    shown = [b for b in page.locator(".practice-button").all() if b.is_visible()]
    assert len(shown) >= 8
    for control in shown:
        box = control.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, control.inner_text()

    goto(page, site_server, "practice/?bucket=streaming")
    page.wait_for_selector(".practice-table tbody tr")
    assert page.evaluate(WIDER_THAN_SCREEN) == []
    # On a phone each row is a card: the cells are stacked, each named by its column.
    table = page.locator(".practice-table table").bounding_box()
    assert table["x"] >= 0 and table["x"] + table["width"] <= width
    first = page.locator(".practice-table tbody tr").first
    assert first.locator("td").first.evaluate("td => getComputedStyle(td).display") == "block"
    assert first.locator("td").first.evaluate("td => getComputedStyle(td, '::before').content") == '"ID: "'
    assert page.get_by_role("columnheader", name="Title").count() == 1, "the header is kept for screen readers"
    button(page, "Start mock interview").tap()
    page.wait_for_selector(".practice-mock-question")
    button(page, "Show answer").tap()
    assert page.evaluate(WIDER_THAN_SCREEN) == []

    page.goto(site_server.url + "scenarios/m33-old-name/")
    browser_helpers.settle(page)
    page.locator("[data-not-found-suggestion] a").wait_for()
    assert page.evaluate(WIDER_THAN_SCREEN) == []
    goto(page, site_server, "")
    page.wait_for_selector(".practice-summary-line")
    assert page.evaluate(WIDER_THAN_SCREEN) == []
