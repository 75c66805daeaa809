"""Render the catalog as Markdown: indexes, bucket pages, scenario headers, related links.

One job: pure functions from a :class:`~macros.catalog.Catalog` (and the docs-relative path of
the page being written) to Markdown text. No MkDocs, no I/O, so the tests compare exact output.

Every link is a relative ``.md`` link computed from the page it is written into, so that MkDocs
validates it (``validation.links`` in mkdocs.yml) and ``mkdocs build --strict`` fails on a broken
one. Section anchors are explicit (``{ #kafka }``) and equal to data keys, so they stay stable
when a display name changes.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

from macros.catalog import DIFFICULTIES, Catalog, Scenario

# Where the generated pages live in docs_dir. Moving an index page means changing it here;
# a stale path shows up as a broken-link warning, which fails the strict build.
HOME_URI = "index.md"
FRAMEWORK_URI = "answer-framework.md"
TECHNOLOGY_INDEX_URI = "indexes/technologies.md"
DIFFICULTY_INDEX_URI = "indexes/difficulty.md"
MATRIX_URI = "indexes/matrix.md"
CATALOG_JSON_URI = "scenarios.json"
BUCKETS_NAV_TITLE = "Buckets"
# Listing pages stay small at any size of the collection: a list longer than this is split
# into numbered pages (about 250 bytes of HTML an entry, so under 200 KB with the theme).
LISTING_PAGE_SIZE = 250
# A bucket page shows at most this many scenarios per difficulty, then links the full list.
BUCKET_SECTION_LIMIT = 100

DIFFICULTY_LABELS = {"easy": "Easy", "medium": "Medium", "hard": "Hard"}
SEP = " · "

# Characters that would start Markdown syntax inside link text, headings or table cells.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}|#])")


def bucket_uri(key: str) -> str:
    """The generated page of one bucket."""
    return f"buckets/{key}.md"


def listing_uri(base: str, number: int = 1) -> str:
    """Page ``number`` of a paginated list: ``base.md``, then ``base/2.md``, ``base/3.md`` ..."""
    return f"{base}.md" if number == 1 else f"{base}/{number}.md"


def technology_uri(key: str, number: int = 1) -> str:
    """The generated page listing the scenarios that name one technology."""
    return listing_uri(f"indexes/technologies/{key}", number)


def difficulty_uri(difficulty: str, number: int = 1) -> str:
    """The generated page listing the scenarios of one difficulty."""
    return listing_uri(f"indexes/difficulty/{difficulty}", number)


def bucket_cell_uri(key: str, difficulty: str, number: int = 1) -> str:
    """The full list of one bucket's scenarios at one difficulty (when the bucket page cuts it)."""
    return listing_uri(f"buckets/{key}/{difficulty}", number)


def escape(text: str) -> str:
    """Make data text literal in Markdown (``<`` is HTML in Markdown, so it becomes ``&lt;``)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def link(from_uri: str, to_uri: str, anchor: str = "") -> str:
    """A relative link from one docs page to another (or to an anchor on the same page)."""
    fragment = f"#{anchor}" if anchor else ""
    if to_uri == from_uri and fragment:
        return fragment
    return _relative(to_uri, posixpath.dirname(from_uri) or ".") + fragment


@functools.lru_cache(maxsize=1 << 16)
def _relative(to_uri: str, from_dir: str) -> str:
    # Cached: a build makes tens of thousands of links between a few thousand pages, most of them
    # to the same few folders. Both paths are docs-relative: rooted at "/", relpath gives the
    # same answer without asking the OS for the working directory on every call.
    return posixpath.relpath("/" + to_uri, "/" + from_dir)


def plural(count: int, word: str, words: str = "") -> str:
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


def scenario_label(scenario: Scenario) -> str:
    return f"{scenario.id}{SEP}{escape(scenario.title)}"


def scenario_link(scenario: Scenario, from_uri: str) -> str:
    return f"[{scenario_label(scenario)}]({link(from_uri, scenario.src_uri)})"


def bucket_link(catalog: Catalog, key: str, from_uri: str, anchor: str = "") -> str:
    name = escape(catalog.bucket_by_key[key].name)
    return f"[{name}]({link(from_uri, bucket_uri(key), anchor)})"


def technology_link(catalog: Catalog, key: str, from_uri: str) -> str:
    name = escape(catalog.technology_by_key[key].name)
    return f"[{name}]({link(from_uri, technology_uri(key))})"


def technology_names(catalog: Catalog, scenario: Scenario) -> str:
    return ", ".join(escape(catalog.technology_by_key[k].name) for k in scenario.technologies)


def difficulty_badge(difficulty: str, from_uri: str) -> str:
    """The coloured badge (docs/stylesheets/extra.css), a link to the difficulty index."""
    label = DIFFICULTY_LABELS[difficulty]
    href = link(from_uri, difficulty_uri(difficulty))
    return f"[{label}]({href}){{ .difficulty .difficulty-{difficulty} }}"


def _suffix(text: str) -> str:
    """`` · text``, or nothing when there is no text."""
    return f"{SEP}{text}" if text else ""


def _bullets(lines: Sequence[str]) -> list[str]:
    return [f"- {line}" for line in lines]


def _indent(lines: Sequence[str]) -> list[str]:
    return [f"    {line}" if line else "" for line in lines]


def _join(blocks: Sequence[Sequence[str] | str]) -> str:
    """Blocks separated by one blank line, ending with a newline."""
    parts = [b if isinstance(b, str) else "\n".join(b) for b in blocks]
    return "\n\n".join(p for p in parts if p) + "\n"


# --- scenario pages ---------------------------------------------------------------------------


def render_scenario_header(catalog: Catalog, scenario: Scenario) -> str:
    """Above the question: the ID, the difficulty badge and the permanent short link.

    Nothing here gives the answer away: the bucket and the technologies are the first step of
    the answer, so they are in :func:`render_scenario_about`, below it.
    """
    here = scenario.src_uri
    # The stub's file, so that the build checks the link; the page's script shows it as .../m33/
    short = link(here, id_redirect_uri(scenario))
    parts = [
        f"**{scenario.id}**",
        difficulty_badge(scenario.difficulty, here),
        f"Short link: [{scenario.id.lower()}/]({short}){{ .scenario-short-link }}",
    ]
    return SEP.join(parts) + "\n{ .scenario-meta }\n"


def render_scenario_about(catalog: Catalog, scenario: Scenario) -> str:
    """Below the answer: bucket(s), technologies and the versions the answer was checked against."""
    here = scenario.src_uri
    parts = [f"Bucket: {bucket_link(catalog, scenario.bucket, here)}"]
    if scenario.also_in:
        also = ", ".join(bucket_link(catalog, key, here) for key in scenario.also_in)
        parts.append(f"Also in: {also}")
    if scenario.technologies:
        techs = ", ".join(technology_link(catalog, key, here) for key in scenario.technologies)
        parts.append(f"Technologies: {techs}")
    blocks = ["## About this scenario { #about-this-scenario }", SEP.join(parts) + "\n{ .scenario-about }"]
    checked = render_checked(catalog, scenario)
    if checked:
        blocks.append(checked.rstrip("\n"))
    return _join(blocks)


def _neighbour_link(neighbour: Scenario, here: str, rel: str, with_title: bool) -> str:
    label = scenario_label(neighbour) if with_title else neighbour.id
    arrow_label = f"← {label}" if rel == "prev" else f"{label} →"
    tip = escape(neighbour.title).replace('"', "&quot;")
    return f'[{arrow_label}]({link(here, neighbour.src_uri)} "{tip}"){{ rel="{rel}" }}{SEP}{DIFFICULTY_LABELS[neighbour.difficulty]}'


def render_scenario_pager(catalog: Catalog, scenario: Scenario, bottom: bool = False) -> str:
    """Previous and next in the bucket's reading order, the position ("3 of 12") and each
    neighbour's difficulty, so a chain that runs from medium into hard says so.

    The top one names no bucket (that would give step 1 of the answer away); the bottom one,
    below the answer, names the bucket and the neighbours' titles. Both links carry
    ``rel="prev"``/``rel="next"``, and the hook sets the page's ``<link rel>`` for ``n``/``p``.
    """
    previous, following = bucket_reading_order(catalog)[scenario.id]
    position, total = bucket_position(catalog)[scenario.id]
    here = scenario.src_uri
    where = f"{position} of {total}"
    if bottom:
        where += f" in {bucket_link(catalog, scenario.bucket, here)}"
    parts = []
    if previous:
        parts.append(_neighbour_link(previous, here, "prev", bottom))
    parts.append(f"**{where}**")
    if following:
        parts.append(_neighbour_link(following, here, "next", bottom))
    return " | ".join(parts) + "\n{ .scenario-pager }\n"


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def render_checked(catalog: Catalog, scenario: Scenario) -> str:
    """``Checked against Apache Spark 4.1 and Delta Lake 4.0 (December 2026).``, or "" for a
    scenario without versions. One product named once, in the page's order."""
    if not scenario.versions or not scenario.checked:
        return ""
    named: list[str] = []
    for key, version in scenario.versions:
        text = f"{catalog.technology_by_key[key].product} {version}"
        if text not in named:
            named.append(text)
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    year, month = scenario.checked.split("-")
    return f"Checked against {escape(listed)} ({MONTHS[int(month) - 1]} {year}).\n{{ .scenario-checked }}\n"


def render_related(catalog: Catalog, scenario: Scenario) -> str:
    """The "Related scenarios" section, or "" when there is none.

    Left out of the search index (``data-search-exclude``): a search for a word in another
    scenario's title should find that scenario, not every page that links to it.
    """
    related = [catalog.by_id[i] for i in catalog.related[scenario.id]]
    if not related:
        return ""
    lines = [
        f"{scenario_link(other, scenario.src_uri)}{SEP}{DIFFICULTY_LABELS[other.difficulty]}"
        f"{SEP}{escape(catalog.bucket_by_key[other.bucket].name)}"
        for other in related
    ]
    heading = "## Related scenarios { #related-scenarios data-search-exclude }"
    return _join([heading, _bullets(lines)])


def decorate_scenario_page(markdown: str, header: str, footer: str) -> str:
    """Put ``header`` under the page's H1 (or on top when it has none) and ``footer`` at the end."""
    lines = markdown.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and re.match(r"^# \S", lines[first]):
        head, body = "\n".join(lines[: first + 1]), "\n".join(lines[first + 1 :])
        markdown = f"{head}\n\n{header}\n{body.lstrip(chr(10))}"
    else:
        markdown = f"{header}\n{markdown}"
    if footer:
        markdown = f"{markdown.rstrip()}\n\n{footer}"
    return markdown


# --- link previews ----------------------------------------------------------------------------

QUESTION_HEADING = "## Interview Question"
# A preview longer than this is cut at a word: chat apps show two or three lines.
SUMMARY_LIMIT = 300

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_HEADING = re.compile(r"^#{1,6}\s")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
# A sentence ends at . ? or ! (and any closing quote or bracket) followed by a space and a
# capital, a digit or an opening quote; "e.g. X" and "vs. X" do not end one.
_SENTENCE_END = re.compile(r"(?<=[.?!])[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9$])")
_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|approx|incl|cf)|\b[A-Z])\.[\"'”’)\]]*$", re.IGNORECASE)


def _paragraphs(lines: Sequence[str], until_heading: bool = False) -> list[list[str]]:
    """Text paragraphs outside fenced code, headings, admonitions and attribute lists; with
    ``until_heading``, only those before the first heading."""
    found: list[list[str]] = []
    current: list[str] = []
    fenced = False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
            current = []
            continue
        plain = line.strip()
        if not fenced and until_heading and _HEADING.match(line):
            break
        if fenced or not plain or _HEADING.match(line) or plain.startswith(("!!!", "???", "{")):
            if current:
                found.append(current)
            current = []
            continue
        current.append(plain)
    if current and not fenced:
        found.append(current)
    return found


def markdown_to_text(markdown: str) -> str:
    """Inline Markdown as plain text: code spans keep their content, links their text; emphasis
    markers, HTML tags and backslash escapes go; whitespace is collapsed."""
    parts = []
    for index, chunk in enumerate(_CODE_SPAN.split(markdown)):
        if index % 3 == 2:  # the content of a code span
            parts.append(chunk.strip())
        elif index % 3 == 0:  # text between code spans (index % 3 == 1 is the backtick run)
            chunk = _LINK.sub(r"\1", chunk)
            chunk = _TAG.sub("", chunk)
            chunk = re.sub(r"\\(.)", r"\1", chunk.replace("**", "").replace("*", ""))
            parts.append(chunk)
    return " ".join("".join(parts).split())


# A preview shorter than this many words ("500 tables to ingest.") takes the next sentence too.
SUMMARY_MIN_WORDS = 8


def first_sentence(text: str, limit: int = SUMMARY_LIMIT, min_words: int = 1) -> str:
    """The first sentence of ``text`` (with the next ones while it has fewer than ``min_words``
    words), cut at a word (with "…") if longer than ``limit``."""
    end = None
    for match in _SENTENCE_END.finditer(text):
        if not _ABBREVIATION.search(text[: match.end()]):
            end = match.end()
            if len(text[:end].split()) >= min_words:
                break
    else:
        end = len(text)  # still short after every sentence: all of it
    sentence = text[:end].strip()
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


def question_summary(markdown: str, min_words: int = 1) -> str:
    """A scenario's link-preview description: the first sentence of its question, as plain text.

    The question is the first paragraph under ``## Interview Question``; a page without that
    section (a draft, a test page) gives the first paragraph under its title instead, and a page
    with neither gives "". The quotation marks around the interviewer's words are dropped.
    Plain text: whoever puts it into HTML escapes it.
    """
    lines = markdown.split("\n")
    stripped = [line.strip() for line in lines]
    if QUESTION_HEADING in stripped:
        start = stripped.index(QUESTION_HEADING) + 1
        paragraphs = _paragraphs(lines[start:], until_heading=True)
    else:
        title = next((i for i, line in enumerate(lines) if re.match(r"^# \S", line)), -1)
        paragraphs = _paragraphs(lines[title + 1 :])
    if not paragraphs:
        return ""
    text = markdown_to_text(" ".join(paragraphs[0]))
    if text[:1] in "\"“":
        text = text[1:]
    sentence = first_sentence(text, min_words=min_words)
    quotes = sum(sentence.count(mark) for mark in "\"“”")
    if sentence[-1:] in "\"”" and quotes % 2:  # the closing mark of the quotation
        sentence = sentence[:-1]
    return sentence.strip()


ONE_MINUTE_HEADING = "## In one minute"


def section_text(markdown: str, heading: str) -> str:
    """The Markdown under ``heading`` (a ``## `` line) up to the next ``## `` heading, or ""."""
    lines = markdown.split("\n")
    stripped = [line.strip() for line in lines]
    if heading not in stripped:
        return ""
    body: list[str] = []
    fenced = False
    for line in lines[stripped.index(heading) + 1 :]:
        if _FENCE.match(line):
            fenced = not fenced
        if not fenced and re.match(r"^#{1,2}\s", line):
            break
        body.append(line)
    return "\n".join(body).strip()


def _same_words(a: str, b: str) -> bool:
    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", text.casefold())

    return words(a) == words(b)


def preview_description(markdown: str, title: str) -> str:
    """A link preview's description: a real summary sentence, never the title again.

    The first sentence of the question (with the next ones while it is shorter than
    :data:`SUMMARY_MIN_WORDS` words); when that is still a fragment ("Lambda architecture: pros
    & cons.") or only repeats the title (the system-design questions are their own titles), the
    first sentence of "In one minute" instead.
    """
    summary = question_summary(markdown, min_words=SUMMARY_MIN_WORDS)
    if len(summary.split()) >= SUMMARY_MIN_WORDS and not _same_words(summary, title):
        return summary
    one_minute = section_text(markdown, ONE_MINUTE_HEADING)
    paragraphs = _paragraphs(one_minute.split("\n"))
    if paragraphs:
        text = markdown_to_text(" ".join(paragraphs[0]))
        text = re.sub(r"^\d+\.\s+", "", text)
        text = re.sub(r"^(Immediate fix|Long-term prevention|How to communicate it):\s*", "", text)
        return first_sentence(text, min_words=SUMMARY_MIN_WORDS)
    return summary


@functools.lru_cache(maxsize=1)
def bucket_reading_order(catalog: Catalog) -> Mapping[str, tuple[Scenario | None, Scenario | None]]:
    """Every scenario's previous and next scenario in its bucket page's order (by difficulty).

    Scenario pages are not in the nav, so Material's footer cannot link them; this gives the
    same previous/next within the bucket.  Computed once per catalog, i.e. once per build.
    """
    neighbours: dict[str, tuple[Scenario | None, Scenario | None]] = {}
    for bucket in catalog.buckets:
        ordered = [s for difficulty in DIFFICULTIES for s in catalog.in_cell(bucket.key, difficulty)]
        for i, scenario in enumerate(ordered):
            previous = ordered[i - 1] if i else None
            following = ordered[i + 1] if i + 1 < len(ordered) else None
            neighbours[scenario.id] = (previous, following)
    return MappingProxyType(neighbours)


@functools.lru_cache(maxsize=1)
def bucket_position(catalog: Catalog) -> Mapping[str, tuple[int, int]]:
    """Every scenario's place in its bucket page's order: (position from 1, bucket size)."""
    places: dict[str, tuple[int, int]] = {}
    for bucket in catalog.buckets:
        ordered = [s for difficulty in DIFFICULTIES for s in catalog.in_cell(bucket.key, difficulty)]
        for i, scenario in enumerate(ordered, start=1):
            places[scenario.id] = (i, len(ordered))
    return MappingProxyType(places)


def render_bucket_neighbours(catalog: Catalog, scenario: Scenario) -> str:
    """The ``In this bucket`` section at the end: the bottom pager."""
    return "## In this bucket { #in-this-bucket }\n\n" + render_scenario_pager(catalog, scenario, bottom=True)


# --- bucket pages -----------------------------------------------------------------------------


def render_bucket_page(catalog: Catalog, key: str) -> str:
    """A whole bucket page: the taxonomy's description, then its scenarios by difficulty."""
    here = bucket_uri(key)
    bucket = catalog.bucket_by_key[key]
    scenarios = catalog.by_bucket[key]
    blocks: list[Sequence[str] | str] = [f"# {escape(bucket.name)}", bucket.description]
    blocks.append(render_progress_summary(catalog, here, key).rstrip("\n"))
    if bucket.triggers:
        quoted = SEP.join(f"“{t}”" for t in bucket.triggers)
        blocks.append(f"**You will hear:** {quoted}")
    if scenarios:
        counts = [
            f"[{len(catalog.in_cell(key, d))} {d}](#{d})"
            for d in DIFFICULTIES
            if catalog.in_cell(key, d)
        ]
        blocks.append(f"**{plural(len(scenarios), 'scenario')}:** {SEP.join(counts)}")
    else:
        blocks.append("No scenario in this bucket yet.")
    if bucket.typical_scenarios:
        typical = _indent(_bullets(bucket.typical_scenarios))
        blocks.append(['??? abstract "Typical scenarios"', "", *typical])
    if bucket.concepts:
        concepts = _indent(_bullets(bucket.concepts))
        blocks.append(['??? info "Concepts the interviewer expects"', "", *concepts])
    if bucket.tip:
        blocks.append(["!!! tip", "", *_indent([bucket.tip])])
    for difficulty in DIFFICULTIES:
        cell = catalog.in_cell(key, difficulty)
        if cell:
            shown = cell[:BUCKET_SECTION_LIMIT]
            lines = [scenario_link(s, here) + _suffix(technology_names(catalog, s)) for s in shown]
            blocks += [f"## {DIFFICULTY_LABELS[difficulty]} {{ #{difficulty} }}", _bullets(lines)]
            if len(cell) > len(shown):
                everything = link(here, bucket_cell_uri(key, difficulty))
                blocks.append(f"[All {len(cell)} {difficulty} scenarios of this bucket →]({everything})")
    also = catalog.also_in[key]
    if also:
        lines = [
            f"{scenario_link(s, here)}{SEP}{DIFFICULTY_LABELS[s.difficulty]}{SEP}"
            f"{bucket_link(catalog, s.bucket, here)}"
            for s in also
        ]
        blocks += [
            "## Also relevant { #also-relevant }",
            "Scenarios whose main bucket is another one, but that test this one too.",
            _bullets(lines),
        ]
    return _join(blocks)


def bucket_nav(catalog_or_buckets: Any) -> list[dict[str, str]]:
    """Nav entries for the bucket pages, in taxonomy order."""
    buckets = getattr(catalog_or_buckets, "buckets", catalog_or_buckets)
    return [{b.name: bucket_uri(b.key)} for b in buckets]


def fill_bucket_nav(nav: Sequence[Any], buckets: Sequence[Any]) -> list[Any]:
    """Return ``nav`` with its ``Buckets: []`` placeholder replaced by the bucket pages."""
    filled: list[Any] = []
    found = False
    for item in nav:
        if isinstance(item, dict) and item == {BUCKETS_NAV_TITLE: []}:
            filled.append({BUCKETS_NAV_TITLE: bucket_nav(buckets)})
            found = True
        else:
            filled.append(item)
    if not found:
        raise ValueError(
            f"nav: expected a top-level '{BUCKETS_NAV_TITLE}: []' entry, which the build fills "
            "with one page per bucket of data/buckets.yml"
        )
    return filled


# --- indexes ----------------------------------------------------------------------------------


def _pager(base: str, number: int, count: int, here: str) -> str:
    """``Page 2 of 5 · ← Previous · Next →`` (empty for a list that fits on one page)."""
    if count == 1:
        return ""
    parts = [f"Page {number} of {count}"]
    if number > 1:
        parts.append(f"[← Previous]({link(here, listing_uri(base, number - 1))})")
    if number < count:
        parts.append(f"[Next →]({link(here, listing_uri(base, number + 1))})")
    return SEP.join(parts) + "\n{ .listing-pager }"


def render_listing_pages(
    base: str,
    title: str,
    intro: Callable[[str], str],
    scenarios: Sequence[Scenario],
    entry: Callable[[Scenario, str], str],
    size: int = LISTING_PAGE_SIZE,
) -> list[tuple[str, str]]:
    """A list of scenarios as numbered pages of at most ``size`` entries: ``[(uri, markdown)]``.

    Entries are grouped by difficulty (``## Easy { #easy }`` ...) on every page where the group
    appears; ``intro(uri)`` writes the text under the title and ``entry(scenario, uri)`` one
    line, both for the page at ``uri``. The first page is ``base.md``.
    """
    chunks = [scenarios[i : i + size] for i in range(0, len(scenarios), size)] or [()]
    pages = []
    for number, chunk in enumerate(chunks, start=1):
        here = listing_uri(base, number)
        heading = escape(title) + (f" (page {number})" if number > 1 else "")
        pager = _pager(base, number, len(chunks), here)
        blocks: list[Sequence[str] | str] = [f"# {heading}", intro(here), pager]
        if not chunk:
            blocks.append("No scenario yet.")
        for difficulty in DIFFICULTIES:
            lines = [entry(s, here) for s in chunk if s.difficulty == difficulty]
            if lines:
                blocks += [f"## {DIFFICULTY_LABELS[difficulty]} {{ #{difficulty} }}", _bullets(lines)]
        blocks.append(pager)
        pages.append((here, _join(blocks)))
    return pages


def _by_difficulty(scenarios: Sequence[Scenario]) -> list[Scenario]:
    order = {d: i for i, d in enumerate(DIFFICULTIES)}
    return sorted(scenarios, key=lambda s: order[s.difficulty])  # stable: ID order within


def render_technology_pages(catalog: Catalog, key: str, size: int = LISTING_PAGE_SIZE) -> list[tuple[str, str]]:
    """The pages listing every scenario that names technology ``key``, by difficulty."""
    technology = catalog.technology_by_key[key]
    scenarios = _by_difficulty(catalog.by_technology[key])

    def entry(s: Scenario, here: str) -> str:
        return f"{scenario_link(s, here)}{SEP}{bucket_link(catalog, s.bucket, here)}"

    def intro(here: str) -> str:
        count = plural(len(scenarios), "scenario")
        back = link(here, TECHNOLOGY_INDEX_URI, key)
        return f"{technology.description}\n\n**{count}** name {escape(technology.name)}. [All technologies]({back})"

    return render_listing_pages(technology_uri(key)[: -len(".md")], technology.name, intro, scenarios, entry, size)


def render_difficulty_pages(catalog: Catalog, difficulty: str, size: int = LISTING_PAGE_SIZE) -> list[tuple[str, str]]:
    """The pages listing every scenario of one difficulty, with its bucket."""
    scenarios = catalog.by_difficulty[difficulty]

    def entry(s: Scenario, here: str) -> str:
        techs = technology_names(catalog, s)
        return f"{scenario_link(s, here)}{SEP}{bucket_link(catalog, s.bucket, here)}{_suffix(techs)}"

    label = DIFFICULTY_LABELS[difficulty]
    def intro(here: str) -> str:
        back = link(here, DIFFICULTY_INDEX_URI, difficulty)
        return f"**{plural(len(scenarios), 'scenario')}** of {difficulty} difficulty. [All difficulties]({back})"

    return render_listing_pages(difficulty_uri(difficulty)[: -len(".md")], f"{label} scenarios", intro, scenarios, entry, size)


def render_bucket_cell_pages(catalog: Catalog, key: str, difficulty: str, size: int = LISTING_PAGE_SIZE) -> list[tuple[str, str]]:
    """The full list of a bucket's scenarios at one difficulty; only generated when the bucket
    page cuts that section at :data:`BUCKET_SECTION_LIMIT`."""
    bucket = catalog.bucket_by_key[key]
    scenarios = catalog.in_cell(key, difficulty)

    def entry(s: Scenario, here: str) -> str:
        return scenario_link(s, here) + _suffix(technology_names(catalog, s))

    base = bucket_cell_uri(key, difficulty)
    def intro(here: str) -> str:
        return f"**{plural(len(scenarios), 'scenario')}**. [Back to the bucket]({link(here, bucket_uri(key), difficulty)})"

    title = f"{bucket.name}: {DIFFICULTY_LABELS[difficulty].lower()} scenarios"
    return render_listing_pages(base[: -len(".md")], title, intro, scenarios, entry, size)


def listing_pages(catalog: Catalog) -> list[tuple[str, str]]:
    """Every generated listing page of the build: technologies, difficulties, long bucket cells."""
    pages: list[tuple[str, str]] = []
    for technology in catalog.technologies:
        if catalog.by_technology[technology.key]:
            pages += render_technology_pages(catalog, technology.key)
    for difficulty in DIFFICULTIES:
        pages += render_difficulty_pages(catalog, difficulty)
    for bucket in catalog.buckets:
        for difficulty in DIFFICULTIES:
            if len(catalog.in_cell(bucket.key, difficulty)) > BUCKET_SECTION_LIMIT:
                pages += render_bucket_cell_pages(catalog, bucket.key, difficulty)
    return pages


def render_technology_index(catalog: Catalog, page_uri: str = TECHNOLOGY_INDEX_URI) -> str:
    """One short section per technology that has scenarios (anchored by its key, sorted by
    name): its description and a link to its own page, which lists the scenarios."""
    used = sorted(
        (t for t in catalog.technologies if catalog.by_technology[t.key]),
        key=lambda t: (t.name.casefold(), t.key),
    )
    if not used:
        return "No scenario names a technology yet.\n"
    jump = SEP.join(
        f"[{escape(t.name)}](#{t.key}) ({len(catalog.by_technology[t.key])})" for t in used
    )
    blocks: list[Sequence[str] | str] = [jump]
    for technology in used:
        count = len(catalog.by_technology[technology.key])
        target = link(page_uri, technology_uri(technology.key))
        blocks += [
            f"## {escape(technology.name)} {{ #{technology.key} }}",
            f"{technology.description} [{plural(count, 'scenario')} →]({target})",
        ]
    return _join(blocks)


def render_difficulty_index(catalog: Catalog, page_uri: str = DIFFICULTY_INDEX_URI) -> str:
    """Sections easy, medium, hard (always all three, so their anchors always exist), each
    with its count per bucket and a link to its own page, which lists the scenarios."""
    jump = SEP.join(
        f"[{DIFFICULTY_LABELS[d]}](#{d}) ({len(catalog.by_difficulty[d])})" for d in DIFFICULTIES
    )
    blocks: list[Sequence[str] | str] = [jump]
    for difficulty in DIFFICULTIES:
        blocks.append(f"## {DIFFICULTY_LABELS[difficulty]} {{ #{difficulty} }}")
        scenarios = catalog.by_difficulty[difficulty]
        if scenarios:
            target = link(page_uri, difficulty_uri(difficulty))
            per_bucket = [
                f"{bucket_link(catalog, b.key, page_uri, difficulty)} ({len(catalog.in_cell(b.key, difficulty))})"
                for b in catalog.buckets
                if catalog.in_cell(b.key, difficulty)
            ]
            blocks.append(f"[{plural(len(scenarios), f'{difficulty} scenario')} →]({target}): {SEP.join(per_bucket)}")
        else:
            blocks.append(f"No {difficulty} scenario yet.")
    return _join(blocks)


def render_matrix(catalog: Catalog, page_uri: str = MATRIX_URI) -> str:
    """Bucket × difficulty counts; each non-empty cell links to its list."""
    header = ["Bucket", *(DIFFICULTY_LABELS[d] for d in DIFFICULTIES), "All"]
    rows = [
        "| " + " | ".join(header) + " |",
        "| :--- | " + " | ".join("---:" for _ in header[1:]) + " |",
    ]
    for bucket in catalog.buckets:
        cells = [bucket_link(catalog, bucket.key, page_uri)]
        for difficulty in DIFFICULTIES:
            count = len(catalog.in_cell(bucket.key, difficulty))
            target = link(page_uri, bucket_uri(bucket.key), difficulty)
            cells.append(f"[{count}]({target})" if count else "–")
        total = len(catalog.by_bucket[bucket.key])
        cells.append(str(total) if total else "–")
        rows.append("| " + " | ".join(cells) + " |")
    totals = ["**All buckets**"]
    for difficulty in DIFFICULTIES:
        count = len(catalog.by_difficulty[difficulty])
        target = link(page_uri, difficulty_uri(difficulty))
        totals.append(f"[{count}]({target})" if count else "–")
    totals.append(f"**{len(catalog)}**")
    rows.append("| " + " | ".join(totals) + " |")
    return "\n".join(rows) + "\n"


# --- home and answer framework ----------------------------------------------------------------


def render_overview(catalog: Catalog, page_uri: str = HOME_URI) -> str:
    """One line of counts (scenarios, buckets, per difficulty) and the link to scenarios.json."""
    counts = [
        f"[{len(catalog.by_difficulty[d])} {d}]({link(page_uri, difficulty_uri(d))})"
        for d in DIFFICULTIES
        if catalog.by_difficulty[d]
    ]
    technologies = sum(1 for t in catalog.technologies if catalog.by_technology[t.key])
    line = (
        f"**{plural(len(catalog), 'scenario')}** in {plural(len(catalog.buckets), 'bucket')}, "
        f"naming {plural(technologies, 'technology', 'technologies')}"
    )
    data = f"[{CATALOG_JSON_URI}]({link(page_uri, CATALOG_JSON_URI)})"
    line += f": {SEP.join(counts)}." if counts else "."
    return f"{line} For tools, the list is also in {data}.\n"


def render_bucket_table(catalog: Catalog, page_uri: str = HOME_URI) -> str:
    """Entry points: every bucket with what it covers and how many scenarios it has."""
    rows = ["| Bucket | What it covers | Scenarios |", "| :--- | :--- | ---: |"]
    for bucket in catalog.buckets:
        count = len(catalog.by_bucket[bucket.key])
        description = bucket.description.replace("|", "\\|")
        rows.append(f"| {bucket_link(catalog, bucket.key, page_uri)} | {description} | {count} |")
    return "\n".join(rows) + "\n"


def render_answer_framework(catalog: Catalog, page_uri: str = FRAMEWORK_URI) -> str:
    """The three-step answer, worded as in data/answer_framework.yml."""
    framework = catalog.framework
    if framework is None:
        raise ValueError("the catalog has no answer framework (data/answer_framework.yml)")
    steps = [f"{n}. **{step}**" for n, step in enumerate(framework.steps, start=1)]
    return _join(
        [
            f"{framework.when}: **{framework.intro}** {framework.intro_hint}",
            f"{framework.lead}:",
            steps,
            framework.closing,
        ]
    )


def render_bucket_triggers(catalog: Catalog, page_uri: str = FRAMEWORK_URI) -> str:
    """Which bucket is this? Each bucket with what the interviewer says and what it covers."""
    rows = ["| Bucket | You will hear | What it covers |", "| :--- | :--- | :--- |"]
    for bucket in catalog.buckets:
        heard = SEP.join(f"“{t}”" for t in bucket.triggers) or "–"
        cells = [heard, bucket.description]
        text = " | ".join(c.replace("|", "\\|") for c in cells)
        rows.append(f"| {bucket_link(catalog, bucket.key, page_uri)} | {text} |")
    return "\n".join(rows) + "\n"


# --- practice ---------------------------------------------------------------------------------

PRACTICE_URI = "practice.md"
# Progress statuses a reader can give a scenario, as stored in the browser and in ?status=.
STATUSES = (("new", "New"), ("practised", "Practised"), ("confident", "Confident"), ("review", "Review again"))


def _options(name: str, label: str, choices: Sequence[tuple[str, str]]) -> str:
    options = [f'<option value="">{html.escape(label)}</option>']
    options += [f'<option value="{html.escape(value)}">{html.escape(text)}</option>' for value, text in choices]
    return f'<select name="{name}" id="practice-{name}">' + "".join(options) + "</select>"


def render_practice_page(catalog: Catalog, page_uri: str = PRACTICE_URI) -> str:
    """The practice list's filters, as a plain GET form: ``?bucket=&difficulty=&technology=&status=``.

    docs/javascripts/practice.js reads the same parameters, fills the table from scenarios.json
    (loaded once) and adds Random and the mock interview. Without JavaScript the page says where
    to browse instead.
    """
    used = sorted(
        (t for t in catalog.technologies if catalog.by_technology[t.key]),
        key=lambda t: (t.name.casefold(), t.key),
    )
    fields = [
        ("bucket", "Bucket", "All buckets", [(b.key, b.name) for b in catalog.buckets]),
        ("difficulty", "Difficulty", "Any difficulty", [(d, DIFFICULTY_LABELS[d]) for d in DIFFICULTIES]),
        ("technology", "Technology", "Any technology", [(t.key, t.name) for t in used]),
        ("status", "Status", "Any status", [*STATUSES, ("due", "Due for review")]),
    ]
    labels = "".join(
        f'<div class="practice-filter"><label for="practice-{name}">{label}</label>{_options(name, anything, choices)}</div>'
        for name, label, anything, choices in fields
    )
    # Raw HTML is not rewritten by the build: link the home page by its directory URL.
    home = posixpath.relpath("/", "/" + directory_url(page_uri)) + "/"
    return "\n".join(
        [
            '<div class="practice" data-practice>',
            f'<form class="practice-filters" data-practice-filters method="get" action="">{labels}'
            '<button type="submit" class="md-button">Apply filters</button></form>',
            '<div class="practice-tools" data-practice-tools></div>',
            '<div class="practice-list" data-practice-list></div>',
            "</div>",
            "",
            f'<noscript><p>The practice list, its progress marks, Random and the mock interview need JavaScript. '
            f'Without it, browse the scenarios <a href="{html.escape(home)}">from the home page</a> by bucket, '
            "or from the indexes by technology and difficulty.</p></noscript>",
            "",
        ]
    )


def render_progress_summary(catalog: Catalog, page_uri: str = HOME_URI, bucket: str = "") -> str:
    """A placeholder that docs/javascripts/practice.js fills with the reader's progress
    (done / total, due today) for the whole site or one bucket; empty without JavaScript."""
    scope = f' data-bucket="{html.escape(bucket)}"' if bucket else ""
    return f'<div class="progress-summary" data-progress-summary{scope}></div>\n'


# --- machine-readable catalog -----------------------------------------------------------------


def directory_url(src_uri: str) -> str:
    """The site-relative URL MkDocs gives a page with ``use_directory_urls`` (the default)."""
    stem = src_uri[: -len(".md")]
    return "" if stem == "index" else f"{stem}/"


def render_catalog_json(
    catalog: Catalog, url_for: Callable[[str], str] | Mapping[str, str] = directory_url
) -> str:
    """``scenarios.json``: one object per scenario, sorted by ID."""
    lookup = url_for.__getitem__ if isinstance(url_for, Mapping) else url_for
    entries = [
        {
            "id": s.id,
            "title": s.title,
            "url": lookup(s.src_uri),
            "difficulty": s.difficulty,
            "bucket": s.bucket,
            "technologies": list(s.technologies),
            "short_url": id_redirect_uri(s).removesuffix("index.html"),
        }
        for s in catalog.scenarios
    ]
    # One line per scenario: readable in a diff, and small for the practice page to download.
    body = ",\n".join(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) for entry in entries)
    return f"[\n{body}\n]\n" if entries else "[]\n"


# --- permanent short URLs ---------------------------------------------------------------------


def id_redirect_uri(scenario: Scenario) -> str:
    """The scenario's short, permanent URL path: ``h11/`` (served as ``h11/index.html``)."""
    return f"{scenario.id.lower()}/index.html"


def id_redirect_uris(scenario: Scenario) -> tuple[str, ...]:
    """Every spelling of the short URL that gets a stub: ``m33/`` and ``M33/`` (static hosts are
    case-sensitive, and IDs are written in capitals on the site)."""
    lower, upper = scenario.id.lower(), scenario.id.upper()
    return tuple(dict.fromkeys([f"{lower}/index.html", f"{upper}/index.html"]))


def preview_title(catalog: Catalog, scenario: Scenario) -> str:
    """The link-preview title: ``M33 · Medium · Streaming: Stateful Streaming``."""
    bucket = catalog.bucket_by_key[scenario.bucket].name.split(" / ")[0]
    return f"{scenario.id}{SEP}{DIFFICULTY_LABELS[scenario.difficulty]}{SEP}{bucket}: {scenario.title}"


def render_id_redirect(
    scenario: Scenario,
    target_url: str,
    *,
    site_url: str = "",
    title: str = "",
    description: str = "",
    site_name: str = "",
) -> str:
    """A static page at ``<id>/`` that sends the reader on to the scenario page.

    ``target_url`` is site-relative (``scenarios/h11-zombie-kafka-offsets/``); the stub lives one
    level down, so it links with ``../``.  A meta refresh works without JavaScript, the canonical
    link tells search engines where the page really is, and the body link is for everyone else.
    A chat app that previews the short link reads the same title and description as the page's
    (with ``site_url``, the canonical and ``og:url`` are absolute, as on the page).
    """
    relative = "../" + target_url
    canonical = site_url.rstrip("/") + "/" + target_url if site_url else relative
    href = html.escape(relative, quote=True)
    title = title or f"{scenario.id} · {scenario.title}"
    shown = html.escape(title)
    head = [
        '<meta charset="utf-8">',
        f"<title>{shown}</title>",
        f'<link rel="canonical" href="{html.escape(canonical, quote=True)}">',
        f'<meta http-equiv="refresh" content="0; url={href}">',
        '<meta name="robots" content="noindex">',
    ]
    if description:
        head.append(f'<meta name="description" content="{html.escape(description, quote=True)}">')
    head += [
        '<meta property="og:type" content="article">',
        *([f'<meta property="og:site_name" content="{html.escape(site_name, quote=True)}">'] if site_name else []),
        f'<meta property="og:title" content="{html.escape(title, quote=True)}">',
        *([f'<meta property="og:description" content="{html.escape(description, quote=True)}">'] if description else []),
        f'<meta property="og:url" content="{html.escape(canonical, quote=True)}">',
        '<meta name="twitter:card" content="summary">',
    ]
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n' + "\n".join(head) + "\n"
        f'</head>\n<body>\n<p>Redirecting to <a href="{href}">{shown}</a>.</p>\n</body>\n</html>\n'
    )
